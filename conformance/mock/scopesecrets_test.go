package mock_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// scopeKey fetches a scope's public key: path is the scope's secrets path
// (/orgs/octo-org/codespaces/secrets, /repos/o/r/codespaces/secrets).
func scopeKey(t testing.TB, base, path, token string) (key, keyID string) {
	t.Helper()
	var k struct {
		Key   string
		KeyID string `json:"key_id"`
	}
	if err := json.Unmarshal(send(t, http.MethodGet, base+path+"/public-key", token, "", 200), &k); err != nil || k.KeyID == "" {
		t.Fatalf("%s public key: %v %+v", path, err, k)
	}
	return k.Key, k.KeyID
}

// sealedBody is a secret PUT's body, sealed to key, with extra members.
func sealedBody(t testing.TB, key, keyID, plaintext, extra string) string {
	t.Helper()
	body := fmt.Sprintf(`{"encrypted_value":%q,"key_id":%q`, sealTo(t, key, plaintext), keyID)
	if extra != "" {
		body += "," + extra
	}
	return body + "}"
}

// TestOrganizationSecrets: sealed to the organization's own key, with a
// visibility; selected repositories only with selected, only of the
// organization, and the selected-repository endpoints 409 otherwise.
func TestOrganizationSecrets(t *testing.T) {
	srv, base := orgWorld(t)
	const secrets = "/orgs/octo-org/codespaces/secrets"
	key, keyID := scopeKey(t, base, secrets, "admin")
	userKey, _ := srv.PublicKey()
	if key == userKey {
		t.Fatal("the organization's key is the users' key")
	}
	put := func(name, plaintext, extra string, want int) {
		t.Helper()
		send(t, http.MethodPut, base+secrets+"/"+name, "admin", sealedBody(t, key, keyID, plaintext, extra), want)
	}
	put("all_token", "s3cr3t", `"visibility":"all"`, 201)
	if got, ok := srv.OrgSecretValue("OCTO-ORG", "ALL_TOKEN"); !ok || string(got) != "s3cr3t" {
		t.Errorf("the mock opened %q (%v), want s3cr3t", got, ok)
	}
	put("ALL_TOKEN", "rotated", `"visibility":"private"`, 204)
	put("PICKED", "v", `"visibility":"selected","selected_repository_ids":[1300211,1300211]`, 201)

	var got struct {
		Name, Visibility        string
		SelectedRepositoriesURL *string `json:"selected_repositories_url"`
	}
	_ = json.Unmarshal(send(t, http.MethodGet, base+secrets+"/all_token", "admin", "", 200), &got)
	if got.Name != "ALL_TOKEN" || got.Visibility != "private" || got.SelectedRepositoriesURL != nil {
		t.Errorf("ALL_TOKEN: %+v, want private without selected_repositories_url", got)
	}
	_ = json.Unmarshal(send(t, http.MethodGet, base+secrets+"/picked", "admin", "", 200), &got)
	if got.Visibility != "selected" || got.SelectedRepositoriesURL == nil || *got.SelectedRepositoriesURL != base+secrets+"/PICKED/repositories" {
		t.Errorf("PICKED: %+v", got)
	}
	list := string(send(t, http.MethodGet, base+secrets+"?per_page=1&page=2", "admin", "", 200))
	if !strings.Contains(list, `"total_count":2`) || !strings.Contains(list, "PICKED") || strings.Contains(list, "rotated") {
		t.Errorf("second page of the list: %s", list)
	}
	if r := string(send(t, http.MethodGet, base+secrets+"/PICKED/repositories", "admin", "", 200)); !strings.Contains(r, `"total_count":1`) || !strings.Contains(r, `"full_name":"octo-org/octo-repo"`) {
		t.Errorf("PICKED's repositories: %s", r)
	}

	for _, tc := range []struct {
		name, method, path, body string
		want                     int
	}{
		{"ids with visibility all", "PUT", "/X", sealedBody(t, key, keyID, "v", `"visibility":"all","selected_repository_ids":[1300211]`), 422},
		{"a repository not the organization's", "PUT", "/X", sealedBody(t, key, keyID, "v", `"visibility":"selected","selected_repository_ids":[1296269]`), 422},
		{"sealed to the users' key", "PUT", "/X", fmt.Sprintf(`{"encrypted_value":%q,"key_id":%q,"visibility":"all"}`, sealTo(t, userKey, "v"), keyID), 422},
		{"no value", "PUT", "/X", `{"key_id":"` + keyID + `","visibility":"all"}`, 422},
		{"no key_id", "PUT", "/X", `{"encrypted_value":"AAAA","visibility":"all"}`, 422},
		{"bad name", "PUT", "/GITHUB_X", sealedBody(t, key, keyID, "v", `"visibility":"all"`), 422},
		{"set repositories of a secret for all", "PUT", "/ALL_TOKEN/repositories", `{"selected_repository_ids":[1300211]}`, 409},
		{"add a repository to a secret for all", "PUT", "/ALL_TOKEN/repositories/1300211", ``, 409},
		{"remove a repository from a secret for all", "DELETE", "/ALL_TOKEN/repositories/1300211", ``, 409},
		{"list repositories of a secret for all", "GET", "/ALL_TOKEN/repositories", ``, 200},
		{"add an unknown repository", "PUT", "/PICKED/repositories/42", ``, 404},
		{"add a repository not the organization's", "PUT", "/PICKED/repositories/1296269", ``, 422},
		{"set an unknown repository", "PUT", "/PICKED/repositories", `{"selected_repository_ids":[42]}`, 404},
		{"remove the organization's repository", "DELETE", "/PICKED/repositories/1300211", ``, 204},
		{"add it back", "PUT", "/PICKED/repositories/1300211", ``, 204},
		{"set none", "PUT", "/PICKED/repositories", `{"selected_repository_ids":[]}`, 204},
		{"delete", "DELETE", "/ALL_TOKEN", ``, 204},
		{"delete again", "DELETE", "/ALL_TOKEN", ``, 404},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := send(t, tc.method, base+secrets+tc.path, "admin", tc.body, tc.want)
			if tc.want == http.StatusConflict && len(body) != 0 {
				t.Errorf("409 with a body, which the description documents without one: %s", body)
			}
			if strings.Contains(string(body), "encrypted_value\":\"") {
				t.Errorf("the answer repeats the value: %s", body)
			}
		})
	}
	if r := string(send(t, http.MethodGet, base+secrets+"/PICKED/repositories", "admin", "", 200)); !strings.Contains(r, `"total_count":0`) {
		t.Errorf("PICKED's repositories after setting none: %s", r)
	}
	// A PUT with selected and no list keeps the list; another visibility drops it.
	send(t, http.MethodPut, base+secrets+"/PICKED/repositories/1300211", "admin", "", 204)
	put("PICKED", "v2", `"visibility":"selected"`, 204)
	if r := string(send(t, http.MethodGet, base+secrets+"/PICKED/repositories", "admin", "", 200)); !strings.Contains(r, `"total_count":1`) {
		t.Errorf("PICKED's repositories after a PUT without a list: %s", r)
	}
	put("PICKED", "v3", `"visibility":"all"`, 204)
	send(t, http.MethodPut, base+secrets+"/PICKED/repositories/1300211", "admin", "", 409)

	// A rotated organization key makes the old key_id stale.
	srv.RotateKey()
	send(t, http.MethodPut, base+secrets+"/PICKED", "admin", sealedBody(t, key, keyID, "v", `"visibility":"all"`), 422)
	if k, id := scopeKey(t, base, secrets, "admin"); k == key || id == keyID {
		t.Error("RotateKey kept the organization's key")
	}
}

// TestRepositorySecrets: for whoever administers the repository (octocat
// its own, octo-org's admin octo-repo), each repository with its own key;
// everyone else is refused.
func TestRepositorySecrets(t *testing.T) {
	srv, base := orgWorld(t)
	for _, tc := range []struct{ repo, admin, other string }{
		{"octocat/Hello-World", "admin", "member"},
		{"octo-org/octo-repo", "admin", "member"},
	} {
		t.Run(tc.repo, func(t *testing.T) {
			secrets := "/repos/" + tc.repo + "/codespaces/secrets"
			key, keyID := scopeKey(t, base, secrets, tc.admin)
			send(t, http.MethodPut, base+secrets+"/db_password", tc.admin, sealedBody(t, key, keyID, "hunter2", ""), 201)
			send(t, http.MethodPut, base+secrets+"/DB_PASSWORD", tc.admin, sealedBody(t, key, keyID, "hunter3", ""), 204)
			owner, name, _ := strings.Cut(tc.repo, "/")
			if got, ok := srv.RepoSecretValue(strings.ToUpper(owner), name, "db_password"); !ok || string(got) != "hunter3" {
				t.Errorf("the mock holds %q (%v), want hunter3", got, ok)
			}
			if r := string(send(t, http.MethodGet, base+secrets, tc.admin, "", 200)); !strings.Contains(r, `"name":"DB_PASSWORD"`) || strings.Contains(r, "hunter") {
				t.Errorf("list: %s", r)
			}
			send(t, http.MethodGet, base+secrets+"/Db_Password", tc.admin, "", 200)
			for _, m := range []struct{ method, path, body string }{
				{"GET", "", ""}, {"GET", "/public-key", ""}, {"GET", "/DB_PASSWORD", ""}, {"DELETE", "/DB_PASSWORD", ""},
				{"PUT", "/DB_PASSWORD", sealedBody(t, key, keyID, "x", "")},
			} {
				send(t, m.method, base+secrets+m.path, tc.other, m.body, http.StatusForbidden)
			}
			send(t, http.MethodDelete, base+secrets+"/DB_PASSWORD", tc.admin, "", 204)
			send(t, http.MethodGet, base+secrets+"/DB_PASSWORD", tc.admin, "", 404)
		})
	}
	hw, _ := scopeKey(t, base, "/repos/octocat/Hello-World/codespaces/secrets", "admin")
	org, _ := scopeKey(t, base, "/repos/octo-org/octo-repo/codespaces/secrets", "admin")
	if user, _ := srv.PublicKey(); hw == org || hw == user {
		t.Error("repositories share a key pair, or with the users")
	}

	// Refusals: the PUT's validation errors are 422, and an unknown
	// repository is 404 on the PUT, the list and the key, as GitHub answers
	// (the overlay documents both from its answers, spec/overlay.yaml).
	const secrets = "/repos/octocat/Hello-World/codespaces/secrets"
	key, keyID := scopeKey(t, base, secrets, "admin")
	for _, tc := range []struct {
		name, method, path, body string
		want                     int
	}{
		{"sealed to another key", "PUT", secrets + "/X", sealedBody(t, org, keyID, "v", ""), 422},
		{"unknown key_id", "PUT", secrets + "/X", sealedBody(t, key, "1", "v", ""), 422},
		{"no value", "PUT", secrets + "/X", `{"key_id":"` + keyID + `"}`, 422},
		{"bad name", "PUT", secrets + "/1X", sealedBody(t, key, keyID, "v", ""), 422},
		{"unknown repository, PUT", "PUT", "/repos/octocat/nope/codespaces/secrets/X", sealedBody(t, key, keyID, "v", ""), 404},
		{"unknown repository, list", "GET", "/repos/octocat/nope/codespaces/secrets", "", 404},
		{"unknown repository, key", "GET", "/repos/octocat/nope/codespaces/secrets/public-key", "", 404},
		{"unknown repository, get", "GET", "/repos/octocat/nope/codespaces/secrets/X", "", 404},
		{"the template, which nobody here administers", "GET", "/repos/github/codespaces-blank/codespaces/secrets", "", 403},
	} {
		t.Run(tc.name, func(t *testing.T) { send(t, tc.method, base+tc.path, "admin", tc.body, tc.want) })
	}
}

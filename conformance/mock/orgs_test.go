package mock_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/codespaces-go/codespaces/conformance/mock"
)

// orgWorld serves a mock on which "admin" is octocat (the first token the
// world does not name) and "member" is mona's, a member of octo-org, as a
// world that adds her to the default one names it.
func orgWorld(t *testing.T) (*mock.Server, string) {
	t.Helper()
	w := mock.DefaultWorld()
	w.Users = append(w.Users, mock.WorldUser{Login: "mona", ID: 2, Token: "member"})
	srv, base := start(t, mock.WithWorld(w))
	for _, token := range []string{"admin", "member"} {
		if status, body, _ := get(t, base+"/user/codespaces", token); status != http.StatusOK {
			t.Fatalf("%s: %d %s", token, status, body)
		}
	}
	return srv, base
}

// send is do with a bearer token, failing the test unless the status is want.
func send(t testing.TB, method, url, token, body string, want int) []byte {
	t.Helper()
	status, got, _ := do(t, method, url, "Bearer "+token, body)
	if status != want {
		t.Fatalf("%s %s as %s: %d, want %d; body %s", method, url, token, status, want, got)
	}
	return got
}

// createIn creates a codespace in owner/repo and returns its name.
func createIn(t testing.TB, base, token, owner, repo string) string {
	t.Helper()
	var cs struct{ Name string }
	if err := json.Unmarshal(send(t, http.MethodPost, base+"/repos/"+owner+"/"+repo+"/codespaces", token, `{}`, http.StatusCreated), &cs); err != nil {
		t.Fatal(err)
	}
	return cs.Name
}

// TestOrganizationEndpointsAreForAdmins: GitHub's organization endpoints
// are for its owners: a member is refused 403, an organization that does
// not exist or that the caller is no member of 404 (the overlay documents
// it on the secrets list and public key, where the description lacked it).
func TestOrganizationEndpointsAreForAdmins(t *testing.T) {
	_, base := orgWorld(t)
	for _, tc := range []struct {
		method, path, body string
		admin              int
		noOrg              int // octo-org replaced by an unknown org, or github (no member)
	}{
		{"GET", "/orgs/octo-org/codespaces", "", 200, 404},
		{"GET", "/orgs/octo-org/members/member/codespaces", "", 404, 404}, // no user logs in as "member"
		{"GET", "/orgs/octo-org/members/mona/codespaces", "", 200, 404},
		{"POST", "/orgs/octo-org/members/mona/codespaces/nope/stop", "", 404, 404},
		{"DELETE", "/orgs/octo-org/members/mona/codespaces/nope", "", 404, 404},
		{"PUT", "/orgs/octo-org/codespaces/access", `{"visibility":"all_members"}`, 204, 404},
		{"POST", "/orgs/octo-org/codespaces/access/selected_users", `{"selected_usernames":["mona"]}`, 422, 404},
		{"DELETE", "/orgs/octo-org/codespaces/access/selected_users", `{"selected_usernames":["mona"]}`, 422, 404},
		{"GET", "/orgs/octo-org/codespaces/secrets", "", 200, 404},
		{"GET", "/orgs/octo-org/codespaces/secrets/public-key", "", 200, 404},
		{"GET", "/orgs/octo-org/codespaces/secrets/NOPE", "", 404, 404},
		{"PUT", "/orgs/octo-org/codespaces/secrets/X", `{"visibility":"all"}`, 422, 404},
		{"DELETE", "/orgs/octo-org/codespaces/secrets/NOPE", "", 404, 404},
		{"GET", "/orgs/octo-org/codespaces/secrets/NOPE/repositories", "", 404, 404},
		{"PUT", "/orgs/octo-org/codespaces/secrets/NOPE/repositories", `{"selected_repository_ids":[]}`, 404, 404},
		{"PUT", "/orgs/octo-org/codespaces/secrets/NOPE/repositories/1300211", "", 404, 404},
		{"DELETE", "/orgs/octo-org/codespaces/secrets/NOPE/repositories/1300211", "", 404, 404},
	} {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			send(t, tc.method, base+tc.path, "admin", tc.body, tc.admin)
			send(t, tc.method, base+tc.path, "member", tc.body, http.StatusForbidden)
			for _, org := range []string{"no-such-org", "github"} {
				send(t, tc.method, base+strings.Replace(tc.path, "octo-org", org, 1), "admin", tc.body, tc.noOrg)
			}
		})
	}
}

type codespaceSeen struct {
	Name          string
	Owner         struct{ Login, Type string }
	BillableOwner struct{ Login, Type string } `json:"billable_owner"`
	Repository    struct {
		FullName string `json:"full_name"`
		Private  bool
		Owner    struct{ Login, Type string }
	}
	PublishURL *string `json:"publish_url"`
	State      string
}

func orgList(t testing.TB, base, path string) []codespaceSeen {
	t.Helper()
	var list struct {
		TotalCount int `json:"total_count"`
		Codespaces []codespaceSeen
	}
	if err := json.Unmarshal(send(t, http.MethodGet, base+path, "admin", "", http.StatusOK), &list); err != nil || list.TotalCount < len(list.Codespaces) {
		t.Fatalf("%s: %v, total_count %d for %d", path, err, list.TotalCount, len(list.Codespaces))
	}
	return list.Codespaces
}

func names(list []codespaceSeen) string {
	var out []string
	for _, cs := range list {
		out = append(out, cs.Owner.Login+":"+cs.Name)
	}
	return strings.Join(out, ",")
}

// TestOrganizationOwnsItsMembersCodespaces: what members make in octo-repo
// is billed to octo-org while the access setting enables them, and so the
// organization lists, stops and deletes it; what they make elsewhere is
// theirs alone. A setting that stops enabling a member hands their
// codespaces back to them, as GitHub's docs say.
func TestOrganizationOwnsItsMembersCodespaces(t *testing.T) {
	_, base := orgWorld(t)
	inOrg := createIn(t, base, "member", "octo-org", "octo-repo")
	mine := createIn(t, base, "admin", "octo-org", "octo-repo")
	elsewhere := createIn(t, base, "member", "octocat", "Hello-World")

	var cs codespaceSeen
	_ = json.Unmarshal(send(t, http.MethodGet, base+"/user/codespaces/"+inOrg, "member", "", 200), &cs)
	if cs.BillableOwner.Login != "octo-org" || cs.BillableOwner.Type != "Organization" || cs.Owner.Login != "mona" ||
		cs.Repository.Owner.Type != "Organization" || cs.Repository.FullName != "octo-org/octo-repo" {
		t.Errorf("the member's codespace in octo-repo: %+v, want owner mona, billed to the organization octo-org", cs)
	}
	if got, want := names(orgList(t, base, "/orgs/octo-org/codespaces")), "mona:"+inOrg+",octocat:"+mine; got != want {
		t.Errorf("organization's codespaces %s, want %s", got, want)
	}
	if got := names(orgList(t, base, "/orgs/OCTO-ORG/members/MONA/codespaces?per_page=1")); got != "mona:"+inOrg {
		t.Errorf("mona's codespaces in the organization: %s, want only %s", got, inOrg)
	}
	send(t, http.MethodPost, base+"/orgs/octo-org/members/mona/codespaces/"+elsewhere+"/stop", "admin", "", http.StatusNotFound)
	send(t, http.MethodPost, base+"/orgs/octo-org/members/octocat/codespaces/"+inOrg+"/stop", "admin", "", http.StatusNotFound)
	_ = json.Unmarshal(send(t, http.MethodPost, base+"/orgs/octo-org/members/mona/codespaces/"+inOrg+"/stop", "admin", "", 200), &cs)
	if cs.State != "Shutdown" || cs.Name != inOrg {
		t.Errorf("stopped by the organization: %+v", cs)
	}

	// Only selected members: mona is not, and their codespace is theirs.
	send(t, http.MethodPut, base+"/orgs/octo-org/codespaces/access", "admin", `{"visibility":"selected_members","selected_usernames":["octocat"]}`, 204)
	_ = json.Unmarshal(send(t, http.MethodGet, base+"/user/codespaces/"+inOrg, "member", "", 200), &cs)
	if cs.BillableOwner.Login != "mona" {
		t.Errorf("billed to %s after the setting left mona out, want mona", cs.BillableOwner.Login)
	}
	if got := names(orgList(t, base, "/orgs/octo-org/codespaces")); got != "octocat:"+mine {
		t.Errorf("organization's codespaces %s, want only octocat's", got)
	}
	send(t, http.MethodDelete, base+"/orgs/octo-org/members/mona/codespaces/"+inOrg, "admin", "", http.StatusNotFound)
	send(t, http.MethodPost, base+"/orgs/octo-org/codespaces/access/selected_users", "admin", `{"selected_usernames":["Mona","mona"]}`, 204)
	if got := names(orgList(t, base, "/orgs/octo-org/members/mona/codespaces")); got != "mona:"+inOrg {
		t.Errorf("after selecting mona: %s", got)
	}
	status, body, _ := do(t, http.MethodDelete, base+"/orgs/octo-org/members/mona/codespaces/"+inOrg, "Bearer admin", "")
	if status != http.StatusAccepted || strings.TrimSpace(string(body)) != "{}" {
		t.Errorf("delete by the organization: %d %s, want 202 {}", status, body)
	}
	send(t, http.MethodGet, base+"/user/codespaces/"+inOrg, "member", "", http.StatusNotFound)

	send(t, http.MethodDelete, base+"/orgs/octo-org/codespaces/access/selected_users", "admin", `{"selected_usernames":["octocat"]}`, 204)
	send(t, http.MethodPut, base+"/orgs/octo-org/codespaces/access", "admin", `{"visibility":"disabled"}`, 204)
	if got := names(orgList(t, base, "/orgs/octo-org/codespaces")); got != "" {
		t.Errorf("organization's codespaces with access disabled: %s, want none", got)
	}
	_ = json.Unmarshal(send(t, http.MethodGet, base+"/user/codespaces/"+mine, "admin", "", 200), &cs)
	if cs.BillableOwner.Login != "octocat" {
		t.Errorf("octocat's codespace billed to %s with access disabled", cs.BillableOwner.Login)
	}
}

// TestAccessRefusals: what GitHub's docs rule out of the access settings.
func TestAccessRefusals(t *testing.T) {
	_, base := orgWorld(t)
	const access = "/orgs/octo-org/codespaces/access"
	for _, tc := range []struct {
		name, method, path, body string
		want                     int
	}{
		{"selected members without usernames", "PUT", access, `{"visibility":"selected_members"}`, 422},
		{"usernames with all members", "PUT", access, `{"visibility":"all_members","selected_usernames":["mona"]}`, 422},
		{"no such visibility", "PUT", access, `{"visibility":"everyone"}`, 422},
		{"a username no one has", "PUT", access, `{"visibility":"selected_members","selected_usernames":["mona","ghost"]}`, 400},
		{"adding while not selected_members", "POST", access + "/selected_users", `{"selected_usernames":["mona"]}`, 422},
		{"removing while not selected_members", "DELETE", access + "/selected_users", `{"selected_usernames":["mona"]}`, 422},
		{"selected members with an empty list", "PUT", access, `{"visibility":"selected_members","selected_usernames":[]}`, 204},
		{"adding no one", "POST", access + "/selected_users", `{"selected_usernames":["ghost"]}`, 400},
		{"removing no one", "DELETE", access + "/selected_users", `{"selected_usernames":["ghost"]}`, 400},
		{"removing one not selected", "DELETE", access + "/selected_users", `{"selected_usernames":["mona"]}`, 204},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := send(t, tc.method, base+tc.path, "admin", tc.body, tc.want)
			// The description documents the 400 without a body, but
			// GitHub's error answers carry their error body, and the
			// mock no longer strips it (issue 17).
			var e struct {
				Message          string `json:"message"`
				DocumentationURL string `json:"documentation_url"`
			}
			if tc.want == http.StatusBadRequest && (json.Unmarshal(body, &e) != nil || e.Message == "" ||
				!strings.HasPrefix(e.DocumentationURL, "https://docs.github.com/rest/codespaces/organizations#")) {
				t.Errorf("400 body %s, want GitHub's error body on the operation's page", body)
			}
		})
	}
}

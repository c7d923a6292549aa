package mock_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/codespaces-go/codespaces/conformance/mock"
	"github.com/codespaces-go/codespaces/spec"
)

// The tests in this file hold the mock to GitHub's description where it
// differs from the hand-written spec the mock was first built on (issue 8).

// TestEveryOperationIsPlayed: each of the spec's 48 operations answers a
// well-formed request (its description's own example body) with a status
// the description documents, never 501 or another 5xx, and the report has
// the call.
func TestEveryOperationIsPlayed(t *testing.T) {
	doc, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	srv, base := start(t)
	params := map[string]string{
		"{org}": "octo-org", "{username}": "octocat", "{codespace_name}": "octocat-x", "{secret_name}": "S",
		"{repository_id}": "1300211", "{owner}": "octocat", "{repo}": "Hello-World", "{pull_number}": "1", "{export_id}": "latest",
	}
	tested := 0
	for _, pattern := range doc.Paths.InMatchingOrder() {
		for method, op := range doc.Paths.Value(pattern).Operations() {
			tested++
			path := pattern
			for k, v := range params {
				path = strings.ReplaceAll(path, k, v)
			}
			if op.OperationID == "codespaces/check-permissions-for-devcontainer" {
				path += "?ref=master&devcontainer_path=.devcontainer/devcontainer.json"
			}
			body := ""
			if rb := op.RequestBody; rb != nil {
				ex := rb.Value.Content.Get("application/json").Examples["default"]
				raw, err := json.Marshal(ex.Value.Value)
				if err != nil {
					t.Fatal(err)
				}
				body = string(raw)
			}
			status, got, _ := do(t, method, base+path, "Bearer tok", body)
			if status >= 500 || op.Responses.Map()[strconv.Itoa(status)] == nil {
				t.Errorf("%s %s: status %d; body %s", method, path, status, got)
			}
		}
	}
	if tested != 48 {
		t.Errorf("tested %d operations, want 48", tested)
	}
	if len(mock.NotImplemented()) != 0 {
		t.Errorf("NotImplemented() = %v, want none", mock.NotImplemented())
	}
	for _, op := range srv.Report().Operations() {
		if op.Calls != 1 {
			t.Errorf("report on %s: %d calls, want 1", op.ID, op.Calls)
		}
	}
}

// TestRepositoryMachinesFollowTheDescription: location is optional, client_ip
// and ref are accepted, and every machine carries prebuild_availability,
// null or a value.
func TestRepositoryMachinesFollowTheDescription(t *testing.T) {
	_, base := start(t)
	machines := func(path string) []map[string]json.RawMessage {
		t.Helper()
		status, body, _ := get(t, base+path, "tok")
		wantStatus(t, path, status, http.StatusOK, body)
		var list struct{ Machines []map[string]json.RawMessage }
		if err := json.Unmarshal(body, &list); err != nil || len(list.Machines) == 0 {
			t.Fatalf("%s: %s (%v)", path, body, err)
		}
		return list.Machines
	}
	prebuilds := func(ms []map[string]json.RawMessage) string {
		t.Helper()
		var out []string
		for _, m := range ms {
			raw, ok := m["prebuild_availability"]
			if !ok {
				t.Fatalf("machine %s has no prebuild_availability", m["name"])
			}
			out = append(out, string(raw))
		}
		return strings.Join(out, ",")
	}
	for _, tc := range []struct{ path, want string }{
		{"/repos/octocat/Hello-World/codespaces/machines", `"ready","in_progress"`},
		{"/repos/octocat/Hello-World/codespaces/machines?location=WestUs2&client_ip=203.0.113.7", `"ready","in_progress"`},
		{"/repos/octocat/Hello-World/codespaces/machines?ref=master", `"ready","in_progress"`},
		{"/repos/octocat/Hello-World/codespaces/machines?ref=feature", `"none","none"`},
		{"/repos/octocat/Spoon-Knife/codespaces/machines?ref=main", `null,null`},
	} {
		if got := prebuilds(machines(tc.path)); got != tc.want {
			t.Errorf("%s: prebuild_availability %s, want %s", tc.path, got, tc.want)
		}
	}

	cs := createInRepo(t, client(t, base, "tok")) // on ref main, not the default branch
	if got := prebuilds(machines("/user/codespaces/" + cs.Name + "/machines")); got != `"none","none"` {
		t.Errorf("a codespace's machines: prebuild_availability %s, want none on its ref", got)
	}
	_, body, _ := get(t, base+"/user/codespaces/"+cs.Name, "tok")
	var got struct{ Machine map[string]json.RawMessage }
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	if raw, ok := got.Machine["prebuild_availability"]; !ok || string(raw) != "null" {
		t.Errorf("the codespace's machine: prebuild_availability %s (present %v), want null", raw, ok)
	}
}

// TestEmptyObjectBodies: DELETE of a codespace answers 202 with the JSON body
// {}, and so does a secret PUT that creates (201); an update is 204 without one.
func TestEmptyObjectBodies(t *testing.T) {
	_, base := start(t)
	c := client(t, base, "tok")
	cs := createInRepo(t, c)
	status, body, header := do(t, http.MethodDelete, base+"/user/codespaces/"+cs.Name, "Bearer tok", "")
	if status != http.StatusAccepted || string(bytes.TrimSpace(body)) != "{}" || !strings.HasPrefix(header.Get("Content-Type"), "application/json") {
		t.Errorf("DELETE: %d %q %q, want 202 with the JSON body {}", status, header.Get("Content-Type"), body)
	}

	sealed, err := json.Marshal(seal(t, c, "v"))
	if err != nil {
		t.Fatal(err)
	}
	status, body, header = do(t, http.MethodPut, base+"/user/codespaces/secrets/S", "Bearer tok", string(sealed))
	if status != http.StatusCreated || string(bytes.TrimSpace(body)) != "{}" || !strings.HasPrefix(header.Get("Content-Type"), "application/json") {
		t.Errorf("secret PUT that creates: %d %q %q, want 201 with the JSON body {}", status, header.Get("Content-Type"), body)
	}
	status, body, _ = do(t, http.MethodPut, base+"/user/codespaces/secrets/S", "Bearer tok", string(sealed))
	if status != http.StatusNoContent || len(body) != 0 {
		t.Errorf("secret PUT that updates: %d %q, want 204 without a body", status, body)
	}
}

// TestUsersAndRepositoriesCarryTheNewerFields: the fields GitHub added after
// the reference pages were written, where the schemas declare them.
func TestUsersAndRepositoriesCarryTheNewerFields(t *testing.T) {
	doc, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	newer := map[string][]string{
		"simple-user":        {"user_view_type"},
		"minimal-repository": {"custom_properties", "has_pull_requests", "pull_request_creation_policy"},
	}
	for schema, fields := range newer {
		for _, f := range fields {
			if doc.Components.Schemas[schema].Value.Properties[f] == nil {
				t.Errorf("the spec's %s has no %s: has the description changed?", schema, f)
			}
		}
	}

	_, base := start(t)
	cs := createInRepo(t, client(t, base, "tok"))
	_, body, _ := get(t, base+"/user/codespaces/"+cs.Name, "tok")
	var got struct{ Raw map[string]json.RawMessage }
	if err := json.Unmarshal(body, &got.Raw); err != nil {
		t.Fatal(err)
	}
	objects := map[string]string{"owner": "simple-user", "billable_owner": "simple-user", "repository": "minimal-repository"}
	for prop, schema := range objects {
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(got.Raw[prop], &obj); err != nil {
			t.Fatalf("%s: %v", prop, err)
		}
		for _, f := range newer[schema] {
			if raw, ok := obj[f]; !ok || string(raw) == "null" {
				t.Errorf("%s has no %s: %s", prop, f, got.Raw[prop])
			}
		}
	}
	var repo map[string]json.RawMessage
	_ = json.Unmarshal(got.Raw["repository"], &repo)
	var owner map[string]json.RawMessage
	_ = json.Unmarshal(repo["owner"], &owner)
	if _, ok := owner["user_view_type"]; !ok {
		t.Errorf("the repository's owner has no user_view_type: %s", repo["owner"])
	}
}

// TestCreateBodyWithNullPullRequest: {"repository_id": N, "pull_request":
// null, "ref": "main"} matches exactly one branch of the body's oneOf (a null
// pull_request is not an object), so it is a create in the repository; and
// the same for a null repository_id beside a pull request.
func TestCreateBodyWithNullPullRequest(t *testing.T) {
	srv, base := start(t)
	for _, tc := range []struct{ body, wantRef string }{
		{`{"repository_id": 1296269, "pull_request": null, "ref": "main"}`, "main"},
		{`{"pull_request": {"pull_request_number": 1, "repository_id": 1296269}, "repository_id": null}`, "new-topic"},
	} {
		status, body, _ := do(t, http.MethodPost, base+"/user/codespaces", "Bearer tok", tc.body)
		wantStatus(t, tc.body, status, http.StatusCreated, body)
		var cs struct {
			GitStatus struct{ Ref string } `json:"git_status"`
		}
		if err := json.Unmarshal(body, &cs); err != nil || cs.GitStatus.Ref != tc.wantRef {
			t.Errorf("%s: created on ref %q, want %q", tc.body, cs.GitStatus.Ref, tc.wantRef)
		}
	}
	for _, v := range srv.Report().Violations() {
		t.Errorf("the request was reported as breaking the spec: %s", v)
	}
}

// TestSelectedRepositoryIDsAsTheDescriptionTakesThem: the user secret PUT
// takes repository ids as integers or strings (its own example sends
// strings); a string that is no id is a 422 naming the field.
func TestSelectedRepositoryIDsAsTheDescriptionTakesThem(t *testing.T) {
	srv, base := start(t)
	c := client(t, base, "tok")
	put := func(name string, ids string) (int, []byte) {
		t.Helper()
		sealed := seal(t, c, "v")
		body := `{"encrypted_value":"` + *sealed.EncryptedValue + `","key_id":"` + sealed.KeyID + `","selected_repository_ids":` + ids + `}`
		status, got, _ := do(t, http.MethodPut, base+"/user/codespaces/secrets/"+name, "Bearer tok", body)
		return status, got
	}
	for name, ids := range map[string]string{"INTS": `[1296269, 1300192]`, "STRINGS": `["1296269", "1300192"]`, "MIXED": `[1296269, "1300192"]`} {
		status, body := put(name, ids)
		wantStatus(t, name, status, http.StatusCreated, body)
		if got := selectedIDs(t, c, name); got != "1296269,1300192" {
			t.Errorf("%s %s: selected %s, want 1296269,1300192", name, ids, got)
		}
	}
	status, body := put("WORDS", `["Hello-World"]`)
	if status != http.StatusUnprocessableEntity || !strings.Contains(string(body), `"field":"selected_repository_ids"`) {
		t.Errorf(`ids ["Hello-World"]: %d %s, want 422 on selected_repository_ids`, status, body)
	}
	for _, v := range srv.Report().Violations() {
		t.Errorf("a request was reported as breaking the spec: %s", v)
	}
}

package mock_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/codespaces-go/codespaces/conformance/mock"
	"github.com/codespaces-go/codespaces/gen"
)

// TestControlReset: POST /_mock/reset takes the mock back to the world it
// started with: codespaces, faults, spent limits, scripted creates and the
// request log are gone.
func TestControlReset(t *testing.T) {
	srv := mock.New(mock.WithOctocatToken("tok"))
	_, cs := createOctocats(t, srv)
	for _, c := range []struct{ method, path, body string }{
		{"POST", "/_mock/faults", `{"fault": "status=500", "operation": "codespaces/get-for-authenticated-user"}`},
		{"POST", "/_mock/codespaces/fail-next", ``},
		{"PUT", "/_mock/rate-limits/octocat", `{"resource": "codespaces"}`},
	} {
		if rec := controlIn(srv, c.method, c.path, c.body); rec.status >= 300 {
			t.Fatalf("%s %s: %d %s", c.method, c.path, rec.status, rec.body)
		}
	}
	if rec := controlIn(srv, "POST", "/_mock/reset", ""); rec.status != http.StatusNoContent {
		t.Fatalf("reset: %d %s", rec.status, rec.body)
	}
	if got := len(srv.Requests()); got != 0 {
		t.Errorf("the log holds %d requests after the reset, want none", got)
	}
	if rec := serveIn(srv.Handler(), "GET", "/user/codespaces/"+cs.Name, "Bearer tok", ""); rec.Code != http.StatusNotFound {
		t.Errorf("the codespace made before the reset: %d, want 404", rec.Code)
	}
	if status, next := createOctocats(t, srv); status != http.StatusCreated || stateOf(t, srv, next.Name) != gen.CodespaceStateAvailable {
		t.Errorf("a create after the reset: %d, not Available: fail-next outlived the reset", status)
	}
	if rec := serveIn(srv.Handler(), "GET", "/user/codespaces/secrets", "Bearer tok", ""); rec.Code != http.StatusOK {
		t.Errorf("secrets after the reset: %d, want 200: the spent limit outlived the reset", rec.Code)
	}
}

// worldDoc is a small world: alice, with a token, and her repository.
const worldDoc = `{
  "users": [{"login": "alice", "id": 7, "token": "alice-token"}],
  "repositories": [{"owner": "alice", "name": "app", "id": 4242}],
  "machines": [{"name": "basicLinux", "display_name": "2 cores", "cpus": 2, "memory_in_bytes": 8589934592, "storage_in_bytes": 34359738368}]
}`

// TestControlWorld: PUT /_mock/world replaces the world with a document,
// GET /_mock/world shows it without tokens, and reset goes back to the
// world the mock started with.
func TestControlWorld(t *testing.T) {
	srv := mock.New(mock.WithOctocatToken("tok"))
	if rec := controlIn(srv, "PUT", "/_mock/world", worldDoc); rec.status != http.StatusNoContent {
		t.Fatalf("PUT world: %d %s", rec.status, rec.body)
	}
	create := serveIn(srv.Handler(), "POST", "/repos/alice/app/codespaces", "Bearer alice-token", `{}`)
	var cs gen.Codespace
	if create.Code != http.StatusCreated || json.Unmarshal(create.Body.Bytes(), &cs) != nil || cs.Owner.Login != "alice" || cs.Machine.Name != "basicLinux" {
		t.Errorf("alice's create in the new world: %d %s", create.Code, create.Body)
	}
	if rec := serveIn(srv.Handler(), "POST", "/repos/octocat/Hello-World/codespaces", "Bearer alice-token", `{}`); rec.Code != http.StatusNotFound {
		t.Errorf("a create in the old world's repository: %d, want 404", rec.Code)
	}

	got := controlIn(srv, "GET", "/_mock/world", "")
	var doc mock.World
	if got.status != http.StatusOK || json.Unmarshal(got.body, &doc) != nil {
		t.Fatalf("GET world: %d %s", got.status, got.body)
	}
	if len(doc.Users) != 1 || doc.Users[0].Login != "alice" || doc.Users[0].Token != "" || strings.Contains(string(got.body), "alice-token") {
		t.Errorf("GET world: %s, want alice without her token", got.body)
	}
	yaml := serveIn(srv.Handler(), "GET", "/_mock/world?format=yaml", "", "")
	if ct := yaml.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/yaml") || !strings.Contains(yaml.Body.String(), "login: alice") {
		t.Errorf("GET world as YAML: %s %s", ct, yaml.Body)
	}
	// What GET gave, PUT takes back.
	if rec := controlIn(srv, "PUT", "/_mock/world", yaml.Body.String()); rec.status != http.StatusNoContent {
		t.Errorf("PUT of GET's YAML: %d %s", rec.status, rec.body)
	}

	if rec := controlIn(srv, "POST", "/_mock/reset", ""); rec.status != http.StatusNoContent {
		t.Fatalf("reset: %d %s", rec.status, rec.body)
	}
	if status, _ := createOctocats(t, srv); status != http.StatusCreated {
		t.Errorf("octocat's create after the reset: %d, want 201 in the world the mock started with", status)
	}
}

// TestControlWorldRefusals: a bad document is a 422 that names the line and
// the field, and changes nothing.
func TestControlWorldRefusals(t *testing.T) {
	srv := mock.New(mock.WithOctocatToken("tok"))
	rec := controlIn(srv, "PUT", "/_mock/world", "users:\n  - login: alice\n    id: 7\nrepositories:\n  - owner: alice\n    name: app\n    id: 0\n"+
		"machines:\n  - {name: basicLinux, display_name: 2 cores, cpus: 2, memory_in_bytes: 8589934592, storage_in_bytes: 34359738368}\n")
	var e struct {
		Message, Status string
		Errors          []struct{ Resource, Field, Code, Message string }
	}
	if rec.status != http.StatusUnprocessableEntity || json.Unmarshal(rec.body, &e) != nil {
		t.Fatalf("a bad world: %d %s, want 422", rec.status, rec.body)
	}
	if len(e.Errors) != 1 || e.Errors[0].Field != "repositories[0].id" || !strings.Contains(e.Errors[0].Message, "line 7") ||
		!strings.HasPrefix(e.Message, "Invalid world document: line 7: repositories[0].id") || e.Status != "422" {
		t.Errorf("a bad world's error: %s", rec.body)
	}
	wantControlError(t, "not YAML", controlIn(srv, "PUT", "/_mock/world", "users: [\n"), 422, "is not YAML")
	wantControlError(t, "empty", controlIn(srv, "PUT", "/_mock/world", ""), 422, "empty")
	wantControlError(t, "huge", controlIn(srv, "PUT", "/_mock/world", "# "+strings.Repeat("x", 1<<20)), 413, "larger than 1 MiB")
	if status, _ := createOctocats(t, srv); status != http.StatusCreated {
		t.Errorf("octocat's create after refused worlds: %d, want 201", status)
	}
}

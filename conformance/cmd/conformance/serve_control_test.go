package main

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// controlled is what a test reads of a control or API answer.
type controlled struct {
	status int
	body   []byte
}

// startWorld is the world serve starts with: alice, her token, her
// repository and one machine.
const startWorld = `users:
  - login: alice
    id: 7
    token: alice-token
repositories:
  - owner: alice
    name: app
    id: 4242
machines:
  - name: basicLinux
    display_name: 2 cores
    cpus: 2
    memory_in_bytes: 8589934592
    storage_in_bytes: 34359738368
`

// otherWorld replaces it over HTTP: bob and his repository.
const otherWorld = `{
  "users": [{"login": "bob", "id": 8, "token": "bob-token"}],
  "repositories": [{"owner": "bob", "name": "lib", "id": 4343}],
  "machines": [{"name": "basicLinux", "display_name": "2 cores", "cpus": 2, "memory_in_bytes": 8589934592, "storage_in_bytes": 34359738368}]
}`

// TestServeControlAPI drives `serve -world FILE` with plain HTTP, as a
// test in another language would (issue 20's acceptance): read the request
// log, fail the next create, schedule a fault, spend a rate limit, reset,
// replace the world and read it back; none of it breaks the spec, so serve
// exits 0.
func TestServeControlAPI(t *testing.T) {
	const create = "codespaces/create-with-repo-for-authenticated-user"
	file := filepath.Join(t.TempDir(), "world.yaml")
	if err := os.WriteFile(file, []byte(startWorld), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out := serveUntil(t, func(base string) {
		do := func(method, path, token, body string) controlled {
			t.Helper()
			status, b := send(t, method, base+path, token, body)
			return controlled{status, b}
		}
		want := func(what string, got controlled, status int) {
			t.Helper()
			if got.status != status {
				t.Errorf("%s: %d %s, want %d", what, got.status, got.body, status)
			}
		}
		state := func(token, name string) string {
			t.Helper()
			got := do("GET", "/user/codespaces/"+name, token, "")
			var cs struct{ State string }
			if got.status != http.StatusOK || json.Unmarshal(got.body, &cs) != nil {
				t.Fatalf("GET %s: %d %s", name, got.status, got.body)
			}
			return cs.State
		}
		createIn := func(token, repo string) (int, string) {
			t.Helper()
			got := do("POST", "/repos/"+repo+"/codespaces", token, `{"display_name": "ci"}`)
			var cs struct{ Name string }
			if got.status < 300 && json.Unmarshal(got.body, &cs) != nil {
				t.Fatalf("create: %d %s", got.status, got.body)
			}
			return got.status, cs.Name
		}
		count := func(what string) int {
			t.Helper()
			got := do("GET", "/user/codespaces", "alice-token", "")
			var list struct {
				TotalCount int `json:"total_count"`
			}
			if got.status != http.StatusOK || json.Unmarshal(got.body, &list) != nil {
				t.Fatalf("%s: list: %d %s", what, got.status, got.body)
			}
			return list.TotalCount
		}

		// The world of -world: alice's token is alice, her repository is there.
		status, first := createIn("alice-token", "alice/app")
		want("alice's create", controlled{status, nil}, http.StatusCreated)

		// The request log, filtered by operation.
		log := do("GET", "/_mock/requests?operation="+create, "", "")
		var requests struct {
			TotalCount int `json:"total_count"`
			Requests   []struct {
				Method, Path, Operation, User string
				Status                        int
				Body                          json.RawMessage
			}
		}
		if err := json.Unmarshal(log.body, &requests); err != nil || log.status != http.StatusOK {
			t.Fatalf("GET /_mock/requests: %d %s (%v)", log.status, log.body, err)
		}
		if requests.TotalCount != 1 || len(requests.Requests) != 1 {
			t.Fatalf("the log of creates: %s, want one", log.body)
		}
		r := requests.Requests[0]
		if r.Method != "POST" || r.Path != "/repos/alice/app/codespaces" || r.Operation != create ||
			r.User != "alice" || r.Status != 201 || string(r.Body) != `{"display_name":"ci"}` {
			t.Errorf("the logged create: %+v, want alice's 201 POST with its body", r)
		}
		if got := state("alice-token", first); got != "Available" {
			t.Errorf("the first codespace is %s, want Available", got)
		}

		// Fail the next create: its codespace ends Failed.
		want("fail-next", do("POST", "/_mock/codespaces/fail-next", "", `{"count": 1}`), http.StatusNoContent)
		status, failed := createIn("alice-token", "alice/app")
		want("the failing create", controlled{status, nil}, http.StatusCreated)
		if got := state("alice-token", failed); got != "Failed" {
			t.Errorf("the codespace of the create after fail-next is %s, want Failed", got)
		}

		// Schedule a fault on the next list.
		want("fault", do("POST", "/_mock/faults", "", `{"fault": "status=503;count=1", "operation": "codespaces/list-for-authenticated-user"}`), http.StatusCreated)
		want("the faulted list", do("GET", "/user/codespaces", "alice-token", ""), http.StatusServiceUnavailable)
		if got := count("after the fault"); got != 2 {
			t.Errorf("alice has %d codespaces, want 2", got)
		}

		// Spend alice's rate limit.
		want("rate limit", do("PUT", "/_mock/rate-limits/alice", "", `{"resource": "core", "remaining": 0}`), http.StatusNoContent)
		limited := do("GET", "/user/codespaces", "alice-token", "")
		if limited.status != http.StatusForbidden || !strings.Contains(string(limited.body), "API rate limit exceeded") {
			t.Errorf("a request with the limit spent: %d %s, want GitHub's 403", limited.status, limited.body)
		}

		// Reset: back to -world's world, with nothing requests made.
		want("reset", do("POST", "/_mock/reset", "", ""), http.StatusNoContent)
		if got := count("after the reset"); got != 0 {
			t.Errorf("alice has %d codespaces after the reset, want none", got)
		}
		if log := do("GET", "/_mock/requests?operation="+create, "", ""); !strings.Contains(string(log.body), `"total_count":0`) {
			t.Errorf("the log after the reset: %s, want no create", log.body)
		}

		// Replace the world: bob and his repository, and alice is no more.
		want("PUT world", do("PUT", "/_mock/world", "", otherWorld), http.StatusNoContent)
		status, _ = createIn("bob-token", "bob/lib")
		want("bob's create in the new world", controlled{status, nil}, http.StatusCreated)
		status, _ = createIn("bob-token", "alice/app")
		want("a create in the old world's repository", controlled{status, nil}, http.StatusNotFound)
		world := do("GET", "/_mock/world", "", "")
		if world.status != http.StatusOK || !strings.Contains(string(world.body), `"login":"bob"`) || strings.Contains(string(world.body), "bob-token") {
			t.Errorf("GET /_mock/world: %d %s, want bob without his token", world.status, world.body)
		}

		// Bad input is refused in GitHub's shape, naming what is wrong.
		bad := do("PUT", "/_mock/world", "", `{"users": [{"login": "carol", "id": -1}]}`)
		var e struct{ Message, Status string }
		if bad.status != http.StatusUnprocessableEntity || json.Unmarshal(bad.body, &e) != nil || e.Status != "422" || !strings.Contains(e.Message, "users[0].id") {
			t.Errorf("a bad world: %d %s, want a 422 naming users[0].id", bad.status, bad.body)
		}
		bad = do("POST", "/_mock/faults", "", `{"fault": "status=200"}`)
		if bad.status != http.StatusUnprocessableEntity || json.Unmarshal(bad.body, &e) != nil || e.Status != "422" || e.Message == "" {
			t.Errorf("a bad fault: %d %s, want a 422 with GitHub's error body", bad.status, bad.body)
		}
	}, "-world", file)
	if code != exitPass {
		t.Errorf("serve exited %d, want %d\n%s", code, exitPass, out)
	}
}

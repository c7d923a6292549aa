package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// controlled is what a test reads of a control or API answer.
type controlled struct {
	status int
	body   []byte
}

// TestServeControlAPI drives a served mock with plain HTTP, as a test in
// another language would (issue 20's acceptance): read the request log,
// fail the next create, spend a rate limit, schedule a fault; none of it
// breaks the spec, so serve exits 0.
func TestServeControlAPI(t *testing.T) {
	const create = "codespaces/create-with-repo-for-authenticated-user"
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
		state := func(name string) string {
			t.Helper()
			got := do("GET", "/user/codespaces/"+name, "alice", "")
			var cs struct{ State string }
			if got.status != http.StatusOK || json.Unmarshal(got.body, &cs) != nil {
				t.Fatalf("GET %s: %d %s", name, got.status, got.body)
			}
			return cs.State
		}
		createOne := func() (int, string) {
			t.Helper()
			got := do("POST", "/repos/octocat/Hello-World/codespaces", "alice", `{"display_name": "ci"}`)
			var cs struct{ Name string }
			if json.Unmarshal(got.body, &cs) != nil {
				t.Fatalf("create: %d %s", got.status, got.body)
			}
			return got.status, cs.Name
		}

		// The request log, filtered by operation.
		status, first := createOne()
		want("the first create", controlled{status, nil}, http.StatusCreated)
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
		if r.Method != "POST" || r.Path != "/repos/octocat/Hello-World/codespaces" || r.Operation != create ||
			r.User != "octocat" || r.Status != 201 || string(r.Body) != `{"display_name":"ci"}` {
			t.Errorf("the logged create: %+v, want octocat's 201 POST with its body", r)
		}
		if state(first) != "Available" {
			t.Errorf("the first codespace is not Available")
		}

		// Fail the next create: its codespace ends Failed.
		want("fail-next", do("POST", "/_mock/codespaces/fail-next", "", `{"count": 1}`), http.StatusNoContent)
		status, failed := createOne()
		want("the failing create", controlled{status, nil}, http.StatusCreated)
		if got := state(failed); got != "Failed" {
			t.Errorf("the codespace of the create after fail-next is %s, want Failed", got)
		}

		// Schedule a fault on the next list.
		want("fault", do("POST", "/_mock/faults", "", `{"fault": "status=503;count=1", "operation": "codespaces/list-for-authenticated-user"}`), http.StatusCreated)
		want("the faulted list", do("GET", "/user/codespaces", "alice", ""), http.StatusServiceUnavailable)
		want("the list after", do("GET", "/user/codespaces", "alice", ""), http.StatusOK)

		// Spend octocat's rate limit.
		want("rate limit", do("PUT", "/_mock/rate-limits/octocat", "", `{"resource": "core", "remaining": 0}`), http.StatusNoContent)
		limited := do("GET", "/user/codespaces", "alice", "")
		if limited.status != http.StatusForbidden || !strings.Contains(string(limited.body), "API rate limit exceeded") {
			t.Errorf("a request with the limit spent: %d %s, want GitHub's 403", limited.status, limited.body)
		}

		// Bad input is refused in GitHub's shape.
		bad := do("POST", "/_mock/faults", "", `{"fault": "status=200"}`)
		var e struct{ Message, Status string }
		if bad.status != http.StatusUnprocessableEntity || json.Unmarshal(bad.body, &e) != nil || e.Status != "422" || e.Message == "" {
			t.Errorf("a bad fault: %d %s, want a 422 with GitHub's error body", bad.status, bad.body)
		}
	}, "-octocat-token", "alice")
	if code != exitPass {
		t.Errorf("serve exited %d, want %d\n%s", code, exitPass, out)
	}
}

package mock_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/codespaces-go/codespaces/conformance/mock"
	"github.com/codespaces-go/codespaces/gen"
)

// controlError is the body of a control API's error.
type controlError struct {
	Message          string `json:"message"`
	DocumentationURL string `json:"documentation_url"`
	Status           string `json:"status"`
}

// wantControlError checks a control API's refusal: the status, GitHub's
// error shape pointing at the control API's docs, and a message that says
// what was wrong.
func wantControlError(t *testing.T, what string, rec *recorded, status int, inMessage string) {
	t.Helper()
	if rec.status != status {
		t.Errorf("%s: status %d, want %d; body %s", what, rec.status, status, rec.body)
		return
	}
	var e controlError
	if err := json.Unmarshal(rec.body, &e); err != nil {
		t.Errorf("%s: body %s is not JSON: %v", what, rec.body, err)
		return
	}
	if e.Status != strconv.Itoa(status) || !strings.HasSuffix(e.DocumentationURL, "#hdr-Control_API") || !strings.Contains(e.Message, inMessage) {
		t.Errorf("%s: error %+v, want status %d, the control API's docs and a message with %q", what, e, status, inMessage)
	}
}

type recorded struct {
	status int
	body   []byte
	header http.Header
}

// controlIn sends a control request in process, without a token.
func controlIn(srv *mock.Server, method, path, body string) *recorded {
	rec := serveIn(srv.Handler(), method, path, "", body)
	return &recorded{rec.Code, rec.Body.Bytes(), rec.Header()}
}

// stateOf is the state octocat's codespace shows to a GET.
func stateOf(t *testing.T, srv *mock.Server, name string) gen.CodespaceState {
	t.Helper()
	rec := serveIn(srv.Handler(), "GET", "/user/codespaces/"+name, "Bearer tok", "")
	wantStatus(t, "GET "+name, rec.Code, http.StatusOK, rec.Body.Bytes())
	var cs gen.Codespace
	if err := json.Unmarshal(rec.Body.Bytes(), &cs); err != nil {
		t.Fatal(err)
	}
	return cs.State
}

// createOctocats creates a codespace for octocat in process and returns its
// status and the codespace.
func createOctocats(t *testing.T, srv *mock.Server) (int, gen.Codespace) {
	t.Helper()
	rec := serveIn(srv.Handler(), "POST", "/repos/octocat/Hello-World/codespaces", "Bearer tok", `{}`)
	var cs gen.Codespace
	if rec.Code < 300 {
		if err := json.Unmarshal(rec.Body.Bytes(), &cs); err != nil {
			t.Fatal(err)
		}
	}
	return rec.Code, cs
}

// TestControlScriptsCodespaces: fail one by name, fail and retry the next
// creates, stop one for idleness, begin and end a pending operation.
func TestControlScriptsCodespaces(t *testing.T) {
	srv := mock.New(mock.WithOctocatToken("tok"))
	_, a := createOctocats(t, srv)

	if rec := controlIn(srv, "POST", "/_mock/codespaces/"+a.Name+"/fail", ""); rec.status != http.StatusNoContent {
		t.Fatalf("fail: %d %s", rec.status, rec.body)
	}
	if got := stateOf(t, srv, a.Name); got != gen.CodespaceStateFailed {
		t.Errorf("after fail: %s, want Failed", got)
	}

	if rec := controlIn(srv, "POST", "/_mock/codespaces/fail-next", `{"count": 2}`); rec.status != http.StatusNoContent {
		t.Fatalf("fail-next: %d %s", rec.status, rec.body)
	}
	for i := range 3 {
		status, cs := createOctocats(t, srv)
		want := gen.CodespaceStateFailed
		if i == 2 {
			want = gen.CodespaceStateAvailable
		}
		if got := stateOf(t, srv, cs.Name); status != http.StatusCreated || got != want {
			t.Errorf("create %d after fail-next 2: %d, %s; want 201, %s", i+1, status, got, want)
		}
	}

	if rec := controlIn(srv, "POST", "/_mock/codespaces/retry-next", ""); rec.status != http.StatusNoContent {
		t.Fatalf("retry-next: %d %s", rec.status, rec.body)
	}
	if status, _ := createOctocats(t, srv); status != http.StatusAccepted {
		t.Errorf("create after retry-next: %d, want 202", status)
	}
	if status, b := createOctocats(t, srv); status != http.StatusCreated {
		t.Errorf("the create after: %d, want 201", status)
	} else {
		if rec := controlIn(srv, "POST", "/_mock/codespaces/"+b.Name+"/stop-idle", ""); rec.status != http.StatusNoContent {
			t.Fatalf("stop-idle: %d %s", rec.status, rec.body)
		}
		if got := stateOf(t, srv, b.Name); got != gen.CodespaceStateShutdown {
			t.Errorf("after stop-idle: %s, want Shutdown", got)
		}

		rec := controlIn(srv, "PUT", "/_mock/codespaces/"+b.Name+"/pending-operation", `{"reason": "Moving", "duration": "90s"}`)
		if rec.status != http.StatusNoContent {
			t.Fatalf("pending-operation: %d %s", rec.status, rec.body)
		}
		start := serveIn(srv.Handler(), "POST", "/user/codespaces/"+b.Name+"/start", "Bearer tok", "")
		if start.Code != http.StatusUnprocessableEntity {
			t.Errorf("start while pending: %d, want 422", start.Code)
		}
		if rec := controlIn(srv, "DELETE", "/_mock/codespaces/"+b.Name+"/pending-operation", ""); rec.status != http.StatusNoContent {
			t.Fatalf("end pending: %d %s", rec.status, rec.body)
		}
		start = serveIn(srv.Handler(), "POST", "/user/codespaces/"+b.Name+"/start", "Bearer tok", "")
		if start.Code != http.StatusOK {
			t.Errorf("start once no longer pending: %d, want 200; %s", start.Code, start.Body)
		}
	}

	for _, path := range []string{"/fail", "/stop-idle", "/pending-operation"} {
		method := "POST"
		if path == "/pending-operation" {
			method = "PUT"
		}
		wantControlError(t, path+" of no codespace", controlIn(srv, method, "/_mock/codespaces/nope"+path, ""), 404, `"nope"`)
	}
	if got := len(srv.Requests(mock.RequestMatch{Path: "/_mock/codespaces/fail-next"})); got != 0 {
		t.Errorf("the log holds %d control requests, want none", got)
	}
}

// TestFailNextCreatedFailsWhileProvisioning: the failed create goes
// through Queued and Provisioning at the Timing's pace, then Failed, where
// it stays.
func TestFailNextCreatedFailsWhileProvisioning(t *testing.T) {
	srv := mock.New(mock.WithOctocatToken("tok"), mock.WithTiming(mock.Timing{Polls: 1}))
	srv.FailNextCreated(1)
	status, cs := createOctocats(t, srv)
	if status != http.StatusCreated || cs.State != gen.CodespaceStateQueued {
		t.Fatalf("create: %d %s, want 201 Queued", status, cs.State)
	}
	var got []gen.CodespaceState
	for range 4 {
		got = append(got, stateOf(t, srv, cs.Name))
	}
	if want := []gen.CodespaceState{"Queued", "Provisioning", "Failed", "Failed"}; strings.Join(states(got), ",") != strings.Join(states(want), ",") {
		t.Errorf("states %v, want %v", got, want)
	}
	if _, next := createOctocats(t, srv); next.State != gen.CodespaceStateQueued || stateOf(t, srv, next.Name) != gen.CodespaceStateQueued ||
		stateOf(t, srv, next.Name) != gen.CodespaceStateProvisioning || stateOf(t, srv, next.Name) != gen.CodespaceStateAvailable {
		t.Errorf("the create after the failed one did not become Available")
	}
}

func states(s []gen.CodespaceState) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = string(v)
	}
	return out
}

// TestControlRateLimit spends a user's limit in one resource and leaves the
// other alone.
func TestControlRateLimit(t *testing.T) {
	srv := mock.New(mock.WithOctocatToken("tok"))
	serveIn(srv.Handler(), "GET", "/user/codespaces", "Bearer tok", "")
	if rec := controlIn(srv, "PUT", "/_mock/rate-limits/octocat", `{"resource": "codespaces"}`); rec.status != http.StatusNoContent {
		t.Fatalf("rate-limits: %d %s", rec.status, rec.body)
	}
	secrets := serveIn(srv.Handler(), "GET", "/user/codespaces/secrets", "Bearer tok", "")
	if secrets.Code != http.StatusForbidden || secrets.Header().Get("X-RateLimit-Remaining") != "0" {
		t.Errorf("secrets after spending codespaces: %d, remaining %q; want 403, 0", secrets.Code, secrets.Header().Get("X-RateLimit-Remaining"))
	}
	if list := serveIn(srv.Handler(), "GET", "/user/codespaces", "Bearer tok", ""); list.Code != http.StatusOK {
		t.Errorf("core after spending codespaces: %d, want 200", list.Code)
	}
	if rec := controlIn(srv, "PUT", "/_mock/rate-limits/octocat", `{"remaining": 1}`); rec.status != http.StatusNoContent {
		t.Fatalf("rate-limits: %d %s", rec.status, rec.body)
	}
	if list := serveIn(srv.Handler(), "GET", "/user/codespaces", "Bearer tok", ""); list.Code != http.StatusOK || list.Header().Get("X-RateLimit-Remaining") != "0" {
		t.Errorf("core with 1 left: %d, remaining %q; want 200, 0", list.Code, list.Header().Get("X-RateLimit-Remaining"))
	}
	if list := serveIn(srv.Handler(), "GET", "/user/codespaces", "Bearer tok", ""); list.Code != http.StatusForbidden {
		t.Errorf("core spent: %d, want 403", list.Code)
	}
	wantControlError(t, "unknown resource", controlIn(srv, "PUT", "/_mock/rate-limits/octocat", `{"resource": "search"}`), 422, `"search"`)
	wantControlError(t, "negative", controlIn(srv, "PUT", "/_mock/rate-limits/octocat", `{"remaining": -1}`), 422, "negative")
	wantControlError(t, "unknown user", controlIn(srv, "PUT", "/_mock/rate-limits/nobody", ``), 404, `"nobody"`)
}

// TestControlFaults: a fault by operation or by method and path, in
// X-Mock-Fault's syntax, hits the next matching requests of any user;
// DELETE clears them.
func TestControlFaults(t *testing.T) {
	srv := mock.New(mock.WithOctocatToken("tok"))
	rec := controlIn(srv, "POST", "/_mock/faults", `{"fault": "status=502;count=1", "operation": "codespaces/list-for-authenticated-user"}`)
	if rec.status != http.StatusCreated {
		t.Fatalf("faults: %d %s", rec.status, rec.body)
	}
	rec = controlIn(srv, "POST", "/_mock/faults", `{"fault": "secondary-rate-limit;retry-after=2", "method": "get", "path": "/user/codespaces/{codespace_name}"}`)
	if rec.status != http.StatusCreated {
		t.Fatalf("faults: %d %s", rec.status, rec.body)
	}
	var got []int
	for _, target := range []string{"/user/codespaces", "/user/codespaces", "/user/codespaces/x", "/user/codespaces/y"} {
		got = append(got, serveIn(srv.Handler(), "GET", target, "Bearer other", "").Code)
	}
	if want := []int{502, 200, 403, 403}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("statuses %v, want %v", got, want)
	}
	if rec := controlIn(srv, "DELETE", "/_mock/faults", ""); rec.status != http.StatusNoContent {
		t.Fatalf("DELETE faults: %d", rec.status)
	}
	if got := serveIn(srv.Handler(), "GET", "/user/codespaces/x", "Bearer other", "").Code; got != http.StatusNotFound {
		t.Errorf("after DELETE: %d, want 404", got)
	}

	for _, c := range []struct{ name, body, inMessage string }{
		{"no fault", `{"operation": "codespaces/list-for-authenticated-user"}`, `"fault" is required`},
		{"bad fault", `{"fault": "status=200"}`, "not an error status"},
		{"unknown setting", `{"fault": "explode"}`, `unknown setting "explode"`},
		{"unknown operation", `{"fault": "drop", "operation": "codespaces/nope"}`, `"codespaces/nope"`},
		{"both", `{"fault": "drop", "operation": "codespaces/list-for-authenticated-user", "path": "/user/codespaces"}`, "not both"},
		{"bad method", `{"fault": "drop", "method": "FETCH"}`, `"FETCH"`},
		{"relative path", `{"fault": "drop", "path": "user/codespaces"}`, "must begin with /"},
	} {
		wantControlError(t, c.name, controlIn(srv, "POST", "/_mock/faults", c.body), 422, c.inMessage)
	}
}

// TestControlFaultsAreBounded: a client that posts faults for ever holds at
// most 1000 that may still hit; spent ones make room.
func TestControlFaultsAreBounded(t *testing.T) {
	srv := mock.New(mock.WithOctocatToken("tok"))
	for i := range 1000 {
		if rec := controlIn(srv, "POST", "/_mock/faults", `{"fault": "status=500;count=1", "path": "/nowhere"}`); rec.status != http.StatusCreated {
			t.Fatalf("fault %d: %d %s", i, rec.status, rec.body)
		}
	}
	wantControlError(t, "fault 1001", controlIn(srv, "POST", "/_mock/faults", `{"fault": "status=500;count=1", "operation": "codespaces/list-for-authenticated-user"}`), 422, "DELETE /_mock/faults")
	if rec := controlIn(srv, "DELETE", "/_mock/faults", ""); rec.status != http.StatusNoContent {
		t.Fatal(rec.status)
	}
	if rec := controlIn(srv, "POST", "/_mock/faults", `{"fault": "status=500;count=1", "operation": "codespaces/list-for-authenticated-user"}`); rec.status != http.StatusCreated {
		t.Fatalf("after DELETE: %d %s", rec.status, rec.body)
	}
}

// TestControlRequests reads the request log over HTTP, filtered, and
// refuses a filter it cannot apply rather than answer nothing.
func TestControlRequests(t *testing.T) {
	srv := mock.New(mock.WithOctocatToken("tok"), mock.WithClock(func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }))
	serveIn(srv.Handler(), "GET", "/user/codespaces", "Bearer tok", "")
	serveIn(srv.Handler(), "GET", "/user/codespaces/x", "Bearer tok", "")
	rec := controlIn(srv, "GET", "/_mock/requests?operation=codespaces/get-for-authenticated-user", "")
	if rec.status != http.StatusOK {
		t.Fatalf("requests: %d %s", rec.status, rec.body)
	}
	want := `{"total_count":1,"requests":[{"seq":2,"time":"2026-01-02T03:04:05Z","method":"GET","path":"/user/codespaces/x",` +
		`"operation":"codespaces/get-for-authenticated-user","user":"octocat","status":404,"body_size":0}]}`
	if got := strings.TrimSpace(string(rec.body)); got != want {
		t.Errorf("requests:\n got %s\nwant %s", got, want)
	}
	if rec := controlIn(srv, "GET", "/_mock/requests?method=GET&path=/user/codespaces", ""); !strings.Contains(string(rec.body), `"total_count":1,`) {
		t.Errorf("by method and path: %s", rec.body)
	}
	wantControlError(t, "unknown parameter", controlIn(srv, "GET", "/_mock/requests?operation_id=x", ""), 422, `"operation_id"`)
	wantControlError(t, "unknown operation", controlIn(srv, "GET", "/_mock/requests?operation=codespaces/gett", ""), 422, `"codespaces/gett"`)
	if rec := controlIn(srv, "DELETE", "/_mock/requests", ""); rec.status != http.StatusNoContent {
		t.Fatalf("DELETE requests: %d", rec.status)
	}
	if rec := controlIn(srv, "GET", "/_mock/requests", ""); !strings.Contains(string(rec.body), `"total_count":0,"requests":[]`) {
		t.Errorf("after DELETE: %s", rec.body)
	}
}

// TestControlRefusals: the control API's errors are GitHub-style, with
// the status that says what went wrong, and it needs no token.
func TestControlRefusals(t *testing.T) {
	srv := mock.New()
	for _, c := range []struct {
		name, method, path, body string
		status                   int
		inMessage                string
	}{
		{"unknown endpoint", "POST", "/_mock/nothing", "", 404, `"/_mock/nothing"`},
		{"no name", "POST", "/_mock/codespaces//fail", "", 404, "no"},
		{"bad JSON", "POST", "/_mock/codespaces/fail-next", `{"count":`, 400, "Problems parsing JSON"},
		{"two values", "POST", "/_mock/codespaces/fail-next", `{} {}`, 400, "Problems parsing JSON"},
		{"unknown property", "POST", "/_mock/codespaces/fail-next", `{"cuont": 1}`, 422, `"cuont" is not a property`},
		{"wrong type", "POST", "/_mock/codespaces/fail-next", `{"count": "1"}`, 422, `"count" must be int, not string`},
		{"count too small", "POST", "/_mock/codespaces/retry-next", `{"count": 0}`, 422, "between 1 and 1000"},
		{"count too large", "POST", "/_mock/codespaces/retry-next", `{"count": 1001}`, 422, "between 1 and 1000"},
		{"huge body", "POST", "/_mock/codespaces/retry-next", `{"count": 1` + strings.Repeat(" ", 64<<10) + `}`, 413, "larger than 64 KiB"},
		{"bad duration", "PUT", "/_mock/codespaces/x/pending-operation", `{"duration": "soon"}`, 422, `"soon"`},
		{"permissions without login", "POST", "/_mock/devcontainer-permissions", `{"owner": "octocat"}`, 422, `"login" is required`},
		{"permissions of nothing", "POST", "/_mock/devcontainer-permissions", `{"login": "octocat", "owner": "octocat", "repo": "Hello-World", "devcontainer_path": "nope.json"}`, 404, "No such"},
	} {
		wantControlError(t, c.name, controlIn(srv, c.method, c.path, c.body), c.status, c.inMessage)
	}
	rec := controlIn(srv, "GET", "/_mock/faults", "")
	wantControlError(t, "wrong method", rec, 405, `takes DELETE or POST, not "GET"`)
	if got := rec.header.Get("Allow"); got != "DELETE, POST" {
		t.Errorf("Allow: %q, want DELETE, POST", got)
	}
	if got := srv.Report().Summary().Calls; got != 0 {
		t.Errorf("the report counted %d calls of the control API, want none", got)
	}
}

// TestControlRotateKeyAndPermissions: the key pair is replaced; a user
// accepts a devcontainer's permissions.
func TestControlRotateKeyAndPermissions(t *testing.T) {
	srv := mock.New(mock.WithOctocatToken("tok"))
	_, before := srv.PublicKey()
	if rec := controlIn(srv, "POST", "/_mock/keys/rotate", ""); rec.status != http.StatusNoContent {
		t.Fatalf("rotate: %d %s", rec.status, rec.body)
	}
	if _, after := srv.PublicKey(); after == before {
		t.Errorf("the key id stayed %s", after)
	}
	serveIn(srv.Handler(), "GET", "/user/codespaces", "Bearer tok", "")
	check := "/repos/octocat/Hello-World/codespaces/permissions_check?ref=master&devcontainer_path=.devcontainer/foobar/devcontainer.json"
	accepted := func() string {
		rec := serveIn(srv.Handler(), "GET", check, "Bearer tok", "")
		return strings.TrimSpace(rec.Body.String())
	}
	if got := accepted(); got != `{"accepted":false}` {
		t.Fatalf("before: %s", got)
	}
	rec := controlIn(srv, "POST", "/_mock/devcontainer-permissions",
		`{"login": "octocat", "owner": "octocat", "repo": "Hello-World", "devcontainer_path": ".devcontainer/foobar/devcontainer.json"}`)
	if rec.status != http.StatusNoContent {
		t.Fatalf("accept: %d %s", rec.status, rec.body)
	}
	if got := accepted(); got != `{"accepted":true}` {
		t.Errorf("after: %s", got)
	}
}

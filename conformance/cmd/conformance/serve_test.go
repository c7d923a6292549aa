package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/codespaces-go/codespaces/conformance/validate"
)

// serveUntil runs "conformance serve" with args, lets client talk to it,
// interrupts it and returns its exit code and all it printed.
func serveUntil(t *testing.T, client func(base string), args ...string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := newSyncBuffer()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "-addr", "127.0.0.1:0"}, args...), out, io.Discard, env{}.get)
	}()
	loopback := regexp.MustCompile(`http://127\.0\.0\.1:\d+`)
	timeout := time.After(10 * time.Second)
	base := loopback.FindString(out.String())
	for base == "" {
		select {
		case <-out.wrote:
		case code := <-done:
			t.Fatalf("serve exited %d before it printed a URL: %q", code, out.String())
		case <-timeout:
			t.Fatalf("serve printed no URL: %q", out.String())
		}
		base = loopback.FindString(out.String())
	}
	client(base)
	cancel()
	select {
	case code := <-done:
		return code, out.String()
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop after the interrupt")
	}
	return 0, ""
}

// syncBuffer is what serve prints, read while it runs. wrote is signalled
// after each write, so a test waits for output instead of polling for it.
type syncBuffer struct {
	mu    sync.Mutex
	b     strings.Builder
	wrote chan struct{}
}

func newSyncBuffer() *syncBuffer { return &syncBuffer{wrote: make(chan struct{}, 1)} }

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	n, err := s.b.Write(p)
	s.mu.Unlock()
	select {
	case s.wrote <- struct{}{}:
	default: // a signal is pending already
	}
	return n, err
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func send(t *testing.T, method, url, token, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// TestServeReportsAnotherClientsTraffic: a client that is not the runner
// (plain HTTP here, with a request that breaks the spec) talks to serve;
// the report so far is at /_mock/report, -report and -json are written on
// shutdown, and the exit is 1 because the client broke the spec.
func TestServeReportsAnotherClientsTraffic(t *testing.T) {
	dir := t.TempDir()
	md, js := filepath.Join(dir, "report.md"), filepath.Join(dir, "report.json")
	code, out := serveUntil(t, func(base string) {
		if status, body := send(t, "GET", base+"/user/codespaces", "someone", ""); status != 200 {
			t.Errorf("list: %d %s", status, body)
		}
		// An undocumented query parameter: served, and a violation of the client's.
		send(t, "GET", base+"/user/codespaces?perPage=5", "someone", "")
		status, body := send(t, "GET", base+"/_mock/report", "", "")
		var live struct {
			Summary struct{ Calls, Violations int }
		}
		if err := json.Unmarshal(body, &live); err != nil || status != 200 || live.Summary.Calls != 2 || live.Summary.Violations != 1 {
			t.Errorf("GET /_mock/report: %d %s, want JSON with 2 calls and 1 violation", status, body)
		}
		if status, body := send(t, "GET", base+"/_mock/report?format=markdown", "", ""); status != 200 || !strings.Contains(string(body), "perPage") {
			t.Errorf("the Markdown report: %d %s, want it to name the undocumented parameter", status, body)
		}
	}, "-report", md, "-json", js)
	if code != exitFail {
		t.Errorf("serve exited %d after a client broke the spec, want %d\n%s", code, exitFail, out)
	}
	if !strings.Contains(out, "; 1 violation (1 error: 1 in requests, 0 in answers; 0 warnings)") {
		t.Errorf("serve's last words do not count the client's violation:\n%s", out)
	}
	mdBody, err := os.ReadFile(md)
	if err != nil || !strings.Contains(string(mdBody), "codespaces/list-for-authenticated-user") || !strings.Contains(string(mdBody), "perPage") {
		t.Errorf("-report wrote %q (%v), want the exchanges and the violation", mdBody, err)
	}
	jsBody, err := os.ReadFile(js)
	var decoded struct{ Summary struct{ Calls int } }
	if err != nil || json.Unmarshal(jsBody, &decoded) != nil || decoded.Summary.Calls != 2 {
		t.Errorf("-json wrote %q (%v), want 2 calls", jsBody, err)
	}
}

// TestServeCountsAsItsReportDoes: the report said "errors: 2" where serve's
// last line said "1 requests broke the spec" (issue 20): the report counted
// occurrences, serve distinct entries, and requests to two unknown paths
// were one entry under the first path. Now every count is the report's
// Summary, the same in the JSON, the Markdown and the last line, and each
// unknown path is listed.
func TestServeCountsAsItsReportDoes(t *testing.T) {
	var jsonReport, mdReport []byte
	_, out := serveUntil(t, func(base string) {
		send(t, "GET", base+"/user/codespacez", "tok", "")
		send(t, "GET", base+"/nothing/here", "tok", "")
		send(t, "GET", base+"/nothing/here", "tok", "")
		// Two undocumented parameters in one request: two violations.
		send(t, "GET", base+"/user/codespaces?perPage=5&sort=name", "tok", "")
		send(t, "GET", base+"/user/codespaces", "", "") // a 401 breaks nothing
		_, jsonReport = send(t, "GET", base+"/_mock/report", "", "")
		_, mdReport = send(t, "GET", base+"/_mock/report?format=markdown", "", "")
	})
	var decoded struct {
		Summary    validate.Summary
		Operations []validate.OperationReport
	}
	if err := json.Unmarshal(jsonReport, &decoded); err != nil {
		t.Fatalf("GET /_mock/report: %v\n%s", err, jsonReport)
	}
	s := decoded.Summary
	if s.Errors != 5 || s.RequestErrors != 5 || s.ResponseErrors != 0 || s.Warnings != 0 || s.Violations != 5 {
		t.Errorf("the report's summary = %+v, want 5 errors, all in requests", s)
	}
	want := "5 violations (5 errors: 5 in requests, 0 in answers; 0 warnings)"
	if s.ViolationCounts() != want {
		t.Errorf("ViolationCounts() = %q, want %q", s.ViolationCounts(), want)
	}
	if !strings.Contains(out, "the mock stopped after 5 requests to 1 operations; "+want) {
		t.Errorf("serve's last line does not count as the report does (%q):\n%s", want, out)
	}
	if !strings.Contains(string(mdReport), "; "+want+".") {
		t.Errorf("the Markdown report does not count as the report does (%q):\n%s", want, mdReport)
	}
	paths := map[string]int{}
	for _, op := range decoded.Operations {
		if op.ID != "" {
			continue
		}
		for _, v := range op.Violations {
			paths[v.Path] += v.Count
		}
	}
	if len(paths) != 2 || paths["/user/codespacez"] != 1 || paths["/nothing/here"] != 2 {
		t.Errorf("the unknown paths in the report: %v, want /user/codespacez once and /nothing/here twice", paths)
	}
	for _, line := range []string{"GET `/user/codespacez`\n", "GET `/nothing/here` ×2\n", "| (no operation) |  | `` | 3 | 404 ×3 | 3 | 0 |"} {
		if !strings.Contains(string(mdReport), line) {
			t.Errorf("the Markdown report lacks %q:\n%s", line, mdReport)
		}
	}
}

// TestServeOptions: -octocat-token chooses octocat; a clean client's run
// exits 0; -state-duration makes provisioning take real time; -public-url
// puts the URLs in answers on the outside address.
func TestServeOptions(t *testing.T) {
	code, out := serveUntil(t, func(base string) {
		send(t, "GET", base+"/user/codespaces", "first", "")
		status, body := send(t, "POST", base+"/repos/octocat/Hello-World/codespaces", "octo", `{}`)
		var cs struct {
			State, URL string
			Owner      struct{ Login string }
		}
		if err := json.Unmarshal(body, &cs); err != nil || status != 201 {
			t.Fatalf("create: %d %s", status, body)
		}
		if cs.Owner.Login != "octocat" {
			t.Errorf("-octocat-token: the owner is %s, want octocat", cs.Owner.Login)
		}
		if cs.State != "Provisioning" {
			t.Errorf("-state-duration Provisioning=1m: the new codespace is %s, want Provisioning for a minute", cs.State)
		}
		if !strings.HasPrefix(cs.URL, "https://codespaces.example.com/api/user/codespaces/") {
			t.Errorf("-public-url: url %s, want it on https://codespaces.example.com/api", cs.URL)
		}
	}, "-octocat-token", "octo", "-state-duration", "Queued=0s,Provisioning=1m", "-public-url", "https://codespaces.example.com/api")
	if code != exitPass {
		t.Errorf("serve exited %d after clean traffic, want 0\n%s", code, out)
	}
}

// TestServeMachineChangePending: -machine-change-pending lets a client of
// any language put a codespace into a pending operation, as GitHub does
// while it moves one to another machine: start, stop, update and export
// answer 422 for that many reads of the codespace.
func TestServeMachineChangePending(t *testing.T) {
	code, out := serveUntil(t, func(base string) {
		status, body := send(t, "POST", base+"/repos/octocat/Hello-World/codespaces", "tok", `{}`)
		var cs struct{ Name string }
		if err := json.Unmarshal(body, &cs); err != nil || status != 201 {
			t.Fatalf("create: %d %s", status, body)
		}
		url := base + "/user/codespaces/" + cs.Name
		pending := func(what string, status int, body []byte) bool {
			t.Helper()
			var got struct {
				PendingOperation *bool `json:"pending_operation"`
			}
			if err := json.Unmarshal(body, &got); err != nil || status != 200 || got.PendingOperation == nil {
				t.Fatalf("%s: %d %s", what, status, body)
			}
			return *got.PendingOperation
		}
		if status, body := send(t, "PATCH", url, "tok", `{"machine":"premiumLinux"}`); !pending("move to premiumLinux", status, body) {
			t.Error("the PATCH that moved the codespace answered pending_operation false")
		}
		status, body = send(t, "POST", url+"/stop", "tok", "")
		if status != 422 || !strings.Contains(string(body), "your codespace has an operation pending: ") {
			t.Errorf("stop while pending: %d %s, want GitHub's 422", status, body)
		}
		if status, body := send(t, "GET", url, "tok", ""); !pending("first read", status, body) {
			t.Error("the first read shows no pending operation; it should last 1 read")
		}
		if status, body := send(t, "GET", url, "tok", ""); pending("second read", status, body) {
			t.Error("the second read still shows the operation pending")
		}
		if status, body := send(t, "POST", url+"/stop", "tok", ""); status != 200 {
			t.Errorf("stop once the operation ended: %d %s", status, body)
		}
	}, "-machine-change-pending", "1")
	if code != exitPass {
		t.Errorf("serve exited %d, want 0: the 422s are GitHub's, documented by the overlay\n%s", code, out)
	}
}

func TestServeRefusesBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-state-duration", "Provisioning"},
		{"-state-duration", "Provisioning=-1s"},
		{"-public-url", "codespaces.example.com"},
		{"-duration", "-1s"},
		{"-machine-change-pending", "-1"},
		{"-report", filepath.Join(t.TempDir(), "missing", "report.md")},
	} {
		if code := run(context.Background(), append([]string{"serve", "-addr", "127.0.0.1:0"}, args...), io.Discard, io.Discard, env{}.get); code != exitUsage {
			t.Errorf("serve %v: exit %d, want %d", args, code, exitUsage)
		}
	}
}

// TestServeWorld: -world serves the world a document describes, its users
// known by their tokens; PUT /_mock/world replaces it, POST /_mock/reset
// goes back to it.
func TestServeWorld(t *testing.T) {
	file := filepath.Join(t.TempDir(), "world.yaml")
	doc := `users:
  - {login: mona, id: 2, token: mona-token}
repositories:
  - {owner: mona, name: lab, id: 7, default_branch: trunk}
machines:
  - {name: tinyLinux, display_name: "2 cores", cpus: 2, memory_in_bytes: 4294967296, storage_in_bytes: 34359738368}
`
	if err := os.WriteFile(file, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out := serveUntil(t, func(base string) {
		status, body := send(t, http.MethodPost, base+"/repos/mona/lab/codespaces", "mona-token", `{}`)
		var cs struct {
			Owner   struct{ Login string }
			Machine struct{ Name string }
		}
		if err := json.Unmarshal(body, &cs); status != http.StatusCreated || err != nil || cs.Owner.Login != "mona" || cs.Machine.Name != "tinyLinux" {
			t.Errorf("a create in mona/lab as mona: %d %s", status, body)
		}
		if status, body := send(t, http.MethodGet, base+"/repos/octocat/Hello-World/codespaces/machines", "mona-token", ""); status != http.StatusNotFound {
			t.Errorf("the default world's Hello-World in -world's: %d %s", status, body)
		}
		// Another world over HTTP: a bad one is refused naming the line and
		// the field, and changes nothing; a good one replaces this one.
		status, body = send(t, http.MethodPut, base+"/_mock/world", "", "machines:\n  - name: x\n")
		if status != http.StatusUnprocessableEntity || !strings.Contains(string(body), "line 2: machines[0].display_name: is required") {
			t.Errorf("PUT /_mock/world of a bad world: %d %s", status, body)
		}
		if status, body := send(t, http.MethodGet, base+"/user/codespaces", "mona-token", ""); status != http.StatusOK || !strings.Contains(string(body), `"total_count":1`) {
			t.Errorf("mona's codespaces after a refused world: %d %s", status, body)
		}
		if status, body := send(t, http.MethodPut, base+"/_mock/world", "", `{"users": [{"login": "lisa", "id": 3, "token": "lisa-token"}], "machines": [{"name": "m", "display_name": "M", "cpus": 1, "memory_in_bytes": 1, "storage_in_bytes": 1}]}`); status != http.StatusNoContent {
			t.Errorf("PUT /_mock/world: %d %s", status, body)
		}
		if status, body := send(t, http.MethodGet, base+"/repos/mona/lab/codespaces/machines", "lisa-token", ""); status != http.StatusNotFound {
			t.Errorf("mona/lab in the world that replaced hers: %d %s", status, body)
		}
		// A reset goes back to -world's, without what requests made.
		if status, body := send(t, http.MethodPost, base+"/_mock/reset", "", ""); status != http.StatusNoContent {
			t.Errorf("POST /_mock/reset: %d %s", status, body)
		}
		if status, body := send(t, http.MethodGet, base+"/user/codespaces", "mona-token", ""); status != http.StatusOK || !strings.Contains(string(body), `"total_count":0`) {
			t.Errorf("mona's codespaces after a reset: %d %s", status, body)
		}
		if status, body := send(t, http.MethodGet, base+"/_mock/world", "", ""); status != http.StatusOK || !strings.Contains(string(body), `"login":"mona"`) || strings.Contains(string(body), "mona-token") {
			t.Errorf("GET /_mock/world after a reset: %d %s, want -world's, without its tokens", status, body)
		}
	}, "-world", file)
	if code != exitPass {
		t.Errorf("serve exited %d, want 0\n%s", code, out)
	}
}

// TestServeRefusesABadWorld: a bad -world is a usage error that names the
// file, the line and the field.
func TestServeRefusesABadWorld(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "world.yaml")
	if err := os.WriteFile(file, []byte("machines:\n  - name: m\n    display_name: m\n    cpus: 0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ file, want string }{
		{file, file + ":4: machines[0].cpus: 0 is not a positive integer"},
		{filepath.Join(dir, "missing.yaml"), "-world: open " + filepath.Join(dir, "missing.yaml")},
	} {
		var stderr syncBuffer
		code := run(context.Background(), []string{"serve", "-addr", "127.0.0.1:0", "-world", tc.file}, io.Discard, &stderr, env{}.get)
		if code != exitUsage || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("serve -world %s: exit %d, %q; want %d and %q", tc.file, code, stderr.String(), exitUsage, tc.want)
		}
	}
}

package mock_test

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/codespaces-go/codespaces/internal/modroot"

	govcr "gopkg.in/dnaeon/go-vcr.v3/cassette"

	"github.com/codespaces-go/codespaces/conformance/mock"
	"github.com/codespaces-go/codespaces/conformance/validate"
)

// errorBody decodes a GitHub-style error body, failing the test if it is not one.
func errorBody(t *testing.T, body []byte) (message, docs string) {
	t.Helper()
	var e struct {
		Message          string `json:"message"`
		DocumentationURL string `json:"documentation_url"`
	}
	if err := json.Unmarshal(body, &e); err != nil || e.Message == "" || e.DocumentationURL == "" {
		t.Fatalf("body %s is not GitHub-style (%v)", body, err)
	}
	return e.Message, e.DocumentationURL
}

// TestUserAgentIsRequired: GitHub refuses a request without a User-Agent
// with 403, before anything else (even an unknown path or no token).
func TestUserAgentIsRequired(t *testing.T) {
	srv, base := start(t)
	for _, path := range []string{"/user/codespaces", "/user/nope"} {
		for _, auth := range []string{"Bearer tok", ""} {
			// An empty User-Agent makes net/http send none.
			status, body, _ := do(t, http.MethodGet, base+path, auth, "", "User-Agent", "")
			if status != http.StatusForbidden {
				t.Fatalf("GET %s without a User-Agent: %d %s, want 403", path, status, body)
			}
			if msg, _ := errorBody(t, body); !strings.Contains(msg, "User-Agent") {
				t.Errorf("403 message %q does not name the User-Agent header", msg)
			}
		}
	}
	if status, body, _ := do(t, http.MethodGet, base+"/user/codespaces", "Bearer tok", "", "User-Agent", "curl/8.5.0"); status != http.StatusOK {
		t.Errorf("with a User-Agent: %d %s, want 200", status, body)
	}
	if vs := srv.Violations(); len(vs) != 0 {
		t.Errorf("the gate's 403 counts as violations: %v", vs)
	}
}

// TestAPIVersionGate: an X-GitHub-Api-Version GitHub does not serve is a
// 400 naming the ones it does; a served one, or none, goes through.
func TestAPIVersionGate(t *testing.T) {
	_, base := start(t)
	for version, want := range map[string]int{"2022-11-28": 200, "2026-03-10": 200, "2020-01-01": 400, "latest": 400, "": 400} {
		status, body, _ := get(t, base+"/user/codespaces", "tok", "X-GitHub-Api-Version", version)
		if status != want {
			t.Errorf("X-GitHub-Api-Version %q: %d %s, want %d", version, status, body, want)
			continue
		}
		if want == 400 {
			if msg, _ := errorBody(t, body); !strings.Contains(msg, "2022-11-28") || !strings.Contains(msg, "X-GitHub-Api-Version") {
				t.Errorf("400 message %q does not name the header and the supported versions", msg)
			}
		}
	}
	if status, body, _ := get(t, base+"/user/codespaces", "tok"); status != http.StatusOK {
		t.Errorf("without the header: %d %s, want 200 (GitHub's default version)", status, body)
	}
}

// TestRateLimitHeadersCountDownPerUser: every answer carries the five
// headers, each user (and each IP without credentials) has its own budget,
// a 304 costs nothing, a spent budget is refused until the window resets.
func TestRateLimitHeadersCountDownPerUser(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)}
	_, base := start(t, mock.WithClock(clock.Now), mock.WithRateLimit(mock.RateLimit{Limit: 3, Anonymous: 2, Window: time.Minute}))
	remaining := func(h http.Header) string { return h.Get("X-RateLimit-Remaining") }

	_, _, h := get(t, base+"/user/codespaces", "alice")
	for name, want := range map[string]string{"X-RateLimit-Limit": "3", "X-RateLimit-Remaining": "2", "X-RateLimit-Used": "1",
		"X-RateLimit-Resource": "core", "X-RateLimit-Reset": strconv.FormatInt(clock.Now().Add(time.Minute).Unix(), 10)} {
		if got := h.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	etag := h.Get("ETag")
	status, _, h := get(t, base+"/user/codespaces", "alice", "If-None-Match", etag)
	if status != http.StatusNotModified || remaining(h) != "2" {
		t.Errorf("conditional GET: %d with %s remaining, want 304 that costs nothing (2)", status, remaining(h))
	}
	if _, _, h := get(t, base+"/user/codespaces", "bob"); remaining(h) != "2" {
		t.Errorf("another user: %s remaining, want its own budget (2)", remaining(h))
	}
	get(t, base+"/user/codespaces", "alice")
	if _, _, h := get(t, base+"/user/codespaces", "alice"); remaining(h) != "0" {
		t.Fatalf("third request: %s remaining, want 0", remaining(h))
	}
	status, body, h := get(t, base+"/user/codespaces", "alice")
	if status != http.StatusForbidden || remaining(h) != "0" || h.Get("X-RateLimit-Reset") == "" {
		t.Fatalf("over the limit: %d, remaining %q, reset %q; want 403, 0 and the reset", status, remaining(h), h.Get("X-RateLimit-Reset"))
	}
	if msg, docs := errorBody(t, body); !strings.Contains(msg, "API rate limit exceeded for user ID") || !strings.Contains(docs, "rate-limits") {
		t.Errorf("403 body %s, want GitHub's rate-limit message", body)
	}

	if status, _, h := get(t, base+"/user/nope", "bob"); status != http.StatusNotFound || remaining(h) != "1" {
		t.Errorf("an unknown path: %d with %s remaining, want 404 counted against bob (1 left)", status, remaining(h))
	}

	status, _, h = do(t, http.MethodGet, base+"/user/codespaces", "", "")
	if status != http.StatusUnauthorized || h.Get("X-RateLimit-Limit") != "2" || remaining(h) != "1" {
		t.Errorf("without credentials: %d, limit %q, remaining %q; want 401 on the IP's budget of 2", status, h.Get("X-RateLimit-Limit"), remaining(h))
	}

	clock.advance(time.Minute)
	if status, _, h := get(t, base+"/user/codespaces", "alice"); status != http.StatusOK || remaining(h) != "2" {
		t.Errorf("after the window: %d with %s remaining, want 200 and a fresh budget", status, remaining(h))
	}
}

// TestRateLimitCanAnswer429AndBeSpentOnPurpose: GitHub answers a spent
// primary limit with 403 or 429; SetRateLimitRemaining spends it for a test.
func TestRateLimitCanAnswer429AndBeSpentOnPurpose(t *testing.T) {
	srv, base := start(t, mock.WithOctocatToken("octo"), mock.WithRateLimit(mock.RateLimit{Status: http.StatusTooManyRequests}))
	if _, _, h := get(t, base+"/user/codespaces", "octo"); h.Get("X-RateLimit-Limit") != "5000" {
		t.Errorf("default limit %q, want GitHub's 5000", h.Get("X-RateLimit-Limit"))
	}
	if srv.SetRateLimitRemaining("nobody", 0) {
		t.Error("SetRateLimitRemaining accepted a login no token has")
	}
	if !srv.SetRateLimitRemaining(mock.OctocatLogin, 1) {
		t.Fatal("SetRateLimitRemaining refused octocat")
	}
	if status, _, h := get(t, base+"/user/codespaces", "octo"); status != http.StatusOK || h.Get("X-RateLimit-Remaining") != "0" {
		t.Errorf("the last request: %d with %s remaining, want 200 and 0", status, h.Get("X-RateLimit-Remaining"))
	}
	status, body, _ := get(t, base+"/user/codespaces", "octo")
	if status != http.StatusTooManyRequests {
		t.Fatalf("spent: %d %s, want 429", status, body)
	}
	errorBody(t, body)
	if vs := srv.Violations(); len(vs) != 0 {
		t.Errorf("the rate limit's answers count as violations: %v", vs)
	}
}

// TestJSONWhateverTheContentType: GitHub reads a body as JSON whatever the
// header says, so the curl examples of its reference pages, whose -d sends
// application/x-www-form-urlencoded, are served. Each docs cassette's
// request goes once as JSON and once as curl sends it, to mocks alike; the
// answers must be the same, and the report must warn about the header.
func TestJSONWhateverTheContentType(t *testing.T) {
	root, err := modroot.Find(".")
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(root, "cassettes", "docs", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no docs cassettes (%v)", err)
	}
	sent := 0
	for _, file := range files {
		c, err := govcr.Load(strings.TrimSuffix(file, ".yaml"))
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for _, in := range c.Interactions {
			if in.Request.Body == "" {
				continue
			}
			path := strings.TrimPrefix(in.Request.URL, "https://api.github.com")
			var statuses []int
			var warned bool
			for _, contentType := range []string{"application/json", "application/x-www-form-urlencoded"} {
				srv, base := start(t, mock.WithOctocatToken("tok"))
				status, body, _ := do(t, in.Request.Method, base+path, "Bearer tok", in.Request.Body, "Content-Type", contentType)
				if strings.Contains(string(body), "Problems parsing JSON") || status == http.StatusUnsupportedMediaType {
					t.Errorf("%s %s as %s: %d %s; want the body read as JSON", in.Request.Method, path, contentType, status, body)
				}
				statuses = append(statuses, status)
				for _, v := range srv.Report().Violations() {
					warned = warned || v.Kind == validate.KindContentType && v.Status == 0
				}
			}
			sent++
			if statuses[0] != statuses[1] {
				t.Errorf("%s %s: %d as JSON, %d as curl's -d sends it; want the same", in.Request.Method, path, statuses[0], statuses[1])
			}
			if !warned {
				t.Errorf("%s %s: the report does not warn about the form Content-Type", in.Request.Method, path)
			}
		}
	}
	if sent < 8 {
		t.Errorf("sent %d requests with a body, want at least the pages' 8", sent)
	}
}

package mock_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/codespaces-go/codespaces/conformance/mock"
)

// The answers below are held to GitHub's as octokit.rb's cassettes recorded
// them on api.github.com (spec/cassettes/Octokit_Client_CodespacesSecrets,
// 2023; see headers.go) and as jcabi/jcabi-github#1540 and cli/cli#7819
// quote GitHub's error answers.

var (
	weakETag   = regexp.MustCompile(`^W/"[0-9a-f]{64}"$`)
	strongETag = regexp.MustCompile(`^"[0-9a-f]{64}"$`)
	// e.g. CBA8:37E4:9B0FC:A0695:6578EEB8 (octokit.rb's cassettes).
	requestID = regexp.MustCompile(`^[0-9A-F]{4}:[0-9A-F]{4,6}:[0-9A-F]{4,7}:[0-9A-F]{4,7}:[0-9A-F]{8}$`)
)

const gitHubExposed = "ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, X-RateLimit-Remaining, " +
	"X-RateLimit-Used, X-RateLimit-Resource, X-RateLimit-Reset, X-OAuth-Scopes, X-Accepted-OAuth-Scopes, " +
	"X-Poll-Interval, X-GitHub-Media-Type, X-GitHub-SSO, X-GitHub-Request-Id, Deprecation, Sunset"

// headerWant is what an answer must carry: a header's value, a pattern, or
// "" for absent.
type headerWant map[string]any

func checkHeaders(t *testing.T, what string, h http.Header, want headerWant) {
	t.Helper()
	for name, w := range want {
		got, present := h.Get(name), len(h.Values(name)) > 0
		switch w := w.(type) {
		case string:
			if w == "" && present {
				t.Errorf("%s: %s is %q, want none", what, name, got)
			} else if w != "" && got != w {
				t.Errorf("%s: %s is %q, want %q", what, name, got, w)
			}
		case *regexp.Regexp:
			if !w.MatchString(got) {
				t.Errorf("%s: %s is %q, want it to match %s", what, name, got, w)
			}
		}
	}
}

// everyAnswer is on every answer of GitHub's, a 204's and an error's too.
var everyAnswer = headerWant{
	"X-GitHub-Media-Type":           "github.v3; format=json",
	"X-GitHub-Api-Version-Selected": "2022-11-28",
	"Access-Control-Expose-Headers": gitHubExposed,
	"Access-Control-Allow-Origin":   "*",
	"X-GitHub-Request-Id":           requestID,
}

func TestHeadersAsGitHubRecordedThem(t *testing.T) {
	_, base := start(t)
	const token = "ghp_classic"
	const secrets = "/user/codespaces/secrets"
	status, body, h := get(t, base+secrets+"/public-key", token)
	wantStatus(t, "public key", status, http.StatusOK, body)
	checkHeaders(t, "GET 200", h, everyAnswer)
	checkHeaders(t, "GET 200", h, headerWant{
		"Content-Type":            "application/json; charset=utf-8",
		"Cache-Control":           "private, max-age=60, s-maxage=60",
		"ETag":                    weakETag,
		"X-OAuth-Scopes":          "admin:org, codespace, repo",
		"X-Accepted-OAuth-Scopes": "codespace, codespace:secrets",
		"X-RateLimit-Resource":    "codespaces",
	})
	var k struct {
		Key   string
		KeyID string `json:"key_id"`
	}
	if err := json.Unmarshal(body, &k); err != nil {
		t.Fatal(err)
	}
	put := `{"encrypted_value":"` + sealTo(t, k.Key, "v") + `","key_id":"` + k.KeyID + `"}`

	status, body, h = do(t, http.MethodPut, base+secrets+"/NEW", "Bearer "+token, put)
	wantStatus(t, "create", status, http.StatusCreated, body)
	checkHeaders(t, "PUT 201", h, everyAnswer)
	checkHeaders(t, "PUT 201", h, headerWant{
		"Content-Type":  "application/json; charset=utf-8",
		"Cache-Control": "private, max-age=60, s-maxage=60",
		"ETag":          strongETag,
	})

	status, body, h = do(t, http.MethodPut, base+secrets+"/new", "Bearer "+token, put)
	wantStatus(t, "update (the name is found whatever its case)", status, http.StatusNoContent, body)
	checkHeaders(t, "PUT 204", h, everyAnswer)
	checkHeaders(t, "PUT 204", h, headerWant{"Content-Type": "", "ETag": "", "Cache-Control": ""})

	status, body, h = get(t, base+"/user/codespaces/no-such-codespace", token)
	wantStatus(t, "unknown codespace", status, http.StatusNotFound, body)
	checkHeaders(t, "GET 404", h, everyAnswer)
	checkHeaders(t, "GET 404", h, headerWant{
		"Content-Type":            "application/json; charset=utf-8",
		"Cache-Control":           "",
		"ETag":                    "",
		"X-Accepted-OAuth-Scopes": "codespace",
		"X-RateLimit-Resource":    "core",
	})

	status, body, h = get(t, base+"/orgs/octo-org/codespaces", token, "X-GitHub-Api-Version", "2026-03-10")
	wantStatus(t, "organization's codespaces", status, http.StatusOK, body)
	checkHeaders(t, "org GET", h, headerWant{"X-Accepted-OAuth-Scopes": "admin:org", "X-GitHub-Api-Version-Selected": "2026-03-10"})

	// A fine-grained token has no scopes: GitHub names none (octokit.rb's
	// repository-secret cassettes of July 2023).
	_, _, h = get(t, base+"/user/codespaces", "github_pat_fine")
	checkHeaders(t, "fine-grained", h, headerWant{"X-OAuth-Scopes": "", "X-Accepted-OAuth-Scopes": ""})
}

// TestRequestIDsAreUnique: GitHub's request ids name one request each.
func TestRequestIDsAreUnique(t *testing.T) {
	_, base := start(t)
	seen := map[string]bool{}
	for range 50 {
		_, _, h := get(t, base+"/user/codespaces", "tok")
		id := h.Get("X-GitHub-Request-Id")
		if seen[id] || !requestID.MatchString(id) {
			t.Fatalf("request id %q repeats or is not in GitHub's shape", id)
		}
		seen[id] = true
	}
}

// TestCodespacesResourceIsMeteredApart: the secrets operations are metered in
// the codespaces resource with their own count and reset, apart from core,
// as GitHub's recorded answers show (octokit.rb's cassettes: within one
// minute core had used 68 and codespaces 37, with different resets).
func TestCodespacesResourceIsMeteredApart(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)}
	_, base := start(t, mock.WithClock(clock.Now), mock.WithRateLimit(mock.RateLimit{Limit: 2}))
	const token = "tok"
	core, secrets := base+"/user/codespaces", base+"/user/codespaces/secrets"
	for i := range 2 {
		if status, _, h := get(t, core, token); status != http.StatusOK || h.Get("X-RateLimit-Used") != []string{"1", "2"}[i] {
			t.Fatalf("core request %d: %d, used %s", i+1, status, h.Get("X-RateLimit-Used"))
		}
	}
	clock.advance(time.Minute)
	status, _, h := get(t, secrets, token)
	checkHeaders(t, "secrets after core is spent", h, headerWant{"X-RateLimit-Resource": "codespaces", "X-RateLimit-Used": "1", "X-RateLimit-Remaining": "1"})
	if status != http.StatusOK {
		t.Errorf("secrets after core is spent: %d, want 200: codespaces has its own count", status)
	}
	// core's window began a minute before codespaces' first request.
	if want := strconv.FormatInt(clock.Now().Add(time.Hour).Unix(), 10); h.Get("X-RateLimit-Reset") != want {
		t.Errorf("codespaces reset %q, want its own window's end %s", h.Get("X-RateLimit-Reset"), want)
	}
	status, _, h = get(t, core, token)
	if status != http.StatusForbidden || h.Get("X-RateLimit-Resource") != "core" || h.Get("X-RateLimit-Remaining") != "0" {
		t.Errorf("core when spent: %d, resource %q, remaining %q; want 403 in core with 0", status, h.Get("X-RateLimit-Resource"), h.Get("X-RateLimit-Remaining"))
	}

	// The other way round: a spent codespaces resource leaves core alone.
	srv2, base2 := start(t)
	get(t, base2+"/user/codespaces", token) // make the user octocat
	if !srv2.SetRateLimitRemainingIn(mock.ResourceCodespaces, mock.OctocatLogin, 0) {
		t.Fatal("SetRateLimitRemainingIn refused octocat's codespaces resource")
	}
	if status, _, h := get(t, base2+"/user/codespaces/secrets/public-key", token); status != http.StatusForbidden || h.Get("X-RateLimit-Resource") != "codespaces" {
		t.Errorf("spent codespaces resource: %d in %q, want 403 in codespaces", status, h.Get("X-RateLimit-Resource"))
	}
	if status, _, h := get(t, base2+"/user/codespaces", token); status != http.StatusOK || h.Get("X-RateLimit-Resource") != "core" {
		t.Errorf("core beside a spent codespaces resource: %d in %q, want 200 in core", status, h.Get("X-RateLimit-Resource"))
	}
	if srv2.SetRateLimitRemainingIn("search", mock.OctocatLogin, 0) {
		t.Error("SetRateLimitRemainingIn accepted a resource the mock does not meter in")
	}

}

// TestRateLimitResourceOfEachOperation: the secrets operations, and only
// they, are metered in codespaces.
func TestRateLimitResourceOfEachOperation(t *testing.T) {
	for id, want := range map[string]string{
		"codespaces/get-org-public-key":                                 "codespaces",
		"codespaces/create-or-update-repo-secret":                       "codespaces",
		"codespaces/list-secrets-for-authenticated-user":                "codespaces",
		"codespaces/list-selected-repos-for-org-secret":                 "codespaces",
		"codespaces/list-for-authenticated-user":                        "core",
		"codespaces/start-for-authenticated-user":                       "core",
		"codespaces/list-in-organization":                               "core",
		"codespaces/no-such-operation":                                  "",
		"codespaces/repo-machines-for-authenticated-user":               "core",
		"codespaces/get-public-key-for-authenticated-user":              "codespaces",
		"codespaces/set-repositories-for-secret-for-authenticated-user": "codespaces",
	} {
		if got := mock.RateLimitResource(id); got != want {
			t.Errorf("RateLimitResource(%s) = %q, want %q", id, got, want)
		}
	}
}

// TestNotModifiedAndFaultHeaders: a 304 keeps its ETag and Cache-Control
// and has no Content-Type; a faulted rate limit names the resource the
// operation is metered in.
func TestNotModifiedAndFaultHeaders(t *testing.T) {
	_, base := start(t)
	_, _, h := get(t, base+"/user/codespaces", "tok")
	etag := h.Get("ETag")
	status, _, h := get(t, base+"/user/codespaces", "tok", "If-None-Match", etag)
	if status != http.StatusNotModified {
		t.Fatalf("If-None-Match %s: %d, want 304", etag, status)
	}
	checkHeaders(t, "304", h, everyAnswer)
	checkHeaders(t, "304", h, headerWant{"ETag": etag, "Cache-Control": "private, max-age=60, s-maxage=60", "Content-Type": ""})

	status, _, h = get(t, base+"/user/codespaces/secrets", "tok", mock.FaultHeader, "rate-limit")
	if status != http.StatusForbidden || h.Get("X-RateLimit-Resource") != "codespaces" || h.Get("X-RateLimit-Remaining") != "0" {
		t.Errorf("faulted rate limit on a secrets list: %d in %q with %q remaining, want 403 in codespaces with 0",
			status, h.Get("X-RateLimit-Resource"), h.Get("X-RateLimit-Remaining"))
	}
}

package client

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/codespaces-go/codespaces/gen"
	"github.com/codespaces-go/codespaces/spec"
)

func TestNewRejectsBadOptions(t *testing.T) {
	tests := []struct {
		name string
		opt  Option
		want string
	}{
		{"relative base URL", WithBaseURL("/user/codespaces"), "must start with https://"},
		{"base URL without host", WithBaseURL("https://"), "has no host"},
		{"base URL with credentials", WithBaseURL("https://user:" + testToken + "@api.octocorp.ghe.com"), "must not hold credentials"},
		{"base URL with a query", WithBaseURL("https://api.octocorp.ghe.com?x=1"), "query or fragment"},
		{"unparsable base URL", WithBaseURL("https://ghe example.com/%zz"), "not a URL"},
		{"token with a newline", WithToken(testToken + "\n"), "space or control character"},
		{"token with a space", WithToken("Bearer " + testToken), "space or control character"},
		{"empty user agent", WithUserAgent(""), "user agent is empty"},
		{"empty API version", WithAPIVersion(""), "API version is empty"},
		{"negative retry policy", WithRetryPolicy(RetryPolicy{MaxAttempts: -1}), "must not be negative"},
		{"empty token", WithToken(""), "the token is empty (leave WithToken out for an unauthenticated client)"},
		{"GitHub Enterprise Server", WithBaseURL("https://ghe.example.com/api/v3"), "GitHub Enterprise Server's REST API (/api/v3), which has no Codespaces API"},
		{"GitHub Enterprise Server, with a slash", WithBaseURL("https://ghe.example.com/API/v3/"), "has no Codespaces API"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(tt.opt)
			if err == nil {
				t.Fatalf("New succeeded (%v), want an error containing %q", c.BaseURL(), tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New: %v, want it to contain %q", err, tt.want)
			}
			mustContainNone(t, "the error", err.Error(), testToken)
		})
	}
}

// TestNewSkipsNilOptions: New(nil) used to panic; a nil option is skipped,
// and the options around it still apply.
func TestNewSkipsNilOptions(t *testing.T) {
	for _, tt := range []struct {
		opts []Option
		want string
	}{
		{[]Option{nil}, "https://api.github.com/"},
		{[]Option{nil, WithBaseURL("https://api.octocorp.ghe.com"), nil}, "https://api.octocorp.ghe.com/"},
	} {
		c, err := New(tt.opts...)
		if err != nil {
			t.Fatalf("New(%d options, some nil): %v", len(tt.opts), err)
		}
		if c.BaseURL() != tt.want {
			t.Errorf("BaseURL() = %q, want %q", c.BaseURL(), tt.want)
		}
	}
}

// TestBaseURLEndingInAPIV3Only: only a path that ends in /api/v3 is GitHub
// Enterprise Server's; a proxy's prefix that merely contains it is kept.
func TestBaseURLEndingInAPIV3Only(t *testing.T) {
	for _, base := range []string{"https://proxy.example.com/api/v3/github", "https://proxy.example.com/api", "https://proxy.example.com/xapi/v3x"} {
		if _, err := New(WithBaseURL(base)); err != nil {
			t.Errorf("New(WithBaseURL(%q)): %v", base, err)
		}
	}
}

func TestNewDefaults(t *testing.T) {
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	if got := c.BaseURL(); got != "https://api.github.com/" {
		t.Errorf("BaseURL() = %q, want https://api.github.com/", got)
	}
	if c.API() == nil || c.HTTPClient() == nil {
		t.Fatal("API() or HTTPClient() is nil")
	}
	if _, ok := c.RateLimit(); ok {
		t.Error("RateLimit() reports a limit before any request")
	}
}

// TestHeaders checks what every request carries, and that headers the caller
// set win over the defaults.
func TestHeaders(t *testing.T) {
	var mu sync.Mutex
	var got []http.Header
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.Header.Clone())
		mu.Unlock()
		writeJSON(w, 200, sampleCodespace("x", gen.CodespaceStateAvailable))
	}), WithUserAgent("my-tool/1.0"), WithAPIVersion("2026-03-10"))

	if _, err := c.GetCodespace(context.Background(), "x"); err != nil {
		t.Fatal(err)
	}
	_, err := c.API().CodespacesGetForAuthenticatedUserWithResponse(context.Background(), "x", func(_ context.Context, r *http.Request) error {
		r.Header.Set("Accept", "application/vnd.github.raw+json")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []map[string]string{
		{"Authorization": "Bearer " + testToken, "Accept": "application/vnd.github+json", "User-Agent": "my-tool/1.0", "X-Github-Api-Version": "2026-03-10"},
		{"Authorization": "Bearer " + testToken, "Accept": "application/vnd.github.raw+json", "User-Agent": "my-tool/1.0", "X-Github-Api-Version": "2026-03-10"},
	}
	if len(got) != len(want) {
		t.Fatalf("server saw %d requests, want %d", len(got), len(want))
	}
	for i := range want {
		for k, v := range want[i] {
			if g := got[i].Get(k); g != v {
				t.Errorf("request %d: %s = %q, want %q", i, k, g, v)
			}
		}
	}
}

func TestDefaultHeaders(t *testing.T) {
	var h http.Header
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h = r.Header.Clone()
		w.WriteHeader(http.StatusNoContent)
	}))
	if err := c.DeleteSecret(context.Background(), "S"); err != nil {
		t.Fatal(err)
	}
	if h.Get("User-Agent") != DefaultUserAgent || h.Get("X-GitHub-Api-Version") != DefaultAPIVersion {
		t.Errorf("User-Agent %q and X-GitHub-Api-Version %q, want the defaults", h.Get("User-Agent"), h.Get("X-GitHub-Api-Version"))
	}
}

func TestNoTokenNoAuthorization(t *testing.T) {
	var auth []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth = r.Header.Values("Authorization")
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	c, err := New(WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteSecret(context.Background(), "S"); err != nil {
		t.Fatal(err)
	}
	if len(auth) != 0 {
		t.Errorf("Authorization sent without a token: %q", auth)
	}
}

// TestBaseURLPathPrefix checks that a base URL with a path prefix (a proxy,
// or the mock served under one) keeps it, with or without a trailing slash,
// for the wrapper and the generated client.
func TestBaseURLPathPrefix(t *testing.T) {
	for _, suffix := range []string{"/github", "/github/"} {
		t.Run(suffix, func(t *testing.T) {
			var paths []string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				paths = append(paths, r.URL.Path)
				writeJSON(w, 200, sampleCodespace("x", gen.CodespaceStateAvailable))
			}))
			defer srv.Close()
			c, err := New(WithBaseURL(srv.URL+suffix), WithToken(testToken))
			if err != nil {
				t.Fatal(err)
			}
			if got, want := c.BaseURL(), srv.URL+"/github/"; got != want {
				t.Errorf("BaseURL() = %q, want %q", got, want)
			}
			if _, err := c.GetCodespace(context.Background(), "x"); err != nil {
				t.Fatal(err)
			}
			if _, err := c.API().CodespacesGetForAuthenticatedUserWithResponse(context.Background(), "x"); err != nil {
				t.Fatal(err)
			}
			want := []string{"/github/user/codespaces/x", "/github/user/codespaces/x"}
			if !reflect.DeepEqual(paths, want) {
				t.Errorf("paths %q, want %q", paths, want)
			}
		})
	}
}

// TestTokenStaysWithItsOrigin follows a redirect to another host: the token
// must not go along.
func TestTokenStaysWithItsOrigin(t *testing.T) {
	var elsewhere http.Header
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere = r.Header.Clone()
		writeJSON(w, 200, sampleCodespace("x", gen.CodespaceStateAvailable))
	}))
	defer other.Close()
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+testToken {
			t.Errorf("the API's own origin got Authorization %q", r.Header.Get("Authorization"))
		}
		http.Redirect(w, r, other.URL+"/moved", http.StatusFound)
	}))
	if _, err := c.GetCodespace(context.Background(), "x"); err != nil {
		t.Fatal(err)
	}
	if elsewhere == nil {
		t.Fatal("the redirect was not followed")
	}
	if v := elsewhere.Get("Authorization"); v != "" {
		t.Errorf("another origin got Authorization %q", v)
	}
}

// TestCallerHTTPClientKept checks that the caller's client is used (its
// transport sees the requests) and left unmodified.
func TestCallerHTTPClientKept(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	var seen int
	base := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		seen++
		if r.Header.Get("Authorization") == "" {
			t.Error("the caller's transport got a request without the token")
		}
		return http.DefaultTransport.RoundTrip(r)
	})
	hc := &http.Client{Transport: base}
	c, err := New(WithBaseURL(srv.URL), WithToken(testToken), WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteSecret(context.Background(), "S"); err != nil {
		t.Fatal(err)
	}
	if seen != 1 {
		t.Errorf("the caller's transport saw %d requests, want 1", seen)
	}
	if reflect.ValueOf(hc.Transport).Pointer() != reflect.ValueOf(base).Pointer() {
		t.Error("New replaced the caller's http.Client.Transport")
	}
}

// TestHTTPClientForOtherEndpoints sends a hand-built request (without a
// Header map) through HTTPClient: it gets the token and headers too.
func TestHTTPClientForOtherEndpoints(t *testing.T) {
	var h http.Header
	c, _, srv := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h = r.Header.Clone()
		w.WriteHeader(http.StatusNoContent)
	}))
	u, _ := url.Parse(srv.URL + "/user")
	resp, err := c.HTTPClient().Do(&http.Request{Method: http.MethodGet, URL: u})
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if h.Get("Authorization") != "Bearer "+testToken || h.Get("Accept") != "application/vnd.github+json" {
		t.Errorf("headers %v", h)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestAPIReachesEveryOperation calls every operation of the generated client
// through API() and checks that each one reached the server with the token
// and headers: the wrapper hides none of them.
func TestAPIReachesEveryOperation(t *testing.T) {
	var mu sync.Mutex
	seen := map[string]bool{}
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen[r.Method+" "+r.URL.Path] = true
		mu.Unlock()
		for k, v := range map[string]string{"Authorization": "Bearer " + testToken, "Accept": "application/vnd.github+json", "X-Github-Api-Version": DefaultAPIVersion} {
			if r.Header.Get(k) != v {
				t.Errorf("%s %s: %s = %q, want %q", r.Method, r.URL.Path, k, r.Header.Get(k), v)
			}
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	api := reflect.ValueOf(c.API())
	ctx := reflect.ValueOf(context.Background())
	var ops []string
	for i := 0; i < api.NumMethod(); i++ {
		m := api.Type().Method(i)
		if !strings.HasSuffix(m.Name, "WithResponse") || strings.HasSuffix(m.Name, "WithBodyWithResponse") {
			continue
		}
		ops = append(ops, m.Name)
		ft := m.Type // receiver first
		args := []reflect.Value{ctx}
		for j := 2; j < ft.NumIn(); j++ {
			if ft.IsVariadic() && j == ft.NumIn()-1 {
				break
			}
			switch in := ft.In(j); in.Kind() {
			case reflect.String:
				args = append(args, reflect.ValueOf("x").Convert(in))
			case reflect.Int, reflect.Int64:
				args = append(args, reflect.ValueOf(1).Convert(in))
			default:
				args = append(args, reflect.Zero(in))
			}
		}
		out := api.Method(i).Call(args)
		if err, _ := out[1].Interface().(error); err != nil {
			t.Errorf("%s: %v", m.Name, err)
		}
	}
	doc, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	inSpec := 0
	for _, item := range doc.Paths.Map() {
		inSpec += len(item.Operations())
	}
	if len(ops) != inSpec {
		t.Errorf("the generated client has %d operations, want the spec's %d: %v", len(ops), inSpec, ops)
	}
	if len(seen) != len(ops) {
		keys := make([]string, 0, len(seen))
		for k := range seen {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		t.Errorf("the server saw %d distinct operations, want %d:\n%s", len(seen), len(ops), strings.Join(keys, "\n"))
	}
}

func TestRateLimitTracked(t *testing.T) {
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-RateLimit-Limit", "5000")
		w.Header().Set("X-RateLimit-Remaining", "4987")
		w.Header().Set("X-RateLimit-Used", "13")
		w.Header().Set("X-RateLimit-Reset", "1700000000")
		w.Header().Set("X-RateLimit-Resource", "core")
		w.WriteHeader(http.StatusNoContent)
	}))
	// Through the generated client too: the layer sees every response.
	r, err := c.API().CodespacesDeleteSecretForAuthenticatedUserWithResponse(context.Background(), "S")
	if err != nil {
		t.Fatal(err)
	}
	got, ok := c.RateLimit()
	if !ok {
		t.Fatal("RateLimit() reports nothing after a response with X-RateLimit headers")
	}
	if got.Limit != 5000 || got.Remaining != 4987 || got.Used != 13 || got.Reset.Unix() != 1700000000 || got.Resource != "core" {
		t.Errorf("RateLimit() = %+v", got)
	}
	if parsed, ok := ParseRateLimit(r.HTTPResponse.Header); !ok || parsed != got {
		t.Errorf("ParseRateLimit(response) = %+v, %v; want %+v", parsed, ok, got)
	}
	if _, ok := ParseRateLimit(http.Header{"X-Ratelimit-Limit": {"lots"}}); ok {
		t.Error("ParseRateLimit accepted a header that is not a number")
	}
}

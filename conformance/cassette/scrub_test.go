package cassette

import (
	"net/http"
	"strings"
	"testing"

	"gopkg.in/dnaeon/go-vcr.v3/cassette"

	"github.com/codespaces-go/codespaces/internal/tokenshape"
)

func TestScrubRedactsEveryAuthorizationScheme(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"token " + classicPAT, "token REDACTED"},
		{"Bearer " + finePAT, "Bearer REDACTED"},
		{"bearer " + oauthToken, "bearer REDACTED"},
		{"Basic dXNlcjpnaHBfc2VjcmV0", "Basic REDACTED"},
		{"Bearer eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiIxMjMifQ.c2lnbmF0dXJlc2ln", "Bearer REDACTED"},
		{"ghu_" + strings.Repeat("u", 36), "REDACTED"},
		{"ghr_" + strings.Repeat("r", 36), "REDACTED"},
		{"whatever-without-scheme", "REDACTED"},
	} {
		i := &cassette.Interaction{}
		i.Request.Headers = http.Header{"Authorization": {tt.in}, "Proxy-Authorization": {tt.in}}
		Scrub(i)
		if got := i.Request.Headers.Get("Authorization"); got != tt.want {
			t.Errorf("Authorization %q scrubbed to %q, want %q", tt.in, got, tt.want)
		}
		if got := i.Request.Headers.Get("Proxy-Authorization"); got != tt.want {
			t.Errorf("Proxy-Authorization %q scrubbed to %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestScrubCleansURLsFormsAndBodies(t *testing.T) {
	i := &cassette.Interaction{}
	i.Request.URL = "https://user:" + classicPAT + "@api.github.com/user/codespaces?access_token=abc&page=2&next=" + appToken
	i.Request.Form = map[string][]string{"client_secret": {"s3cr3t"}, "note": {oauthToken}}
	i.Request.Body = `{"password": "hunter2", "client_secret":"x\"y", "name":"keep"}`
	i.Response.Body = "{\n  \"token\": \"v1.0123456789abcdef0123456789abcdef01234567\",\n  \"secrets\": [], \"key\": \"2Sg8iYjAxxmI2LvUXpJjkYrMxURPc8r+dB7TJyvvcCU=\"\n}"
	i.Response.Headers = http.Header{"Set-Cookie": {cookie}, "X-Oauth-Scopes": {"codespace"}, "Link": {"<https://api.github.com/user/codespaces?page=2>; rel=\"next\""}}
	Scrub(i)

	if strings.Contains(i.Request.URL, classicPAT) || strings.Contains(i.Request.URL, appToken) || strings.Contains(i.Request.URL, "abc") {
		t.Errorf("URL not scrubbed: %s", i.Request.URL)
	}
	if !strings.Contains(i.Request.URL, "page=2") {
		t.Errorf("scrubbing lost the harmless query: %s", i.Request.URL)
	}
	if i.Request.Form.Get("client_secret") != Redacted || i.Request.Form.Get("note") != Redacted {
		t.Errorf("form not scrubbed: %v", i.Request.Form)
	}
	if want := `{"password": "REDACTED", "client_secret":"REDACTED", "name":"keep"}`; i.Request.Body != want {
		t.Errorf("request body = %s, want %s", i.Request.Body, want)
	}
	if strings.Contains(i.Response.Body, "v1.0123") || !strings.Contains(i.Response.Body, `"secrets": []`) || !strings.Contains(i.Response.Body, "2Sg8iYjA") {
		t.Errorf("response body scrubbed wrongly: %s", i.Response.Body)
	}
	if _, ok := i.Response.Headers["Set-Cookie"]; ok {
		t.Error("Set-Cookie survived")
	}
	if i.Response.Headers.Get("Link") == "" || i.Response.Headers.Get("X-Oauth-Scopes") != "codespace" {
		t.Errorf("harmless headers lost: %v", i.Response.Headers)
	}
	c := &cassette.Cassette{Interactions: []*cassette.Interaction{i}}
	if leaks := FindLeaks(c); len(leaks) > 0 {
		t.Errorf("FindLeaks after Scrub: %v", leaks)
	}
}

func TestFindLeaksNamesWhereButNotWhat(t *testing.T) {
	i := &cassette.Interaction{}
	i.Request.Headers = http.Header{"Authorization": {"token " + classicPAT}, "Cookie": {cookie}}
	i.Request.URL = "https://api.github.com/user/codespaces?access_token=abc"
	i.Response.Body = `{"temp_clone_token":"PRIVATE","other":"` + finePAT + `"}`
	c := &cassette.Cassette{Interactions: []*cassette.Interaction{{}, i}}
	leaks := FindLeaks(c)
	wheres := map[string]bool{}
	for _, l := range leaks {
		wheres[l.Where] = true
		if l.Interaction != 1 {
			t.Errorf("leak %v in the wrong interaction", l)
		}
		for _, secret := range []string{classicPAT, finePAT, "PRIVATE", "s3ss10n"} {
			if strings.Contains(l.String(), secret) {
				t.Errorf("leak report repeats the secret: %v", l)
			}
		}
	}
	for _, want := range []string{"request header Authorization", "request header Cookie", "request URL", "response body"} {
		if !wheres[want] {
			t.Errorf("no leak reported in %s; got %v", want, leaks)
		}
	}
}

// FuzzScrubString: nothing token-shaped survives, and scrubbing twice
// changes nothing more.
func FuzzScrubString(f *testing.F) {
	f.Add("Bearer " + classicPAT)
	f.Add("ghp_ghp_" + strings.Repeat("x", 40))
	f.Add(`{"note":"` + finePAT + `"}`)
	f.Add("v1." + strings.Repeat("a", 40))
	f.Fuzz(func(t *testing.T, s string) {
		once := ScrubString(s)
		if tokenshape.Contains(once) {
			t.Fatalf("ScrubString(%q) = %q still holds a token", s, once)
		}
		if twice := ScrubString(once); twice != once {
			t.Fatalf("ScrubString is not idempotent: %q then %q", once, twice)
		}
	})
}

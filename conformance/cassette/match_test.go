package cassette

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"gopkg.in/dnaeon/go-vcr.v3/cassette"
)

func TestMatch(t *testing.T) {
	recorded := cassette.Request{
		Method: "PUT",
		URL:    "https://api.github.com/user/codespaces/secrets/S?b=2&a=1",
		Body:   `{"encrypted_value":"b2xk","key_id":"1","selected_repository_ids":[1296269]}`,
	}
	for _, tt := range []struct {
		name, method, url, body string
		want                    bool
	}{
		{"same", "PUT", "https://api.github.com/user/codespaces/secrets/S?b=2&a=1", recorded.Body, true},
		{"another host, query order, formatting and sealed value", "PUT", "http://127.0.0.1:9/user/codespaces/secrets/S?a=1&b=2",
			`{ "selected_repository_ids": [1296269], "key_id": "1", "encrypted_value": "bmV3" }`, true},
		{"another method", "POST", "https://api.github.com/user/codespaces/secrets/S?b=2&a=1", recorded.Body, false},
		{"another path", "PUT", "https://api.github.com/user/codespaces/secrets/T?b=2&a=1", recorded.Body, false},
		{"another query", "PUT", "https://api.github.com/user/codespaces/secrets/S?b=3&a=1", recorded.Body, false},
		{"a missing query", "PUT", "https://api.github.com/user/codespaces/secrets/S?a=1", recorded.Body, false},
		{"another key_id", "PUT", "https://api.github.com/user/codespaces/secrets/S?b=2&a=1", `{"encrypted_value":"b2xk","key_id":"2","selected_repository_ids":[1296269]}`, false},
		{"no encrypted_value", "PUT", "https://api.github.com/user/codespaces/secrets/S?b=2&a=1", `{"key_id":"1","selected_repository_ids":[1296269]}`, false},
		{"a number written differently", "PUT", "https://api.github.com/user/codespaces/secrets/S?b=2&a=1", `{"encrypted_value":"b2xk","key_id":"1","selected_repository_ids":[1296269.0]}`, false},
		{"no body", "PUT", "https://api.github.com/user/codespaces/secrets/S?b=2&a=1", "", false},
	} {
		var body io.Reader
		if tt.body != "" {
			body = strings.NewReader(tt.body)
		}
		r, _ := http.NewRequest(tt.method, tt.url, body)
		if got := Match(r, recorded); got != tt.want {
			t.Errorf("%s: Match = %v, want %v", tt.name, got, tt.want)
		}
		if tt.body != "" {
			if rest, _ := io.ReadAll(r.Body); string(rest) != tt.body {
				t.Errorf("%s: Match did not put the body back: %q", tt.name, rest)
			}
		}
	}
	get := cassette.Request{Method: "GET", URL: "https://api.github.com/user/codespaces"}
	r, _ := http.NewRequest("GET", "https://ghe.example.com/user/codespaces", nil)
	if !Match(r, get) {
		t.Error("a bodiless GET on another host did not match")
	}
}

func TestSameBodyFallsBackToBytes(t *testing.T) {
	if !SameBody([]byte(" plain text\n"), []byte("plain text")) {
		t.Error("equal non-JSON bodies differ")
	}
	if SameBody([]byte(`{"a":1}`), []byte(`{"a":1} trailing`)) {
		t.Error("a JSON body with trailing data matched the bare JSON")
	}
}

// FuzzSameBody: any body matches itself, and matching is symmetric.
func FuzzSameBody(f *testing.F) {
	f.Add([]byte(`{"encrypted_value":"x","key_id":"1"}`), []byte(`{"key_id":"1","encrypted_value":"y"}`))
	f.Add([]byte(`[1, 2.50, "x"]`), []byte(`not json`))
	f.Add([]byte(``), []byte(`null`))
	f.Fuzz(func(t *testing.T, a, b []byte) {
		if !SameBody(a, a) {
			t.Fatalf("%q does not match itself", a)
		}
		if SameBody(a, b) != SameBody(b, a) {
			t.Fatalf("SameBody is not symmetric for %q and %q", a, b)
		}
	})
}

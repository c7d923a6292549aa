package mock_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/codespaces-go/codespaces/conformance/mock"
)

// FuzzControl sends arbitrary control requests to a fresh mock each: the
// control API must not panic or answer a 5xx, and its errors must be
// GitHub-style. (FuzzHandlers leaves /_mock/ alone: a fault scripted there
// may be a 5xx by design.)
func FuzzControl(f *testing.F) {
	for _, seed := range []struct{ method, path, body string }{
		{"GET", "/_mock/requests?operation=codespaces/get-for-authenticated-user&method=GET&path=/user/codespaces", ""},
		{"DELETE", "/_mock/requests", ""},
		{"POST", "/_mock/codespaces/fail-next", `{"count": 3}`},
		{"POST", "/_mock/codespaces/retry-next", `{"count": 1e3}`},
		{"POST", "/_mock/codespaces/x/fail", ""},
		{"PUT", "/_mock/codespaces/x/pending-operation", `{"polls": 2, "duration": "1h", "reason": "r"}`},
		{"PUT", "/_mock/rate-limits/octocat", `{"resource": "codespaces", "remaining": 9999999999}`},
		{"POST", "/_mock/faults", `{"fault": "latency=1s;status=502;fraction=0.5", "method": "get", "path": "/user/codespaces/{codespace_name}"}`},
		{"POST", "/_mock/devcontainer-permissions", `{"login": "octocat", "owner": "octocat", "repo": "Hello-World", "devcontainer_path": ".devcontainer/foobar/devcontainer.json"}`},
		{"PUT", "/_mock/world", "users:\n  - login: a\n    id: 1\nmachines:\n  - {name: m, display_name: m, cpus: 1, memory_in_bytes: 1, storage_in_bytes: 1}\n"},
		{"GET", "/_mock/world?format=yaml", ""},
		{"POST", "/_mock/reset", ""},
		{"PATCH", "/_mock/faults", "{"},
	} {
		f.Add(seed.method, seed.path, seed.body)
	}
	f.Fuzz(func(t *testing.T, method, path, body string) {
		if !strings.HasPrefix(path, "/") {
			path = "/" + path
		}
		req, err := http.NewRequest(method, "http://mock.test/_mock"+path, strings.NewReader(body))
		if err != nil {
			return
		}
		srv := mock.New()
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %s: %d %s", method, req.URL.Path, rec.Code, rec.Body)
		}
		if rec.Code >= 400 {
			var e struct {
				Message          string `json:"message"`
				DocumentationURL string `json:"documentation_url"`
				Status           string `json:"status"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Message == "" || e.DocumentationURL == "" || e.Status == "" {
				t.Fatalf("%s %s: %d with a body that is not GitHub-style: %q", method, req.URL.Path, rec.Code, rec.Body)
			}
		}
	})
}

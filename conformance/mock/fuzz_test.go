package mock_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/codespaces-go/codespaces/conformance/mock"
	"github.com/codespaces-go/codespaces/conformance/validate"
)

// FuzzHandlers sends arbitrary methods, paths, headers and bodies. Whatever
// comes, the mock must not panic or fail with a 5xx, its errors must be
// GitHub-style, and its answers may break the spec only by an undocumented
// 4xx status (the gaps the report lists).
func FuzzHandlers(f *testing.F) {
	for _, seed := range []struct {
		method, path, auth, header, value, body string
	}{
		{"GET", "/user/codespaces", "Bearer a", "", "", ""},
		{"GET", "/user/codespaces?per_page=2&page=3&repository_id=1296269", "token a", "If-None-Match", `W/"x"`, ""},
		{"POST", "/repos/octocat/Hello-World/codespaces", "Bearer a", "Content-Type", "application/json", `{"machine":"premiumLinux","geo":"UsEast"}`},
		{"POST", "/user/codespaces", "Bearer b", "Content-Type", "application/json", `{"pull_request":{"pull_request_number":1,"repository_id":1296269}}`},
		{"POST", "/repos/octocat/Hello-World/pulls/1/codespaces", "Bearer a", "X-Mock-Create", "retried", `{}`},
		{"PATCH", "/user/codespaces/a-b", "Bearer a", "Content-Type", "application/json", `{"recent_folders":["/x"],"machine":"x"}`},
		{"PUT", "/user/codespaces/secrets/X", "Bearer a", "Content-Type", "application/json", `{"encrypted_value":"AAAA","key_id":"1","selected_repository_ids":[1]}`},
		{"PUT", "/user/codespaces/secrets/X/repositories", "Bearer a", "Content-Type", "application/json", `{"selected_repository_ids":[1296269]}`},
		{"DELETE", "/user/codespaces/secrets/X/repositories/-1", "Bearer a", "", "", ""},
		{"GET", "/user/codespaces/x/exports/latest", "Basic Og==", "", "", ""},
		{"GET", "/repos/%2e%2e/x/codespaces/machines?location=%ff", "Bearer a", "", "", ""},
		{"POST", "/user/codespaces/a/exports", "Bearer a", "Content-Type", "text/plain", "\x00\xff"},
		{"GET", "/user/codespaces/secrets/public-key", "", "", "", ""},
	} {
		f.Add(seed.method, seed.path, seed.auth, seed.header, seed.value, seed.body)
	}
	srv := mock.New(mock.WithTiming(mock.Timing{Polls: 1}))
	h := srv.Handler()
	f.Fuzz(func(t *testing.T, method, path, auth, header, value, body string) {
		if !strings.HasPrefix(path, "/") {
			path = "/" + path
		}
		req, err := http.NewRequest(method, "http://mock.test"+path, strings.NewReader(body))
		if err != nil {
			return // not a request a client could send
		}
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		// Faults are asked for, not fuzzed: a fuzzed one may be a 5xx or a
		// minute's latency by design.
		if header != "" && !strings.EqualFold(header, mock.FaultHeader) && validHeader(header, value) {
			req.Header.Set(header, value)
		}
		before := len(srv.Violations())
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)

		if rec.Code >= 500 {
			t.Fatalf("%s %s: %d %s", method, path, rec.Code, rec.Body)
		}
		if rec.Code >= 400 {
			var e struct {
				Message          string `json:"message"`
				DocumentationURL string `json:"documentation_url"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Message == "" || e.DocumentationURL == "" {
				t.Fatalf("%s %s: %d with a body that is not GitHub-style: %q", method, path, rec.Code, rec.Body)
			}
		}
		for _, v := range srv.Violations()[before:] {
			if v.Kind != validate.KindStatus || v.Status < 400 {
				t.Fatalf("%s %s: the answer breaks the spec: %s", method, path, v)
			}
		}
	})
}

// validHeader keeps what net/http would refuse to send out of the request.
func validHeader(name, value string) bool {
	for _, r := range name {
		if r <= ' ' || r >= 0x7f || strings.ContainsRune("()<>@,;:\\\"/[]?={}", r) {
			return false
		}
	}
	return !strings.ContainsAny(value, "\r\n\x00")
}

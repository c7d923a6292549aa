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
// comes, the mock must not panic or fail with a 5xx (but the 501 of an
// operation it does not implement), its errors must be GitHub-style, and
// neither its violations nor its report may show an undocumented status.
func FuzzHandlers(f *testing.F) {
	for _, seed := range []struct {
		method, path, auth, header, value, body string
	}{
		{"GET", "/user/codespaces", "Bearer a", "", "", ""},
		{"GET", "/user/codespaces?per_page=2&page=3&repository_id=1296269", "token a", "If-None-Match", `W/"x"`, ""},
		{"POST", "/repos/octocat/Hello-World/codespaces", "Bearer a", "Content-Type", "application/json", `{"machine":"premiumLinux","geo":"UsEast"}`},
		{"POST", "/user/codespaces", "Bearer b", "Content-Type", "application/json", `{"pull_request":{"pull_request_number":1,"repository_id":1296269}}`},
		{"POST", "/repos/octocat/Hello-World/pulls/1/codespaces", "Bearer a", "", "", `{}`},
		{"PATCH", "/user/codespaces/a-b", "Bearer a", "Content-Type", "application/json", `{"recent_folders":["/x"],"machine":"x"}`},
		{"PUT", "/user/codespaces/secrets/X", "Bearer a", "Content-Type", "application/json", `{"encrypted_value":"AAAA","key_id":"1","selected_repository_ids":[1]}`},
		{"PUT", "/user/codespaces/secrets/X/repositories", "Bearer a", "Content-Type", "application/json", `{"selected_repository_ids":[1296269]}`},
		{"DELETE", "/user/codespaces/secrets/X/repositories/-1", "Bearer a", "", "", ""},
		{"GET", "/user/codespaces/x/exports/latest", "Basic Og==", "", "", ""},
		{"GET", "/repos/%2e%2e/x/codespaces/machines?location=%ff", "Bearer a", "", "", ""},
		{"POST", "/user/codespaces/a/exports", "Bearer a", "Content-Type", "text/plain", "\x00\xff"},
		{"GET", "/user/codespaces/secrets/public-key", "", "", "", ""},
		// Answers that were undocumented statuses before they were settled.
		{"PATCH", "/user/codespaces/a-b", "Bearer a", "Content-Type", "application/json", `{"machine":"hugeLinux"}`},
		{"POST", "/user/codespaces", "Bearer a", "Content-Type", "application/json", `{"repository_id":1296269,"pull_request":{"pull_request_number":1,"repository_id":1296269}}`},
		{"POST", "/user/codespaces", "Bearer a", "", "", `{"repository_id":1296269,"machine":"hugeLinux"}`},
		{"POST", "/repos/octocat/Hello-World/pulls/1/codespaces", "Bearer a", "Content-Type", "application/json", `{"idle_timeout_minutes":1}`},
		{"PUT", "/user/codespaces/secrets/X/repositories", "Bearer a", "Content-Type", "application/json", `{"selected_repository_ids":"x"}`},
		{"GET", "/user/codespaces?per_page=abc&page=-1", "Bearer a", "", "", ""},
		{"PUT", "/repos/octocat/Hello-World/codespaces/secrets/X", "Bearer a", "Content-Type", "application/json", `{"key_id":5}`},
		{"GET", "/orgs/octo-org/codespaces/secrets", "", "", "", ""},
		{"GET", "/user/codespaces", "Bearer a", "X-GitHub-Api-Version", "1999-01-01", ""},
		{"GET", "/user/codespaces", "Bearer a", "User-Agent", "", ""},
		{"PUT", "/user/codespaces/secrets/X", "Bearer a", "Content-Type", "application/x-www-form-urlencoded", `{"encrypted_value":"AAAA","key_id":"1"}`},
		{"POST", "/repos///codespaces", "\xeb0 ", "0", "0", "0"}, // empty segments: found by the fuzzer
		// The organization, its access and secrets, repository secrets,
		// publish, the permissions check and the pre-flight.
		{"GET", "/orgs/octo-org/codespaces?per_page=1", "Bearer a", "", "", ""},
		{"GET", "/orgs/OCTO-ORG/members/user2/codespaces", "Bearer b", "", "", ""},
		{"POST", "/orgs/octo-org/members/octocat/codespaces/x/stop", "Bearer a", "", "", ""},
		{"DELETE", "/orgs/github/members/octocat/codespaces/x", "Bearer a", "", "", ""},
		{"PUT", "/orgs/octo-org/codespaces/access", "Bearer a", "Content-Type", "application/json", `{"visibility":"selected_members","selected_usernames":["user2"]}`},
		{"POST", "/orgs/octo-org/codespaces/access/selected_users", "Bearer a", "X-GitHub-Api-Version", "1999-01-01", `{"selected_usernames":["ghost"]}`},
		{"DELETE", "/orgs/octo-org/codespaces/access/selected_users", "Bearer a", "Content-Type", "application/json", `{"selected_usernames":`},
		{"PUT", "/orgs/octo-org/codespaces/secrets/X", "Bearer a", "Content-Type", "application/json", `{"encrypted_value":"AAAA","key_id":"1","visibility":"selected","selected_repository_ids":[1300211]}`},
		{"PUT", "/orgs/octo-org/codespaces/secrets/X/repositories/1300211", "Bearer a", "", "", ""},
		{"GET", "/orgs/octo-org/codespaces/secrets/public-key", "Bearer b", "", "", ""},
		{"PUT", "/repos/octo-org/octo-repo/codespaces/secrets/X", "Bearer a", "Content-Type", "application/json", `{"encrypted_value":"AAAA","key_id":"1"}`},
		{"GET", "/repos/github/codespaces-blank/codespaces/secrets/public-key", "Bearer a", "", "", ""},
		{"POST", "/repos/github/codespaces-blank/codespaces", "Bearer a", "", "", `{}`},
		{"POST", "/user/codespaces/octocat-codespaces-blank-x/publish", "Bearer a", "Content-Type", "application/json", `{"name":"n","private":true}`},
		{"GET", "/repos/octocat/Hello-World/codespaces/permissions_check?ref=heads/master&devcontainer_path=.devcontainer.json", "Bearer a", "", "", ""},
		{"GET", "/repos/octo-org/octo-repo/codespaces/new?client_ip=192.0.2.1&ref=main", "Bearer b", "", "", ""},
		{"GET", "/repos/octocat/x/codespaces", "Bearer a", "", "", ""},
	} {
		f.Add(seed.method, seed.path, seed.auth, seed.header, seed.value, seed.body)
	}
	// Unthrottled: a fuzzer's thousands of requests must not all meet the
	// rate limit's 403, which would hide what the operations answer.
	srv := mock.New(mock.WithTiming(mock.Timing{Polls: 1}), mock.WithRateLimit(mock.RateLimit{Unthrottled: true}))
	h := srv.Handler()
	f.Fuzz(func(t *testing.T, method, path, auth, header, value, body string) {
		if !strings.HasPrefix(path, "/") {
			path = "/" + path
		}
		req, err := http.NewRequest(method, "http://mock.test"+path, strings.NewReader(body))
		if err != nil {
			return // not a request a client could send
		}
		if strings.HasPrefix(req.URL.Path, mock.ControlPrefix) {
			return // the control API scripts faults, 5xx by design (FuzzControl)
		}
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		req.Header.Set("User-Agent", "fuzz") // as every client sends; a fuzzed one may replace it
		// Faults are asked for, not fuzzed: a fuzzed one may be a 5xx or a
		// minute's latency by design.
		if header != "" && !strings.EqualFold(header, mock.FaultHeader) && validHeader(header, value) {
			req.Header.Set(header, value)
		}
		before := len(srv.Violations())
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)

		unimplemented := rec.Code == http.StatusNotImplemented && strings.Contains(rec.Body.String(), "the mock does not implement")
		if rec.Code >= 500 && !unimplemented {
			t.Fatalf("%s %s: %d %s", method, path, rec.Code, rec.Body)
		}
		// An error the description documents without a body (the access
		// operations' 400, the selected repositories' 409) has none; the
		// spec check below holds every other to its schema.
		if rec.Code >= 400 && rec.Body.Len() > 0 {
			var e struct {
				Message          string `json:"message"`
				DocumentationURL string `json:"documentation_url"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Message == "" || e.DocumentationURL == "" {
				t.Fatalf("%s %s: %d with a body that is not GitHub-style: %q", method, path, rec.Code, rec.Body)
			}
		}
		for _, v := range srv.Violations()[before:] {
			t.Fatalf("%s %s: the answer breaks the spec: %s", method, path, v)
		}
		for _, v := range srv.Report().Violations() {
			if v.Kind == validate.KindStatus {
				t.Fatalf("%s %s: the report shows an undocumented status: %s", method, path, v)
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

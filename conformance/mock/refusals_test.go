package mock_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/codespaces-go/codespaces/conformance/mock"
	"github.com/codespaces-go/codespaces/conformance/validate"
)

// TestRefusals sends bad input and checks the GitHub-style 4xx that comes
// back, with the spec's checks on and off: with them off the generated
// router's and handlers' own checks must refuse the same way. Where the spec
// documents neither 400 nor 422 for an operation, the mock still answers as
// GitHub does; the only violations allowed are such undocumented statuses.
func TestRefusals(t *testing.T) {
	const (
		secretPUT = "/user/codespaces/secrets/NAME"
		repoPOST  = "/repos/octocat/Hello-World/codespaces"
	)
	for _, tc := range []struct {
		name, method, path, body string
		on, off                  int // status with validation on and off
	}{
		{"malformed JSON, 400 documented", http.MethodPost, repoPOST, `{"ref":`, 400, 400},
		// GitHub's "Problems parsing JSON" is a 400, which every operation
		// documents (the overlay's unsupported-API-version 400 at least).
		{"malformed JSON on a secret PUT", http.MethodPut, secretPUT, `{"encrypted_value":`, 400, 400},
		{"wrong type in body", http.MethodPost, repoPOST, `{"machine":5}`, 422, 400},
		{"missing body", http.MethodPut, secretPUT, ``, 422, 422},
		{"missing required property", http.MethodPut, secretPUT, `{"key_id":"1"}`, 422, 422},
		// A body that breaks the schema is GitHub's 422 (overlay: unprocessable).
		{"repository and pull request", http.MethodPost, "/user/codespaces", `{"repository_id":1296269,"pull_request":{"pull_request_number":1,"repository_id":1296269}}`, 422, 422},
		{"pull number not a number", http.MethodPost, "/repos/octocat/Hello-World/pulls/abc/codespaces", `{}`, 404, 404},
		{"repository id not a number", http.MethodPut, "/user/codespaces/secrets/NAME/repositories/abc", ``, 404, 404},
		// GitHub reads a page or per_page that is no number as absent.
		{"per_page not a number", http.MethodGet, "/user/codespaces?per_page=abc", ``, 200, 200},
		{"page not a number", http.MethodGet, "/user/codespaces/secrets?page=x&per_page=2", ``, 200, 200},
		// GitHub's description sets no bounds on per_page or page.
		{"per_page zero", http.MethodGet, "/user/codespaces?per_page=0", ``, 200, 200},
		{"per_page over 100", http.MethodGet, "/user/codespaces/secrets?per_page=101", ``, 200, 200},
		{"machines without location", http.MethodGet, "/repos/octocat/Hello-World/codespaces/machines", ``, 200, 200},
		{"undocumented query parameter", http.MethodGet, "/user/codespaces?perPage=5", ``, 200, 200},
		{"undocumented body property", http.MethodPost, repoPOST, `{"machine":"standardLinux","colour":"blue"}`, 201, 201},
		{"JSON under a form Content-Type", http.MethodPost, repoPOST, `{"machine":"standardLinux"}`, 201, 201},
		{"unknown path", http.MethodGet, "/user/nope", ``, 404, 404},
		{"unknown method", http.MethodDelete, "/user/codespaces", ``, 404, 404},
		{"trailing slash", http.MethodGet, "/user/codespaces/", ``, 404, 404},
		{"body over 1 MiB", http.MethodPut, secretPUT, `{"key_id":"` + strings.Repeat("x", 1<<20) + `"}`, 400, 400},
	} {
		for _, validation := range []bool{true, false} {
			want := tc.off
			mode := "validation off"
			if validation {
				want, mode = tc.on, "validation on"
			}
			t.Run(tc.name+"/"+mode, func(t *testing.T) {
				var mu sync.Mutex
				var violations []validate.Violation
				srv := mock.New(mock.WithValidation(validation), mock.WithViolationHandler(func(v validate.Violation) {
					mu.Lock()
					defer mu.Unlock()
					violations = append(violations, v)
				}))
				base, stop := srv.Start()
				defer stop()
				var headers []string
				if strings.Contains(tc.name, "form Content-Type") {
					headers = []string{"Content-Type", "application/x-www-form-urlencoded"} // what curl -d sends
				}
				status, body, _ := do(t, tc.method, base+tc.path, "Bearer tok", tc.body, headers...)
				if status != want {
					t.Fatalf("status %d, want %d; body %s", status, want, body)
				}
				if status >= 400 {
					var e struct {
						Message          string `json:"message"`
						DocumentationURL string `json:"documentation_url"`
					}
					if err := json.Unmarshal(body, &e); err != nil || e.Message == "" || e.DocumentationURL == "" {
						t.Errorf("body %s is not GitHub-style", body)
					}
				}
				for _, v := range violations {
					if v.Kind != validate.KindStatus || v.Status < 400 || v.Status >= 500 {
						t.Errorf("the mock's answer breaks the spec beyond an undocumented 4xx: %s", v)
					}
				}
			})
		}
	}
}

// TestReportKeepsRequestViolations: what a client got wrong, even what the
// mock let through, is in the report for the runner.
func TestReportKeepsRequestViolations(t *testing.T) {
	srv, base := start(t)
	get(t, base+"/user/codespaces?perPage=5", "tok")
	get(t, base+"/user/nope", "tok")
	var got []string
	for _, v := range srv.Report().Violations() {
		got = append(got, string(v.Kind)+" "+v.Operation)
	}
	want := "parameter codespaces/list-for-authenticated-user;unknown-operation "
	if strings.Join(got, ";") != want {
		t.Errorf("report violations %q, want %q", strings.Join(got, ";"), want)
	}
	if len(srv.Violations()) != 0 {
		t.Errorf("the mock's own violations: %v", srv.Violations())
	}
}

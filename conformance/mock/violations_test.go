package mock

import (
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/codespaces-go/codespaces/conformance/validate"
)

// A served mock runs for long: the same violation of its own, recurring on
// different paths, must not grow Violations, while the handler still hears
// of every occurrence; a warning is no violation of the mock's at all. (The
// mock answers no request with a violation today, so the test records them
// as checkResponse would.)
func TestViolationsKeepsEachDistinctOneOnce(t *testing.T) {
	var heard atomic.Int32
	srv := New(WithViolationHandler(func(validate.Violation) { heard.Add(1) }))
	const n = 5
	for i := range n {
		srv.record(validate.Violation{Operation: "codespaces/list-org-secrets", Method: http.MethodGet,
			Path: "/orgs/org" + strconv.Itoa(i) + "/codespaces/secrets", Status: http.StatusTeapot,
			Kind: validate.KindStatus, Severity: validate.SeverityError, Message: "status 418 is not documented"})
	}
	srv.record(validate.Violation{Operation: "codespaces/list-org-secrets", Kind: validate.KindRateLimited, Severity: validate.SeverityWarning})
	if got := heard.Load(); got != n {
		t.Errorf("the handler heard %d violations, want %d", got, n)
	}
	vs := srv.Violations()
	if len(vs) != 1 || vs[0].Operation != "codespaces/list-org-secrets" || vs[0].Status != http.StatusTeapot {
		t.Fatalf("Violations() = %v, want the one 418 of list-org-secrets", vs)
	}
}

package mock_test

import (
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/codespaces-go/codespaces/conformance/mock"
	"github.com/codespaces-go/codespaces/conformance/validate"
)

// A served mock runs for long: the same gap answered again and again, on
// different paths, must not grow Violations, while the handler still hears
// of every occurrence. The gap: a 401 for an organization secret list, whose
// description documents only 200 (an overlay addition the lead holds).
func TestViolationsKeepsEachDistinctOneOnce(t *testing.T) {
	var heard atomic.Int32
	srv := mock.New(mock.WithViolationHandler(func(validate.Violation) { heard.Add(1) }))
	base, stop := srv.Start()
	defer stop()
	const n = 5
	for i := range n {
		status, body, _ := do(t, http.MethodGet, base+"/orgs/org"+strconv.Itoa(i)+"/codespaces/secrets", "", "")
		wantStatus(t, "no token", status, http.StatusUnauthorized, body)
	}
	if got := heard.Load(); got != n {
		t.Errorf("the handler heard %d violations, want %d", got, n)
	}
	vs := srv.Violations()
	if len(vs) != 1 || vs[0].Operation != "codespaces/list-org-secrets" || vs[0].Status != http.StatusUnauthorized {
		t.Fatalf("Violations() = %v, want the one undocumented 401 of list-org-secrets", vs)
	}
}

package mock_test

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/codespaces-go/codespaces/conformance/mock"
	"github.com/codespaces-go/codespaces/conformance/validate"
	"github.com/codespaces-go/codespaces/gen"
)

// A served mock runs for long: the same gap answered again and again, on
// different codespaces, must not grow Violations, while the handler still
// hears of every occurrence.
func TestViolationsKeepsEachDistinctOneOnce(t *testing.T) {
	var heard atomic.Int32
	srv := mock.New(mock.WithViolationHandler(func(validate.Violation) { heard.Add(1) }))
	base, stop := srv.Start()
	defer stop()
	c := client(t, base, "tok")
	const n = 5
	for range n {
		cs := createInRepo(t, c)
		// An unknown machine: 422, which the spec does not document for PATCH.
		resp := must(c.CodespacesUpdateForAuthenticatedUserWithResponse(context.Background(), cs.Name, gen.CodespacesUpdateForAuthenticatedUserJSONRequestBody{Machine: ptr("hugeLinux")}))(t)
		wantStatus(t, "update to an unknown machine", resp.StatusCode(), http.StatusUnprocessableEntity, resp.Body)
	}
	if got := heard.Load(); got != n {
		t.Errorf("the handler heard %d violations, want %d", got, n)
	}
	vs := srv.Violations()
	if len(vs) != 1 || vs[0].Operation != "codespaces/update-for-authenticated-user" || vs[0].Status != http.StatusUnprocessableEntity {
		t.Fatalf("Violations() = %v, want the one undocumented 422 of update", vs)
	}
}

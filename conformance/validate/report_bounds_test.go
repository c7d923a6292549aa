package validate

import (
	"fmt"
	"strings"
	"testing"
)

// TestReportBoundsWhatClientsChoose: distinct messages past the bound are
// folded by kind and status, and still counted as errors; undocumented
// names are one entry with at most five examples cut short; held server
// errors wait for at most maxHeldRequests requests.
func TestReportBoundsWhatClientsChoose(t *testing.T) {
	r := NewReport(testValidator(t))
	const op = "codespaces/get-for-authenticated-user"
	const n = 10000
	for i := range n {
		r.Record(op, 422, []Violation{
			{Operation: op, Method: "GET", Path: "/p", Kind: KindParameter, Message: fmt.Sprintf("bad value %d", i)},
			{Operation: op, Method: "GET", Path: "/p", Kind: KindParameter, In: "query", Extra: true,
				Param: fmt.Sprintf("p%d%s", i, strings.Repeat("y", 1000))},
		})
	}
	var rec OperationReport
	for _, or := range r.Operations() {
		if or.ID == op {
			rec = or
		}
	}
	if len(rec.Violations) > maxDistinctViolations+2 {
		t.Errorf("%d distinct violations kept, want at most %d and the folded entries", len(rec.Violations), maxDistinctViolations)
	}
	var extra, folded *ReportedViolation
	extras := 0
	for i, v := range rec.Violations {
		switch {
		case v.Extra && len(v.Examples) > 0:
			extra = &rec.Violations[i]
		case v.Extra:
			extras++
		case strings.HasPrefix(v.Message, "more distinct violations"):
			folded = &rec.Violations[i]
		}
		if len(v.Message) > 2048 || len(v.Param) > 300 {
			t.Errorf("an entry keeps %d bytes of message and %d of name", len(v.Message), len(v.Param))
		}
	}
	if extras != maxExamples {
		t.Errorf("%d undocumented names have entries of their own, want the first %d", extras, maxExamples)
	}
	if extra == nil || extra.Count != n-maxExamples || len(extra.Examples) != maxExamples || !strings.HasSuffix(extra.Message, "and others") {
		t.Fatalf("the undocumented names' entry = %+v, want %d counted, %d examples, \"and others\"", extra, n-maxExamples, maxExamples)
	}
	for _, e := range extra.Examples {
		if len(e) > maxExample+len("…") {
			t.Errorf("example of %d bytes, want at most %d", len(e), maxExample)
		}
	}
	// The first maxExamples names and the entry of the rest take places
	// among the first maxDistinctViolations.
	if want := n - (maxDistinctViolations - maxExamples - 1); folded == nil || folded.Count != want {
		t.Errorf("the folded entry = %+v, want the %d violations past the bound", folded, want)
	}
	if s := r.Summary(); s.Errors != 2*n {
		t.Errorf("Summary().Errors = %d, want every one of the %d violations", s.Errors, 2*n)
	}

	// Server errors of more requests than the report holds for a retry
	// count as errors at once.
	held := NewReport(testValidator(t))
	failure := Violation{Operation: op, Method: "GET", Status: 503, Kind: KindServerError, Message: "503"}
	for i := range maxHeldRequests + 10 {
		held.RecordExchange(op, fmt.Sprintf("GET /p%d", i), 503, []Violation{failure})
	}
	if got := len(held.failed); got != maxHeldRequests {
		t.Errorf("%d requests held, want %d", got, maxHeldRequests)
	}
	if s := held.Summary(); s.Errors != maxHeldRequests+10 {
		t.Errorf("Summary().Errors = %d, want all %d server errors", s.Errors, maxHeldRequests+10)
	}
}

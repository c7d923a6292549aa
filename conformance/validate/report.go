package validate

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"sync"
)

// Report gathers, per operation, how often it was called, which statuses
// came back and what broke the spec. It lists every operation of the spec,
// called or not, so that coverage shows. It is safe for concurrent use.
type Report struct {
	mu      sync.Mutex
	ops     []*OperationReport // the spec's operations first, in order
	specOps int
	by      map[string]*OperationReport
	// failed holds, per request (method and URL), the server-error
	// violations of answers no later answer to the same request has got
	// past yet. They count as errors until one does; then they are
	// warnings (see RecordExchange).
	failed map[string][]heldViolation
}

type heldViolation struct {
	op string
	v  Violation
}

// OperationReport is the record of one operation. The operation with an
// empty ID collects requests that matched no operation.
type OperationReport struct {
	Operation
	Calls      int                 `json:"calls"`
	Statuses   map[int]int         `json:"statuses"` // status code → how many times
	Violations []ReportedViolation `json:"violations"`
}

// ReportedViolation is a distinct violation and how many times it was seen.
// Violations that differ only in the request's path count as one; the first
// path is kept.
type ReportedViolation struct {
	Violation
	Count int `json:"count"`
}

// NewReport returns an empty report over the operations of v's spec.
func NewReport(v *Validator) *Report {
	r := &Report{by: map[string]*OperationReport{}, failed: map[string][]heldViolation{}}
	for _, op := range v.Operations() {
		or := &OperationReport{Operation: op, Statuses: map[int]int{}}
		r.ops = append(r.ops, or)
		r.by[op.ID] = or
	}
	r.specOps = len(r.ops)
	return r
}

// Record adds one exchange: the operation it addressed ("" for none), the
// status that came back (0 when none did) and its violations.
func (r *Report) Record(operationID string, status int, violations []Violation) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.add(operationID, status, violations)
}

// RecordExchange is Record for an answered request, named by request (its
// method and URL, say). A 5xx is often transient, and a client that retries
// gets past it: the 5xx's server-error violations are held while no later
// answer to the same request is below 500, and count as errors meanwhile;
// once one is, they are reported as warnings (the service faltered, the
// retry worked). A 5xx that nothing got past stays an error.
func (r *Report) RecordExchange(operationID, request string, status int, violations []Violation) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !GetsPast(status) {
		var kept []Violation
		for _, v := range violations {
			if Transient(v) {
				r.failed[request] = append(r.failed[request], heldViolation{operationID, v})
				continue
			}
			kept = append(kept, v)
		}
		r.add(operationID, status, kept)
		return
	}
	r.add(operationID, status, violations)
	for _, h := range r.failed[request] {
		h.v.Severity = SeverityWarning
		h.v.Message += "; a retry got past it"
		r.addViolations(r.operation(h.op), []Violation{h.v})
	}
	delete(r.failed, request)
}

// Transient tells whether a violation is one a later answer to the same
// request can get past: a 5xx's server error (or its undocumented status).
func Transient(v Violation) bool {
	return v.Status >= 500 && (v.Kind == KindServerError || v.Kind == KindStatus)
}

// GetsPast tells whether an answer with this status gets past an earlier
// transient failure of the same request: any answer below 500.
func GetsPast(status int) bool { return status > 0 && status < 500 }

func (r *Report) add(operationID string, status int, violations []Violation) {
	or := r.operation(operationID)
	or.Calls++
	if status != 0 {
		or.Statuses[status]++
	}
	r.addViolations(or, violations)
}

// operation returns the record of operationID, making one for an operation
// the spec does not have.
func (r *Report) operation(operationID string) *OperationReport {
	or, ok := r.by[operationID]
	if !ok {
		or = &OperationReport{Operation: Operation{ID: operationID}, Statuses: map[int]int{}}
		r.ops = append(r.ops, or)
		r.by[operationID] = or
	}
	return or
}

func (r *Report) addViolations(or *OperationReport, violations []Violation) {
	for _, v := range violations {
		or.Violations = withViolation(or.Violations, v)
	}
}

// withViolation counts v in list: once more if it is there, else as a new
// entry.
func withViolation(list []ReportedViolation, v Violation) []ReportedViolation {
	if v.Severity == "" {
		v.Severity = severityOf(v)
	}
	for i := range list {
		if sameViolation(list[i].Violation, v) {
			list[i].Count++
			return list
		}
	}
	return append(list, ReportedViolation{Violation: v, Count: 1})
}

func sameViolation(a, b Violation) bool {
	a.Path, b.Path = "", ""
	return a == b
}

// Operations returns a copy of every operation's record, in the spec's
// order, then the records of requests that matched no operation. Server
// errors no retry has got past (yet) are in it, as errors.
func (r *Report) Operations() []OperationReport {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]OperationReport, 0, len(r.ops))
	at := map[string]int{}
	for _, or := range r.ops {
		c := *or
		c.Statuses = maps.Clone(or.Statuses)
		c.Violations = slices.Clone(or.Violations)
		at[c.ID] = len(out)
		out = append(out, c)
	}
	for _, request := range slices.Sorted(maps.Keys(r.failed)) {
		for _, h := range r.failed[request] {
			if i, ok := at[h.op]; ok {
				out[i].Violations = withViolation(out[i].Violations, h.v)
			}
		}
	}
	return out
}

// Violations returns every distinct violation recorded, operation by
// operation.
func (r *Report) Violations() []ReportedViolation {
	var out []ReportedViolation
	for _, or := range r.Operations() {
		out = append(out, or.Violations...)
	}
	return out
}

// Summary counts what the report holds.
type Summary struct {
	Operations     int `json:"operations"`      // operations in the spec
	Called         int `json:"called"`          // of those, called at least once
	WithViolations int `json:"with_violations"` // operations (or unmatched requests) with violations
	Calls          int `json:"calls"`
	Violations     int `json:"violations"` // occurrences, not distinct violations
	Errors         int `json:"errors"`     // of those, errors: what fails a run
	Warnings       int `json:"warnings"`   // and warnings, reported only
}

// Summary counts operations, coverage and violations.
func (r *Report) Summary() Summary {
	var s Summary
	r.mu.Lock()
	s.Operations = r.specOps
	r.mu.Unlock()
	for i, or := range r.Operations() {
		if i < s.Operations && or.Calls > 0 {
			s.Called++
		}
		s.Calls += or.Calls
		if len(or.Violations) > 0 {
			s.WithViolations++
		}
		for _, v := range or.Violations {
			s.Violations += v.Count
			if v.Severity == SeverityWarning {
				s.Warnings += v.Count
			} else {
				s.Errors += v.Count
			}
		}
	}
	return s
}

// WriteJSON writes the summary and every operation's record as JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	err := enc.Encode(struct {
		Summary    Summary           `json:"summary"`
		Operations []OperationReport `json:"operations"`
	}{r.Summary(), r.Operations()})
	if err != nil {
		return fmt.Errorf("validate: write the report as JSON: %w", err)
	}
	return nil
}

// WriteMarkdown writes a table of every operation (calls, statuses,
// violations) followed by the violations, operation by operation.
func (r *Report) WriteMarkdown(w io.Writer) error {
	ops := r.Operations()
	s := r.Summary()
	var b strings.Builder
	b.WriteString("# Conformance report\n\n")
	fmt.Fprintf(&b, "%d of %d operations called (%d calls); %d violations (%d errors, %d warnings) in %d operations.\n\n",
		s.Called, s.Operations, s.Calls, s.Violations, s.Errors, s.Warnings, s.WithViolations)
	b.WriteString("| Operation | Method | Path | Calls | Statuses | Violations |\n")
	b.WriteString("|---|---|---|---:|---|---:|\n")
	for _, or := range ops {
		id := or.ID
		if id == "" {
			id = "(no operation)"
		}
		fmt.Fprintf(&b, "| %s | %s | `%s` | %d | %s | %d |\n", id, or.Method, or.Path, or.Calls, statuses(or.Statuses), len(or.Violations))
	}
	for _, or := range ops {
		if len(or.Violations) == 0 {
			continue
		}
		id := or.ID
		if id == "" {
			id = "(no operation)"
		}
		fmt.Fprintf(&b, "\n## %s\n\n", id)
		for _, v := range or.Violations {
			fmt.Fprintf(&b, "- %s\n", markdownViolation(v))
		}
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("validate: write the report as Markdown: %w", err)
	}
	return nil
}

func statuses(m map[int]int) string {
	if len(m) == 0 {
		return "—"
	}
	codes := slices.Sorted(maps.Keys(m))
	parts := make([]string, 0, len(codes))
	for _, c := range codes {
		if m[c] == 1 {
			parts = append(parts, fmt.Sprint(c))
		} else {
			parts = append(parts, fmt.Sprintf("%d ×%d", c, m[c]))
		}
	}
	return strings.Join(parts, ", ")
}

func markdownViolation(v ReportedViolation) string {
	var b strings.Builder
	if v.Severity == SeverityWarning {
		b.WriteString("warning: ")
	}
	fmt.Fprintf(&b, "**%s**", v.Kind)
	if v.Pointer != "" {
		fmt.Fprintf(&b, " `%s`", v.Pointer)
	}
	if v.Status != 0 {
		fmt.Fprintf(&b, " (%d)", v.Status)
	} else {
		b.WriteString(" (request)")
	}
	fmt.Fprintf(&b, ": %s — %s `%s`", strings.ReplaceAll(v.Message, "|", "\\|"), v.Method, v.Path)
	if v.Count > 1 {
		fmt.Fprintf(&b, " ×%d", v.Count)
	}
	return b.String()
}

package validate

import (
	"encoding/json"
	"fmt"
	"hash/maphash"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/codespaces-go/codespaces/internal/textcut"
)

// Report gathers, per operation, how often it was called, which statuses
// came back and what broke the spec. It lists every operation of the spec,
// called or not, so that coverage shows. It is safe for concurrent use.
//
// Its size depends on the operations and the kinds of violation, never on
// what clients send: strings are cut short; an operation lists five
// undocumented query parameters and five body properties one by one, and
// counts the rest in one entry with a few examples; it keeps at most 64
// distinct violations (the rest are counted per kind and status; requests to
// unknown paths past those are counted with how many paths they went to, up
// to 1024 distinct paths); at most 1024 requests' server errors wait for a
// retry. Entries are found by key, not by a scan.
//
// Counting: a violation is one way in which one request or one answer
// departs from the spec, and every count of the report (Summary, the
// Markdown's tables, the JSON) counts occurrences. A request that sends two
// undocumented parameters is two violations; the same broken request sent
// twice is two as well, listed once with its count.
type Report struct {
	mu      sync.Mutex
	ops     []*OperationReport // the spec's operations first, in order
	specOps int
	by      map[string]*OperationReport
	// failed holds, per request (a hash of its method and URL), the
	// server-error violations of answers no later answer to the same
	// request has got past yet. They count as errors until one does; then
	// they are warnings (see RecordExchange).
	failed     map[uint64]*heldRequest
	failedSeq  int
	failedSeed maphash.Seed
}

// The report's bounds (see Report).
const (
	maxDistinctViolations = 64   // per operation, before folding by kind
	maxExamples           = 5    // names kept of undocumented parameters or properties
	maxExample            = 64   // bytes of one such name
	maxHeldRequests       = 1024 // requests whose server errors wait for a retry
	maxHeldPerRequest     = 16   // server errors held for one request
	maxCountedPaths       = 1024 // distinct unknown paths a folded entry tells apart
)

type heldRequest struct {
	seq        int // arrival, for a stable order
	violations []heldViolation
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
	// index finds an entry of Violations by its key.
	index map[violationKey]int
	// extras counts the entries of undocumented names, by kind.
	extras map[Kind]int
}

// ReportedViolation is a distinct violation and how many times it was seen.
// Violations of an operation that differ only in the request's path (the
// same bug on another codespace) count as one; the first path is kept. A
// request that matched no operation is distinct by its path too: each path
// is something else the client looked for.
type ReportedViolation struct {
	Violation
	Count int `json:"count"`
	// Examples are, for the entry that counts the undocumented query
	// parameters or body properties of an operation past the first few
	// (which have entries of their own), the first few distinct names
	// clients sent (cut short); Message says whether there were more.
	Examples []string `json:"examples,omitempty"`
	more     bool
	// Paths is, for the entry that counts requests to unknown paths past
	// those listed one by one, how many distinct paths they went to; at
	// most maxCountedPaths, and Message says when there were more.
	Paths     int `json:"paths,omitempty"`
	pathSeen  map[uint64]struct{}
	morePaths bool
}

// SamePath tells whether every occurrence the entry counts went to its
// Path: so for a request that matched no operation, which is distinct by its
// path, unless the entry counts those past the report's bound. Otherwise
// Path is the first occurrence's.
func (rv ReportedViolation) SamePath() bool {
	return rv.Count <= 1 || rv.Paths == 0 && keyOf(rv.Violation).v.Path != ""
}

// violationKey is what makes a violation distinct in the report.
type violationKey struct {
	v Violation
	// folded: the entry counts the distinct violations of a kind past
	// maxDistinctViolations.
	folded bool
}

// keyOf is v without what does not make it distinct: the request's path,
// unless no operation has that path.
func keyOf(v Violation) violationKey {
	if v.Kind != KindUnknownOperation {
		v.Path = ""
	}
	return violationKey{v: v}
}

// NewReport returns an empty report over the operations of v's spec.
func NewReport(v *Validator) *Report {
	r := &Report{by: map[string]*OperationReport{}, failed: map[uint64]*heldRequest{}, failedSeed: maphash.MakeSeed()}
	for _, op := range v.Operations() {
		or := newOperationReport(op)
		r.ops = append(r.ops, or)
		r.by[op.ID] = or
	}
	r.specOps = len(r.ops)
	return r
}

func newOperationReport(op Operation) *OperationReport {
	return &OperationReport{Operation: op, Statuses: map[int]int{}, index: map[violationKey]int{}, extras: map[Kind]int{}}
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
// retry worked). A 5xx that nothing got past stays an error, and so does
// one that comes while the report already waits on 1024 other requests.
func (r *Report) RecordExchange(operationID, request string, status int, violations []Violation) {
	r.mu.Lock()
	defer r.mu.Unlock()
	key := maphash.String(r.failedSeed, request)
	if !GetsPast(status) {
		held := r.failed[key]
		if held == nil && len(r.failed) < maxHeldRequests {
			r.failedSeq++
			held = &heldRequest{seq: r.failedSeq}
			r.failed[key] = held
		}
		var kept []Violation
		for _, v := range violations {
			if Transient(v) && held != nil && len(held.violations) < maxHeldPerRequest {
				held.violations = append(held.violations, heldViolation{operationID, v.bounded()})
				continue
			}
			kept = append(kept, v)
		}
		r.add(operationID, status, kept)
		return
	}
	r.add(operationID, status, violations)
	if held := r.failed[key]; held != nil {
		for _, h := range held.violations {
			h.v.Severity = SeverityWarning
			h.v.Message += "; a retry got past it"
			r.operation(h.op).addViolation(h.v)
		}
		delete(r.failed, key)
	}
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
	for _, v := range violations {
		or.addViolation(v)
	}
}

// operation returns the record of operationID, making one for an operation
// the spec does not have.
func (r *Report) operation(operationID string) *OperationReport {
	or, ok := r.by[operationID]
	if !ok {
		or = newOperationReport(Operation{ID: operationID})
		r.ops = append(r.ops, or)
		r.by[operationID] = or
	}
	return or
}

// addViolation counts v: once more if it is there, else as a new entry.
// Past maxExamples undocumented names of a kind, or maxDistinctViolations
// entries in all, it is counted in an entry for its kind instead.
func (or *OperationReport) addViolation(v Violation) {
	v = v.bounded()
	if v.Severity == "" {
		v.Severity = severityOf(v)
	}
	key := keyOf(v)
	if i, ok := or.index[key]; ok {
		or.Violations[i].Count++
		return
	}
	switch {
	case v.Extra && or.extras[v.Kind] >= maxExamples:
		or.fold(v, Violation{Operation: v.Operation, Method: v.Method, Path: v.Path, Kind: v.Kind, Severity: v.Severity,
			In: v.In, Extra: true})
	case v.Kind == KindUnknownOperation && len(or.Violations) >= maxDistinctViolations:
		or.fold(v, Violation{Operation: v.Operation, Method: v.Method, Path: v.Path, Kind: v.Kind, Severity: v.Severity,
			Status: v.Status})
	case len(or.Violations) >= maxDistinctViolations:
		or.fold(v, Violation{Operation: v.Operation, Method: v.Method, Path: v.Path, Kind: v.Kind, Severity: v.Severity,
			Status: v.Status, Message: textcut.Cut(fmt.Sprintf("more distinct violations of this kind than the report keeps (%d per operation), counted here; the first was: %s",
				maxDistinctViolations, v.Message), maxMessage)})
	default:
		if v.Extra {
			or.extras[v.Kind]++
		}
		or.index[key] = len(or.Violations)
		or.Violations = append(or.Violations, ReportedViolation{Violation: v, Count: 1})
	}
}

// fold counts v in the entry entry stands for, made the first time.
func (or *OperationReport) fold(v, entry Violation) {
	key := violationKey{v: entry, folded: true}
	key.v.Method, key.v.Path, key.v.Message = "", "", ""
	i, ok := or.index[key]
	if !ok {
		i = len(or.Violations)
		or.index[key] = i
		or.Violations = append(or.Violations, ReportedViolation{Violation: entry})
	}
	rv := &or.Violations[i]
	rv.Count++
	if v.Extra {
		rv.example(v)
	}
	if v.Kind == KindUnknownOperation {
		rv.path(v.Path)
	}
}

// pathSeed hashes the paths a folded entry tells apart; any fixed seed
// does, since only equality matters.
var pathSeed = maphash.MakeSeed()

// path counts a request to an unknown path in the entry that counts those
// past the ones listed one by one, and says in its Message how many requests
// went to how many paths.
func (rv *ReportedViolation) path(p string) {
	if rv.pathSeen == nil {
		rv.pathSeen = map[uint64]struct{}{}
	}
	h := maphash.String(pathSeed, p)
	if _, ok := rv.pathSeen[h]; !ok {
		if len(rv.pathSeen) < maxCountedPaths {
			rv.pathSeen[h] = struct{}{}
		} else {
			rv.morePaths = true
		}
	}
	rv.Paths = len(rv.pathSeen)
	paths := fmt.Sprintf("%d paths", rv.Paths)
	if rv.morePaths {
		paths = fmt.Sprintf("more than %d paths", maxCountedPaths)
	}
	rv.Message = fmt.Sprintf("more unknown paths than the report lists one by one (%d), counted here: %d requests to %s; the first went to %s",
		maxDistinctViolations, rv.Count, paths, rv.Path)
}

// example adds an undocumented name to the examples of the entry that
// counts them, while there is room.
func (rv *ReportedViolation) example(v Violation) {
	name := v.Param
	if v.Pointer != "" {
		name = v.Pointer
	}
	name = textcut.Cut(name, maxExample)
	if rv.more || slices.Contains(rv.Examples, name) {
		return
	}
	if len(rv.Examples) == maxExamples {
		rv.more = true
	} else {
		rv.Examples = append(rv.Examples, name)
	}
	quoted := make([]string, len(rv.Examples))
	for i, e := range rv.Examples {
		quoted[i] = strconv.Quote(e)
	}
	list := strings.Join(quoted, ", ")
	if rv.more {
		list += " and others"
	}
	what := "query parameters not documented for this operation"
	if rv.Kind == KindRequestBody {
		what = "properties not defined for this operation's request body"
	}
	rv.Message = fmt.Sprintf("more %s than the report lists one by one (%d), counted here: %s", what, maxExamples, list)
}

// clone is a copy of or that can change apart from it.
func (or *OperationReport) clone() OperationReport {
	c := *or
	c.Statuses = maps.Clone(or.Statuses)
	c.Violations = slices.Clone(or.Violations)
	for i := range c.Violations {
		c.Violations[i].Examples = slices.Clone(c.Violations[i].Examples)
		c.Violations[i].pathSeen = maps.Clone(c.Violations[i].pathSeen)
	}
	c.index = maps.Clone(or.index)
	c.extras = maps.Clone(or.extras)
	return c
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
		at[or.ID] = len(out)
		out = append(out, or.clone())
	}
	held := slices.SortedFunc(maps.Values(r.failed), func(a, b *heldRequest) int { return a.seq - b.seq })
	for _, h := range held {
		for _, hv := range h.violations {
			if i, ok := at[hv.op]; ok {
				out[i].addViolation(hv.v)
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

// Summary counts what the report holds. Violations, Errors, Warnings and
// their parts count occurrences (see Report): Errors + Warnings ==
// Violations, and RequestErrors + ResponseErrors == Errors. The runner's
// verdict, serve's last line and the reports all print these numbers.
type Summary struct {
	Operations     int `json:"operations"`      // operations in the spec
	Called         int `json:"called"`          // of those, called at least once
	WithViolations int `json:"with_violations"` // operations (or unmatched requests) with violations
	WithErrors     int `json:"with_errors"`     // of those, with errors
	Calls          int `json:"calls"`
	Violations     int `json:"violations"` // occurrences, not distinct violations
	Errors         int `json:"errors"`     // of those, errors: what fails a run
	// RequestErrors are the errors in requests, what clients sent;
	// ResponseErrors those in answers, what the server sent.
	RequestErrors  int `json:"request_errors"`
	ResponseErrors int `json:"response_errors"`
	Warnings       int `json:"warnings"` // and warnings, reported only
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
		errs, warns := or.Counts()
		if errs > 0 {
			s.WithErrors++
		}
		s.Errors += errs
		s.Warnings += warns
		for _, v := range or.Violations {
			switch {
			case v.Severity == SeverityWarning:
			case v.Status == 0:
				s.RequestErrors += v.Count
			default:
				s.ResponseErrors += v.Count
			}
		}
	}
	s.Violations = s.Errors + s.Warnings
	return s
}

// ViolationCounts is the one phrase every report prints its counts of
// violations with: "3 violations (2 errors: 1 in requests, 1 in answers;
// 1 warning)".
func (s Summary) ViolationCounts() string {
	return fmt.Sprintf("%s (%s: %d in requests, %d in answers; %s)", plural(s.Violations, "violation"),
		plural(s.Errors, "error"), s.RequestErrors, s.ResponseErrors, plural(s.Warnings, "warning"))
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// Counts counts the operation's violations, errors and warnings apart, by
// occurrence (see Report).
func (or *OperationReport) Counts() (errs, warns int) {
	for _, v := range or.Violations {
		if v.Severity == SeverityWarning {
			warns += v.Count
		} else {
			errs += v.Count
		}
	}
	return errs, warns
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
func (r *Report) WriteMarkdown(w io.Writer) error { return r.writeMarkdown(w, false) }

// WriteMarkdownCalled is WriteMarkdown with only the operations that were
// called in the table, for a run of a few scenarios; the counts stay those
// of the whole report.
func (r *Report) WriteMarkdownCalled(w io.Writer) error { return r.writeMarkdown(w, true) }

func (r *Report) writeMarkdown(w io.Writer, calledOnly bool) error {
	ops := r.Operations()
	s := r.Summary()
	var b strings.Builder
	b.WriteString("# Conformance report\n\n")
	fmt.Fprintf(&b, "%d of %d operations called (%d calls); %s.\n\n", s.Called, s.Operations, s.Calls, s.ViolationCounts())
	b.WriteString("| Operation | Method | Path | Calls | Statuses | Errors | Warnings |\n")
	b.WriteString("|---|---|---|---:|---|---:|---:|\n")
	left := 0
	for _, or := range ops {
		if calledOnly && or.Calls == 0 {
			left++
			continue
		}
		id := or.ID
		if id == "" {
			id = "(no operation)"
		}
		errs, warns := or.Counts()
		fmt.Fprintf(&b, "| %s | %s | `%s` | %d | %s | %d | %d |\n", id, or.Method, or.Path, or.Calls, statuses(or.Statuses), errs, warns)
	}
	if left > 0 {
		fmt.Fprintf(&b, "\n%s not called, not listed.\n", plural(left, "operation"))
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
	fmt.Fprintf(&b, ": %s — ", strings.ReplaceAll(v.Message, "|", "\\|"))
	switch {
	case v.Count == 1:
		fmt.Fprintf(&b, "%s `%s`", v.Method, v.Path)
	case v.SamePath():
		fmt.Fprintf(&b, "%s `%s` ×%d", v.Method, v.Path, v.Count)
	default:
		fmt.Fprintf(&b, "×%d, the first %s `%s`", v.Count, v.Method, v.Path)
	}
	return b.String()
}

package validate

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/codespaces-go/codespaces/internal/textcut"
)

// Kind says which part of an exchange broke the contract.
type Kind string

// The kinds of violation, from the request to the response.
const (
	// KindUnknownOperation: no operation of the spec has this path and method.
	KindUnknownOperation Kind = "unknown-operation"
	// KindAuth: the request carries no credentials the spec's security scheme accepts.
	KindAuth Kind = "auth"
	// KindParameter: a path, query or header parameter is missing, malformed or undocumented.
	KindParameter Kind = "parameter"
	// KindRequestBody: the request body is missing, not JSON, of the wrong media
	// type, or does not match the operation's schema.
	KindRequestBody Kind = "request-body"
	// KindStatus: the status code is not documented for the operation.
	KindStatus Kind = "status"
	// KindServerError: the server answered 5xx, documented or not.
	KindServerError Kind = "server-error"
	// KindContentType: the media type is not the documented one. In a
	// request (Status 0, In "header") the body was JSON all the same, and
	// was checked as JSON: GitHub reads it so, whatever the header says.
	KindContentType Kind = "content-type"
	// KindBody: the response body does not match the documented schema.
	KindBody Kind = "body"
	// KindUnknownEnum: a response carries a value outside a documented enum.
	// GitHub adds values (codespace states, above all), so clients must accept
	// them; the suite still reports them, because the spec lists the enum and
	// either the server or the spec is behind.
	KindUnknownEnum Kind = "unknown-enum"
	// KindHeader: a documented response header is missing or malformed, or a
	// partial page of a list comes without the Link header that leads on.
	KindHeader Kind = "header"
	// KindRateLimited: the server answered with GitHub's rate-limit answer
	// (403 or 429 with x-ratelimit-remaining 0 or retry-after). It is
	// documented (spec/overlay.yaml) and says nothing wrong of the server or
	// the client; the report keeps it as a warning so a throttled run shows.
	KindRateLimited Kind = "rate-limited"
)

// Severity says whether a violation fails a run.
type Severity string

// The severities. A warning is reported and counted apart; only errors
// fail a run.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// severityOf is the severity a violation is born with: warnings are what
// GitHub itself does and clients must expect (values it adds to enums, its
// rate limits), and a request body sent as JSON under another Content-Type,
// which GitHub reads as JSON all the same. A server error that a retry got
// past becomes a warning later, in the Report.
func severityOf(v Violation) Severity {
	switch {
	case v.Kind == KindUnknownEnum, v.Kind == KindRateLimited:
		return SeverityWarning
	case v.Kind == KindContentType && v.Status == 0:
		return SeverityWarning
	}
	return SeverityError
}

// classify sets each violation's Severity, and bounds its strings.
func classify(vs []Violation) []Violation {
	for i := range vs {
		vs[i] = vs[i].bounded()
		if vs[i].Severity == "" {
			vs[i].Severity = severityOf(vs[i])
		}
	}
	return vs
}

// The longest strings a violation keeps, in bytes.
const (
	maxMessage = 1024
	maxField   = 256
)

// bounded is v with its strings cut short: a client chooses the path, the
// parameter and property names and the values a violation quotes, and a
// report, a cache of verdicts or a log must not keep 500 kB of them.
func (v Violation) bounded() Violation {
	v.Operation = textcut.Cut(v.Operation, maxField)
	v.Method = textcut.Cut(v.Method, 32)
	v.Path = textcut.Cut(v.Path, maxField)
	v.Pointer = textcut.Cut(v.Pointer, maxField)
	v.In = textcut.Cut(v.In, 32)
	v.Param = textcut.Cut(v.Param, maxField)
	v.Message = textcut.Cut(v.Message, maxMessage)
	return v
}

// Violation is one way in which a request or a response departs from the
// spec. Request violations have Status 0.
type Violation struct {
	Operation string `json:"operation,omitempty"` // operationId; empty when nothing matched
	Method    string `json:"method"`
	Path      string `json:"path"`             // the request's path as sent
	Status    int    `json:"status,omitempty"` // the response's status; 0 for request violations
	Kind      Kind   `json:"kind"`
	// Severity is an error, which fails a run, or a warning, which is
	// reported only (see severityOf).
	Severity Severity `json:"severity"`
	Pointer  string   `json:"pointer,omitempty"` // RFC 6901 pointer into the body, e.g. /codespaces/0/state
	Message  string   `json:"message"`
	// In is where a parameter violation's parameter is: "path", "query" or
	// "header" (empty for other kinds). A server answers a bad path
	// parameter with 404: it names nothing.
	In string `json:"in,omitempty"`
	// Param names the parameter of a parameter violation (empty for other
	// kinds), so that a server can treat pagination parameters apart.
	Param string `json:"param,omitempty"`
	// Extra marks a request that carries what the operation does not define
	// (an undocumented query parameter or body property). GitHub ignores
	// such input, so a server may too; a client that sends it has a typo.
	Extra bool `json:"extra,omitempty"`
}

// String reads as one line: where, what, and why.
func (v Violation) String() string {
	var b strings.Builder
	if v.Operation != "" {
		b.WriteString(v.Operation)
		b.WriteByte(' ')
	}
	b.WriteString(v.Method)
	b.WriteByte(' ')
	b.WriteString(v.Path)
	if v.Status != 0 {
		b.WriteString(" → ")
		b.WriteString(strconv.Itoa(v.Status))
	}
	b.WriteString(": ")
	b.WriteString(string(v.Kind))
	if v.Pointer != "" {
		b.WriteByte(' ')
		b.WriteString(v.Pointer)
	}
	b.WriteString(": ")
	b.WriteString(v.Message)
	return b.String()
}

// ViolationError is what a Strict transport returns when an exchange breaks
// the spec. It lists every violation, not only the first.
type ViolationError struct {
	Violations []Violation
}

// Error lists the violations, one a line when there are several.
func (e *ViolationError) Error() string {
	if len(e.Violations) == 1 {
		return "the exchange does not conform to the spec: " + e.Violations[0].String()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "the exchange does not conform to the spec in %d ways:", len(e.Violations))
	for _, v := range e.Violations {
		b.WriteString("\n  - ")
		b.WriteString(v.String())
	}
	return b.String()
}

// pointer renders path segments as an RFC 6901 JSON pointer.
func pointer(segments []string) string {
	if len(segments) == 0 {
		return ""
	}
	var b strings.Builder
	for _, s := range segments {
		b.WriteByte('/')
		s = strings.ReplaceAll(s, "~", "~0")
		b.WriteString(strings.ReplaceAll(s, "/", "~1"))
	}
	return b.String()
}

package mock

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/codespaces-go/codespaces/conformance/validate"
)

// The mock checks its traffic with the conformance validator, as a server
// checks both directions. A request that breaks the spec is refused the way
// GitHub refuses bad input; a response that breaks it is a bug of the mock
// (or a gap in the spec), recorded as a violation that tests assert away.

// checkRequest checks a routed, authenticated request. It returns the answer
// to refuse it with, or nil to let it through. Violations GitHub shrugs off
// (undocumented query parameters and body properties) are recorded and let
// through.
func (s *Server) checkRequest(r *http.Request, c *call, body []byte) *response {
	r.Body = http.NoBody
	if len(body) > 0 {
		r.Body = readCloser{bytes.NewReader(body)}
	}
	var err error
	check := func() []validate.Violation {
		var vs []validate.Violation
		_, vs, err = s.validator.CheckRequest(s.published(r))
		return vs
	}
	var vs []validate.Violation
	if s.verdicts == nil {
		vs = check()
	} else {
		key := s.verdicts.requestKey(r.Method, r.URL.RequestURI(), r.Header.Get("Content-Type"), body)
		vs = s.verdicts.check(key, r.URL.Path, check)
	}
	if err != nil {
		// chi routed it, so only an unreadable body gets here.
		resp := errorResponse(c.op.pick(http.StatusBadRequest, http.StatusUnprocessableEntity), "the request could not be read")
		return &resp
	}
	c.requestViolations = vs
	blocking := slices.DeleteFunc(slices.Clone(vs), tolerated)
	if len(blocking) == 0 {
		return nil
	}
	resp := orUnimplemented(c.op, refusal(c.op, body, blocking))
	return &resp
}

// tolerated reports whether GitHub would let what v is about pass: input the
// operation does not define, a JSON body under another Content-Type (GitHub
// reads bodies as JSON whatever the header), and a page or per_page that is
// not a number, which GitHub reads as absent (pagination's defaults apply).
// The report keeps each as a warning.
func tolerated(v validate.Violation) bool {
	return v.Extra || v.Kind == validate.KindContentType && v.Status == 0 || pagination(v)
}

func pagination(v validate.Violation) bool {
	return v.Kind == validate.KindParameter && v.In == "query" && (v.Param == "page" || v.Param == "per_page")
}

// dropBadPagination removes page and per_page values that are not
// integers from r's query, so that the operation (and the generated router,
// which would refuse them) sees them absent, as GitHub does.
func dropBadPagination(r *http.Request) {
	q := r.URL.Query()
	changed := false
	for _, name := range []string{"page", "per_page"} {
		for _, v := range q[name] {
			if _, err := strconv.Atoi(v); err != nil {
				q.Del(name)
				changed = true
				break
			}
		}
	}
	if changed {
		r.URL.RawQuery = q.Encode()
	}
}

// refusal answers a request with blocking violations: a malformed path
// parameter names nothing (404), a body that is not JSON is 400, anything
// else a validation error listing what is wrong. Messages never carry the
// request's values: the validator leaves them out.
func refusal(op *operation, body []byte, vs []validate.Violation) response {
	for _, v := range vs {
		if v.Kind == validate.KindParameter && v.In == "path" {
			return notFound()
		}
	}
	if trimmed := bytes.TrimSpace(body); len(trimmed) > 0 && !json.Valid(trimmed) {
		return errorResponse(op.pick(http.StatusBadRequest, http.StatusUnprocessableEntity), "Problems parsing JSON")
	}
	items := make([]fieldError, 0, len(vs))
	for _, v := range vs {
		it := fieldError{Code: "invalid", Message: ptr(v.Message)}
		if v.Pointer != "" {
			it.Field = ptr(strings.TrimPrefix(v.Pointer, "/"))
		}
		items = append(items, it)
	}
	return response{status: op.pick(http.StatusUnprocessableEntity, http.StatusBadRequest), body: validationError{
		Message:          "Invalid request.",
		DocumentationURL: docsURL,
		Errors:           items,
	}}
}

// checkResponse checks what the mock is about to send and records the
// exchange in the report.
func (s *Server) checkResponse(r *http.Request, c *call, rec *recorder) {
	if exempt501(c.op, rec.status) {
		s.report.Record(c.op.id, rec.status, c.requestViolations)
		return
	}
	check := func() []validate.Violation {
		return s.validator.CheckResponse(s.published(r), rec.status, rec.header, rec.body.Bytes())
	}
	var vs []validate.Violation
	if s.verdicts == nil {
		vs = check()
	} else {
		key := s.verdicts.responseKey(c.op.id, rec.status, rec.header.Get("Content-Type"), rec.header.Get("Link"), rec.body.Bytes())
		vs = s.verdicts.check(key, r.URL.Path, check)
	}
	for _, v := range vs {
		s.record(v)
	}
	s.report.Record(c.opID(), rec.status, append(slices.Clip(c.requestViolations), vs...))
}

// record keeps a violation of the mock's own (in a response it sent), once
// however often it recurs, so that a long-running mock does not grow without
// bound; the handler sees every occurrence.
func (s *Server) record(v validate.Violation) {
	if v.Severity == validate.SeverityWarning {
		// What GitHub itself does (its rate limits, say): in the report, but
		// no fault of the mock's.
		return
	}
	key := v
	key.Path = "" // the same violation on another codespace is the same bug
	s.vmu.Lock()
	if !s.seenViolations[key] {
		s.seenViolations[key] = true
		s.violations = append(s.violations, v)
	}
	s.vmu.Unlock()
	if s.cfg.onViolation != nil {
		s.cfg.onViolation(v)
	}
}

// Violations returns the distinct violations of the spec in responses the
// mock sent, in the order first seen (violations that differ only in the
// request's path count as one):
// bugs of the mock, or gaps in the spec where it answers as GitHub does.
// Requests that broke the spec are in Report.
func (s *Server) Violations() []validate.Violation {
	s.vmu.Lock()
	defer s.vmu.Unlock()
	return slices.Clone(s.violations)
}

// Report returns the per-operation record of every exchange the mock had:
// calls, statuses, and the violations of requests and responses alike. With
// validation off it holds calls and statuses only.
func (s *Server) Report() *validate.Report { return s.report }

type readCloser struct{ *bytes.Reader }

func (readCloser) Close() error { return nil }

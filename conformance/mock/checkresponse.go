package mock

import (
	"net/http"
	"slices"

	"github.com/codespaces-go/codespaces/conformance/validate"
)

// responseCheckStage checks every answer the pipeline gave against the spec
// on its way out, and records the exchange in the report. Faulted answers,
// meant to break the spec, and answers for no operation are recorded
// unchecked.
func (s *Server) responseCheckStage(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r)
		c := callFrom(r.Context())
		switch {
		case c.op == nil:
			s.report.Record("", c.rec.status, c.requestViolations)
		case s.cfg.validate && !c.unchecked:
			s.checkResponse(r, c, c.rec)
		default:
			s.report.Record(c.op.id, c.rec.status, nil)
		}
	})
}

// checkResponse checks what the mock is about to send and records the
// exchange in the report.
func (s *Server) checkResponse(r *http.Request, c *call, rec *recorder) {
	if exempt501(c.op, rec.status) {
		s.report.Record(c.op.id, rec.status, c.requestViolations)
		return
	}
	vs := s.validator.CheckResponse(s.published(r), rec.status, rec.header, rec.body.Bytes())
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

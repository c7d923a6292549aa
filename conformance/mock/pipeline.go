package mock

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/codespaces-go/codespaces/conformance/validate"
)

// stage is one step of the request path: it does its part and either
// answers the request itself or hands it on to next.
type stage func(next http.Handler) http.Handler

// pipeline is the mock's request path, outermost stage first. The first two
// work on the answer on its way out, so every answer, whichever stage gave
// it, gets GitHub's headers and is checked against the spec. The others work
// on the request on its way in, in the order GitHub's own front does, and
// the first that answers ends it; conditional answers turn the operation's
// 200 into a 304 on the way back.
func (s *Server) pipeline() http.Handler {
	stages := []stage{
		s.responseCheckStage, // checkresponse.go
		s.headerStage,        // headers.go
		s.gateStage,          // gates.go
		s.authStage,          // auth.go
		s.rateLimitStage,     // ratelimit.go
		s.rightsStage,        // rights.go
		s.faultStage,         // faults.go
		s.requestCheckStage,  // checkrequest.go
		s.conditionalStage,   // conditional.go
	}
	h := http.Handler(http.HandlerFunc(s.operationStage)) // operate.go
	for i := len(stages) - 1; i >= 0; i-- {
		h = stages[i](h)
	}
	return h
}

// serveHTTP takes a request in: it serves the mock's own endpoints
// (control.go), routes the rest, reads the body, runs the pipeline with the
// answer held in a recorder, sends the answer and logs it, in the slog log
// and the request log (requestlog.go). A panic is a bug of the mock: it
// answers 500, and the violation makes tests fail.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	s.underPublicPath(r)
	control := isControlPath(r.URL.Path)
	// The log shows the path as sent, before an id-based one is resolved.
	entry := Request{Time: s.cfg.clock(), Method: r.Method, Path: r.URL.Path}
	query := r.URL.RawQuery
	var op *operation
	if !control {
		op = s.route(r)
	}
	c := &call{base: s.baseURL(r), url: s.linkURL(r, op), op: op, rec: newRecorder(w)}
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler { // a dropped connection (faults.go)
				s.logRequest(entry, query, c, true)
				panic(p)
			}
			s.record(validate.Violation{Operation: c.opID(), Method: r.Method, Path: r.URL.Path, Status: http.StatusInternalServerError,
				Kind: validate.KindServerError, Message: fmt.Sprintf("the mock panicked: %v", p)})
			c.rec = newRecorder(w)
			_ = errorResponse(http.StatusInternalServerError, "Internal Server Error").write(c.rec)
			if !control {
				s.report.Record(c.opID(), c.rec.status, nil)
			}
		}
		// Logged before the answer goes: a client that has it may read the
		// log at once.
		if !control {
			s.logRequest(entry, query, c, false)
		}
		c.rec.send()
		s.log(r, c, c.rec.status, time.Since(start))
	}()
	if control {
		s.serveControl(c.rec, r)
		return
	}
	c.body, c.bodyErr = readBody(r)
	c.bodyRead = true
	if c.op == nil && s.serveRepository(c.rec, r) {
		return
	}
	s.chain.ServeHTTP(c.rec, r.WithContext(context.WithValue(r.Context(), callKey{}, c)))
}

// logRequest adds the request's entry to the request log, with what the
// pipeline learnt of it; an aborted answer, like one whose connection was
// taken over, has status 0.
func (s *Server) logRequest(e Request, query string, c *call, aborted bool) {
	if s.requestLog.off() {
		return
	}
	e = logEntry(e.Time, e.Method, e.Path, query, c.body)
	e.Operation = c.opID()
	if c.op != nil {
		e.pattern = c.op.pattern
	}
	if c.user != nil {
		e.User = c.user.login
	}
	switch {
	case aborted || c.rec.hijacked:
	case c.rec.status == 0:
		e.Status = http.StatusOK // as send writes it
	default:
		e.Status = c.rec.status
	}
	s.requestLog.add(e)
}

func (c *call) opID() string {
	if c == nil || c.op == nil {
		return ""
	}
	return c.op.id
}

func (s *Server) log(r *http.Request, c *call, status int, took time.Duration) {
	if s.cfg.logger == nil {
		return
	}
	s.cfg.logger.Info("request", "method", r.Method, "path", r.URL.Path, "operation", c.opID(),
		"status", status, "duration", took)
}

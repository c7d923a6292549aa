package mock

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/codespaces-go/codespaces/conformance/validate"
)

// maxBody bounds the request bodies the mock reads; the API's bodies are tiny.
const maxBody = 1 << 20

// serveHTTP is the mock's request pipeline: route, apply GitHub's gates
// (User-Agent, API version), authenticate, charge the rate limit, inject
// faults, check the request, run the operation, then add the ETag (or answer
// 304), check the response and send it.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := newRecorder()
	s.underPublicPath(r)
	c := &call{base: s.baseURL(r), url: r.URL}
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler { // a dropped connection (faults.go)
				panic(p)
			}
			// A panic is a bug of the mock: it answers 500, and the violation
			// makes tests fail.
			s.record(validate.Violation{Operation: c.opID(), Method: r.Method, Path: r.URL.Path, Status: http.StatusInternalServerError,
				Kind: validate.KindServerError, Message: fmt.Sprintf("the mock panicked: %v", p)})
			rec = newRecorder()
			_ = errorResponse(http.StatusInternalServerError, "Internal Server Error").write(rec)
			s.report.Record(c.opID(), rec.status, nil)
			rec.send(w)
		}
		s.log(r, c, rec.status, time.Since(start))
	}()

	c.op = s.route(r)
	if c.op == nil && (s.serveReport(w, r) || s.serveRepository(w, r)) {
		return
	}
	if refused := gate(r); refused != nil {
		// Both gate answers are documented for every operation (the
		// overlay's 400 for an unsupported API version, and 403), and
		// checked like any other answer.
		if c.op == nil {
			_ = refused.write(rec)
			s.report.Record("", rec.status, nil)
			rec.send(w)
			return
		}
		s.finish(w, r, c, rec, refused)
		return
	}
	if c.op == nil {
		// GitHub counts a request to no endpoint against the rate limit too.
		c.user, _ = s.authenticate(r)
		answer := notFound()
		if spent := s.chargeRequest(r, c); spent != nil {
			answer = *spent
		}
		rateLimitHeaders(rec.header, c.budget)
		s.report.Record("", answer.status, []validate.Violation{{Method: r.Method, Path: r.URL.Path,
			Kind: validate.KindUnknownOperation, Message: "no operation of the spec has this method and path"}})
		_ = answer.write(rec)
		rec.send(w)
		return
	}
	body, err := readBody(r)
	if err != nil {
		tooBig := orUnimplemented(c.op, errorResponse(c.op.pick(http.StatusBadRequest, http.StatusUnprocessableEntity), err.Error()))
		s.finish(w, r, c, rec, &tooBig)
		return
	}
	var denied *response
	c.user, denied = s.authenticate(r)
	if spent := s.chargeRequest(r, c); spent != nil {
		s.finish(w, r, c, rec, spent)
		return
	}
	if denied != nil {
		s.finish(w, r, c, rec, denied)
		return
	}
	rateLimitHeaders(w.Header(), c.budget) // for an injected fault's answer, which goes out directly
	if status, done := s.injectFault(w, r, c); done {
		rec.status = status // for the log: faults are answered and sent directly, unchecked
		s.report.Record(c.op.id, status, nil)
		return
	}
	if s.cfg.validate {
		if rejected := s.checkRequest(r, c, body); rejected != nil {
			s.finish(w, r, c, rec, rejected)
			return
		}
	}
	dropBadPagination(r)
	c.createRetried = s.takeCreateRetried() || r.Header.Get("X-Mock-Create") == "retried"
	r.Body = io.NopCloser(bytes.NewReader(body))
	s.router.ServeHTTP(rec, r.WithContext(context.WithValue(r.Context(), callKey{}, c)))
	s.finish(w, r, c, rec, nil)
}

// finish sends what the operation answered (or resp, when the pipeline
// answered for it): it adds an ETag to successful reads, answers 304 where the
// spec has one and If-None-Match matches (and gives back the rate limit it
// charged: a 304 is free), adds the rate-limit headers, and checks the
// response.
func (s *Server) finish(w http.ResponseWriter, r *http.Request, c *call, rec *recorder, resp *response) {
	if resp != nil {
		_ = resp.write(rec)
	}
	if r.Method == http.MethodGet && rec.status == http.StatusOK {
		conditional(r, c.op, rec)
	}
	if c.budgetKey != "" {
		if rec.status == http.StatusNotModified {
			s.mu.Lock()
			s.refund(c.budgetKey)
			s.mu.Unlock()
			c.budget.used--
		}
		rateLimitHeaders(rec.header, c.budget)
	}
	if c.op.bodiless[rec.status] {
		// The description documents this answer without a body (the
		// organization access operations' 400, say). GitHub's carries one,
		// but a client generated from the description may refuse a body it
		// was told would not come; the status says what happened.
		rec.body.Reset()
		rec.header.Del("Content-Type")
	}
	rec.header.Set("X-GitHub-Request-Id", s.requestID())
	if s.cfg.validate {
		s.checkResponse(r, c, rec)
	} else {
		s.report.Record(c.op.id, rec.status, nil)
	}
	rec.send(w)
}

func readBody(r *http.Request) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return nil, fmt.Errorf("the request body could not be read: %w", err)
	}
	if len(b) > maxBody {
		return nil, errors.New("the request body is larger than 1 MiB")
	}
	return b, nil
}

func (s *Server) requestID() string {
	return "MOCK:" + strconv.FormatUint(s.requests.Add(1), 16)
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

// recorder holds an answer until the pipeline has checked it.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newRecorder() *recorder { return &recorder{header: make(http.Header)} }

func (rec *recorder) Header() http.Header { return rec.header }

func (rec *recorder) WriteHeader(status int) {
	if rec.status == 0 {
		rec.status = status
	}
}

func (rec *recorder) Write(p []byte) (int, error) {
	rec.WriteHeader(http.StatusOK)
	return rec.body.Write(p)
}

func (rec *recorder) send(w http.ResponseWriter) {
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	h := w.Header()
	for k, vs := range rec.header {
		h[k] = vs
	}
	if rec.body.Len() > 0 {
		h.Set("Content-Length", strconv.Itoa(rec.body.Len()))
	}
	w.WriteHeader(rec.status)
	_, _ = w.Write(rec.body.Bytes())
}

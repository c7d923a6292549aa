package mock

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"

	"github.com/codespaces-go/codespaces/conformance/validate"
)

// The mock checks its traffic with the conformance validator, as a server
// checks both directions. A request that breaks the spec is refused the way
// GitHub refuses bad input; a response that breaks it is a bug of the mock
// (or a gap in the spec), recorded as a violation that tests assert away.

// maxBody bounds the request bodies the mock reads; the API's bodies are tiny.
const maxBody = 1 << 20

// requestCheckStage reads the request's body (up to maxBody) and, with
// validation on, refuses a request that breaks the spec the way GitHub
// refuses bad input. What GitHub shrugs off goes on: a page or per_page
// that is no number is dropped, as GitHub reads it as absent.
func (s *Server) requestCheckStage(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := callFrom(r.Context())
		if c.op == nil {
			next.ServeHTTP(w, r)
			return
		}
		body, err := c.body, c.bodyErr
		if !c.bodyRead {
			body, err = readBody(r)
		}
		if err != nil {
			_ = orUnimplemented(c.op, errorResponse(c.op.pick(http.StatusBadRequest, http.StatusUnprocessableEntity), err.Error())).write(w)
			onItsPage(c.rec, c.op)
			return
		}
		if s.cfg.validate {
			if rejected := s.checkRequest(r, c, body); rejected != nil {
				_ = rejected.write(w)
				onItsPage(c.rec, c.op)
				return
			}
		}
		dropBadPagination(r)
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r)
	})
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

// checkRequest checks a routed, authenticated request. It returns the answer
// to refuse it with, or nil to let it through. Violations GitHub shrugs off
// (undocumented query parameters and body properties) are recorded and let
// through.
func (s *Server) checkRequest(r *http.Request, c *call, body []byte) *response {
	r.Body = http.NoBody
	if len(body) > 0 {
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	_, vs, err := s.validator.CheckRequest(s.published(r))
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
// parameter names nothing (404), a body that is not JSON is GitHub's 400
// "Problems parsing JSON", anything else GitHub's 422 "Invalid request."
// (invalidbody.go).
func refusal(op *operation, body []byte, vs []validate.Violation) response {
	for _, v := range vs {
		if v.Kind == validate.KindParameter && v.In == "path" {
			return notFound()
		}
	}
	if trimmed := bytes.TrimSpace(body); len(trimmed) > 0 && !json.Valid(trimmed) {
		return errorResponse(op.pick(http.StatusBadRequest, http.StatusUnprocessableEntity), "Problems parsing JSON")
	}
	return invalidBody(op, body, vs)
}

package mock

import (
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/codespaces-go/codespaces/conformance/validate"

	"github.com/codespaces-go/codespaces/gen/server"
)

// The generated router and strict handler report what they cannot bind or
// decode through these functions. With validation on, the checker has already
// refused such requests; these answer when it is off, in the same words.

// badParameter answers a path or query parameter that does not bind: a
// malformed path parameter names nothing (404), a malformed query one is a
// validation error.
func (s *Server) badParameter(w http.ResponseWriter, r *http.Request, err error) {
	c := callFrom(r.Context())
	var format *server.InvalidParamFormatError
	if errors.As(err, &format) && strings.Contains(c.op.pattern, "{"+format.ParamName+"}") {
		_ = orUnimplemented(c.op, notFound()).write(w)
		return
	}
	_ = orUnimplemented(c.op, invalid(c.op.pick(http.StatusUnprocessableEntity, http.StatusBadRequest), "Parameter", paramName(err), "invalid",
		err.Error())).write(w)
}

// badBody answers a body that is not JSON of the right shape: no body at
// all is a validation error (as the checker's missing body), anything else
// GitHub's "Problems parsing JSON".
func (s *Server) badBody(w http.ResponseWriter, r *http.Request, err error) {
	c := callFrom(r.Context())
	if errors.Is(err, io.EOF) {
		_ = orUnimplemented(c.op, invalid(c.op.pick(http.StatusUnprocessableEntity, http.StatusBadRequest), "Body", "", "missing",
			"the request body is missing")).write(w)
		return
	}
	_ = orUnimplemented(c.op, errorResponse(c.op.pick(http.StatusBadRequest, http.StatusUnprocessableEntity), "Problems parsing JSON")).write(w)
}

// brokenResponse is reached only if an operation returns an error or its
// answer cannot be encoded: a bug of the mock, recorded as a violation.
func (s *Server) brokenResponse(w http.ResponseWriter, r *http.Request, err error) {
	c := callFrom(r.Context())
	s.record(validate.Violation{Operation: c.opID(), Method: r.Method, Path: r.URL.Path, Status: http.StatusInternalServerError,
		Kind: validate.KindServerError, Message: "the mock could not answer: " + err.Error()})
	_ = errorResponse(http.StatusInternalServerError, "Internal Server Error").write(w)
}

func paramName(err error) string {
	var format *server.InvalidParamFormatError
	var required *server.RequiredParamError
	switch {
	case errors.As(err, &format):
		return format.ParamName
	case errors.As(err, &required):
		return required.ParamName
	}
	return ""
}

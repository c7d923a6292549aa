package mock

import (
	"net/http"

	"github.com/codespaces-go/codespaces/conformance/validate"
)

// operationStage runs the operation the request was routed to, through the
// generated router and strict handler (the handlers are api's methods). A
// request for no operation of the spec is a 404 as on GitHub, and the report
// counts it as such.
func (s *Server) operationStage(w http.ResponseWriter, r *http.Request) {
	c := callFrom(r.Context())
	if c.op == nil {
		c.requestViolations = append(c.requestViolations, validate.Violation{Method: r.Method, Path: r.URL.Path,
			Kind: validate.KindUnknownOperation, Message: "no operation of the spec has this method and path"})
		_ = notFound().write(w)
		return
	}
	c.createRetried = s.takeCreateRetried() || r.Header.Get("X-Mock-Create") == "retried"
	s.router.ServeHTTP(w, r)
}

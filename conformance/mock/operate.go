package mock

import (
	"bytes"
	"encoding/json"
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
	s.router.ServeHTTP(w, r)
	onItsPage(c.rec, c.op)
}

// genericDocs is how an error body built with basicError or invalid names
// GitHub's general page.
var genericDocs = []byte(`"documentation_url":"` + docsURL + `"`)

// onItsPage points an error answer about the operation at the operation's
// reference page, as GitHub's do ("documentation_url":
// "https://docs.github.com/rest/issues/issues#create-an-issue" on a 422 of
// POST /repos/{owner}/{repo}/issues, magit/forge#748); the handlers build
// their errors with GitHub's general page, which answers about no operation
// (an unknown path, bad credentials) keep.
func onItsPage(rec *recorder, op *operation) {
	if rec.status < 400 || op.docs == "" {
		return
	}
	page, err := json.Marshal(op.docs)
	if err != nil {
		return
	}
	b := bytes.Replace(rec.body.Bytes(), genericDocs, append([]byte(`"documentation_url":`), page...), 1)
	rec.body.Reset()
	rec.body.Write(b)
}

package mock

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// The control API's endpoints that reset the mock and replace its world
// (reset.go: Reset, ReplaceWorld, World).

func (s *Server) controlReset(w http.ResponseWriter, _ *http.Request, _ []string) {
	s.Reset()
	noContent(w)
}

// controlWorld answers the world document the mock's world was made from,
// without its users' tokens: JSON, or YAML when asked (?format=yaml, or an
// Accept naming YAML). Sent back with PUT, its users have no token, so each
// token they are reached with must be named again.
func (s *Server) controlWorld(w http.ResponseWriter, r *http.Request, _ []string) {
	doc := s.World().WithoutTokens()
	if !wantsYAML(r) {
		writeJSON(w, doc)
		return
	}
	data, err := doc.Marshal()
	if err != nil {
		_ = controlError(http.StatusInternalServerError, "The world could not be written as YAML: "+err.Error()).write(w)
		return
	}
	w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	_, _ = w.Write(data)
}

func wantsYAML(r *http.Request) bool {
	if f := r.URL.Query().Get("format"); f != "" {
		return strings.EqualFold(f, "yaml")
	}
	return strings.Contains(strings.ToLower(r.Header.Get("Accept")), "yaml")
}

// controlReplaceWorld replaces the world with the body's document (YAML or
// JSON, at most 1 MiB), as ReplaceWorld does: everything requests made is
// gone. A bad document is a 422 whose error names the line and the field.
func (s *Server) controlReplaceWorld(w http.ResponseWriter, r *http.Request, _ []string) {
	data, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	switch {
	case err != nil:
		_ = controlError(http.StatusBadRequest, "The request body could not be read.").write(w)
		return
	case len(data) > maxBody:
		_ = controlError(http.StatusRequestEntityTooLarge, "The world document is larger than 1 MiB.").write(w)
		return
	}
	doc, err := ParseWorld(data)
	if err == nil {
		err = s.ReplaceWorld(doc)
	}
	if err != nil {
		_ = badWorld(err).write(w)
		return
	}
	noContent(w)
}

// badWorld is the 422 of a world document, in the shape of GitHub's
// validation errors: the field, and a message with the line.
func badWorld(err error) response {
	item := fieldError{Resource: ptr("World"), Code: "invalid", Message: ptr(err.Error())}
	var we *WorldError
	if errors.As(err, &we) && we.Field != "" {
		item.Field = ptr(we.Field)
	}
	return response{status: http.StatusUnprocessableEntity, body: validationError{
		Message:          "Invalid world document: " + err.Error(),
		DocumentationURL: controlDocs,
		Errors:           []fieldError{item},
		Status:           strconv.Itoa(http.StatusUnprocessableEntity),
	}}
}

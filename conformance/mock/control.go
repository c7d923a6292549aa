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
	"strings"

	"github.com/codespaces-go/codespaces/internal/textcut"
)

// The control API: what a test in any language does to the mock beyond
// GitHub's API, over HTTP under /_mock/ (the package documentation, "Control
// API", has the table). Its endpoints need no token and pass none of
// GitHub's gates: they are the test's, not a client's. They are outside the
// report and the request log, so that a test's scripting never shows as its
// client's traffic. Their errors are GitHub-style bodies ({"message",
// "documentation_url", "status"}) whose documentation_url is the control
// API's own page.

// ControlPrefix is the path every endpoint of the mock's own is under.
const ControlPrefix = "/_mock/"

// controlDocs is where a control API's error sends people.
const controlDocs = "https://pkg.go.dev/github.com/codespaces-go/codespaces/conformance/mock#hdr-Control_API"

// maxControlBody bounds a control request's body but the world's, which is
// a document (maxBody).
const maxControlBody = 64 << 10

func isControlPath(path string) bool {
	return strings.HasPrefix(path, ControlPrefix) || path == strings.TrimSuffix(ControlPrefix, "/")
}

// controlRoute is one endpoint of the control API: its path, with {name}
// standing for one path segment, and its handler for each method.
type controlRoute struct {
	path    string
	methods controlMethods
}

// controlMethods are an endpoint's handlers by method; params are the
// path's {name} segments, in order.
type controlMethods map[string]func(s *Server, w http.ResponseWriter, r *http.Request, params []string)

// controlRoutes are the control API's endpoints; ReportPath's is in
// reportendpoint.go.
var controlRoutes []controlRoute

func init() {
	controlRoutes = []controlRoute{
		{ReportPath, controlMethods{
			http.MethodGet:  (*Server).controlReport,
			http.MethodHead: (*Server).controlReport,
		}},
		{"/_mock/reset", controlMethods{
			http.MethodPost: (*Server).controlReset,
		}},
		{"/_mock/world", controlMethods{
			http.MethodGet: (*Server).controlWorld,
			http.MethodPut: (*Server).controlReplaceWorld,
		}},
		{"/_mock/requests", controlMethods{
			http.MethodGet:    (*Server).controlListRequests,
			http.MethodDelete: (*Server).controlClearRequests,
		}},
		{"/_mock/codespaces/fail-next", controlMethods{
			http.MethodPost: (*Server).controlFailNext,
		}},
		{"/_mock/codespaces/retry-next", controlMethods{
			http.MethodPost: (*Server).controlRetryNext,
		}},
		{"/_mock/codespaces/{name}/fail", controlMethods{
			http.MethodPost: (*Server).controlFail,
		}},
		{"/_mock/codespaces/{name}/stop-idle", controlMethods{
			http.MethodPost: (*Server).controlStopIdle,
		}},
		{"/_mock/codespaces/{name}/pending-operation", controlMethods{
			http.MethodPut:    (*Server).controlBeginPending,
			http.MethodDelete: (*Server).controlEndPending,
		}},
		{"/_mock/rate-limits/{login}", controlMethods{
			http.MethodPut: (*Server).controlRateLimit,
		}},
		{"/_mock/faults", controlMethods{
			http.MethodPost:   (*Server).controlAddFault,
			http.MethodDelete: (*Server).controlClearFaults,
		}},
		{"/_mock/keys/rotate", controlMethods{
			http.MethodPost: (*Server).controlRotateKey,
		}},
		{"/_mock/devcontainer-permissions", controlMethods{
			http.MethodPost: (*Server).controlAcceptPermissions,
		}},
	}
}

// serveControl answers a request under ControlPrefix.
func (s *Server) serveControl(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	for _, route := range controlRoutes {
		params, ok := matchControlPath(route.path, r.URL.Path)
		if !ok {
			continue
		}
		h := route.methods[r.Method]
		if h == nil {
			allowed := make([]string, 0, len(route.methods))
			for m := range route.methods {
				allowed = append(allowed, m)
			}
			slices.Sort(allowed)
			w.Header().Set("Allow", strings.Join(allowed, ", "))
			_ = controlError(http.StatusMethodNotAllowed,
				fmt.Sprintf("%s takes %s, not %s.", route.path, strings.Join(allowed, " or "), quoteLimited(r.Method))).write(w)
			return
		}
		h(s, w, r, params)
		return
	}
	_ = controlError(http.StatusNotFound, "Not Found: the control API has no "+quoteLimited(r.URL.Path)+".").write(w)
}

// matchControlPath matches path against pattern, whose {...} segments take
// any non-empty segment, and returns those segments.
func matchControlPath(pattern, path string) ([]string, bool) {
	want, got := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(want) != len(got) {
		return nil, false
	}
	var params []string
	for i, seg := range want {
		switch {
		case strings.HasPrefix(seg, "{"):
			if got[i] == "" {
				return nil, false
			}
			params = append(params, got[i])
		case seg != got[i]:
			return nil, false
		}
	}
	return params, true
}

func (s *Server) controlReport(w http.ResponseWriter, r *http.Request, _ []string) {
	s.serveReport(w, r)
}

// controlError is a control API's error, in GitHub's shape.
func controlError(status int, message string) response {
	body := basicError(status, message)
	body.DocumentationURL = ptr(controlDocs)
	return response{status: status, body: body}
}

// noContent is a control API's success without an answer.
func noContent(w http.ResponseWriter) { w.WriteHeader(http.StatusNoContent) }

// readControlBody reads a control request's JSON body into v, refusing
// properties v does not have; an empty body leaves v as it is. It returns
// the error answer, or nil.
func readControlBody(r *http.Request, limit int64, v any) *response {
	b, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	switch {
	case err != nil:
		return ptr(controlError(http.StatusBadRequest, "The request body could not be read."))
	case int64(len(b)) > limit:
		return ptr(controlError(http.StatusRequestEntityTooLarge, fmt.Sprintf("The request body is larger than %d KiB.", limit>>10)))
	case len(bytes.TrimSpace(b)) == 0:
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	err = dec.Decode(v)
	if err == nil && dec.More() {
		err = errors.New("more than one JSON value")
	}
	if err == nil {
		return nil
	}
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		return ptr(invalidControl(fmt.Sprintf("%s must be %s, not %s.", quote(typeErr.Field), typeErr.Type.Kind(), typeErr.Value)))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return ptr(invalidControl(fmt.Sprintf("%s is not a property of this request.", strings.TrimPrefix(err.Error(), "json: unknown field "))))
	case errors.As(err, &syntaxErr), errors.Is(err, io.ErrUnexpectedEOF), err.Error() == "more than one JSON value":
		return ptr(controlError(http.StatusBadRequest, "Problems parsing JSON"))
	}
	return ptr(invalidControl("Invalid request: " + err.Error()))
}

// invalidControl is the 422 of a control request whose input is wrong.
func invalidControl(message string) response {
	return controlError(http.StatusUnprocessableEntity, message)
}

// writeJSON answers 200 with v.
func writeJSON(w http.ResponseWriter, v any) {
	_ = response{status: http.StatusOK, body: v}.write(w)
}

// countBody is the body of the endpoints that script the next creates.
type countBody struct {
	Count *int `json:"count"`
}

// maxScriptCount bounds one request's count: enough for any test, far
// from overflowing what it adds to.
const maxScriptCount = 1000

// count reads a countBody: 1 when absent.
func readCount(r *http.Request) (int, *response) {
	var b countBody
	if refused := readControlBody(r, maxControlBody, &b); refused != nil {
		return 0, refused
	}
	if b.Count == nil {
		return 1, nil
	}
	if *b.Count < 1 || *b.Count > maxScriptCount {
		return 0, ptr(invalidControl(fmt.Sprintf("\"count\" must be between 1 and %d, not %d.", maxScriptCount, *b.Count)))
	}
	return *b.Count, nil
}

// knownOperation reports whether id is an operationId of the spec.
func knownOperation(id string) bool {
	ops, err := loadOperations()
	return err == nil && ops[id] != nil
}

// quoteLimited quotes a client's value for a message, cut short.
func quoteLimited(v string) string { return strconv.Quote(textcut.Cut(v, 100)) }

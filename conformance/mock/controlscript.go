package mock

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/codespaces-go/codespaces/internal/textcut"
)

// The control API's endpoints that script GitHub's side (script.go's
// methods, CreateRetriedNext, SetRateLimitRemainingIn, InjectFault,
// RotateKey, AcceptDevcontainerPermissions) and read the request log.

// requestList is the answer of GET /_mock/requests, in the shape of
// GitHub's lists.
type requestList struct {
	TotalCount int       `json:"total_count"`
	Requests   []Request `json:"requests"`
}

// controlListRequests answers the request log, filtered by the query's
// operation, method and path (RequestMatch). A parameter it does not know,
// or an operation the spec does not have, is a 422: a typo must not make
// "never called" come true.
func (s *Server) controlListRequests(w http.ResponseWriter, r *http.Request, _ []string) {
	q := r.URL.Query()
	for name := range q {
		if name != "operation" && name != "method" && name != "path" {
			_ = invalidControl(fmt.Sprintf("%s is not a parameter of %s: it takes operation, method and path.",
				quoteLimited(name), r.URL.Path)).write(w)
			return
		}
	}
	m := RequestMatch{Operation: q.Get("operation"), Method: q.Get("method"), Path: q.Get("path")}
	if m.Operation != "" && !knownOperation(m.Operation) {
		_ = invalidControl(fmt.Sprintf("operation %s is no operationId of the spec.", quoteLimited(m.Operation))).write(w)
		return
	}
	found := s.Requests(m)
	writeJSON(w, requestList{TotalCount: len(found), Requests: found})
}

func (s *Server) controlClearRequests(w http.ResponseWriter, _ *http.Request, _ []string) {
	s.ClearRequests()
	noContent(w)
}

func (s *Server) controlFailNext(w http.ResponseWriter, r *http.Request, _ []string) {
	nextCreates(w, r, s.FailNextCreated)
}

func (s *Server) controlRetryNext(w http.ResponseWriter, r *http.Request, _ []string) {
	nextCreates(w, r, s.CreateRetriedNext)
}

// nextCreates scripts the body's count of the next creates with script.
func nextCreates(w http.ResponseWriter, r *http.Request, script func(n int)) {
	n, refused := readCount(r)
	if refused != nil {
		_ = refused.write(w)
		return
	}
	script(n)
	noContent(w)
}

// onNamedCodespace answers 204 when script found the codespace, else 404.
func onNamedCodespace(w http.ResponseWriter, name string, script func(string) bool) {
	if !script(name) {
		_ = controlError(http.StatusNotFound, "No codespace is named "+quoteLimited(name)+".").write(w)
		return
	}
	noContent(w)
}

func (s *Server) controlFail(w http.ResponseWriter, _ *http.Request, p []string) {
	onNamedCodespace(w, p[0], s.FailCodespace)
}

func (s *Server) controlStopIdle(w http.ResponseWriter, _ *http.Request, p []string) {
	onNamedCodespace(w, p[0], s.StopCodespaceIdle)
}

func (s *Server) controlEndPending(w http.ResponseWriter, _ *http.Request, p []string) {
	onNamedCodespace(w, p[0], s.EndPendingOperation)
}

// pendingBody is PendingOperation as JSON; the duration is Go's ("90s") or
// whole seconds ("90").
type pendingBody struct {
	Reason    string `json:"reason"`
	Operation string `json:"operation"`
	Polls     int    `json:"polls"`
	Duration  string `json:"duration"`
}

func (s *Server) controlBeginPending(w http.ResponseWriter, r *http.Request, p []string) {
	var b pendingBody
	if refused := readControlBody(r, maxControlBody, &b); refused != nil {
		_ = refused.write(w)
		return
	}
	op := PendingOperation{Reason: textcut.Cut(b.Reason, 200), Operation: textcut.Cut(b.Operation, 200), Polls: b.Polls}
	if b.Polls < 0 {
		_ = invalidControl(fmt.Sprintf("\"polls\" must not be negative, not %d.", b.Polls)).write(w)
		return
	}
	if b.Duration != "" {
		d, err := parseDuration(b.Duration)
		if err != nil {
			_ = invalidControl(fmt.Sprintf("\"duration\" %s is not a duration like \"90s\" or \"90\": %v.", quoteLimited(b.Duration), err)).write(w)
			return
		}
		op.Duration = d
	}
	onNamedCodespace(w, p[0], func(name string) bool { return s.BeginPendingOperation(name, op) })
}

// rateLimitBody sets what is left of a user's rate limit in one resource.
type rateLimitBody struct {
	Resource  string `json:"resource"`
	Remaining *int   `json:"remaining"`
}

// controlRateLimit sets what login may still spend in a resource (core
// when the body names none; 0 when it gives no remaining: spent).
func (s *Server) controlRateLimit(w http.ResponseWriter, r *http.Request, p []string) {
	var b rateLimitBody
	if refused := readControlBody(r, maxControlBody, &b); refused != nil {
		_ = refused.write(w)
		return
	}
	if b.Resource == "" {
		b.Resource = ResourceCore
	}
	if !slices.Contains(resources, b.Resource) {
		_ = invalidControl(fmt.Sprintf("\"resource\" must be one of %s, not %s.", strings.Join(resources, ", "), quoteLimited(b.Resource))).write(w)
		return
	}
	remaining := 0
	if b.Remaining != nil {
		remaining = *b.Remaining
	}
	if remaining < 0 {
		_ = invalidControl(fmt.Sprintf("\"remaining\" must not be negative, not %d.", remaining)).write(w)
		return
	}
	if !s.SetRateLimitRemainingIn(b.Resource, p[0], remaining) {
		_ = controlError(http.StatusNotFound, "No user has the login "+quoteLimited(p[0])+".").write(w)
		return
	}
	noContent(w)
}

// faultBody is a fault for the control API: its kind and settings in
// X-Mock-Fault's syntax, and what it matches.
type faultBody struct {
	Fault     string `json:"fault"`
	Operation string `json:"operation"`
	Method    string `json:"method"`
	Path      string `json:"path"`
}

// maxControlFaults bounds the faults the control API keeps: each POST adds
// one, and a client may post for ever.
const maxControlFaults = 1000

func (s *Server) controlAddFault(w http.ResponseWriter, r *http.Request, _ []string) {
	var b faultBody
	if refused := readControlBody(r, maxControlBody, &b); refused != nil {
		_ = refused.write(w)
		return
	}
	if b.Fault == "" {
		_ = invalidControl("\"fault\" is required: a fault in X-Mock-Fault's syntax, e.g. \"status=503;count=1\".").write(w)
		return
	}
	f, err := ParseFault(b.Fault)
	if err != nil {
		_ = invalidControl("\"fault\": " + strings.TrimPrefix(err.Error(), FaultHeader+": ") + ".").write(w)
		return
	}
	switch {
	case b.Operation != "" && (b.Method != "" || b.Path != ""):
		_ = invalidControl("Give \"operation\" or \"method\" and \"path\", not both.").write(w)
		return
	case b.Operation != "" && !knownOperation(b.Operation):
		_ = invalidControl(fmt.Sprintf("\"operation\" %s is no operationId of the spec.", quoteLimited(b.Operation))).write(w)
		return
	case b.Method != "" && !slices.Contains(httpMethods, strings.ToUpper(b.Method)):
		_ = invalidControl(fmt.Sprintf("\"method\" %s is not an HTTP method.", quoteLimited(b.Method))).write(w)
		return
	case b.Path != "" && !strings.HasPrefix(b.Path, "/"):
		_ = invalidControl(fmt.Sprintf("\"path\" %s must begin with /.", quoteLimited(b.Path))).write(w)
		return
	}
	f.Operation, f.Method, f.Path = b.Operation, strings.ToUpper(b.Method), b.Path
	if !s.injectFaultBounded(f, maxControlFaults) {
		_ = invalidControl(fmt.Sprintf("The mock holds %d faults, its most; DELETE %sfaults clears them.", maxControlFaults, ControlPrefix)).write(w)
		return
	}
	w.WriteHeader(http.StatusCreated)
}

var httpMethods = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// injectFaultBounded adds f unless the mock holds max faults that may still
// hit, after forgetting those whose count is spent.
func (s *Server) injectFaultBounded(f Fault, max int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.rules = slices.DeleteFunc(s.faults.rules, func(r *faultRule) bool { return r.Count > 0 && r.hits >= r.Count })
	if len(s.faults.rules) >= max {
		return false
	}
	s.faults.rules = append(s.faults.rules, &faultRule{Fault: f})
	return true
}

func (s *Server) controlClearFaults(w http.ResponseWriter, _ *http.Request, _ []string) {
	s.ClearFaults()
	noContent(w)
}

func (s *Server) controlRotateKey(w http.ResponseWriter, _ *http.Request, _ []string) {
	s.RotateKey()
	noContent(w)
}

// permissionsBody names a devcontainer whose permissions a user accepted.
type permissionsBody struct {
	Login            string `json:"login"`
	Owner            string `json:"owner"`
	Repo             string `json:"repo"`
	DevcontainerPath string `json:"devcontainer_path"`
}

func (s *Server) controlAcceptPermissions(w http.ResponseWriter, r *http.Request, _ []string) {
	var b permissionsBody
	if refused := readControlBody(r, maxControlBody, &b); refused != nil {
		_ = refused.write(w)
		return
	}
	for _, f := range []struct{ name, value string }{{"login", b.Login}, {"owner", b.Owner}, {"repo", b.Repo}, {"devcontainer_path", b.DevcontainerPath}} {
		if f.value == "" {
			_ = invalidControl(fmt.Sprintf("%q is required.", f.name)).write(w)
			return
		}
	}
	if !s.AcceptDevcontainerPermissions(b.Login, b.Owner, b.Repo, b.DevcontainerPath) {
		_ = controlError(http.StatusNotFound, "No such user, repository or devcontainer.").write(w)
		return
	}
	noContent(w)
}

package validate

import (
	"bytes"
	"io"
	"net/http"
	"slices"
)

// Mode says what a Transport does with violations.
type Mode int

const (
	// Strict fails the call with a *ViolationError listing every violation.
	// A request that breaks the spec is not sent, except when all that is
	// wrong is missing credentials: the server's 401 is then the expected
	// answer, and the call fails only if something else is wrong.
	Strict Mode = iota
	// ReportOnly lets every call go on; violations go to the Report only.
	ReportOnly
)

// Transport is an http.RoundTripper that checks every request it sends and
// every response it receives. It checks the same things in both modes, and
// leaves what it checks as it was: the request body is buffered and sent as
// read, defaults are never written into the request, and the response body
// is handed on whole.
type Transport struct {
	Validator *Validator
	// Base sends the requests; nil means http.DefaultTransport.
	Base http.RoundTripper
	Mode Mode
	// Report, when not nil, records every exchange, in both modes.
	Report *Report
	// Excuse, when not nil, is asked about each violation of an exchange
	// before it is recorded or fails the call; those it returns true for are
	// dropped. A caller that injects a fault excuses the undocumented status
	// it asked for, and nothing else. req is the caller's request, so its
	// context can say what was injected.
	Excuse func(req *http.Request, v Violation) bool
	// Observe, when not nil, is told of every exchange as it is recorded:
	// the caller's request, the operation, the status (0 when the request
	// was not sent) and the violations left after Excuse. A runner keeps its
	// own log of steps with it.
	Observe func(req *http.Request, operationID string, status int, vs []Violation)
}

// Transport returns a validating transport in front of base.
func (v *Validator) Transport(base http.RoundTripper, mode Mode, report *Report) *Transport {
	return &Transport{Validator: v, Base: base, Mode: mode, Report: report}
}

// RoundTrip implements http.RoundTripper.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	// The caller's request must not change; the copy carries the buffered body.
	out := new(http.Request)
	*out = *req
	body, err := bufferBody(out)
	if err != nil {
		return nil, err
	}

	route, op, routeErr := t.Validator.route(req.Method, req.URL)
	var reqViolations []Violation
	if routeErr != nil {
		reqViolations = classify([]Violation{{Method: req.Method, Path: req.URL.Path, Kind: KindUnknownOperation, Message: routeErr.Error()}})
	} else {
		reqViolations = classify(t.Validator.checkRequest(req.Context(), out, body, route, op))
	}
	reqViolations = t.excuse(req, reqViolations)
	if t.Mode == Strict && blocksSending(reqViolations) {
		t.record(op.ID, 0, reqViolations)
		t.observe(req, op.ID, 0, reqViolations)
		return nil, &ViolationError{Violations: reqViolations}
	}

	resp, err := base.RoundTrip(out)
	if err != nil {
		return nil, err
	}
	respBody, readErr := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(respBody))
	if readErr != nil {
		return nil, readErr
	}

	violations := reqViolations
	if resp.StatusCode == http.StatusUnauthorized {
		violations = withoutKind(violations, KindAuth)
	}
	if routeErr == nil {
		respBase := Violation{Operation: op.ID, Method: req.Method, Path: req.URL.Path, Status: resp.StatusCode}
		violations = append(violations, t.excuse(req, classify(t.Validator.checkResponse(route, req.URL, respBase, resp.StatusCode, resp.Header, respBody)))...)
	}
	t.recordExchange(op.ID, req, resp.StatusCode, violations)
	t.observe(req, op.ID, resp.StatusCode, violations)
	if t.Mode == Strict && errorsIn(violations) {
		return nil, &ViolationError{Violations: violations}
	}
	return resp, nil
}

func (t *Transport) excuse(req *http.Request, vs []Violation) []Violation {
	if t.Excuse == nil {
		return vs
	}
	return slices.DeleteFunc(vs, func(v Violation) bool { return t.Excuse(req, v) })
}

func (t *Transport) record(operationID string, status int, vs []Violation) {
	if t.Report != nil {
		t.Report.Record(operationID, status, vs)
	}
}

// recordExchange records an answered exchange with its request, so that the
// report can tell a server error that a retry got past.
func (t *Transport) recordExchange(operationID string, req *http.Request, status int, vs []Violation) {
	if t.Report != nil {
		t.Report.RecordExchange(operationID, req.Method+" "+req.URL.String(), status, vs)
	}
}

func (t *Transport) observe(req *http.Request, operationID string, status int, vs []Violation) {
	if t.Observe != nil {
		t.Observe(req, operationID, status, vs)
	}
}

// errorsIn tells whether any violation is an error: warnings do not fail a
// Strict exchange.
func errorsIn(vs []Violation) bool {
	for _, v := range vs {
		if v.Severity != SeverityWarning {
			return true
		}
	}
	return false
}

// blocksSending tells whether request violations keep a Strict transport
// from sending: any does, except missing credentials (see Strict).
func blocksSending(vs []Violation) bool {
	for _, v := range vs {
		if v.Kind != KindAuth && v.Severity != SeverityWarning {
			return true
		}
	}
	return false
}

func withoutKind(vs []Violation, kind Kind) []Violation {
	var out []Violation
	for _, v := range vs {
		if v.Kind != kind {
			out = append(out, v)
		}
	}
	return out
}

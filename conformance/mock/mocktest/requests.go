package mocktest

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/codespaces-go/codespaces/conformance/mock"
)

// Assertions on the mock's request log (mock.Server.Requests): whether
// the code under test called an operation, and with what. Operations are
// named by their operationId, as GitHub's description and the mock's
// report name them ("codespaces/create-with-repo-for-authenticated-user");
// a name the spec does not have fails the test, so that a typo cannot make
// NotCalled pass. Each marks itself a helper, so a failure points at the
// test's line.
//
//	m.Called(t, "codespaces/stop-for-authenticated-user")
//	m.NotCalled(t, "codespaces/delete-for-authenticated-user")
//	m.CalledWith(t, "codespaces/create-with-repo-for-authenticated-user", `{"display_name": "docs"}`)
//
// The log keeps the latest 1000 requests (mock.WithRequestLog), no
// headers, and secrets' values redacted ("encrypted_value": "[REDACTED]").

// Called fails the test unless the code under test called the operation,
// and returns its calls, oldest first.
func (m *Mock) Called(t testing.TB, operation string) []mock.Request {
	t.Helper()
	calls := m.calls(t, operation)
	if len(calls) == 0 {
		t.Fatalf("mocktest: %s was not called; %s", operation, m.calledSummary())
	}
	return calls
}

// NotCalled fails the test if the code under test called the operation.
func (m *Mock) NotCalled(t testing.TB, operation string) {
	t.Helper()
	if calls := m.calls(t, operation); len(calls) > 0 {
		t.Errorf("mocktest: %s was called %d times, want none; the first: %s", operation, len(calls), describe(calls[0]))
	}
}

// LastCall fails the test unless the operation was called, and returns
// its latest call: its Body is the JSON the code sent (redacted), to
// decode and compare.
func (m *Mock) LastCall(t testing.TB, operation string) mock.Request {
	t.Helper()
	calls := m.Called(t, operation)
	return calls[len(calls)-1]
}

// CalledWith fails the test unless some call of the operation had a body
// with every property of want (a JSON object) at the same value; it
// ignores the properties want does not name, at any depth, and a list
// matches only a list of the same length whose items match. It returns the
// latest call that matched.
func (m *Mock) CalledWith(t testing.TB, operation, want string) mock.Request {
	t.Helper()
	var pattern any
	if err := json.Unmarshal([]byte(want), &pattern); err != nil {
		t.Fatalf("mocktest: CalledWith(%s): want %q is not JSON: %v", operation, want, err)
	}
	calls := m.Called(t, operation)
	for _, c := range slices.Backward(calls) {
		var got any
		if json.Unmarshal(c.Body, &got) == nil && contains(got, pattern) {
			return c
		}
	}
	bodies := make([]string, len(calls))
	for i, c := range calls {
		bodies[i] = describe(c)
	}
	t.Fatalf("mocktest: no call of %s had a body with %s; its calls:\n  %s", operation, want, strings.Join(bodies, "\n  "))
	return mock.Request{}
}

// calls are the operation's logged calls; an operation the spec does not
// have fails the test.
func (m *Mock) calls(t testing.TB, operation string) []mock.Request {
	t.Helper()
	if !slices.Contains(mock.OperationIDs(), operation) {
		t.Fatalf("mocktest: %q is no operationId of the spec (mock.OperationIDs lists them)", operation)
	}
	return m.Requests(mock.RequestMatch{Operation: operation})
}

// calledSummary says which operations were called, for a failure message.
func (m *Mock) calledSummary() string {
	var ops []string
	for _, r := range m.Requests() {
		if r.Operation != "" && !slices.Contains(ops, r.Operation) {
			ops = append(ops, r.Operation)
		}
	}
	if len(ops) == 0 {
		return "no operation was"
	}
	return "called: " + strings.Join(ops, ", ")
}

// describe is one call as a failure message shows it.
func describe(r mock.Request) string {
	s := fmt.Sprintf("%s %s → %d", r.Method, r.Path, r.Status)
	switch {
	case len(r.Body) > 0:
		s += " " + string(r.Body)
	case r.BodyOmitted != "":
		s += " (body left out: " + r.BodyOmitted + ")"
	}
	return s
}

// contains reports whether got has everything pattern has: each property
// of an object (recursively), each item of a list, an equal scalar.
func contains(got, pattern any) bool {
	switch p := pattern.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return false
		}
		for k, pv := range p {
			gv, ok := g[k]
			if !ok || !contains(gv, pv) {
				return false
			}
		}
		return true
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(p) {
			return false
		}
		for i := range p {
			if !contains(g[i], p[i]) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(got, pattern)
}

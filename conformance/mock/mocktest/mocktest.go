// Package mocktest gives tests of Go programs that use the Codespaces SDK a
// stateful GitHub to talk to: the conformance mock, served on loopback, and
// a *client.Client for octocat pointed at it.
//
//	func TestCleanup(t *testing.T) {
//		c, m := mocktest.New(t)
//		... // call your code with c; script GitHub's side with m
//	}
//
// Both are cleaned up with t.Cleanup. The mock keeps its validation on: a
// request of your code's that breaks GitHub's description, or an answer of
// the mock's that does, fails the test (Mock.AllowRequestViolations lets a
// test send bad requests on purpose).
//
// What tests script, on m (a *mock.Server underneath, so everything of it
// is there too):
//
//	m.CreateRetriedNext(1)                  the next create answers 202, queued again
//	m.FailCodespace(name)                   the codespace fails and stays Failed
//	m.StopCodespaceIdle(name)               it stops by itself, as after its idle timeout
//	m.BeginPendingOperation(name, mock.PendingOperation{Polls: 2})
//	                                        an operation is pending for two reads: start,
//	                                        stop, update and export answer 422 meanwhile
//	m.FailNext("GET", "/user/codespaces/{codespace_name}", 503)
//	                                        a fault on the next matching request
//	m.SetRateLimitRemaining(mock.OctocatLogin, 0)
//	                                        the rate limit runs out
//	m.AcceptDevcontainerPermissions(mock.OctocatLogin, "octocat", "Hello-World",
//		".devcontainer/foobar/devcontainer.json")
//	                                        the user accepted what a devcontainer asks for
//	m.RotateKey()                           every secrets key pair is replaced
//
// This package imports the client and so is not part of the mock, which
// never does; it is for tests only.
package mocktest

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/codespaces-go/codespaces/client"
	"github.com/codespaces-go/codespaces/conformance/mock"
	"github.com/codespaces-go/codespaces/conformance/validate"
)

// Token is the token the client of New and Start sends; it is octocat's.
const Token = "mocktest-octocat-token"

// Mock is a served mock and what a test scripts on it.
type Mock struct {
	*mock.Server
	// URL is the mock's base URL, for other clients of the same mock.
	URL string

	stop  func()
	mu    sync.Mutex
	own   []validate.Violation // the mock's own, as they happen
	allow bool                 // AllowRequestViolations
}

// New serves a mock for the test and returns a client for octocat and the
// mock. When the test ends both are closed, and the test fails for every
// violation of the spec the mock saw (see Close). opts configure the mock
// (timing, clock, seed, rate limit, ...); validation stays on.
func New(t testing.TB, opts ...mock.Option) (*client.Client, *Mock) {
	t.Helper()
	c, m, err := Start(opts...)
	if err != nil {
		t.Fatalf("mocktest: %v", err)
	}
	t.Cleanup(func() {
		if err := m.Close(); err != nil {
			t.Error(err)
		}
	})
	return c, m
}

// Start is New without a test: for TestMain, an Example or a program. Close
// the Mock when done.
func Start(opts ...mock.Option) (*client.Client, *Mock, error) {
	m := &Mock{}
	all := append([]mock.Option{mock.WithOctocatToken(Token)}, opts...)
	all = append(all,
		mock.WithValidation(true),
		mock.WithViolationHandler(func(v validate.Violation) {
			m.mu.Lock()
			m.own = append(m.own, v)
			m.mu.Unlock()
		}))
	m.Server = mock.New(all...)
	m.URL, m.stop = m.Server.Start()
	c, err := client.New(
		client.WithBaseURL(m.URL),
		client.WithToken(Token),
		// A test should not hang on a mock that stops answering.
		client.WithHTTPClient(&http.Client{Timeout: time.Minute}),
	)
	if err != nil {
		m.stop()
		return nil, nil, fmt.Errorf("a client for the mock at %s: %w", m.URL, err)
	}
	return c, m, nil
}

// AllowRequestViolations keeps requests that break the spec from failing
// the test, for a test that sends them on purpose (to see how GitHub refuses
// them). The mock's own violations still fail it.
func (m *Mock) AllowRequestViolations() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.allow = true
}

// FailNext makes the next request for method and path (a path template of
// the spec, as "/user/codespaces/{codespace_name}", or a concrete path)
// answer status with a GitHub-style body: 503, say, for a test of retries.
func (m *Mock) FailNext(method, path string, status int) {
	m.InjectFault(mock.Fault{Kind: mock.FaultStatus, Method: method, Path: path, Status: status, Count: 1})
}

// Close stops the mock and returns an error listing what broke the spec:
// requests of the client's (unless AllowRequestViolations; a request without
// credentials and a JSON body under another Content-Type only warn), and
// the mock's own answers.
func (m *Mock) Close() error {
	m.stop()
	m.mu.Lock()
	defer m.mu.Unlock()
	var problems []string
	if !m.allow {
		for _, v := range m.Report().Violations() {
			if v.Status == 0 && v.Kind != validate.KindAuth && v.Severity != validate.SeverityWarning {
				problems = append(problems, fmt.Sprintf("your request broke the spec (%d times): %s", v.Count, v.Violation))
			}
		}
	}
	for _, v := range m.own {
		problems = append(problems, "the mock's answer broke the spec: "+v.String())
	}
	if len(problems) == 0 {
		return nil
	}
	return errors.New("mocktest: " + strings.Join(problems, "\n  "))
}

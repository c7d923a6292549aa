// Package mocktest gives tests of Go programs that use the Codespaces SDK a
// stateful GitHub to talk to: the conformance mock, and a *client.Client
// for octocat that reaches it in process.
//
//	func TestCleanup(t *testing.T) {
//		synctest.Test(t, func(t *testing.T) {
//			c, m := mocktest.New(t, mocktest.WithMock(mock.WithTiming(mock.Timing{
//				States: map[string]time.Duration{"Provisioning": time.Minute},
//			})))
//			... // call your code with c; script GitHub's side with m
//		})
//	}
//
// Both are cleaned up with t.Cleanup. The client's requests go to the
// mock's handler through an http.RoundTripper, with no socket between them
// (Mock.Transport): inside a testing/synctest bubble, the client's waits
// and the mock's timed states run on the bubble's fake clock, so a minute
// of provisioning costs no real time. Other clients (a program the test
// runs, another SDK) reach the same mock over loopback at Mock.URL, or
// Mock.GoGitHubURL for google/go-github.
//
// The mock keeps its validation on: a request of your code's that breaks
// GitHub's description, or an answer of the mock's that does, fails the
// test (Mock.AllowRequestViolations lets a test send bad requests on
// purpose).
//
// What tests script, on m (a *mock.Server underneath, so everything of it
// is there too):
//
//	m.CreateRetriedNext(1)                  the next create answers 202, queued again
//	m.FailNextCreated(1)                    the next codespace created fails while provisioning
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
//	m.Reset()                               back to the world the mock started with
//
// And what tests assert on the mock's request log (requests.go): that an
// operation was called (m.Called, m.LastCall), with what body
// (m.CalledWith(t, op, `{"display_name": "docs"}`)), or not at all
// (m.NotCalled). mock.WithWorld describes the users, organizations,
// repositories, codespaces and secrets the mock starts with.
//
// This package imports the client and so is not part of the mock, which
// never does; it is for tests only.
package mocktest

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"runtime"
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

// Mock is a mock for a test and what a test scripts on it.
type Mock struct {
	*mock.Server

	transport http.RoundTripper

	lmu      sync.Mutex // guards listener and closed
	listener *httptest.Server
	closed   bool

	mu    sync.Mutex
	own   []validate.Violation // the mock's own, as they happen
	allow bool                 // AllowRequestViolations
}

// New makes a mock for the test and returns a client for octocat that
// reaches it in process, and the mock. When the test ends both are closed,
// and the test fails for every violation of the spec the mock saw (see
// Close). WithMock configures the mock, WithClient the client:
//
//	c, m := mocktest.New(t,
//		mocktest.WithMock(mock.WithSeed(7)),
//		mocktest.WithClient(client.WithRetryPolicy(client.RetryPolicy{MaxAttempts: 1})))
func New(t testing.TB, opts ...Option) (*client.Client, *Mock) {
	t.Helper()
	c, m, err := Start(opts...)
	if err != nil {
		t.Fatalf("mocktest: %v", err)
	}
	// The cleanup runs from the testing package, with no line of the
	// test's on the stack to point at: the failure says where the mock
	// was made instead.
	where := ""
	if _, file, line, ok := runtime.Caller(1); ok {
		where = fmt.Sprintf(", made at %s:%d", filepath.Base(file), line)
	}
	t.Cleanup(func() {
		if err := m.Close(); err != nil {
			t.Errorf("%v\n  (the mock of %s%s, closed at the end of the test)", err, t.Name(), where)
		}
	})
	return c, m
}

// Start is New without a test: for TestMain, an Example or a program. Close
// the Mock when done.
func Start(opts ...Option) (*client.Client, *Mock, error) {
	var cfg config
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	m := &Mock{}
	all := append([]mock.Option{mock.WithOctocatToken(Token)}, cfg.mock...)
	all = append(all,
		mock.WithValidation(true),
		mock.WithViolationHandler(func(v validate.Violation) {
			m.mu.Lock()
			m.own = append(m.own, v)
			m.mu.Unlock()
		}))
	m.Server = mock.New(all...)
	m.transport = &inProcess{handler: m.Handler(), host: strings.TrimPrefix(BaseURL, "http://")}
	copts := append([]client.Option{
		client.WithBaseURL(BaseURL),
		client.WithToken(Token),
		// A test should not hang on a mock that stops answering.
		client.WithHTTPClient(&http.Client{Transport: m.transport, Timeout: time.Minute}),
	}, cfg.client...)
	c, err := client.New(copts...)
	if err != nil {
		return nil, nil, fmt.Errorf("a client for the mock: %w", err)
	}
	return c, m, nil
}

// Transport returns the http.RoundTripper through which the client of New
// reaches the mock in process, for other clients of the same mock that
// should too: with it, requests for BaseURL go to the mock's handler, and
// requests for any other host fail.
func (m *Mock) Transport() http.RoundTripper { return m.transport }

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
	m.lmu.Lock()
	m.closed = true
	if m.listener != nil {
		m.listener.Close()
	}
	m.lmu.Unlock()
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

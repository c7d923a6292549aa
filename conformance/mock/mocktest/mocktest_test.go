package mocktest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/codespaces-go/codespaces/client"
	"github.com/codespaces-go/codespaces/conformance/mock"
	"github.com/codespaces-go/codespaces/conformance/mock/mocktest"
	"github.com/codespaces-go/codespaces/gen"
)

func get(t *testing.T, url, token string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestScripts: each thing a test scripts on the Mock happens to what the
// client sees.
func TestScripts(t *testing.T) {
	ctx := context.Background()
	c, m := mocktest.New(t)
	api := c.API()
	create := func() *gen.CodespacesCreateWithRepoForAuthenticatedUserResponse {
		t.Helper()
		resp, err := api.CodespacesCreateWithRepoForAuthenticatedUserWithResponse(ctx, "octocat", "Hello-World",
			gen.CodespacesCreateWithRepoForAuthenticatedUserJSONRequestBody{})
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	state := func(name string) gen.CodespaceState {
		t.Helper()
		resp, err := api.CodespacesGetForAuthenticatedUserWithResponse(ctx, name)
		if err != nil || resp.JSON200 == nil {
			t.Fatalf("get %s: %v %s", name, err, resp.Body)
		}
		return resp.JSON200.State
	}

	m.CreateRetriedNext(1)
	if r := create(); r.StatusCode() != http.StatusAccepted || r.JSON202.State != gen.CodespaceStateQueued {
		t.Fatalf("after CreateRetriedNext: %d %s, want 202 with the codespace queued", r.StatusCode(), r.Body)
	}
	cs := create().JSON201
	if cs == nil {
		t.Fatal("the create after the retried one was not a 201")
	}
	if cs.Owner.Login != mock.OctocatLogin {
		t.Errorf("the client is %s, want octocat", cs.Owner.Login)
	}

	if !m.FailCodespace(cs.Name) || state(cs.Name) != gen.CodespaceStateFailed {
		t.Error("FailCodespace: the codespace is not Failed")
	}
	other := create().JSON201
	if !m.StopCodespaceIdle(other.Name) || state(other.Name) != gen.CodespaceStateShutdown {
		t.Error("StopCodespaceIdle: the codespace did not stop")
	}
	if m.FailCodespace("nope") || m.StopCodespaceIdle("nope") {
		t.Error("scripting a codespace that does not exist reported success")
	}

	m.FailNext(http.MethodGet, "/user/codespaces/{codespace_name}", http.StatusServiceUnavailable)
	if got := get(t, m.URL()+"/user/codespaces/"+other.Name, mocktest.Token); got != http.StatusServiceUnavailable {
		t.Errorf("FailNext: %d, want the 503", got)
	}
	if got := get(t, m.URL()+"/user/codespaces/"+other.Name, mocktest.Token); got != http.StatusOK {
		t.Errorf("after the fault: %d, want 200 (the fault was for the next request only)", got)
	}

	m.SetRateLimitRemaining(mock.OctocatLogin, 0)
	if got := get(t, m.URL()+"/user/codespaces", mocktest.Token); got != http.StatusForbidden {
		t.Errorf("rate limit spent: %d, want GitHub's 403", got)
	}
}

// TestCloseJudgesTheTraffic: a request that breaks the spec makes Close an
// error that says so, unless the test allows it.
func TestCloseJudgesTheTraffic(t *testing.T) {
	for _, allow := range []bool{false, true} {
		_, m, err := mocktest.Start()
		if err != nil {
			t.Fatal(err)
		}
		if allow {
			m.AllowRequestViolations()
		}
		get(t, m.URL()+"/user/codespaces?perPage=5", mocktest.Token) // an undocumented parameter
		get(t, m.URL()+"/user/codespaces", "")                       // no credentials: only a warning
		err = m.Close()
		switch {
		case allow && err != nil:
			t.Errorf("allowed: Close() = %v, want nil", err)
		case !allow && (err == nil || !strings.Contains(err.Error(), "perPage") || strings.Count(err.Error(), "your request") != 1):
			t.Errorf("Close() = %v, want an error about perPage alone", err)
		}
	}
}

// recordingTB is a testing.TB that keeps its cleanups and errors, to see
// what New does to a test.
type recordingTB struct {
	testing.TB // the methods not overridden here are not called
	cleanups   []func()
	errs       []string
}

func (r *recordingTB) Helper()                   {}
func (r *recordingTB) Cleanup(f func())          { r.cleanups = append(r.cleanups, f) }
func (r *recordingTB) Error(args ...any)         { r.errs = append(r.errs, fmt.Sprint(args...)) }
func (r *recordingTB) Errorf(f string, a ...any) { r.errs = append(r.errs, fmt.Sprintf(f, a...)) }
func (r *recordingTB) Name() string              { return "TestRecorded" }
func (r *recordingTB) Fatalf(f string, a ...any) { r.errs = append(r.errs, fmt.Sprintf(f, a...)) }

// TestNewFailsTheTestOnViolations: New's cleanup closes the mock and fails
// the test that sent a request breaking the spec.
func TestNewFailsTheTestOnViolations(t *testing.T) {
	rec := &recordingTB{TB: t}
	_, m := mocktest.New(rec)
	_, file, line, _ := runtime.Caller(0)
	newAt := fmt.Sprintf("%s:%d", filepath.Base(file), line-1)
	get(t, m.URL()+"/user/codespaces?page=1&perPage=5", mocktest.Token)
	if len(rec.cleanups) != 1 {
		t.Fatalf("New registered %d cleanups, want 1", len(rec.cleanups))
	}
	rec.cleanups[0]()
	if len(rec.errs) != 1 || !strings.Contains(rec.errs[0], "perPage") {
		t.Fatalf("the test's errors: %q, want one about perPage", rec.errs)
	}
	// The cleanup runs with no line of the test's on the stack: the
	// failure names the test and the line that made the mock.
	if !strings.Contains(rec.errs[0], "the mock of TestRecorded, made at "+newAt) {
		t.Errorf("the failure %q does not say which test and which New", rec.errs[0])
	}
	if _, err := http.Get(m.URL() + "/user/codespaces"); err == nil {
		t.Error("the mock still answers after the cleanup")
	}
}

// TestPendingOperationReachesTheClient: a pending operation scripted on the
// Mock is GitHub's 422 to the client's stop, an *APIError with GitHub's
// message, and the codespace the client reads says why.
func TestPendingOperationReachesTheClient(t *testing.T) {
	ctx := context.Background()
	c, m := mocktest.New(t)
	res, err := c.CreateCodespaceInRepository(ctx, mock.OctocatLogin, mock.HelloWorldRepo, gen.CreateCodespaceInRepositoryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	name := res.Codespace.Name
	if !m.BeginPendingOperation(name, mock.PendingOperation{}) {
		t.Fatal("BeginPendingOperation found no codespace")
	}
	_, err = c.StopCodespace(ctx, name)
	var ae *client.APIError
	if !errors.As(err, &ae) || ae.StatusCode != http.StatusUnprocessableEntity || !strings.HasPrefix(ae.Message, "your codespace has an operation pending: ") {
		t.Fatalf("stop while pending: %v, want an *APIError 422 with GitHub's message", err)
	}
	cs, err := c.GetCodespace(ctx, name)
	if err != nil || cs.PendingOperation == nil || !*cs.PendingOperation || cs.PendingOperationDisabledReason == nil {
		t.Fatalf("get while pending: %+v, %v; want pending_operation true with a reason", cs, err)
	}
	m.EndPendingOperation(name)
	if _, err := c.StopCodespace(ctx, name); err != nil {
		t.Errorf("stop after the operation ended: %v", err)
	}
}

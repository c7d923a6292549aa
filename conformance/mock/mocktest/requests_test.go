package mocktest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/codespaces-go/codespaces/client"
	"github.com/codespaces-go/codespaces/conformance/mock"
	"github.com/codespaces-go/codespaces/conformance/mock/mocktest"
	"github.com/codespaces-go/codespaces/gen"
)

const (
	opCreate = "codespaces/create-with-repo-for-authenticated-user"
	opStop   = "codespaces/stop-for-authenticated-user"
	opDelete = "codespaces/delete-for-authenticated-user"
	opSecret = "codespaces/create-or-update-secret-for-authenticated-user"
)

// assertTB records what an assertion reports; Fatal ends the goroutine the
// assertion runs in, as testing's does.
type assertTB struct {
	testing.TB
	helpers int
	errs    []string
	fatal   bool
}

func (r *assertTB) Helper() { r.helpers++ }
func (r *assertTB) Errorf(f string, a ...any) {
	r.errs = append(r.errs, fmt.Sprintf(f, a...))
}
func (r *assertTB) Fatalf(f string, a ...any) {
	r.errs = append(r.errs, fmt.Sprintf(f, a...))
	r.fatal = true
	runtime.Goexit()
}

// assert runs an assertion against a recorder, in a goroutine of its own
// that a Fatalf may end.
func assert(t *testing.T, f func(testing.TB)) *assertTB {
	r := &assertTB{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(r)
	}()
	<-done
	return r
}

// createAndStop is the code under test: it creates a codespace named docs
// and stops it.
func createAndStop(t *testing.T, c *client.Client) {
	t.Helper()
	ctx := context.Background()
	res, err := c.CreateCodespaceInRepository(ctx, mock.OctocatLogin, mock.HelloWorldRepo,
		gen.CreateCodespaceInRepositoryOptions{DisplayName: ptr("docs"), Machine: ptr("standardLinux")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.API().CodespacesStopForAuthenticatedUserWithResponse(ctx, res.Codespace.Name); err != nil {
		t.Fatal(err)
	}
}

func ptr[T any](v T) *T { return &v }

// TestRequestAssertionsPass: what the code called, and with what, passes
// the assertions, which return the calls.
func TestRequestAssertionsPass(t *testing.T) {
	c, m := mocktest.New(t)
	createAndStop(t, c)

	r := assert(t, func(tb testing.TB) {
		calls := m.Called(tb, opCreate)
		if len(calls) != 1 || calls[0].Method != "POST" || calls[0].Status != 201 || calls[0].Path != "/repos/octocat/Hello-World/codespaces" {
			t.Errorf("Called returned %+v, want the one 201 POST", calls)
		}
		m.NotCalled(tb, opDelete)
		last := m.LastCall(tb, opStop)
		if last.Status != 200 || last.User != mock.OctocatLogin {
			t.Errorf("LastCall returned %+v, want octocat's 200", last)
		}
		var body map[string]any
		if err := json.Unmarshal(m.LastCall(tb, opCreate).Body, &body); err != nil || body["display_name"] != "docs" {
			t.Errorf("the create's body %v (%v), want display_name docs", body, err)
		}
		m.CalledWith(tb, opCreate, `{"display_name": "docs"}`)
		m.CalledWith(tb, opCreate, `{"machine": "standardLinux", "display_name": "docs"}`)
	})
	if len(r.errs) > 0 {
		t.Errorf("the assertions failed: %q", r.errs)
	}
}

// TestRequestAssertionsFail: each assertion fails the test when it should,
// says what was called instead, and marks itself a helper so the failure
// points at the test's line.
func TestRequestAssertionsFail(t *testing.T) {
	c, m := mocktest.New(t)
	createAndStop(t, c)
	for _, tc := range []struct {
		name      string
		assertion func(testing.TB)
		fatal     bool
		says      []string
	}{
		{"Called", func(tb testing.TB) { m.Called(tb, opDelete) }, true,
			[]string{opDelete + " was not called", "called: " + opCreate + ", " + opStop}},
		{"NotCalled", func(tb testing.TB) { m.NotCalled(tb, opStop) }, false,
			[]string{opStop + " was called 1 times, want none", "POST /user/codespaces/"}},
		{"LastCall", func(tb testing.TB) { m.LastCall(tb, opDelete) }, true, []string{opDelete + " was not called"}},
		{"CalledWith another value", func(tb testing.TB) { m.CalledWith(tb, opCreate, `{"display_name": "api"}`) }, true,
			[]string{`no call of ` + opCreate + ` had a body with {"display_name": "api"}`, `POST /repos/octocat/Hello-World/codespaces → 201 {"display_name":"docs","machine":"standardLinux"}`}},
		{"CalledWith a property not sent", func(tb testing.TB) { m.CalledWith(tb, opCreate, `{"ref": "main"}`) }, true,
			[]string{"had a body with"}},
		{"CalledWith bad JSON", func(tb testing.TB) { m.CalledWith(tb, opCreate, `{display_name}`) }, true, []string{"is not JSON"}},
		{"a typo", func(tb testing.TB) { m.NotCalled(tb, "codespaces/delete-for-authenticated-usr") }, true,
			[]string{`"codespaces/delete-for-authenticated-usr" is no operationId`}},
	} {
		r := assert(t, tc.assertion)
		if r.helpers == 0 || r.fatal != tc.fatal || len(r.errs) != 1 {
			t.Errorf("%s: %d helper calls, fatal %v, errors %q; want a helper, fatal %v, one error", tc.name, r.helpers, r.fatal, r.errs, tc.fatal)
			continue
		}
		for _, s := range tc.says {
			if !strings.Contains(r.errs[0], s) {
				t.Errorf("%s: %q does not say %q", tc.name, r.errs[0], s)
			}
		}
	}
}

// TestCalledWithMatchesInsideLists: a list matches a list of the same
// length whose items match; a secret's value is redacted in the log.
func TestCalledWithMatchesInsideLists(t *testing.T) {
	ctx := context.Background()
	c, m := mocktest.New(t)
	if _, err := c.SetSecret(ctx, "GH_TOKEN", []byte("s3cr3t"), client.SetSecretOptions{SelectedRepositoryIDs: []int64{1296269}}); err != nil {
		t.Fatal(err)
	}
	r := assert(t, func(tb testing.TB) {
		m.CalledWith(tb, opSecret, `{"encrypted_value": "[REDACTED]", "selected_repository_ids": [1296269]}`)
	})
	if len(r.errs) > 0 {
		t.Errorf("CalledWith failed: %q", r.errs)
	}
	r = assert(t, func(tb testing.TB) {
		m.CalledWith(tb, opSecret, `{"selected_repository_ids": []}`)
	})
	if len(r.errs) != 1 {
		t.Errorf("a shorter list matched: %q", r.errs)
	}
}

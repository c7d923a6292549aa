package mock_test

import (
	"context"
	"io"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/codespaces-go/codespaces/conformance/mock"
	"github.com/codespaces-go/codespaces/conformance/validate"
	"github.com/codespaces-go/codespaces/gen"
)

// start serves a mock for the test. Any violation of the spec in a response it
// sends fails the test.
func start(t testing.TB, opts ...mock.Option) (*mock.Server, string) {
	t.Helper()
	return startWithGaps(t, nil, opts...)
}

// gap is a status the mock answers, as GitHub does, that the spec does not
// document for the operation (listed in the report to the spec's owner).
type gap struct {
	operation string
	status    int
}

// startWithGaps is start for a test that provokes answers the spec does not
// document: the violations those answers cause must be exactly the expected
// gaps, each seen at least once. Anything else fails the test.
func startWithGaps(t testing.TB, gaps []gap, opts ...mock.Option) (*mock.Server, string) {
	t.Helper()
	var mu sync.Mutex
	seen := map[gap]bool{}
	strict := mock.WithViolationHandler(func(v validate.Violation) {
		g := gap{v.Operation, v.Status}
		if v.Kind == validate.KindStatus && slices.Contains(gaps, g) {
			mu.Lock()
			seen[g] = true
			mu.Unlock()
			return
		}
		t.Errorf("the mock sent a response that breaks the spec: %s", v)
	})
	srv := mock.New(append([]mock.Option{strict}, opts...)...)
	base, stop := srv.Start()
	t.Cleanup(func() {
		stop()
		for _, g := range gaps {
			if !seen[g] {
				t.Errorf("expected the undocumented %d of %s, which did not happen: has the spec or the mock changed?", g.status, g.operation)
			}
		}
	})
	return srv, base
}

// client is the generated client, authenticated with token, as any
// third-party client would call the mock.
func client(t testing.TB, base, token string) *gen.ClientWithResponses {
	t.Helper()
	c, err := gen.NewClientWithResponses(base, gen.WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
		if token != "" {
			r.Header.Set("Authorization", "Bearer "+token)
		}
		r.Header.Set("Accept", "application/vnd.github+json")
		r.Header.Set("X-GitHub-Api-Version", "2022-11-28")
		return nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// must takes a call's two results and returns a function that fails the test
// on the error: must(c.Op(ctx, ...))(t).
func must[T any](v T, err error) func(testing.TB) T {
	return func(t testing.TB) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func wantStatus(t testing.TB, what string, got, want int, body []byte) {
	t.Helper()
	if got != want {
		t.Fatalf("%s: status %d, want %d; body: %s", what, got, want, body)
	}
}

// createInRepo creates a codespace in octocat/Hello-World and returns it.
func createInRepo(t testing.TB, c *gen.ClientWithResponses) *gen.Codespace {
	t.Helper()
	resp := must(c.CodespacesCreateWithRepoForAuthenticatedUserWithResponse(context.Background(), "octocat", "hello-world",
		gen.CodespacesCreateWithRepoForAuthenticatedUserJSONRequestBody{Ref: ptr("main"), Machine: ptr("standardLinux")}))(t)
	wantStatus(t, "create", resp.StatusCode(), http.StatusCreated, resp.Body)
	return resp.JSON201
}

func ptr[T any](v T) *T { return &v }

// do sends one request: auth is the whole Authorization header (none when
// empty), a body goes as JSON, and headers come in name, value pairs.
func do(t testing.TB, method, url, auth, body string, headers ...string) (int, []byte, http.Header) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, out, resp.Header
}

// get sends an authenticated GET.
func get(t testing.TB, url, token string, headers ...string) (int, []byte, http.Header) {
	t.Helper()
	return do(t, http.MethodGet, url, "Bearer "+token, "", headers...)
}

// inGoroutine lets a worker goroutine use the helpers that stop the test on
// failure: testing forbids FailNow outside the test's goroutine, so here a
// fatal failure is reported with Error and ends only the worker (its
// deferred wg.Done still runs); the test goroutine sees t.Failed().
func inGoroutine(t testing.TB) testing.TB { return goroutineTB{t} }

type goroutineTB struct{ testing.TB }

func (g goroutineTB) FailNow() { g.Fail(); runtime.Goexit() }

func (g goroutineTB) Fatal(args ...any) { g.Helper(); g.Error(args...); runtime.Goexit() }

func (g goroutineTB) Fatalf(format string, args ...any) {
	g.Helper()
	g.Errorf(format, args...)
	runtime.Goexit()
}

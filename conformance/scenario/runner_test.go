package scenario

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/codespaces-go/codespaces/client"
	"github.com/codespaces-go/codespaces/conformance/mock"
	"github.com/codespaces-go/codespaces/conformance/validate"
	"github.com/codespaces-go/codespaces/gen"
)

func mustRun(t *testing.T, cfg Config, scenarios []Scenario) (*Result, string) {
	t.Helper()
	var progress bytes.Buffer
	cfg.Progress = &progress
	res, err := run(context.Background(), cfg, scenarios)
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	return res, progress.String()
}

func TestAllScenariosCallEveryOperation(t *testing.T) {
	res, progress := mustRun(t, Config{}, All())
	if !res.Passed() {
		t.Fatalf("the run did not pass: %v\n%s", res.Problems(), progress)
	}
	if got := len(res.Scenarios); got != len(All()) {
		t.Errorf("%d scenarios ran, want %d", got, len(All()))
	}
	s := res.Report.Summary()
	implemented := len(mock.Implemented())
	if s.Operations != 48 || s.Called != implemented || s.Errors != 0 {
		t.Errorf("summary %+v, want the %d operations the mock implements called without errors", s, implemented)
	}
	// Not even a warning: the faults scenario's secondary rate limit is
	// excused, as the scenario asked for it.
	if vs := res.Report.Violations(); len(vs) != 0 {
		t.Errorf("violations %v, want none", vs)
	}
	// What the mock does not implement is listed, and nothing else is left.
	if !slices.Equal(res.NotImplemented, mock.NotImplemented()) || len(res.Uncalled()) != 0 {
		t.Errorf("not implemented %v, uncalled %v", res.NotImplemented, res.Uncalled())
	}
	for _, op := range res.Report.Operations() {
		if slices.Contains(res.NotImplemented, op.ID) && op.Calls != 0 {
			t.Errorf("%s is called although the mock does not implement it", op.ID)
		}
	}
	// The faults scenario's injected answers show in the statuses, excused.
	for _, op := range res.Report.Operations() {
		if op.ID == "codespaces/get-for-authenticated-user" && op.Statuses[503] != 1 {
			t.Errorf("get-for-authenticated-user statuses %v, want one 503 from the injected fault", op.Statuses)
		}
	}
}

func TestUncalledOperationsFailAFullRunOnly(t *testing.T) {
	only := []Scenario{All()[0]} // devcontainers
	res, _ := mustRun(t, Config{}, only)
	problems := strings.Join(res.Problems(), "\n")
	if res.Passed() || !strings.Contains(problems, fmt.Sprintf("%d operations never called", len(mock.Implemented())-1)) ||
		!strings.Contains(problems, "codespaces/get-for-authenticated-user") {
		t.Errorf("a full run that called one operation: problems %q", problems)
	}

	res, _ = mustRun(t, Config{Run: regexp.MustCompile("^devcontainers$")}, All())
	if !res.Passed() || len(res.Uncalled()) != len(mock.Implemented())-1 {
		t.Errorf("a selected run: passed %v, problems %v, %d uncalled", res.Passed(), res.Problems(), len(res.Uncalled()))
	}
}

// leaky creates a codespace and a secret, then fails (or panics) before it
// deletes them: the runner must.
func leaky(fail func() error) Scenario {
	return Scenario{Name: "leaky", Run: func(ctx context.Context, e *Env) error {
		res, err := e.Client.CreateCodespaceInRepository(ctx, e.Repo.Owner, e.Repo.Name, gen.CreateCodespaceInRepositoryOptions{})
		if err != nil {
			return err
		}
		e.Created(res.Codespace.Name)
		name := e.SecretName("leaky")
		e.SecretCreated(name)
		if _, err := e.Client.SetSecret(ctx, name, []byte("x"), client.SetSecretOptions{}); err != nil {
			return err
		}
		return fail()
	}}
}

func TestFailedScenariosAreCleanedUpAndReported(t *testing.T) {
	cases := []struct {
		name, want string
		fail       func() error
	}{
		{"error", "half-way", func() error { return errors.New("half-way") }},
		{"panic", "the scenario panicked: boom", func() error { panic("boom") }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, progress := mustRun(t, Config{}, []Scenario{leaky(tc.fail)})
			sr := res.Scenarios[0]
			if sr.Outcome != Failed || !strings.Contains(sr.Error, tc.want) {
				t.Fatalf("outcome %s, error %q; want FAIL with %q", sr.Outcome, sr.Error, tc.want)
			}
			if len(sr.Cleanup.Codespaces) != 1 || len(sr.Cleanup.Secrets) != 1 || len(sr.Cleanup.Errors) != 0 {
				t.Errorf("clean-up %+v, want the codespace and the secret deleted", sr.Cleanup)
			}
			if !strings.Contains(progress, "FAIL  leaky") || !strings.Contains(progress, "clean-up deleted") {
				t.Errorf("progress does not tell the failure and the clean-up:\n%s", progress)
			}
			if res.Passed() {
				t.Error("a run with a failed scenario passed")
			}
		})
	}
}

func TestTimeoutEndsAScenarioAndStillCleansUp(t *testing.T) {
	stuck := leaky(func() error { return nil })
	inner := stuck.Run
	stuck.Run = func(ctx context.Context, e *Env) error {
		if err := inner(ctx, e); err != nil {
			return err
		}
		<-ctx.Done()
		return ctx.Err()
	}
	res, _ := mustRun(t, Config{Timeout: 200 * time.Millisecond}, []Scenario{stuck})
	sr := res.Scenarios[0]
	if sr.Outcome != Failed || !strings.Contains(sr.Error, "deadline exceeded") {
		t.Errorf("outcome %s, error %q; want a deadline failure", sr.Outcome, sr.Error)
	}
	if len(sr.Cleanup.Codespaces) != 1 || len(sr.Cleanup.Secrets) != 1 {
		t.Errorf("clean-up after the timeout %+v, want the codespace and the secret deleted", sr.Cleanup)
	}
}

func TestVerboseProgressShowsSteps(t *testing.T) {
	_, progress := mustRun(t, Config{Verbose: true, Run: regexp.MustCompile("^secrets$")}, All())
	for _, want := range []string{"run   secrets: ", "      secret CONFORMANCE_MOCK_SECRET created (201) and updated (204)", "ok    secrets "} {
		if !strings.Contains(progress, want) {
			t.Errorf("verbose progress lacks %q:\n%s", want, progress)
		}
	}
}

func TestConfigIsChecked(t *testing.T) {
	cases := []struct {
		name string
		cfg  Config
		want string
	}{
		{"base URL without token", Config{BaseURL: "https://api.github.com"}, "needs a token"},
		{"base URL not http", Config{BaseURL: "ftp://example.com", Token: "t"}, "not an http(s) URL"},
		{"base URL without host", Config{BaseURL: "https://", Token: "t"}, "not an http(s) URL"},
		{"bad run ID", Config{RunID: "a-b"}, "letters or digits"},
		{"negative repository ID", Config{RepositoryID: -1}, "not positive"},
		{"negative pull number", Config{PullNumber: -2}, "not positive"},
		{"slash in owner", Config{Owner: "a/b"}, "slash"},
		{"negative timeout", Config{Timeout: -time.Second}, "timeout"},
		// A live run must say where to work: the defaults are the mock's
		// octocat/Hello-World, someone else's repository on GitHub.
		{"live run without a repository", Config{BaseURL: "https://api.github.com", Token: "t"}, "-owner, -repo, -repository-id and -pull-number"},
		{"live run without a pull request", Config{BaseURL: "https://api.github.com", Token: "t", Owner: "me", Repo: "r", RepositoryID: 5}, "-pull-number"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Run(context.Background(), tc.cfg)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one saying %q", err, tc.want)
			}
		})
	}
}

func TestConfigDefaults(t *testing.T) {
	mockCfg, err := Config{}.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	if mockCfg.RunID != "mock" || mockCfg.Timeout != DefaultMockTimeout || mockCfg.Owner != DefaultOwner || mockCfg.RepositoryID != DefaultRepositoryID {
		t.Errorf("embedded defaults: %+v", mockCfg)
	}
	live := Config{BaseURL: "https://x.example", Token: "t", Owner: "me", Repo: "r", RepositoryID: 5, PullNumber: 1}
	a, _ := live.withDefaults()
	b, _ := live.withDefaults()
	if a.RunID == b.RunID || !runIDPattern.MatchString(a.RunID) || a.Timeout != DefaultLiveTimeout {
		t.Errorf("live runs got run IDs %q and %q, timeout %v: want distinct random IDs and the live timeout", a.RunID, b.RunID, a.Timeout)
	}
}

// badGatewayOnce answers the first GET of a codespace with a 502, as a
// flaky front end might, and passes everything else on.
type badGatewayOnce struct {
	next http.RoundTripper
	done atomic.Bool
}

func (b *badGatewayOnce) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method == http.MethodGet && strings.Count(req.URL.Path, "/") == 3 && strings.HasPrefix(req.URL.Path, "/user/codespaces/") &&
		!strings.HasPrefix(req.URL.Path, "/user/codespaces/secrets") && b.done.CompareAndSwap(false, true) {
		return &http.Response{
			StatusCode: http.StatusBadGateway, Status: "502 Bad Gateway", Request: req,
			Header: http.Header{"Content-Type": {"application/json"}},
			Body:   io.NopCloser(strings.NewReader(`{"message":"Server Error"}`)),
		}, nil
	}
	return b.next.RoundTrip(req)
}

// A 5xx that the client's retry got past is a warning: the scenario passed,
// and so does the run (it used to fail on the 502 as a violation).
func TestAServerErrorARetryGotPastDoesNotFailTheRun(t *testing.T) {
	flaky := &badGatewayOnce{next: http.DefaultTransport}
	res, progress := mustRun(t, Config{Transport: flaky, Run: regexp.MustCompile("^lifecycle$")}, All())
	if !flaky.done.Load() {
		t.Fatal("no 502 was injected")
	}
	if !res.Passed() {
		t.Fatalf("the run failed: %v\n%s", res.Problems(), progress)
	}
	s := res.Report.Summary()
	vs := res.Report.Violations()
	if s.Errors != 0 || s.Warnings != 1 || vs[0].Kind != validate.KindServerError || vs[0].Severity != validate.SeverityWarning {
		t.Errorf("summary %+v, violations %v: want the 502 as one warning", s, vs)
	}
}

// A live run checks that the repository ID is owner/repo's before it
// creates anything: a wrong one would make codespaces elsewhere.
func TestALiveRunRefusesARepositoryIDThatIsNotTheRepositorys(t *testing.T) {
	var writes atomic.Int32
	h := mock.New().Handler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			writes.Add(1)
		}
		h.ServeHTTP(w, r)
	}))
	defer srv.Close()
	cfg := Config{BaseURL: srv.URL, Token: "t", Owner: mock.OctocatLogin, Repo: mock.HelloWorldRepo, RepositoryID: 1300192, PullNumber: 1}
	_, err := Run(context.Background(), cfg)
	if err == nil || !strings.Contains(err.Error(), "the repository ID 1300192 is not octocat/Hello-World's (that is 1296269)") {
		t.Fatalf("error %v, want the mismatch named", err)
	}
	if writes.Load() != 0 {
		t.Errorf("%d requests that change something were sent before the check", writes.Load())
	}
	cfg.Repo = "no-such-repo"
	if _, err := Run(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("an invisible repository: error %v, want the 404 named", err)
	}
}

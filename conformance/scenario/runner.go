package scenario

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"github.com/codespaces-go/codespaces/client"
	"github.com/codespaces-go/codespaces/conformance/mock"
	"github.com/codespaces-go/codespaces/conformance/validate"
)

// UserAgent is what the runner's clients send as User-Agent.
const UserAgent = "codespaces-go-conformance"

// Time limits of the clean-up, which runs even after the run's own time is
// up or it was interrupted.
const (
	mockCleanupTimeout = 10 * time.Second
	liveCleanupTimeout = 10 * time.Minute
)

// MockSeed seeds what the embedded mock makes up (names, keys, SHAs), so
// that two runs, and the cassettes they record, agree.
const MockSeed = 1

// MockEpoch is the embedded mock's clock, which stands still for the same
// reason.
var MockEpoch = time.Date(2024, time.January, 15, 9, 30, 0, 0, time.UTC)

// Outcome is how a scenario ended.
type Outcome string

// The outcomes of a scenario.
const (
	Passed  Outcome = "ok"
	Failed  Outcome = "FAIL"
	Skipped Outcome = "skip"
)

// ScenarioResult is how one scenario went.
type ScenarioResult struct {
	Name     string        `json:"name"`
	Outcome  Outcome       `json:"outcome"`
	Duration time.Duration `json:"duration_ns"`
	// Error says why it failed; Note why it was skipped.
	Error string `json:"error,omitempty"`
	Note  string `json:"note,omitempty"`
	// Cleanup is what the runner deleted after it because the scenario did
	// not (it failed half-way).
	Cleanup Cleanup `json:"cleanup,omitzero"`
	// Cassette is the file the scenario was recorded to, with -record.
	Cassette string `json:"cassette,omitempty"`
	// Steps are the scenario's exchanges, in order (its clean-up's too).
	Steps []Step `json:"steps"`
}

// Result is what a run found.
type Result struct {
	// Target is "the embedded mock" or the base URL.
	Target    string           `json:"target"`
	RunID     string           `json:"run_id"`
	Scenarios []ScenarioResult `json:"scenarios"`
	// Selected says scenarios were chosen with Config.Run, so operations
	// left uncalled do not fail the run.
	Selected bool `json:"selected"`
	// NotImplemented are the spec's operations that the mock answers 501
	// (mock.NotImplemented), and so that no scenario calls yet, against the
	// mock or a live server. They are listed, not failed.
	NotImplemented []string `json:"-"`
	// Report holds every exchange, per operation.
	Report *validate.Report `json:"-"`
	// Sweep is what the final clean-up of a live run deleted by name.
	Sweep    Cleanup       `json:"sweep,omitzero"`
	Duration time.Duration `json:"duration_ns"`
}

// runner holds what every scenario of a run shares.
type runner struct {
	cfg        Config
	base       string
	embedded   bool
	token      string
	second     string
	validator  *validate.Validator
	report     *validate.Report
	network    http.RoundTripper
	retry      client.RetryPolicy
	poll       client.PollOptions
	waitFor    time.Duration
	cleanupFor time.Duration
	served     string // the embedded mock's loopback URL; empty for live runs
	org        Organization
	ref        string // Config.Ref, or, live, the repository's default branch
}

// Run plays the scenarios cfg selects against its target, printing a line per
// scenario to cfg.Progress, and returns what it found. The error is for a
// run that could not start (a bad Config, an unloadable spec); a run whose
// scenarios fail or whose exchanges break the spec is a Result that has not
// Passed.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	return run(ctx, cfg, All())
}

// run is Run with the scenarios to play.
func run(ctx context.Context, cfg Config, scenarios []Scenario) (res *Result, err error) {
	cfg, err = cfg.withDefaults()
	if err != nil {
		return nil, fmt.Errorf("conformance: %w", err)
	}
	v, err := validate.New(validate.WithBasePath(basePath(cfg.BaseURL)))
	if err != nil {
		return nil, fmt.Errorf("conformance: %w", err)
	}
	r := &runner{
		cfg:       cfg,
		base:      cfg.BaseURL,
		embedded:  cfg.BaseURL == "",
		token:     cfg.Token,
		second:    cfg.SecondToken,
		validator: v,
		report:    validate.NewReport(v),
		network:   cfg.Transport,
		ref:       cfg.Ref,
	}
	if r.network == nil {
		t := &http.Transport{Proxy: http.ProxyFromEnvironment}
		if dt, ok := http.DefaultTransport.(*http.Transport); ok {
			t = dt.Clone()
		}
		defer t.CloseIdleConnections()
		r.network = t
	}
	res = &Result{Target: cfg.BaseURL, RunID: cfg.RunID, Selected: cfg.Run != nil, Report: r.report, NotImplemented: mock.NotImplemented()}
	if r.embedded {
		stop := r.startMock()
		defer stop()
		res.Target = "the embedded mock"
		fmt.Fprintf(cfg.Progress, "conformance: the embedded mock, as %s, served at %s; run %s\n", r.base, r.served, cfg.RunID)
	} else {
		r.live()
		if err := r.checkRepository(ctx); err != nil {
			return nil, fmt.Errorf("conformance: %w", err)
		}
		fmt.Fprintf(cfg.Progress, "conformance: %s as %s/%s, run %s\n", r.base, cfg.Owner, cfg.Repo, cfg.RunID)
	}

	if err := r.setOrganization(ctx); err != nil {
		return nil, fmt.Errorf("conformance: %w", err)
	}
	start := time.Now()
	runCtx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()
	if !r.embedded {
		// Whatever happens to the scenarios, what they named is swept.
		defer func() { res.Sweep = r.sweep(ctx) }()
	}
	for _, sc := range scenarios {
		if cfg.Run != nil && !cfg.Run.MatchString(sc.Name) {
			continue
		}
		sr := r.play(runCtx, sc)
		res.Scenarios = append(res.Scenarios, sr)
		r.progress(sr)
	}
	res.Duration = time.Since(start)
	return res, nil
}

// startMock serves a mock with pinned randomness and clock on loopback, and
// makes up the tokens of two users unless the Config has them. The clients
// address it as https://api.github.com, as a user's client addresses GitHub,
// and the mock writes that origin into its URLs: every request is delivered
// to the loopback listener whatever its URL says (toLoopback), and
// recordings do not depend on the port.
func (r *runner) startMock() func() {
	if r.token == "" {
		r.token = fakeToken()
	}
	if r.second == "" {
		// The second user holds a fine-grained token, as in the recording
		// test: GitHub answers such a token without scope headers, so the
		// cassettes depend on the token's kind, and the runner's and the
		// test's recordings must agree.
		r.second = "github_pat_" + strings.TrimPrefix(fakeToken(), "ghp_")
	}
	// The world names the second user, so that its login and id, and the
	// recordings, do not depend on its made-up token: user2 (id 2), as
	// the mock named the second token it saw before worlds had users.
	world := mock.DefaultWorld()
	world.Users = append(world.Users, mock.WorldUser{Login: "user2", ID: 2, Token: r.second})
	srv := mock.New(
		mock.WithWorld(world),
		mock.WithBaseURL(client.DefaultBaseURL),
		mock.WithSeed(MockSeed),
		mock.WithClock(func() time.Time { return MockEpoch }),
		// Each transitional state shows for one read: the waiters poll.
		mock.WithTiming(mock.Timing{Polls: 1}),
		mock.WithOctocatToken(r.token),
	)
	served, stop := srv.Start()
	r.base, r.served = client.DefaultBaseURL, served
	r.network = toLoopback{addr: hostOf(served), next: r.network}
	r.retry = client.RetryPolicy{BaseBackoff: 5 * time.Millisecond, MaxBackoff: 50 * time.Millisecond, MaxRetryAfter: 5 * time.Second}
	r.poll = client.PollOptions{MinInterval: time.Millisecond, MaxInterval: 5 * time.Millisecond}
	r.waitFor = 10 * time.Second
	r.cleanupFor = mockCleanupTimeout
	return stop
}

// live sets the client's defaults for a real server: polls of seconds, and
// codespaces that take minutes to come up.
func (r *runner) live() {
	r.waitFor = 15 * time.Minute
	r.cleanupFor = liveCleanupTimeout
}

// faultsSkipped is the note of a fault-injection scenario on a live run. It
// calls no operation the others do not, so, unlike other skips, it leaves
// none uncalled.
const faultsSkipped = "fault injection needs the embedded mock; runs against -base-url skip it"

// play runs one scenario with clients of its own (recording to its cassette
// with -record), then deletes what it left behind.
func (r *runner) play(ctx context.Context, sc Scenario) ScenarioResult {
	sr := ScenarioResult{Name: sc.Name}
	if sc.NeedsFaults && !r.embedded {
		sr.Outcome, sr.Note = Skipped, faultsSkipped
		return sr
	}
	if r.cfg.Verbose {
		fmt.Fprintf(r.cfg.Progress, "run   %s: %s\n", sc.Name, sc.About)
	}
	start := time.Now()
	network := r.network
	var cas *cassetteRecorder
	if r.cfg.RecordDir != "" {
		var err error
		if cas, err = r.record(sc.Name, network); err != nil {
			sr.Outcome, sr.Error = Failed, err.Error()
			return sr
		}
		network = cas.rec
		sr.Cassette = cas.path
	}
	steps := newStepLog()
	env, err := r.env(network, steps)
	if err == nil {
		err = runSafely(ctx, sc, env)
	}
	cleanCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), r.cleanupFor)
	if env != nil {
		sr.Cleanup = cleanUp(cleanCtx, env)
	}
	cancel()
	if cas != nil {
		if stopErr := cas.rec.Stop(); stopErr != nil && err == nil {
			err = fmt.Errorf("save cassette %s: %w", cas.path, stopErr)
		}
	}
	sr.Duration = time.Since(start)
	sr.Steps = steps.Steps()
	sr.Outcome = Passed
	var skip *SkipError
	switch {
	case errors.As(err, &skip):
		sr.Outcome, sr.Note = Skipped, skip.Reason
	case err != nil:
		sr.Outcome, sr.Error = Failed, err.Error()
	}
	return sr
}

// runSafely turns a panicking scenario into a failed one, so that the run
// still cleans up and reports.
func runSafely(ctx context.Context, sc Scenario, env *Env) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("the scenario panicked: %v\n%s", p, debug.Stack())
		}
	}()
	return sc.Run(ctx, env)
}

// env builds a scenario's Env: its three clients share one validating
// transport over network (which records, with -record); requests with an
// injected fault go to the network unrecorded.
func (r *runner) env(network http.RoundTripper, steps *stepLog) (*Env, error) {
	transport := newProbeTransport(r.validator, r.report, network, r.network)
	if steps != nil {
		transport.validating.Observe = steps.observe
	}
	newClient := func(token string) (*client.Client, error) {
		opts := []client.Option{
			client.WithBaseURL(r.base),
			client.WithHTTPClient(&http.Client{Transport: transport}),
			client.WithUserAgent(UserAgent),
			client.WithRetryPolicy(r.retry),
		}
		if token != "" {
			opts = append(opts, client.WithToken(token))
		}
		c, err := client.New(opts...)
		if err != nil {
			return nil, fmt.Errorf("make a client: %w", err)
		}
		return c, nil
	}
	e := &Env{
		Repo:        Repository{Owner: r.cfg.Owner, Name: r.cfg.Repo, ID: r.cfg.RepositoryID, PullNumber: r.cfg.PullNumber, DefaultBranch: r.ref},
		Org:         r.org,
		Location:    r.cfg.Location,
		Publish:     r.embedded || r.cfg.Publish,
		Embedded:    r.embedded,
		runID:       r.cfg.RunID,
		poll:        r.poll,
		waitTimeout: r.waitFor,
		ledger:      newLedger(),
	}
	if r.cfg.Verbose {
		e.logf = func(format string, args ...any) {
			fmt.Fprintf(r.cfg.Progress, "      "+format+"\n", args...)
		}
	}
	var err error
	if e.Client, err = newClient(r.token); err != nil {
		return nil, err
	}
	if e.Anonymous, err = newClient(""); err != nil {
		return nil, err
	}
	if r.second != "" {
		if e.Second, err = newClient(r.second); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// sweep deletes, at the end of a live run, whatever still carries the run's
// names; its exchanges are validated like the scenarios'.
func (r *runner) sweep(ctx context.Context) Cleanup {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), r.cleanupFor)
	defer cancel()
	env, err := r.env(r.network, nil)
	if err != nil {
		return Cleanup{Errors: []string{err.Error()}}
	}
	out := sweep(ctx, env, r.cfg.RunID)
	if !out.empty() {
		fmt.Fprintf(r.cfg.Progress, "clean-up: deleted %d codespaces and %d secrets of run %s; %d errors\n",
			len(out.Codespaces), len(out.Secrets), r.cfg.RunID, len(out.Errors))
	}
	return out
}

// progress prints a scenario's line: outcome, name, duration, and why it
// failed or was skipped.
func (r *runner) progress(sr ScenarioResult) {
	w := r.cfg.Progress
	line := fmt.Sprintf("%-4s  %-14s %9s", sr.Outcome, sr.Name, roundDuration(sr.Duration))
	switch {
	case sr.Outcome == Skipped:
		line = fmt.Sprintf("%-4s  %-14s %9s  %s", sr.Outcome, sr.Name, "", sr.Note)
	case sr.Error != "":
		line += "  " + sr.Error
	}
	fmt.Fprintln(w, line)
	c := sr.Cleanup
	if len(c.Codespaces)+len(c.Secrets)+len(c.Errors) > 0 {
		fmt.Fprintf(w, "      clean-up deleted codespaces %v and secrets %v; errors: %v\n", c.Codespaces, c.Secrets, c.Errors)
	}
	if len(c.Left) > 0 {
		fmt.Fprintf(w, "      left repositories %v: the API cannot delete repositories; delete them by hand\n", c.Left)
	}
}

func roundDuration(d time.Duration) time.Duration {
	switch {
	case d >= time.Second:
		return d.Round(10 * time.Millisecond)
	case d >= time.Millisecond:
		return d.Round(time.Millisecond)
	}
	return d.Round(time.Microsecond)
}

// basePath is the path of a live server's API root (a proxy's prefix, say),
// under which the validator routes; "" for the mock and api.github.com.
func basePath(baseURL string) string {
	u, err := url.Parse(baseURL)
	if err != nil {
		return ""
	}
	return u.EscapedPath()
}

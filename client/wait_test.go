package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/codespaces-go/codespaces/gen"
)

// step is one answer of a scripted GET: a state, or an error status with
// headers.
type step struct {
	state  string
	status int
	header []string // name, value, ...
	newer  bool     // updated_at an hour after the start's answer
}

func states(ss ...string) []step {
	out := make([]step, len(ss))
	for i, s := range ss {
		out[i] = step{state: s}
	}
	return out
}

// script serves a codespace (or an export) whose GETs answer steps in
// order, the last one forever, and records starts and stops.
type script struct {
	mu          sync.Mutex
	steps       []step
	gets        int
	startedAt   []int // the number of GETs seen at each start
	startStatus int
	// startRefusals, if not 0, is how many starts startStatus answers;
	// the later ones succeed.
	startRefusals int
	stops         int
	stopStatus    []int // the answers of the stops in turn, 200 after them
	export        bool
	// Conditional GETs, when etags is set: each state has an ETag, and a
	// GET whose If-None-Match names it is answered 304.
	etags       bool
	conditional int // GETs that carried If-None-Match
	notModified int // 304 answers
}

func (s *script) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/start"):
		s.startedAt = append(s.startedAt, s.gets)
		if s.startStatus != 0 && (s.startRefusals == 0 || len(s.startedAt) <= s.startRefusals) {
			writeError(w, s.startStatus, http.StatusText(s.startStatus))
			return
		}
		writeJSON(w, 200, sampleCodespace("x", gen.CodespaceStateStarting))
	case r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/stop"):
		s.stops++
		if s.stops <= len(s.stopStatus) && s.stopStatus[s.stops-1] != 200 {
			code := s.stopStatus[s.stops-1]
			writeError(w, code, http.StatusText(code))
			return
		}
		writeJSON(w, 200, sampleCodespace("x", gen.CodespaceStateShuttingDown))
	case r.Method == http.MethodGet:
		st := s.steps[min(s.gets, len(s.steps)-1)]
		s.gets++
		for i := 0; i+1 < len(st.header); i += 2 {
			w.Header().Set(st.header[i], st.header[i+1])
		}
		if s.etags && st.status == 0 {
			etag := fmt.Sprintf("%q", st.state)
			w.Header().Set("ETag", etag)
			if inm := r.Header.Get("If-None-Match"); inm != "" {
				s.conditional++
				if inm == etag {
					s.notModified++
					w.WriteHeader(http.StatusNotModified)
					return
				}
			}
		}
		switch {
		case st.status != 0:
			writeError(w, st.status, http.StatusText(st.status))
		case st.newer:
			cs := sampleCodespace("x", gen.CodespaceState(st.state))
			cs.UpdatedAt = cs.UpdatedAt.Add(time.Hour)
			writeJSON(w, 200, cs)
		case s.export && st.state == "":
			writeJSON(w, 200, map[string]any{"id": "latest", "state": nil})
		case s.export:
			writeJSON(w, 200, map[string]any{"id": "latest", "state": st.state})
		default:
			writeJSON(w, 200, sampleCodespace("x", gen.CodespaceState(st.state)))
		}
	default:
		http.NotFound(w, r)
	}
}

func (s *script) starts() []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]int(nil), s.startedAt...)
}

// newWaitClient serves sc with retries off, so that the waiter alone
// decides what a failed poll means.
func newWaitClient(t *testing.T, sc *script) (*Client, *fakeClock) {
	c, clk, _ := newTestClient(t, sc, WithRetryPolicy(RetryPolicy{MaxAttempts: 1}))
	return c, clk
}

func TestWaitForCodespace(t *testing.T) {
	tests := []struct {
		name        string
		steps       []step
		opts        WaitOptions
		startStatus int
		// startRefusals, if not 0, answers only the first that many
		// starts with startStatus.
		startRefusals int
		wantState     gen.CodespaceState // on success
		wantErr       string             // substring of the error, if it fails
		wantIs        []error
		wantLast      gen.CodespaceState // the last codespace the error carries
		wantStarts    []int
		wantGets      int
	}{
		{name: "available at once", steps: states("Available"), wantState: "Available", wantGets: 1},
		{name: "through provisioning", steps: states("Queued", "Provisioning", "Starting", "Available"), wantState: "Available", wantGets: 4},
		{name: "unknown states are polled on", steps: states("Hibernating", "Provisioning", "Available"), wantState: "Available", wantGets: 3},
		{name: "a missing state is polled on", steps: states("", "Available"), wantState: "Available", wantGets: 2},
		{
			name: "failed", steps: states("Provisioning", "Failed"),
			wantErr: "codespace x is Failed, not Available: the codespace will not leave this state by itself",
			wantIs:  []error{ErrTerminalState}, wantLast: "Failed", wantGets: 2,
		},
		{name: "deleted", steps: states("Deleted"), wantErr: "is Deleted, not Available", wantIs: []error{ErrTerminalState}, wantLast: "Deleted", wantGets: 1},
		{name: "archived", steps: states("Archived"), wantErr: "is Archived, not Available", wantIs: []error{ErrTerminalState}, wantLast: "Archived", wantGets: 1},
		{name: "unavailable", steps: states("Unavailable"), wantErr: "is Unavailable", wantIs: []error{ErrTerminalState}, wantLast: "Unavailable", wantGets: 1},
		{name: "moved", steps: states("Moved"), wantErr: "is Moved", wantIs: []error{ErrTerminalState}, wantLast: "Moved", wantGets: 1},
		{
			name: "shutdown without StartIfStopped", steps: states("Shutdown"),
			wantErr: "is Shutdown, not Available: the codespace will not leave this state by itself (set StartIfStopped to start it)",
			wantIs:  []error{ErrTerminalState}, wantLast: "Shutdown", wantGets: 1,
		},
		{
			name: "shutdown is started once per stop", steps: states("Shutdown", "Shutdown", "Starting", "Available"),
			opts: WaitOptions{StartIfStopped: true}, wantState: "Available", wantStarts: []int{1}, wantGets: 4,
		},
		{
			name: "stopped again is started again", steps: states("Shutdown", "Starting", "Shutdown", "Starting", "Available"),
			opts: WaitOptions{StartIfStopped: true}, wantState: "Available", wantStarts: []int{1, 3}, wantGets: 5,
		},
		{
			name: "shutting down is waited out before the start", steps: states("ShuttingDown", "ShuttingDown", "Shutdown", "Starting", "Available"),
			opts: WaitOptions{StartIfStopped: true}, wantState: "Available", wantStarts: []int{3}, wantGets: 5,
		},
		{
			name: "a codespace that keeps stopping", steps: states("Shutdown", "Starting", "Shutdown", "Starting", "Shutdown", "Starting", "Shutdown"),
			opts: WaitOptions{StartIfStopped: true}, wantErr: "it is still or again Shutdown after 3 starts", wantLast: "Shutdown", wantStarts: []int{1, 3, 5}, wantGets: 7,
		},
		{
			name: "start refused", steps: states("Shutdown"), startStatus: 402,
			opts: WaitOptions{StartIfStopped: true}, wantErr: "waiting for codespace x to be Available: POST /user/codespaces/x/start: 402 Payment Required",
			wantLast: "Shutdown", wantStarts: []int{1}, wantGets: 1,
		},
		{
			name: "start conflict is polled through", steps: states("Shutdown", "Starting", "Available"), startStatus: 409,
			opts: WaitOptions{StartIfStopped: true}, wantState: "Available", wantStarts: []int{1}, wantGets: 3,
		},
		{
			// GitHub's 422 while an operation is pending (cli/cli pull
			// request 5319), four times: refusals do not use up the three
			// starts.
			name: "a pending operation's 422 is polled through", steps: states("Shutdown", "Shutdown", "Shutdown", "Shutdown", "Shutdown", "Starting", "Available"),
			startStatus: 422, startRefusals: 4,
			opts: WaitOptions{StartIfStopped: true}, wantState: "Available", wantStarts: []int{1, 2, 3, 4, 5}, wantGets: 7,
		},
		{
			name: "gone", steps: []step{{state: "Provisioning"}, {status: 404}},
			wantErr: "codespace x went away while waiting for Available: it is gone (404): GET /user/codespaces/x: 404 Not Found",
			wantIs:  []error{ErrGone}, wantLast: "Provisioning", wantGets: 2,
		},
		{
			name: "transient errors are polled through", steps: []step{{status: 500}, {status: 503}, {status: 429}, {state: "Available"}},
			wantState: "Available", wantGets: 4,
		},
		{
			name: "other errors end the wait", steps: []step{{state: "Queued"}, {status: 401}},
			wantErr: "waiting for codespace x to be Available: GET /user/codespaces/x: 401 Unauthorized", wantLast: "Queued", wantGets: 2,
		},
		{
			name: "another target", steps: states("Available", "ShuttingDown", "Shutdown"), opts: WaitOptions{Target: gen.CodespaceStateShutdown},
			wantState: "Shutdown", wantGets: 3,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := &script{steps: tt.steps, startStatus: tt.startStatus, startRefusals: tt.startRefusals}
			c, _ := newWaitClient(t, sc)
			var seen []gen.CodespaceState
			opts := tt.opts
			opts.OnProgress = func(cs *gen.Codespace) { seen = append(seen, cs.State) }
			// A deadline, so that a wait that polls forever fails the test.
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			cs, err := c.WaitForCodespace(ctx, "x", opts)
			if sc.gets != tt.wantGets {
				t.Errorf("%d polls, want %d", sc.gets, tt.wantGets)
			}
			if got := sc.starts(); !reflect.DeepEqual(got, tt.wantStarts) {
				t.Errorf("started after polls %v, want %v", got, tt.wantStarts)
			}
			if tt.wantErr == "" {
				if err != nil || cs == nil || cs.State != tt.wantState {
					t.Fatalf("WaitForCodespace = %v, %v; want it %s", cs, err, tt.wantState)
				}
				if seen[len(seen)-1] != tt.wantState {
					t.Errorf("progress %v does not end with %s", seen, tt.wantState)
				}
				return
			}
			var we *WaitError
			if cs != nil || !errors.As(err, &we) {
				t.Fatalf("WaitForCodespace = %v, %v (%T); want a *WaitError", cs, err, err)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %q, want it to contain %q", err, tt.wantErr)
			}
			for _, target := range tt.wantIs {
				if !errors.Is(err, target) {
					t.Errorf("errors.Is(%v, %v) is false", err, target)
				}
			}
			if we.Codespace == nil || we.Codespace.State != tt.wantLast || we.Name != "x" {
				t.Errorf("the error carries %+v, want the last codespace, %s", we.Codespace, tt.wantLast)
			}
		})
	}
}

func TestWaitProgressAndBackoff(t *testing.T) {
	sc := &script{steps: states("Queued", "Provisioning", "Provisioning", "Provisioning", "Provisioning", "Available")}
	c, clk := newWaitClient(t, sc)
	var seen []gen.CodespaceState
	_, err := c.WaitForCodespace(context.Background(), "x", WaitOptions{
		PollOptions: PollOptions{MinInterval: time.Second, MaxInterval: 3 * time.Second},
		OnProgress:  func(cs *gen.Codespace) { seen = append(seen, cs.State) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []gen.CodespaceState{"Queued", "Provisioning", "Available"}; !reflect.DeepEqual(seen, want) {
		t.Errorf("progress %v, want one call per state: %v", seen, want)
	}
	// Full span of each jittered interval: 1s after Queued; starting over at
	// 1s after the change to Provisioning, then doubling up to the 3s cap.
	want := []time.Duration{time.Second, time.Second, 2 * time.Second, 3 * time.Second, 3 * time.Second}
	if got := clk.Sleeps(); !reflect.DeepEqual(got, want) {
		t.Errorf("slept %v, want %v", got, want)
	}
}

func TestPollerJitterStaysWithinBounds(t *testing.T) {
	clk := newFakeClock()
	clk.jitter = func(time.Duration) time.Duration { return 0 }
	p := newPoller(clk, 0, 0)
	var got []time.Duration
	for range 6 {
		got = append(got, p.interval())
	}
	// The low end of each span: never below the 1s minimum, half the
	// ceiling once that has grown.
	want := []time.Duration{time.Second, time.Second, 2 * time.Second, 4 * time.Second, 5 * time.Second, 5 * time.Second}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("slept %v, want %v", got, want)
	}
	if p := newPoller(clk, 20*time.Second, 0); p.max != 20*time.Second {
		t.Errorf("with a 20s minimum the maximum is %v, want 20s", p.max)
	}
	if p := newPoller(clk, 5*time.Second, time.Second); p.max != 5*time.Second {
		t.Errorf("a maximum below the minimum became %v, want the minimum", p.max)
	}
}

func TestWaitContext(t *testing.T) {
	t.Run("deadline", func(t *testing.T) {
		sc := &script{steps: states("Queued", "Provisioning")}
		c, clk := newWaitClient(t, sc)
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		clk.onSleep = func(n int) {
			if n == 3 {
				<-ctx.Done() // the only real wait: until the deadline passes
			}
		}
		_, err := c.WaitForCodespace(ctx, "x", WaitOptions{})
		var we *WaitError
		if !errors.As(err, &we) || !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("got %v, want a *WaitError wrapping context.DeadlineExceeded", err)
		}
		if want := "codespace x is still Provisioning, not Available: context deadline exceeded"; err.Error() != want {
			t.Errorf("error %q, want %q", err, want)
		}
		if we.Codespace == nil || we.Codespace.State != "Provisioning" {
			t.Errorf("the error carries %+v, want the Provisioning codespace", we.Codespace)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		sc := &script{steps: states("Starting")}
		c, clk := newWaitClient(t, sc)
		ctx := cancelOnSleep(t, clk, 2)
		_, err := c.WaitForCodespace(ctx, "x", WaitOptions{})
		if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "still Starting") || sc.gets != 2 {
			t.Errorf("got %v after %d polls, want a cancelled wait saying still Starting after 2", err, sc.gets)
		}
	})
	t.Run("never seen, polls failing", func(t *testing.T) {
		sc := &script{steps: []step{{status: 502}}}
		c, clk := newWaitClient(t, sc)
		ctx := cancelOnSleep(t, clk, 2)
		_, err := c.WaitForCodespace(ctx, "x", WaitOptions{})
		var ae *APIError
		if !errors.Is(err, context.Canceled) || !errors.As(err, &ae) || ae.StatusCode != 502 {
			t.Fatalf("got %v, want the cancellation and the last 502", err)
		}
		if want := "codespace x was never seen while waiting for Available: context canceled (last poll: GET /user/codespaces/x: 502 Bad Gateway"; !strings.HasPrefix(err.Error(), want) {
			t.Errorf("error %q, want it to start with %q", err, want)
		}
	})
	t.Run("cancelled during the start", func(t *testing.T) {
		var cancel context.CancelFunc
		mux := http.NewServeMux()
		mux.HandleFunc("GET /user/codespaces/x", func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 200, sampleCodespace("x", gen.CodespaceStateShutdown))
		})
		mux.HandleFunc("POST /user/codespaces/x/start", func(w http.ResponseWriter, r *http.Request) {
			cancel()
			<-r.Context().Done()
		})
		c, _, _ := newTestClient(t, mux)
		var ctx context.Context
		ctx, cancel = context.WithCancel(context.Background())
		defer cancel()
		_, err := c.WaitForCodespace(ctx, "x", WaitOptions{StartIfStopped: true})
		if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "still Shutdown") {
			t.Errorf("got %v, want a cancelled wait saying still Shutdown", err)
		}
	})
	t.Run("empty name", func(t *testing.T) {
		c, _ := newWaitClient(t, &script{steps: states("Available")})
		if _, err := c.WaitForCodespace(context.Background(), "", WaitOptions{}); err == nil || !strings.Contains(err.Error(), "name is empty") {
			t.Errorf("got %v", err)
		}
	})
}

// cancelOnSleep returns a context that the n-th sleep of clk cancels.
func cancelOnSleep(t *testing.T, clk *fakeClock, n int) context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	clk.onSleep = func(i int) {
		if i == n {
			cancel()
		}
	}
	return ctx
}

func TestCreateCodespaceAndWait(t *testing.T) {
	for _, status := range []int{201, 202} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			sc := &script{steps: states("Provisioning", "Available")}
			mux := http.NewServeMux()
			mux.HandleFunc("POST /user/codespaces", func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, status, sampleCodespace("x", gen.CodespaceStateQueued))
			})
			mux.Handle("/user/codespaces/x", sc)
			c, _, _ := newTestClient(t, mux)
			var seen []gen.CodespaceState
			cs, err := c.CreateCodespaceAndWait(context.Background(),
				CreateCodespaceRequest{Repository: &gen.CreateCodespaceForRepository{RepositoryID: 1296269}},
				ActionWaitOptions{OnProgress: func(cs *gen.Codespace) { seen = append(seen, cs.State) }})
			if err != nil || cs.State != gen.CodespaceStateAvailable {
				t.Fatalf("got %v, %v; want the Available codespace", cs, err)
			}
			if want := []gen.CodespaceState{"Queued", "Provisioning", "Available"}; !reflect.DeepEqual(seen, want) {
				t.Errorf("progress %v, want %v (the create's answer first)", seen, want)
			}
		})
	}
	t.Run("create fails", func(t *testing.T) {
		c, _, _ := newTestClient(t, status(403))
		_, err := c.CreateCodespaceAndWait(context.Background(), CreateCodespaceRequest{Repository: &gen.CreateCodespaceForRepository{RepositoryID: 1}}, ActionWaitOptions{})
		var we *WaitError
		var ae *APIError
		if errors.As(err, &we) || !errors.As(err, &ae) || ae.StatusCode != 403 {
			t.Errorf("got %v, want the create's 403, not a wait error", err)
		}
	})
}

// TestCreateInRepositoryAndFromPullRequestAndWait: the two other creates
// wait in one call too, from the codespace their answer carried.
func TestCreateInRepositoryAndFromPullRequestAndWait(t *testing.T) {
	creates := map[string]func(*Client) (*gen.Codespace, error){
		"in repository": func(c *Client) (*gen.Codespace, error) {
			return c.CreateCodespaceInRepositoryAndWait(context.Background(), "o", "r", gen.CreateCodespaceInRepositoryOptions{}, ActionWaitOptions{})
		},
		"from pull request": func(c *Client) (*gen.Codespace, error) {
			return c.CreateCodespaceFromPullRequestAndWait(context.Background(), "o", "r", 1, gen.CreateCodespaceFromPullRequestOptions{}, ActionWaitOptions{})
		},
	}
	for name, create := range creates {
		t.Run(name, func(t *testing.T) {
			sc := &script{steps: states("Provisioning", "Available")}
			mux := http.NewServeMux()
			answer := func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, http.StatusAccepted, sampleCodespace("x", gen.CodespaceStateQueued))
			}
			mux.HandleFunc("POST /repos/o/r/codespaces", answer)
			mux.HandleFunc("POST /repos/o/r/pulls/1/codespaces", answer)
			mux.Handle("/user/codespaces/x", sc)
			c, _, _ := newTestClient(t, mux)
			cs, err := create(c)
			if err != nil || cs.State != gen.CodespaceStateAvailable || sc.gets != 2 {
				t.Fatalf("got %v, %v after %d polls; want the Available codespace after 2", cs, err, sc.gets)
			}
		})
	}
}

// TestWaitStartIfStoppedNeedsAvailable: StartIfStopped with another target
// is refused rather than ignored.
func TestWaitStartIfStoppedNeedsAvailable(t *testing.T) {
	sc := &script{steps: states("Available")}
	c, _ := newWaitClient(t, sc)
	_, err := c.WaitForCodespace(context.Background(), "x", WaitOptions{Target: gen.CodespaceStateShutdown, StartIfStopped: true})
	if err == nil || !strings.Contains(err.Error(), "StartIfStopped") || sc.gets != 0 {
		t.Errorf("got %v after %d polls, want a refusal naming StartIfStopped before polling", err, sc.gets)
	}
}

func TestStartAndStopAndWait(t *testing.T) {
	ctx := context.Background()
	t.Run("start", func(t *testing.T) {
		// The first poll still sees Shutdown, as an eventually consistent
		// API may: the start just made must not be repeated.
		sc := &script{steps: states("Shutdown", "Starting", "Available")}
		c, _ := newWaitClient(t, sc)
		cs, err := c.StartCodespaceAndWait(ctx, "x", ActionWaitOptions{})
		if err != nil || cs.State != gen.CodespaceStateAvailable {
			t.Fatalf("got %v, %v", cs, err)
		}
		if got := sc.starts(); !reflect.DeepEqual(got, []int{0}) {
			t.Errorf("started after polls %v, want once, before polling", got)
		}
	})
	t.Run("start conflict", func(t *testing.T) {
		sc := &script{steps: states("Starting", "Available"), startStatus: 409}
		c, _ := newWaitClient(t, sc)
		if cs, err := c.StartCodespaceAndWait(ctx, "x", ActionWaitOptions{}); err != nil || cs.State != gen.CodespaceStateAvailable {
			t.Fatalf("got %v, %v", cs, err)
		}
	})
	t.Run("start refused", func(t *testing.T) {
		sc := &script{steps: states("Shutdown"), startStatus: 402}
		c, _ := newWaitClient(t, sc)
		_, err := c.StartCodespaceAndWait(ctx, "x", ActionWaitOptions{})
		var ae *APIError
		if !errors.As(err, &ae) || ae.StatusCode != 402 || sc.gets != 0 {
			t.Errorf("got %v after %d polls, want the 402 without polling", err, sc.gets)
		}
	})
	t.Run("stop", func(t *testing.T) {
		sc := &script{steps: states("ShuttingDown", "Shutdown")}
		c, _ := newWaitClient(t, sc)
		cs, err := c.StopCodespaceAndWait(ctx, "x", ActionWaitOptions{})
		if err != nil || cs.State != gen.CodespaceStateShutdown || sc.stops != 1 || len(sc.starts()) != 0 {
			t.Fatalf("got %v, %v after %d stops and starts %v", cs, err, sc.stops, sc.starts())
		}
	})
	t.Run("stop fails", func(t *testing.T) {
		c, _, _ := newTestClient(t, http.NotFoundHandler())
		if _, err := c.StopCodespaceAndWait(ctx, "x", ActionWaitOptions{}); !IsNotFound(err) {
			t.Errorf("got %v, want the 404", err)
		}
	})
}

func TestWaitForExport(t *testing.T) {
	tests := []struct {
		name     string
		steps    []step
		wantErr  string
		wantIs   error
		wantGets int
	}{
		{name: "succeeded", steps: states("in_progress", "", "in_progress", "succeeded"), wantGets: 4},
		{name: "failed", steps: states("in_progress", "failed"), wantErr: "export latest of codespace x failed", wantIs: ErrExportFailed, wantGets: 2},
		{name: "gone", steps: []step{{status: 404}}, wantErr: "export latest of codespace x went away while waiting for it", wantIs: ErrGone, wantGets: 1},
		{name: "transient", steps: []step{{status: 500}, {state: "succeeded"}}, wantGets: 2},
		{name: "fatal", steps: []step{{status: 403}}, wantErr: "waiting for export latest of codespace x: GET /user/codespaces/x/exports/latest: 403 Forbidden", wantGets: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := &script{steps: tt.steps, export: true}
			c, _ := newWaitClient(t, sc)
			var seen []string
			e, err := c.WaitForExport(context.Background(), "x", "latest", ExportWaitOptions{
				OnProgress: func(e *gen.CodespaceExportDetails) { seen = append(seen, exportState(e)) },
			})
			if sc.gets != tt.wantGets {
				t.Errorf("%d polls, want %d", sc.gets, tt.wantGets)
			}
			if tt.wantErr == "" {
				if err != nil || e == nil || *e.State != exportSucceeded {
					t.Fatalf("got %v, %v; want the succeeded export", e, err)
				}
				return
			}
			var we *ExportWaitError
			if e != nil || !errors.As(err, &we) || !strings.HasPrefix(err.Error(), tt.wantErr) {
				t.Fatalf("got %v, %v; want an *ExportWaitError saying %q", e, err, tt.wantErr)
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("errors.Is(%v, %v) is false", err, tt.wantIs)
			}
		})
	}
	t.Run("progress", func(t *testing.T) {
		sc := &script{steps: states("in_progress", "", "succeeded"), export: true}
		c, _ := newWaitClient(t, sc)
		var seen []string
		if _, err := c.WaitForExport(context.Background(), "x", "latest", ExportWaitOptions{
			OnProgress: func(e *gen.CodespaceExportDetails) { seen = append(seen, exportState(e)) },
		}); err != nil {
			t.Fatal(err)
		}
		if want := []string{"in_progress", "without a state", "succeeded"}; !reflect.DeepEqual(seen, want) {
			t.Errorf("progress %v, want %v", seen, want)
		}
	})
	t.Run("timeout", func(t *testing.T) {
		sc := &script{steps: states("in_progress"), export: true}
		c, clk := newWaitClient(t, sc)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
		defer cancel()
		clk.onSleep = func(int) { <-ctx.Done() }
		_, err := c.WaitForExport(ctx, "x", "latest", ExportWaitOptions{})
		var we *ExportWaitError
		if !errors.As(err, &we) || we.Export == nil || err.Error() != "export latest of codespace x is still in_progress: context deadline exceeded" {
			t.Errorf("got %v, want a timeout saying still in_progress", err)
		}
	})
	t.Run("never seen", func(t *testing.T) {
		c, _ := newWaitClient(t, &script{steps: states("in_progress"), export: true})
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := c.WaitForExport(ctx, "x", "latest", ExportWaitOptions{})
		if err == nil || !strings.HasPrefix(err.Error(), "export latest of codespace x was never seen: context canceled") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("empty ID", func(t *testing.T) {
		c, _ := newWaitClient(t, &script{steps: states("succeeded"), export: true})
		if _, err := c.WaitForExport(context.Background(), "x", "", ExportWaitOptions{}); err == nil {
			t.Error("no error for an empty export ID")
		}
	})
}

func TestExportCodespaceAndWait(t *testing.T) {
	for _, id := range []string{"abc", ""} {
		t.Run("id="+id, func(t *testing.T) {
			var polled []string
			mux := http.NewServeMux()
			mux.HandleFunc("POST /user/codespaces/x/exports", func(w http.ResponseWriter, r *http.Request) {
				body := map[string]any{"state": "in_progress"}
				if id != "" {
					body["id"] = id
				}
				writeJSON(w, 202, body)
			})
			mux.HandleFunc("GET /user/codespaces/x/exports/{id}", func(w http.ResponseWriter, r *http.Request) {
				polled = append(polled, r.PathValue("id"))
				writeJSON(w, 200, map[string]any{"id": r.PathValue("id"), "state": "succeeded", "branch": "codespace-x"})
			})
			c, _, _ := newTestClient(t, mux)
			e, err := c.ExportCodespaceAndWait(context.Background(), "x", ExportWaitOptions{})
			if err != nil || *e.Branch != "codespace-x" {
				t.Fatalf("got %v, %v", e, err)
			}
			want := id
			if want == "" {
				want = "latest"
			}
			if !reflect.DeepEqual(polled, []string{want}) {
				t.Errorf("polled %v, want [%s]", polled, want)
			}
		})
	}
	t.Run("export fails", func(t *testing.T) {
		c, _, _ := newTestClient(t, status(422))
		_, err := c.ExportCodespaceAndWait(context.Background(), "x", ExportWaitOptions{})
		var ae *APIError
		if !errors.As(err, &ae) || ae.StatusCode != 422 {
			t.Errorf("got %v, want the 422", err)
		}
	})
}

func TestTransient(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{&APIError{StatusCode: 500}, true},
		{&APIError{StatusCode: 429}, true},
		{&APIError{StatusCode: 404}, false},
		{&RateLimitError{Err: &APIError{StatusCode: 403}}, true},
		{&SecondaryRateLimitError{Err: &APIError{StatusCode: 403}}, true},
		{&DecodeError{Err: errors.New("x")}, false},
		{context.DeadlineExceeded, false},
	}
	for _, tt := range tests {
		if got := transient(tt.err); got != tt.want {
			t.Errorf("transient(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}

// TestWaitThroughRateLimits: a rate limit is waited out (the longer of the
// poll interval and the limit's end) when it ends before the deadline, and
// ends the wait at once when it does not; it is never polled through.
func TestWaitThroughRateLimits(t *testing.T) {
	exhausted := func(clk *fakeClock, in time.Duration) step {
		reset := clk.Now().Add(in).Truncate(time.Second)
		return step{status: 403, header: []string{"X-RateLimit-Limit", "5000", "X-RateLimit-Remaining", "0",
			"X-RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10)}}
	}
	tests := []struct {
		name       string
		steps      func(clk *fakeClock) []step
		timeout    time.Duration
		wantGets   int
		wantSleeps func(clk *fakeClock) []time.Duration
		wantErr    bool
	}{
		{
			name:     "primary limit resetting in an hour, timeout in ten minutes",
			steps:    func(clk *fakeClock) []step { return []step{{state: "Provisioning"}, exhausted(clk, time.Hour)} },
			timeout:  10 * time.Minute,
			wantGets: 2, wantErr: true,
			wantSleeps: func(*fakeClock) []time.Duration { return []time.Duration{time.Second} },
		},
		{
			name:     "primary limit resetting in 30s",
			steps:    func(clk *fakeClock) []step { return []step{exhausted(clk, 30*time.Second), {state: "Available"}} },
			wantGets: 2,
			wantSleeps: func(clk *fakeClock) []time.Duration {
				// Until the reset, which the header gives in whole seconds, and the slack.
				return []time.Duration{clk.Now().Add(30 * time.Second).Truncate(time.Second).Add(rateLimitSlack).Sub(clk.Now())}
			},
		},
		{
			name: "secondary limit with Retry-After: 120",
			steps: func(*fakeClock) []step {
				return []step{{status: 429, header: []string{"Retry-After", "120"}}, {state: "Available"}}
			},
			wantGets:   2,
			wantSleeps: func(*fakeClock) []time.Duration { return []time.Duration{2 * time.Minute} },
		},
		{
			name: "primary limit with no reset time",
			steps: func(*fakeClock) []step {
				return []step{{status: 403, header: []string{"X-RateLimit-Remaining", "0"}}, {state: "Available"}}
			},
			wantGets: 1, wantErr: true,
		},
		{
			name: "secondary limit past the timeout",
			steps: func(*fakeClock) []step {
				return []step{{status: 403, header: []string{"Retry-After", "600"}}, {state: "Available"}}
			},
			timeout:  5 * time.Minute,
			wantGets: 1, wantErr: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := &script{}
			c, clk := newWaitClient(t, sc)
			sc.steps = tt.steps(clk)
			var want []time.Duration
			if tt.wantSleeps != nil {
				want = tt.wantSleeps(clk)
			}
			ctx := cancelOnSleep(t, clk, 10) // the old waiter polled on and on
			cs, err := c.WaitForCodespace(ctx, "x", WaitOptions{PollOptions: PollOptions{Timeout: tt.timeout}})
			if sc.gets != tt.wantGets || !reflect.DeepEqual(clk.Sleeps(), want) {
				t.Errorf("%d GETs and sleeps %v, want %d and %v", sc.gets, clk.Sleeps(), tt.wantGets, want)
			}
			if !tt.wantErr {
				if err != nil || cs.State != gen.CodespaceStateAvailable {
					t.Errorf("got %v, %v; want Available", cs, err)
				}
				return
			}
			var we *WaitError
			var rle *RateLimitError
			var sle *SecondaryRateLimitError
			if !errors.As(err, &we) || !(errors.As(err, &rle) || errors.As(err, &sle)) || errors.Is(err, context.Canceled) {
				t.Errorf("got %v, want a *WaitError with the rate-limit error", err)
			}
		})
	}
}

// TestWaitTimeout: without a context deadline, a wait still ends.
func TestWaitTimeout(t *testing.T) {
	for _, timeout := range []time.Duration{0, 5 * time.Minute} {
		t.Run(fmt.Sprint(timeout), func(t *testing.T) {
			sc := &script{steps: states("Available")}
			c, clk := newWaitClient(t, sc)
			start := clk.Now()
			ctx := cancelOnSleep(t, clk, 1000) // the old waiter never stopped
			_, err := c.WaitForCodespace(ctx, "x", WaitOptions{Target: gen.CodespaceStateShutdown, PollOptions: PollOptions{Timeout: timeout}})
			want := timeout
			if want == 0 {
				want = DefaultWaitTimeout
			}
			if !errors.Is(err, ErrWaitTimeout) || !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
				t.Fatalf("got %v, want ErrWaitTimeout", err)
			}
			if msg := fmt.Sprintf("codespace x is still Available, not Shutdown: the wait's timeout of %v passed", want); err.Error() != msg {
				t.Errorf("error %q, want %q", err, msg)
			}
			// The last sleep ends at the deadline, for one last look.
			if waited := clk.Now().Sub(start); waited != want {
				t.Errorf("waited %v, want %v", waited, want)
			}
		})
	}
	t.Run("polls failing", func(t *testing.T) {
		sc := &script{steps: []step{{status: 502}}}
		c, _ := newWaitClient(t, sc)
		_, err := c.WaitForCodespace(context.Background(), "x", WaitOptions{PollOptions: PollOptions{Timeout: time.Minute}})
		var ae *APIError
		if !errors.Is(err, ErrWaitTimeout) || !errors.As(err, &ae) || ae.StatusCode != 502 {
			t.Errorf("got %v, want the timeout and the last 502", err)
		}
	})
	t.Run("negative", func(t *testing.T) {
		c, _ := newWaitClient(t, &script{steps: states("Available")})
		if _, err := c.WaitForCodespace(context.Background(), "x", WaitOptions{PollOptions: PollOptions{Timeout: -time.Second}}); err == nil || !strings.Contains(err.Error(), "negative") {
			t.Errorf("got %v", err)
		}
		if _, err := c.WaitForExport(context.Background(), "x", "latest", ExportWaitOptions{PollOptions: PollOptions{Timeout: -time.Second}}); err == nil || !strings.Contains(err.Error(), "negative") {
			t.Errorf("export: got %v", err)
		}
	})
	t.Run("export", func(t *testing.T) {
		sc := &script{steps: states("in_progress"), export: true}
		c, clk := newWaitClient(t, sc)
		start := clk.Now()
		_, err := c.WaitForExport(cancelOnSleep(t, clk, 1000), "x", "latest", ExportWaitOptions{PollOptions: PollOptions{Timeout: 2 * time.Minute}})
		if !errors.Is(err, ErrWaitTimeout) || clk.Now().Sub(start) != 2*time.Minute {
			t.Errorf("got %v after %v, want the timeout after 2m", err, clk.Now().Sub(start))
		}
	})
}

// TestShutdownRightAfterStart: the start is accepted, but the codespace is
// back in Shutdown before the next poll. The wait starts it again once the
// Shutdown is clearly not stale: newer than the start's answer, or read
// long enough after the start.
func TestShutdownRightAfterStart(t *testing.T) {
	t.Run("newer than the start", func(t *testing.T) {
		sc := &script{steps: []step{{state: "Shutdown", newer: true}, {state: "Starting", newer: true}, {state: "Available", newer: true}}}
		c, clk := newWaitClient(t, sc)
		cs, err := c.StartCodespaceAndWait(cancelOnSleep(t, clk, 50), "x", ActionWaitOptions{})
		if err != nil || cs.State != gen.CodespaceStateAvailable {
			t.Fatalf("got %v, %v", cs, err)
		}
		if got := sc.starts(); !reflect.DeepEqual(got, []int{0, 1}) {
			t.Errorf("started after polls %v, want before polling and after the first", got)
		}
	})
	t.Run("no newer, then stale no more", func(t *testing.T) {
		sc := &script{steps: states("Shutdown")}
		c, clk := newWaitClient(t, sc)
		start := clk.Now()
		_, err := c.StartCodespaceAndWait(cancelOnSleep(t, clk, 200), "x", ActionWaitOptions{})
		if err == nil || !strings.Contains(err.Error(), "it is still or again Shutdown after 3 starts") || errors.Is(err, context.Canceled) {
			t.Fatalf("got %v, want the start limit", err)
		}
		if got := len(sc.starts()); got != 3 {
			t.Errorf("%d starts, want 3", got)
		}
		// Each start is taken back once a Shutdown is read 30s after it,
		// at the next poll: two restarts, and the limit at the third time.
		if waited := clk.Now().Sub(start); waited < 3*staleAfter || waited > 3*(staleAfter+DefaultMaxInterval) {
			t.Errorf("gave up after %v, want about %v", waited, 3*staleAfter)
		}
	})
	t.Run("WaitForCodespace with StartIfStopped", func(t *testing.T) {
		sc := &script{steps: []step{{state: "Shutdown"}, {state: "Shutdown", newer: true}, {state: "Starting", newer: true}, {state: "Available", newer: true}}}
		c, clk := newWaitClient(t, sc)
		cs, err := c.WaitForCodespace(cancelOnSleep(t, clk, 50), "x", WaitOptions{StartIfStopped: true})
		if err != nil || cs.State != gen.CodespaceStateAvailable {
			t.Fatalf("got %v, %v", cs, err)
		}
		if got := sc.starts(); !reflect.DeepEqual(got, []int{1, 2}) {
			t.Errorf("started after polls %v, want [1 2]", got)
		}
	})
}

// TestStopPending: GitHub's 422 to a stop while an operation is pending is
// handled as a 409: the wait looks, and stops the codespace once it may.
func TestStopPending(t *testing.T) {
	sc := &script{steps: states("Available", "Available", "ShuttingDown", "Shutdown"), stopStatus: []int{422, 422}}
	c, clk := newWaitClient(t, sc)
	cs, err := c.StopCodespaceAndWait(cancelOnSleep(t, clk, 50), "x", ActionWaitOptions{})
	if err != nil || cs.State != gen.CodespaceStateShutdown {
		t.Fatalf("got %v, %v", cs, err)
	}
	if sc.stops != 3 {
		t.Errorf("%d stops, want 3: two refused, then one that holds", sc.stops)
	}
}

// TestStopConflict: a 409 from the stop is handled as start's is: the wait
// looks, and stops the codespace if it is still running.
func TestStopConflict(t *testing.T) {
	sc := &script{steps: states("Available", "Available", "ShuttingDown", "Shutdown"), stopStatus: []int{409}}
	c, clk := newWaitClient(t, sc)
	cs, err := c.StopCodespaceAndWait(cancelOnSleep(t, clk, 50), "x", ActionWaitOptions{})
	if err != nil || cs.State != gen.CodespaceStateShutdown {
		t.Fatalf("got %v, %v", cs, err)
	}
	// One stop refused, one after the first poll; the second Available is
	// read right after that stop and may be stale.
	if sc.stops != 2 || sc.gets != 4 {
		t.Errorf("%d stops and %d GETs, want 2 and 4", sc.stops, sc.gets)
	}
	t.Run("keeps running", func(t *testing.T) {
		sc := &script{steps: []step{{state: "Available", newer: true}}}
		c, clk := newWaitClient(t, sc)
		_, err := c.StopCodespaceAndWait(cancelOnSleep(t, clk, 50), "x", ActionWaitOptions{})
		if err == nil || !strings.Contains(err.Error(), "still or again Available after 3 stops") {
			t.Errorf("got %v, want the stop limit", err)
		}
	})
}

// TestWaitIsConditional: after the first poll, each poll sends the last
// ETag, and a 304 counts as "unchanged".
func TestWaitIsConditional(t *testing.T) {
	sc := &script{steps: states("Provisioning", "Provisioning", "Provisioning", "Provisioning", "Available"), etags: true}
	c, _ := newWaitClient(t, sc)
	var seen []gen.CodespaceState
	cs, err := c.WaitForCodespace(context.Background(), "x", WaitOptions{OnProgress: func(cs *gen.Codespace) { seen = append(seen, cs.State) }})
	if err != nil || cs.State != gen.CodespaceStateAvailable {
		t.Fatalf("got %v, %v", cs, err)
	}
	if sc.gets != 5 || sc.conditional != 4 || sc.notModified != 3 {
		t.Errorf("%d GETs, %d conditional, %d answered 304; want 5, 4, 3", sc.gets, sc.conditional, sc.notModified)
	}
	if want := []gen.CodespaceState{"Provisioning", "Available"}; !reflect.DeepEqual(seen, want) {
		t.Errorf("progress %v, want %v", seen, want)
	}
	t.Run("export", func(t *testing.T) {
		sc := &script{steps: states("in_progress", "in_progress", "succeeded"), export: true, etags: true}
		c, _ := newWaitClient(t, sc)
		if _, err := c.WaitForExport(context.Background(), "x", "latest", ExportWaitOptions{}); err != nil || sc.notModified != 1 {
			t.Errorf("got %v with %d 304s, want success with 1", err, sc.notModified)
		}
	})
}

package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/codespaces-go/codespaces/gen"
)

// maxStarts bounds how often one wait starts a codespace that keeps stopping.
const maxStarts = 3

// ErrTerminalState is wrapped by WaitForCodespace's error when the codespace
// reached a state it does not leave by itself: Failed, Deleted, Archived,
// Unavailable or Moved, or Shutdown while waiting for Available without
// StartIfStopped.
var ErrTerminalState = errors.New("the codespace will not leave this state by itself")

// WaitOptions shapes WaitForCodespace. The zero value waits for Available,
// polling every 1 to 10 seconds.
type WaitOptions struct {
	// Target is the state to wait for: gen.CodespaceStateAvailable if empty.
	// Another target, such as gen.CodespaceStateShutdown, is reached when the
	// codespace is in it.
	Target gen.CodespaceState
	// StartIfStopped, when waiting for Available, starts the codespace each
	// time it is seen to have stopped (Shutdown), at most three times in one
	// wait; a codespace still ShuttingDown is first waited for to be
	// Shutdown. Without it, Shutdown ends the wait with ErrTerminalState.
	StartIfStopped bool
	// MinInterval and MaxInterval bound the time between polls, which grows
	// exponentially (with jitter) while the state stays the same and starts
	// over at MinInterval when it changes. Defaults: 1s and 10s.
	MinInterval, MaxInterval time.Duration
	// OnProgress, if not nil, is called with the codespace each time its
	// state is seen to change, the first time included.
	OnProgress func(*gen.Codespace)
}

// WaitError is the error of a wait that did not end in the target state. The
// cause (Err) is ErrTerminalState, ErrGone joined with the 404's *APIError,
// the context's error (the wait timed out or was cancelled), or the error of
// a call that failed for good; errors.Is and errors.As see through it.
type WaitError struct {
	// Name is the codespace's name.
	Name string
	// Target is the state waited for.
	Target gen.CodespaceState
	// Codespace is the codespace as last seen, or nil if it never was.
	Codespace *gen.Codespace
	Err       error
}

// Error says which state the codespace is in and why the wait ended: "is
// still Provisioning" for a wait the context ended.
func (e *WaitError) Error() string {
	state := "not seen yet"
	if e.Codespace != nil {
		state = string(e.Codespace.State)
	}
	switch {
	case isContextEnd(e.Err):
		if e.Codespace == nil {
			return fmt.Sprintf("codespace %s was never seen while waiting for %s: %v", e.Name, e.Target, e.Err)
		}
		return fmt.Sprintf("codespace %s is still %s, not %s: %v", e.Name, state, e.Target, e.Err)
	case errors.Is(e.Err, ErrTerminalState):
		return fmt.Sprintf("codespace %s is %s, not %s: %v", e.Name, state, e.Target, e.Err)
	case errors.Is(e.Err, ErrGone):
		return fmt.Sprintf("codespace %s went away while waiting for %s: %v", e.Name, e.Target, e.Err)
	}
	return fmt.Sprintf("waiting for codespace %s to be %s: %v", e.Name, e.Target, e.Err)
}

// Unwrap returns the cause.
func (e *WaitError) Unwrap() error { return e.Err }

// WaitForCodespace polls the codespace until it is in opts.Target (Available
// by default) and returns it as last seen. It is a state machine, not a
// ticker:
//
//   - Failed, Deleted, Archived, Unavailable and Moved end the wait at once;
//   - Shutdown, while waiting for Available, starts the codespace if
//     opts.StartIfStopped is set (once each time it stops) and ends the wait
//     otherwise; ShuttingDown is waited out;
//   - a 404 ends the wait (ErrGone); 5xx answers, rate limits and network
//     errors are polled through; any other error ends it;
//   - every other state, including ones GitHub adds later, is polled on.
//
// The context bounds the whole wait: give it a deadline. Every error is a
// *WaitError carrying the codespace as last seen; when the context ends, it
// says which state the codespace is still in.
func (c *Client) WaitForCodespace(ctx context.Context, name string, opts WaitOptions) (*gen.Codespace, error) {
	return c.waitCodespace(ctx, name, nil, false, opts)
}

// waitCodespace is WaitForCodespace judging first, the codespace as an
// earlier call returned it, before polling; started says that call was a
// start, so that a Shutdown seen right after it does not start it again.
func (c *Client) waitCodespace(ctx context.Context, name string, first *gen.Codespace, started bool, opts WaitOptions) (*gen.Codespace, error) {
	target := opts.Target
	if target == "" {
		target = gen.CodespaceStateAvailable
	}
	if name == "" {
		return nil, &WaitError{Target: target, Err: errors.New("the codespace name is empty")}
	}
	starts, startPending := 0, started
	if started {
		starts = 1
	}
	judge := func(ctx context.Context, cs *gen.Codespace) (bool, error) {
		state := cs.State
		if state != gen.CodespaceStateShutdown {
			startPending = false // the next Shutdown is a new stop
		}
		switch {
		case state == target:
			return true, nil
		case isTerminal(state):
			return false, ErrTerminalState
		case state != gen.CodespaceStateShutdown || target != gen.CodespaceStateAvailable || startPending:
			return false, nil
		case !opts.StartIfStopped:
			return false, fmt.Errorf("%w (set StartIfStopped to start it)", ErrTerminalState)
		case starts == maxStarts:
			return false, fmt.Errorf("it is still or again Shutdown after %d starts", starts)
		}
		starts++
		_, err := c.StartCodespace(ctx, name)
		var ae *APIError
		switch {
		case err == nil:
			startPending = true
		case errors.As(err, &ae) && ae.StatusCode == http.StatusConflict, transient(err) && ctx.Err() == nil:
			// Busy or briefly unreachable: look again, and start again if
			// it is still stopped then.
			c.logWait(ctx, "starting the codespace failed, will poll again", err)
		default:
			return false, err
		}
		return false, nil
	}
	out := poll(ctx, c, newPoller(c.clock, opts.MinInterval, opts.MaxInterval), first, pollSpec[gen.Codespace]{
		get:      func(ctx context.Context) (*gen.Codespace, error) { return c.GetCodespace(ctx, name) },
		state:    func(cs *gen.Codespace) string { return string(cs.State) },
		judge:    judge,
		progress: opts.OnProgress,
	})
	if out.err != nil {
		return nil, &WaitError{Name: name, Target: target, Codespace: out.last, Err: out.err}
	}
	return out.last, nil
}

func isTerminal(s gen.CodespaceState) bool {
	switch s {
	case gen.CodespaceStateFailed, gen.CodespaceStateDeleted, gen.CodespaceStateArchived,
		gen.CodespaceStateUnavailable, gen.CodespaceStateMoved:
		return true
	}
	return false
}

// CreateCodespaceAndWait creates a codespace (see CreateCodespace) and waits
// for it (see WaitForCodespace). A 202, "creation is being retried in the
// background", counts as created and is waited for. If the wait fails, the
// codespace still exists: the *WaitError carries it, for the caller to
// delete or inspect.
func (c *Client) CreateCodespaceAndWait(ctx context.Context, req CreateCodespaceRequest, opts WaitOptions) (*gen.Codespace, error) {
	created, err := c.CreateCodespace(ctx, req)
	if err != nil {
		return nil, err
	}
	return c.waitCodespace(ctx, created.Codespace.Name, created.Codespace, false, opts)
}

// StartCodespaceAndWait starts a codespace and waits for it to be
// Available, starting it again if it stops on the way (StartIfStopped is
// implied; Target is ignored). A 409 from the start (the codespace is busy)
// does not end it: the wait decides.
func (c *Client) StartCodespaceAndWait(ctx context.Context, name string, opts WaitOptions) (*gen.Codespace, error) {
	_, err := c.StartCodespace(ctx, name)
	var ae *APIError
	if err != nil && !(errors.As(err, &ae) && ae.StatusCode == http.StatusConflict) {
		return nil, err
	}
	// The start's answer is not judged: a Shutdown read right after it may
	// be stale, and must not look like a new stop.
	opts.Target, opts.StartIfStopped = gen.CodespaceStateAvailable, true
	return c.waitCodespace(ctx, name, nil, err == nil, opts)
}

// StopCodespaceAndWait stops a codespace and waits for it to be Shutdown
// (Target and StartIfStopped are ignored).
func (c *Client) StopCodespaceAndWait(ctx context.Context, name string, opts WaitOptions) (*gen.Codespace, error) {
	cs, err := c.StopCodespace(ctx, name)
	if err != nil {
		return nil, err
	}
	opts.Target, opts.StartIfStopped = gen.CodespaceStateShutdown, false
	return c.waitCodespace(ctx, name, cs, false, opts)
}

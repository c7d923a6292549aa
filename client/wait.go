package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/codespaces-go/codespaces/gen"
)

// maxStarts bounds how often one wait starts a codespace that keeps
// stopping, or stops one that keeps running.
const maxStarts = 3

// staleAfter is how long after a start (or stop) the codespace may still be
// read in the state it left: GitHub's reads can lag its writes. A Shutdown
// read later than that, or one whose updated_at is newer than the start's
// answer, is a new stop.
const staleAfter = 30 * time.Second

// ErrTerminalState is wrapped by WaitForCodespace's error when the codespace
// reached a state it does not leave by itself: Failed, Deleted, Archived,
// Unavailable or Moved, or Shutdown while waiting for Available without
// StartIfStopped.
var ErrTerminalState = errors.New("the codespace will not leave this state by itself")

// WaitOptions shapes WaitForCodespace. The zero value waits for Available,
// polling as PollOptions' zero value does.
type WaitOptions struct {
	PollOptions
	// Target is the state to wait for: gen.CodespaceStateAvailable if empty.
	// Another target, such as gen.CodespaceStateShutdown, is reached when the
	// codespace is in it.
	Target gen.CodespaceState
	// StartIfStopped, when waiting for Available, starts the codespace each
	// time it is seen to have stopped (Shutdown); WaitForCodespace says how
	// often, and how a stale read is told from a new stop. Without it,
	// Shutdown ends the wait with ErrTerminalState.
	// Waiting for another Target with StartIfStopped is an error: nothing
	// would be started.
	StartIfStopped bool
	// OnProgress, if not nil, is called with the codespace each time its
	// state is seen to change, the first time included.
	OnProgress func(*gen.Codespace)
}

// ActionWaitOptions shapes the methods that act on a codespace and wait for
// the outcome: CreateCodespaceAndWait (and its kin for a repository and a
// pull request), StartCodespaceAndWait and StopCodespaceAndWait. The method
// decides the state it waits for, so there is no Target to set.
type ActionWaitOptions struct {
	PollOptions
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
// by default) and returns it as last seen. How it polls, and what bounds it,
// is as for every waiter (see Waiting in the package documentation); what it
// makes of the codespace's state is a state machine, not a ticker:
//
//   - Failed, Deleted, Archived, Unavailable and Moved end the wait at once
//     (ErrTerminalState);
//   - Shutdown, while waiting for Available, starts the codespace if
//     opts.StartIfStopped is set and ends the wait otherwise; ShuttingDown
//     is waited out;
//   - every other state, including ones GitHub adds later, is polled on.
//
// A wait that starts (or, for StopCodespaceAndWait, stops) the codespace
// does so at most three times. A 409 (busy) or a 422 (an operation pending)
// to the start or stop means "look again" and is not one of the three. A
// Shutdown (for a stop, Available) read right after its own start may be
// stale: it counts as a new stop once the codespace's updated_at is newer
// than the start's answer, or 30 seconds after the start.
//
// Every error is a *WaitError carrying the codespace as last seen.
func (c *Client) WaitForCodespace(ctx context.Context, name string, opts WaitOptions) (*gen.Codespace, error) {
	return c.waitCodespace(ctx, name, nil, waitAction{}, opts)
}

// waitAction is what a wait does to a codespace resting in the wrong state:
// start a stopped one, or stop a running one.
type waitAction struct {
	from gen.CodespaceState // the state that calls for it; "" for none
	verb string             // "start" or "stop", for errors
	call func(context.Context, string, ...CallOption) (*gen.Codespace, error)
	// done, if not nil, is the answer of the call just made before the wait.
	done *gen.Codespace
}

func (c *Client) startAction(done *gen.Codespace) waitAction {
	return waitAction{from: gen.CodespaceStateShutdown, verb: "start", call: c.StartCodespace, done: done}
}

// waitCodespace is WaitForCodespace judging first, the codespace as an
// earlier call returned it, before polling, and acting as act says.
func (c *Client) waitCodespace(ctx context.Context, name string, first *gen.Codespace, act waitAction, opts WaitOptions) (*gen.Codespace, error) {
	target := opts.Target
	if target == "" {
		target = gen.CodespaceStateAvailable
	}
	if act.from == "" && opts.StartIfStopped && target == gen.CodespaceStateAvailable {
		act = c.startAction(nil)
	}
	if name == "" {
		return nil, &WaitError{Target: target, Err: errors.New("the codespace name is empty")}
	}
	if opts.StartIfStopped && target != gen.CodespaceStateAvailable {
		return nil, &WaitError{Name: name, Target: target, Err: errors.New("StartIfStopped is for a wait for Available")}
	}
	timeout, err := opts.timeout()
	if err != nil {
		return nil, &WaitError{Name: name, Target: target, Err: err}
	}
	// The latest accepted start or stop: when it was made, and what it
	// answered. A codespace read in act.from after it may be stale.
	var (
		acts     int
		actedAt  time.Time
		answered *gen.Codespace
	)
	if act.done != nil {
		acts, actedAt, answered = 1, c.clock.Now(), act.done
	}
	judge := func(ctx context.Context, cs *gen.Codespace) (bool, error) {
		state := cs.State
		switch {
		case state == target:
			return true, nil
		case isTerminal(state):
			return false, ErrTerminalState
		case act.from == "" && state == gen.CodespaceStateShutdown && target == gen.CodespaceStateAvailable:
			return false, fmt.Errorf("%w (set StartIfStopped to start it)", ErrTerminalState)
		case act.from == "":
			return false, nil
		case state != act.from:
			actedAt = time.Time{} // it moved: the next time in act.from is new
			return false, nil
		case !actedAt.IsZero() && !c.clearlyAfter(cs, actedAt, answered):
			return false, nil
		case acts == maxStarts:
			return false, fmt.Errorf("it is still or again %s after %d %ss", state, acts, act.verb)
		}
		acts++
		ans, err := act.call(ctx, name)
		switch {
		case err == nil:
			actedAt, answered = c.clock.Now(), ans
		case isBusy(err):
			// Busy: look again, and act again if it is still in that
			// state then. A refusal is not a start that did not hold, so
			// it does not count against maxStarts; the timeout bounds it.
			acts--
			c.logWait(ctx, act.verb+" refused, will poll again", err)
		case transient(err) && ctx.Err() == nil:
			// Briefly unreachable: look again, and act again if it is
			// still in that state then.
			c.logWait(ctx, act.verb+" failed, will poll again", err)
		default:
			return false, err
		}
		return false, nil
	}
	out := poll(ctx, c, opts.poller(c.clock), first, pollSpec[gen.Codespace]{
		get: func(ctx context.Context, o ...CallOption) (*gen.Codespace, error) {
			return c.GetCodespace(ctx, name, o...)
		},
		state:    func(cs *gen.Codespace) string { return string(cs.State) },
		judge:    judge,
		progress: opts.OnProgress,
		timeout:  timeout,
	})
	if out.err != nil {
		return nil, &WaitError{Name: name, Target: target, Codespace: out.last, Err: out.err}
	}
	return out.last, nil
}

// clearlyAfter reports whether cs, read in the state a start or stop made at
// actedAt should have ended, was read after that call took effect: GitHub
// changed it since the call's answer, or too long has passed for the read to
// be stale.
func (c *Client) clearlyAfter(cs *gen.Codespace, actedAt time.Time, answered *gen.Codespace) bool {
	if answered != nil && !answered.UpdatedAt.IsZero() && cs.UpdatedAt.After(answered.UpdatedAt) {
		return true
	}
	return c.clock.Now().Sub(actedAt) >= staleAfter
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
// for it to be Available. A 202, "creation is being retried in the
// background", counts as created and is waited for. If the wait fails, the
// codespace still exists: the *WaitError carries it, for the caller to
// delete or inspect.
func (c *Client) CreateCodespaceAndWait(ctx context.Context, req CreateCodespaceRequest, opts ActionWaitOptions) (*gen.Codespace, error) {
	return c.createAndWait(ctx, opts, func() (*CreateResult, error) { return c.CreateCodespace(ctx, req) })
}

// CreateCodespaceInRepositoryAndWait is CreateCodespaceInRepository
// followed by the wait of CreateCodespaceAndWait.
func (c *Client) CreateCodespaceInRepositoryAndWait(ctx context.Context, owner, repo string, createOpts gen.CreateCodespaceInRepositoryOptions, opts ActionWaitOptions) (*gen.Codespace, error) {
	return c.createAndWait(ctx, opts, func() (*CreateResult, error) { return c.CreateCodespaceInRepository(ctx, owner, repo, createOpts) })
}

// CreateCodespaceFromPullRequestAndWait is CreateCodespaceFromPullRequest
// followed by the wait of CreateCodespaceAndWait.
func (c *Client) CreateCodespaceFromPullRequestAndWait(ctx context.Context, owner, repo string, number int, createOpts gen.CreateCodespaceFromPullRequestOptions, opts ActionWaitOptions) (*gen.Codespace, error) {
	return c.createAndWait(ctx, opts, func() (*CreateResult, error) {
		return c.CreateCodespaceFromPullRequest(ctx, owner, repo, number, createOpts)
	})
}

func (c *Client) createAndWait(ctx context.Context, opts ActionWaitOptions, create func() (*CreateResult, error)) (*gen.Codespace, error) {
	created, err := create()
	if err != nil {
		return nil, err
	}
	return c.waitCodespace(ctx, created.Codespace.Name, created.Codespace, waitAction{}, opts.waitFor(gen.CodespaceStateAvailable))
}

// waitFor is the WaitOptions of an action's wait for target.
func (o ActionWaitOptions) waitFor(target gen.CodespaceState) WaitOptions {
	return WaitOptions{PollOptions: o.PollOptions, Target: target, OnProgress: o.OnProgress}
}

// StartCodespaceAndWait starts a codespace and waits for it to be
// Available, starting it again if it stops on the way, as WaitForCodespace
// with StartIfStopped does. A 409 or a 422 from the first start does not
// end it: the wait decides.
func (c *Client) StartCodespaceAndWait(ctx context.Context, name string, opts ActionWaitOptions) (*gen.Codespace, error) {
	cs, err := c.StartCodespace(ctx, name)
	if err != nil && !isBusy(err) {
		return nil, err
	}
	// The start's answer is not judged: a Shutdown read right after it may
	// be stale, and must not look like a new stop.
	return c.waitCodespace(ctx, name, nil, c.startAction(cs), opts.waitFor(gen.CodespaceStateAvailable))
}

// StopCodespaceAndWait stops a codespace and waits for it to be Shutdown,
// stopping it again if it is seen Available once an earlier stop is clearly
// not what it still shows (the rules of WaitForCodespace's starts, for
// stops). A 409 or a 422 from the first stop does not end it.
func (c *Client) StopCodespaceAndWait(ctx context.Context, name string, opts ActionWaitOptions) (*gen.Codespace, error) {
	cs, err := c.StopCodespace(ctx, name)
	if err != nil && !isBusy(err) {
		return nil, err
	}
	stop := waitAction{from: gen.CodespaceStateAvailable, verb: "stop", call: c.StopCodespace, done: cs}
	return c.waitCodespace(ctx, name, cs, stop, opts.waitFor(gen.CodespaceStateShutdown))
}

// isBusy reports whether a start or stop was refused because the codespace
// is busy: 409, or 422, which GitHub answers these bodiless requests while
// the codespace has an operation pending ("your codespace has an operation
// pending: …", cli/cli pull request 5319). Either way the codespace may be
// acted on later.
func isBusy(err error) bool {
	var ae *APIError
	return errors.As(err, &ae) && (ae.StatusCode == http.StatusConflict || ae.StatusCode == http.StatusUnprocessableEntity)
}

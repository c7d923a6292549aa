package client

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"
)

// Default polling intervals of the waiters.
const (
	DefaultMinInterval = time.Second
	DefaultMaxInterval = 10 * time.Second
)

// PollOptions shape how every waiter polls (see Waiting in the package
// documentation); each waiter's options embed them. The zero value polls
// every 1 to 10 seconds for at most DefaultWaitTimeout.
type PollOptions struct {
	// MinInterval and MaxInterval bound the time between polls: defaults
	// DefaultMinInterval and DefaultMaxInterval.
	MinInterval, MaxInterval time.Duration
	// Timeout bounds the whole wait, DefaultWaitTimeout if zero. It bounds
	// the polling; a request in flight is bounded as every request of the
	// Client is, by the context and the http.Client's Timeout.
	Timeout time.Duration
}

func (o PollOptions) poller(clk clock) *poller {
	return newPoller(clk, o.MinInterval, o.MaxInterval)
}

// timeout checks Timeout and applies its default.
func (o PollOptions) timeout() (time.Duration, error) {
	switch {
	case o.Timeout < 0:
		return 0, fmt.Errorf("the timeout %v is negative", o.Timeout)
	case o.Timeout == 0:
		return DefaultWaitTimeout, nil
	}
	return o.Timeout, nil
}

// ErrGone is wrapped by a waiter's error when the resource answered 404
// while being waited for: it was deleted, or never was the caller's.
var ErrGone = errors.New("it is gone (404)")

// poller spaces polls: exponential backoff from min to max with jitter,
// starting over from min whenever the state changes (things are moving).
type poller struct {
	clock    clock
	min, max time.Duration
	next     time.Duration
}

func newPoller(clk clock, minInterval, maxInterval time.Duration) *poller {
	if minInterval <= 0 {
		minInterval = DefaultMinInterval
	}
	if maxInterval <= 0 {
		maxInterval = max(DefaultMaxInterval, minInterval)
	}
	maxInterval = max(maxInterval, minInterval)
	return &poller{clock: clk, min: minInterval, max: maxInterval, next: minInterval}
}

func (p *poller) reset() { p.next = p.min }

// interval returns a random time in [max(min, next/2), next] and doubles next.
func (p *poller) interval() time.Duration {
	lo := max(p.min, p.next/2)
	d := lo + p.clock.Jitter(p.next-lo)
	p.next = min(p.max, p.next*2)
	return d
}

// DefaultWaitTimeout bounds a wait whose options set no Timeout: longer than
// GitHub takes to create a codespace from a large repository without a
// prebuild, and short enough that a stuck wait ends by itself.
const DefaultWaitTimeout = 30 * time.Minute

// ErrWaitTimeout is wrapped by a waiter's error when its Timeout passed.
// errors.Is(err, context.DeadlineExceeded) is true for it as well.
var ErrWaitTimeout = errors.New("the wait timed out")

type waitTimeout time.Duration

func (e waitTimeout) Error() string {
	return fmt.Sprintf("the wait's timeout of %v passed", time.Duration(e))
}

func (e waitTimeout) Is(target error) bool {
	return target == ErrWaitTimeout || target == context.DeadlineExceeded
}

// pollSpec describes what to poll for.
type pollSpec[T any] struct {
	// get fetches the resource with the options given.
	get func(context.Context, ...CallOption) (*T, error)
	// state names the resource's state, to notice changes.
	state func(*T) string
	// judge says whether the wait is over, or fails it; it may act, such as
	// starting a stopped codespace.
	judge func(context.Context, *T) (done bool, err error)
	// progress, if not nil, is called with the resource each time its state
	// is seen to change (the first time included).
	progress func(*T)
	// timeout bounds the whole poll, on the Client's clock.
	timeout time.Duration
}

// pollOutcome tells a waiter how polling ended.
type pollOutcome[T any] struct {
	last *T    // the resource as last seen, nil if never
	err  error // nil when done
}

// poll fetches the resource until judge is done or fails, the timeout passes,
// the context ends, or a fetch fails for good. Each fetch after the first is
// conditional (If-None-Match with the last ETag), so an unchanged resource
// costs a 304, which GitHub does not count against the primary rate limit.
// Transient failures (5xx, network errors) are retried at the next poll;
// rate limits are waited out when their end comes before the deadline and
// fail the poll at once otherwise. first, if not nil, is the resource as an
// earlier call returned it, judged before any fetch.
func poll[T any](ctx context.Context, c *Client, p *poller, first *T, spec pollSpec[T]) pollOutcome[T] {
	var (
		last    *T
		lastErr error
		etag    string
	)
	deadline := c.clock.Now().Add(spec.timeout)
	timedOut := func() pollOutcome[T] {
		if lastErr != nil {
			return pollOutcome[T]{last, fmt.Errorf("%w (last poll: %w)", waitTimeout(spec.timeout), lastErr)}
		}
		return pollOutcome[T]{last, waitTimeout(spec.timeout)}
	}
	cur := first
	for {
		if cur == nil {
			var r Response
			got, err := spec.get(ctx, IfNoneMatch(etag), SaveResponse(&r))
			switch {
			case err == nil:
				cur, etag = got, r.ETag
			case errors.Is(err, ErrNotModified) && last != nil:
				cur = last
			case ctx.Err() != nil:
				return pollOutcome[T]{last, stillErr(ctx, lastErr)}
			case IsNotFound(err):
				return pollOutcome[T]{last, fmt.Errorf("%w: %w", ErrGone, err)}
			case transient(err):
				lastErr = err
				now := c.clock.Now()
				d := p.interval()
				if floor, limited := rateLimitWait(err, now); limited {
					d = max(d, floor)
					if floor < 0 || now.Add(d).After(deadline) || !fitsDeadline(ctx, now, d) {
						// Polling again before the limit ends would be
						// refused and count against the integration.
						return pollOutcome[T]{last, err}
					}
				} else if !now.Before(deadline) {
					return timedOut()
				} else {
					d = min(d, deadline.Sub(now))
				}
				c.logWait(ctx, "poll failed, will poll again", err)
				if err := c.clock.Sleep(ctx, d); err != nil {
					return pollOutcome[T]{last, stillErr(ctx, lastErr)}
				}
				continue
			default:
				return pollOutcome[T]{last, err}
			}
		}
		lastErr = nil
		if last == nil || spec.state(last) != spec.state(cur) {
			p.reset()
			if spec.progress != nil {
				spec.progress(cur)
			}
		}
		last = cur
		done, err := spec.judge(ctx, cur)
		if err != nil {
			if ctx.Err() != nil {
				err = stillErr(ctx, err)
			}
			return pollOutcome[T]{last, err}
		}
		if done {
			return pollOutcome[T]{last, nil}
		}
		now := c.clock.Now()
		if !now.Before(deadline) {
			return timedOut()
		}
		// The last sleep ends at the deadline, for one last look.
		if err := c.clock.Sleep(ctx, min(p.interval(), deadline.Sub(now))); err != nil {
			return pollOutcome[T]{last, stillErr(ctx, nil)}
		}
		cur = nil
	}
}

// rateLimitWait says whether err is a rate limit and how long until it
// ends; negative when the end is unknown.
func rateLimitWait(err error, now time.Time) (time.Duration, bool) {
	var (
		rle *RateLimitError
		sle *SecondaryRateLimitError
	)
	switch {
	case errors.As(err, &sle):
		return sle.RetryAfter, true
	case errors.As(err, &rle) && rle.RateLimit.Reset.IsZero():
		return -1, true
	case errors.As(err, &rle):
		return untilReset(rle.RateLimit, now), true
	}
	return 0, false
}

// stillErr is the error of a wait the context ended: the context's error,
// with the last failure if polls were failing.
func stillErr(ctx context.Context, lastErr error) error {
	err := context.Cause(ctx)
	if err == nil {
		err = context.Canceled
	}
	if lastErr != nil {
		return fmt.Errorf("%w (last poll: %w)", err, lastErr)
	}
	return err
}

// isContextEnd reports whether err says the context ended.
func isContextEnd(err error) bool {
	return errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)
}

// transient reports whether a failed call may succeed if made again later.
func transient(err error) bool {
	var (
		ae  *APIError
		de  *DecodeError
		rle *RateLimitError
		sle *SecondaryRateLimitError
	)
	switch {
	case errors.As(err, &rle), errors.As(err, &sle):
		return true
	case errors.As(err, &ae):
		return ae.StatusCode >= 500 || ae.StatusCode == http.StatusTooManyRequests
	case errors.As(err, &de):
		return false
	}
	return isConnectionError(err)
}

func (c *Client) logWait(ctx context.Context, msg string, err error) {
	if c.log != nil {
		c.log.LogAttrs(ctx, slog.LevelInfo, msg, slog.String("error", err.Error()))
	}
}

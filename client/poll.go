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

// wait sleeps a random time in [max(min, next/2), next] and doubles next.
func (p *poller) wait(ctx context.Context) error {
	lo := max(p.min, p.next/2)
	d := lo + p.clock.Jitter(p.next-lo)
	p.next = min(p.max, p.next*2)
	return p.clock.Sleep(ctx, d)
}

// pollSpec describes what to poll for.
type pollSpec[T any] struct {
	// get fetches the resource.
	get func(context.Context) (*T, error)
	// state names the resource's state, to notice changes.
	state func(*T) string
	// judge says whether the wait is over, or fails it; it may act, such as
	// starting a stopped codespace.
	judge func(context.Context, *T) (done bool, err error)
	// progress, if not nil, is called with the resource each time its state
	// is seen to change (the first time included).
	progress func(*T)
}

// pollOutcome tells a waiter how polling ended.
type pollOutcome[T any] struct {
	last *T    // the resource as last seen, nil if never
	err  error // nil when done
}

// poll fetches the resource until judge is done or fails, the context ends,
// or a fetch fails for good. Transient failures (5xx, rate limits, network
// errors) are retried at the next poll. first, if not nil, is the resource
// as an earlier call returned it, judged before any fetch.
func poll[T any](ctx context.Context, c *Client, p *poller, first *T, spec pollSpec[T]) pollOutcome[T] {
	var (
		last    *T
		lastErr error
	)
	cur := first
	for {
		if cur == nil {
			var err error
			cur, err = spec.get(ctx)
			switch {
			case err == nil:
			case ctx.Err() != nil:
				return pollOutcome[T]{last, stillErr(ctx, lastErr)}
			case IsNotFound(err):
				return pollOutcome[T]{last, fmt.Errorf("%w: %w", ErrGone, err)}
			case transient(err):
				lastErr = err
				c.logWait(ctx, "poll failed, will poll again", err)
				if err := p.wait(ctx); err != nil {
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
		if err := p.wait(ctx); err != nil {
			return pollOutcome[T]{last, stillErr(ctx, nil)}
		}
		cur = nil
	}
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

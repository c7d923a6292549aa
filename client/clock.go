package client

import (
	"context"
	"math/rand/v2"
	"time"
)

// clock is the time and chance the Client's retries and waiters depend on;
// tests replace it so that they neither sleep nor flake.
type clock interface {
	Now() time.Time
	// Sleep waits for d or until ctx is done, whichever comes first, and
	// returns ctx's error in the second case.
	Sleep(ctx context.Context, d time.Duration) error
	// Jitter returns a uniformly random duration in [0, d].
	Jitter(d time.Duration) time.Duration
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func (realClock) Jitter(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	return rand.N(d + 1)
}

// fitsDeadline reports whether waiting d still leaves the context alive:
// sleeping past the deadline would only turn a real error into
// "context deadline exceeded".
func fitsDeadline(ctx context.Context, now time.Time, d time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return !ok || now.Add(d).Before(deadline)
}

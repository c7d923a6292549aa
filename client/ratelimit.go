package client

import (
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// rateLimitSlack is added to a primary rate limit's reset time before the
// Client sends again: this machine's clock and GitHub's may disagree by a
// little, and a request sent a moment too early is refused and counts.
// go-github waits the same extra second.
const rateLimitSlack = time.Second

// untilReset is how long to wait for rl's window to end, with the slack.
func untilReset(rl RateLimit, now time.Time) time.Duration {
	return max(rl.Reset.Add(rateLimitSlack).Sub(now), 0)
}

// limitGuard remembers the latest exhausted primary rate limit, so that the
// Client does not send requests GitHub would only refuse (and that would
// count against an integration that keeps calling while limited).
type limitGuard struct {
	mu sync.Mutex
	rl RateLimit // Remaining 0; zero Reset when nothing is exhausted
}

// observe reads a response's rate-limit headers. Only the core bucket (or
// an answer naming none) counts: every Codespaces operation is in it.
func (g *limitGuard) observe(h http.Header) {
	rl, ok := ParseRateLimit(h)
	if !ok || rl.Reset.IsZero() || (rl.Resource != "" && rl.Resource != "core") {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	switch {
	case exhausted(h) && !rl.Reset.Before(g.rl.Reset):
		g.rl = rl
	case rl.Reset.After(g.rl.Reset):
		// A new window. An answer of the exhausted window that says
		// requests were left was sent before the exhausting one, and must
		// not lift the guard.
		g.rl = RateLimit{}
	}
}

// blocked returns the exhausted limit and how long until requests may be
// sent again, if that is still ahead.
func (g *limitGuard) blocked(now time.Time) (RateLimit, time.Duration, bool) {
	g.mu.Lock()
	rl := g.rl
	g.mu.Unlock()
	if rl.Reset.IsZero() {
		return RateLimit{}, 0, false
	}
	wait := untilReset(rl, now)
	return rl, wait, wait > 0
}

// RateLimit is GitHub's account of the primary rate limit, from the
// X-RateLimit-* headers of a response.
type RateLimit struct {
	// Limit is how many requests the window allows.
	Limit int
	// Remaining is how many are left in the current window.
	Remaining int
	// Used is how many have been made in the current window.
	Used int
	// Reset is when the window ends and Remaining goes back to Limit.
	Reset time.Time
	// Resource is the limit's bucket, such as "core".
	Resource string
}

// ParseRateLimit reads the X-RateLimit-* headers of any response, such as
// the HTTPResponse of a generated client's answer. ok is false when the
// response carries no rate-limit header it could read.
func ParseRateLimit(h http.Header) (rl RateLimit, ok bool) {
	var n int
	if v, err := strconv.Atoi(h.Get("X-Ratelimit-Limit")); err == nil {
		rl.Limit, n = v, n+1
	}
	if v, err := strconv.Atoi(h.Get("X-Ratelimit-Remaining")); err == nil {
		rl.Remaining, n = v, n+1
	}
	if v, err := strconv.Atoi(h.Get("X-Ratelimit-Used")); err == nil {
		rl.Used, n = v, n+1
	}
	if v, err := strconv.ParseInt(h.Get("X-Ratelimit-Reset"), 10, 64); err == nil {
		rl.Reset, n = time.Unix(v, 0), n+1
	}
	rl.Resource = h.Get("X-Ratelimit-Resource")
	return rl, n > 0
}

// exhausted reports whether the headers say no request is left.
func exhausted(h http.Header) bool {
	return strings.TrimSpace(h.Get("X-Ratelimit-Remaining")) == "0"
}

// parseRetryAfter reads a Retry-After header, in seconds or as an HTTP date.
func parseRetryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, true
		}
		if secs > int64(time.Duration(1<<62)/time.Second) {
			secs = int64(time.Duration(1<<62) / time.Second)
		}
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

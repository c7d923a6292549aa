package client

import (
	"maps"
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

// defaultResource is the rate-limit resource GitHub meters an answer in when
// it names none, and the one most REST operations are metered in.
const defaultResource = "core"

// maxTracked bounds how many resources, and how many operations, the guard
// remembers. GitHub names a handful of resources and the spec has 48
// operations; requests made through API() or HTTPClient() are known by method
// and path (see limitGuard), and a server that names a new resource in every
// answer must not make the Client grow without end. Past the bound, nothing
// more is learned: an unknown operation is then guarded as before it was
// seen, by the default resource.
const maxTracked = 256

// limitGuard keeps, per rate-limit resource (X-RateLimit-Resource: core,
// codespaces, search, ...), the latest limit and whether it is exhausted, and
// learns from the answers which resource each operation is metered in, so
// that the Client does not send requests GitHub would only refuse (and that
// would count against an integration that keeps calling while limited). A
// spent resource holds back only the operations metered in it.
//
// An operation is a Client method's operationId; a request made through
// API() or HTTPClient() is known by its method and path. An operation no
// answer has named a resource for yet is taken to be in core: GitHub meters
// most of its REST API there, so after core is spent the first call of an
// unseen operation is held back rather than sent to be refused; a spent
// codespaces (or other) resource does not hold it back. Its first answer
// teaches the guard where it belongs.
type limitGuard struct {
	mu      sync.Mutex
	last    *RateLimit           // the latest answer's limit, whichever resource, as it said
	latest  map[string]RateLimit // resource → the latest answer's limit
	spent   map[string]RateLimit // resource → its exhausted limit (Remaining 0)
	metered map[string]string    // operation → the resource its answers named
}

// observe reads the rate-limit headers of an answer to op.
func (g *limitGuard) observe(op string, h http.Header) {
	rl, ok := ParseRateLimit(h)
	if !ok {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	last := rl // kept as the answer said, before the default resource
	g.last = &last
	if rl.Resource == "" {
		rl.Resource = defaultResource
	}
	res := rl.Resource
	if g.latest == nil {
		g.latest, g.spent, g.metered = map[string]RateLimit{}, map[string]RateLimit{}, map[string]string{}
	}
	if _, known := g.latest[res]; !known && len(g.latest) >= maxTracked {
		return
	}
	g.latest[res] = rl
	if _, known := g.metered[op]; op != "" && (known || len(g.metered) < maxTracked) {
		g.metered[op] = res
	}
	if rl.Reset.IsZero() {
		return
	}
	switch spent := g.spent[res]; {
	case exhausted(h) && !rl.Reset.Before(spent.Reset):
		g.spent[res] = rl
	case rl.Reset.After(spent.Reset):
		// A new window. An answer of the exhausted window that says
		// requests were left was sent before the exhausting one, and must
		// not lift the guard.
		delete(g.spent, res)
	}
}

// blocked returns the exhausted limit of the resource op is metered in and
// how long until requests may be sent again, if that is still ahead.
func (g *limitGuard) blocked(op string, now time.Time) (RateLimit, time.Duration, bool) {
	g.mu.Lock()
	res, ok := g.metered[op]
	if !ok {
		res = defaultResource
	}
	rl, spent := g.spent[res]
	g.mu.Unlock()
	if !spent {
		return RateLimit{}, 0, false
	}
	wait := untilReset(rl, now)
	return rl, wait, wait > 0
}

// lastLimit returns the latest answer's limit, whichever resource it named.
func (g *limitGuard) lastLimit() (RateLimit, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.last == nil {
		return RateLimit{}, false
	}
	return *g.last, true
}

// limits returns a copy of the latest limit of every resource seen.
func (g *limitGuard) limits() map[string]RateLimit {
	g.mu.Lock()
	defer g.mu.Unlock()
	return maps.Clone(g.latest)
}

// RateLimit is GitHub's account of the primary rate limit of one resource,
// from the X-RateLimit-* headers of a response.
type RateLimit struct {
	// Limit is how many requests the window allows.
	Limit int
	// Remaining is how many are left in the current window.
	Remaining int
	// Used is how many have been made in the current window.
	Used int
	// Reset is when the window ends and Remaining goes back to Limit.
	Reset time.Time
	// Resource is the limit's bucket, such as "core" or "codespaces": GitHub
	// counts each resource apart, and names it in X-RateLimit-Resource.
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

package mock

import (
	"fmt"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// GitHub's edge answers some requests before any operation sees them: no
// User-Agent, an API version it does not serve, a spent rate limit. These
// answers are the same for every operation. The overlay documents them on
// every operation (403 and 429, GitHub's rate-limit answers; 400, its answer
// to an unsupported API version), so they are checked like any answer.

// APIVersions are the values of X-GitHub-Api-Version that GitHub serves
// today: the 2022-11-28 default and 2026-03-10 (the version the
// description's x-github-breaking-changes name). Any other value is a 400.
var APIVersions = []string{"2022-11-28", "2026-03-10"}

const (
	userAgentDocs  = "https://docs.github.com/rest/using-the-rest-api/getting-started-with-the-rest-api#user-agent"
	apiVersionDocs = "https://docs.github.com/rest/about-the-rest-api/api-versions"
	rateLimitDocs  = "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api"
)

// gate answers a request GitHub's edge refuses before routing it further,
// or returns nil: no User-Agent is a 403 (GitHub: "All API requests must
// include a valid User-Agent header"), an unsupported X-GitHub-Api-Version a
// 400 naming the supported ones. Neither body repeats the request's values
// beyond the version it asked for.
func gate(r *http.Request) *response {
	if strings.TrimSpace(r.Header.Get("User-Agent")) == "" {
		resp := response{status: http.StatusForbidden, body: map[string]string{
			"message": "Request forbidden by administrative rules. Please make sure your request has a User-Agent header " +
				"(" + userAgentDocs + ").",
			"documentation_url": userAgentDocs,
			"status":            "403",
		}}
		return &resp
	}
	if v, asked := r.Header["X-Github-Api-Version"]; asked {
		version := strings.TrimSpace(strings.Join(v, ","))
		if !slices.Contains(APIVersions, version) {
			resp := response{status: http.StatusBadRequest, body: map[string]string{
				"message": fmt.Sprintf("Unsupported 'X-GitHub-Api-Version' header: %s. The supported versions are: %s.",
					quoteVersion(version), strings.Join(APIVersions, ", ")),
				"documentation_url": apiVersionDocs,
				"status":            "400",
			}}
			return &resp
		}
	}
	return nil
}

// quoteVersion keeps an asked-for version short and printable in a message.
func quoteVersion(v string) string {
	if len(v) > 40 {
		v = v[:40] + "…"
	}
	return strconv.Quote(v)
}

// RateLimit is the primary rate limit the mock counts down per user (per
// client IP for requests without credentials), as GitHub does: every answer
// carries X-RateLimit-Limit, -Remaining, -Used, -Reset and -Resource; a 304 to
// a conditional request costs nothing; a spent budget is answered Status
// (403, or 429) with GitHub's body until the window resets.
type RateLimit struct {
	Limit       int           // requests per window; 0 is 5000, GitHub's for a user
	Anonymous   int           // the same without credentials, per IP; 0 is 60
	Window      time.Duration // 0 is an hour
	Status      int           // 0 is 403
	Unthrottled bool          // count and send the headers, but never refuse
}

func (rl RateLimit) withDefaults() RateLimit {
	if rl.Limit <= 0 {
		rl.Limit = 5000
	}
	if rl.Anonymous <= 0 {
		rl.Anonymous = 60
	}
	if rl.Window <= 0 {
		rl.Window = time.Hour
	}
	if rl.Status != http.StatusTooManyRequests {
		rl.Status = http.StatusForbidden
	}
	return rl
}

// budget is one user's (or IP's) window.
type budget struct {
	limit int
	used  int
	reset time.Time // when the window ends; zero until the first request
}

// spend counts a request against key's budget at now. It returns the budget
// as it then stands and whether the request may go on. Called with s.mu held.
func (s *Server) spend(key string, limit int, now time.Time) (budget, bool) {
	b := s.budgets[key]
	if b == nil {
		b = &budget{limit: limit}
		s.budgets[key] = b
	}
	if b.reset.IsZero() || !now.Before(b.reset) {
		// GitHub's window starts with the first request after the last one
		// ended, and resets whole.
		b.used, b.reset = 0, now.Add(s.cfg.rateLimit.Window).Truncate(time.Second)
	}
	if b.used >= b.limit && !s.cfg.rateLimit.Unthrottled {
		return *b, false
	}
	b.used++
	return *b, true
}

// refund gives back a request that turned out free (a 304). Called with s.mu held.
func (s *Server) refund(key string) {
	if b := s.budgets[key]; b != nil && b.used > 0 {
		b.used--
	}
}

// budgetKey names whose budget a request spends: its user's, or its IP's
// when it has no credentials.
func budgetKey(r *http.Request, u *user) (key string, anonymous bool) {
	if u != nil {
		return "user:" + u.login, false
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return "ip:" + host, true
}

// rateLimitHeaders are GitHub's headers for b.
func rateLimitHeaders(h http.Header, b budget) {
	h.Set("X-RateLimit-Limit", strconv.Itoa(b.limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(max(0, b.limit-b.used)))
	h.Set("X-RateLimit-Used", strconv.Itoa(b.used))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(b.reset.Unix(), 10))
	h.Set("X-RateLimit-Resource", "core")
}

// chargeRequest spends the request's budget and returns the answer for a
// spent one, or nil. The headers for the answer are in c.budget.
func (s *Server) chargeRequest(r *http.Request, c *call) *response {
	rl := s.cfg.rateLimit
	key, anonymous := budgetKey(r, c.user)
	limit := rl.Limit
	if anonymous {
		limit = rl.Anonymous
	}
	s.mu.Lock()
	b, ok := s.spend(key, limit, s.cfg.clock())
	s.mu.Unlock()
	c.budgetKey, c.budget = key, b
	if ok {
		return nil
	}
	who := "for " + strings.TrimPrefix(key, "ip:")
	if !anonymous {
		who = fmt.Sprintf("for user ID %d", c.user.id)
	}
	resp := response{status: rl.Status, body: map[string]string{
		"message":           "API rate limit exceeded " + who + ".",
		"documentation_url": rateLimitDocs + "#about-primary-rate-limits",
		"status":            strconv.Itoa(rl.Status),
	}}
	return &resp
}

// SetRateLimitRemaining sets how many requests login may still make in the
// current window (0 spends it: the next request is refused), for tests of a
// client that must slow down. The user is created if the mock has not seen
// it. It reports false if login is no user's and cannot be made one.
func (s *Server) SetRateLimitRemaining(login string, remaining int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	known := login == OctocatLogin
	for _, u := range s.users {
		known = known || u.login == login
	}
	if !known {
		return false
	}
	key := "user:" + login
	b := s.budgets[key]
	now := s.cfg.clock()
	if b == nil || b.reset.IsZero() || !now.Before(b.reset) {
		b = &budget{limit: s.cfg.rateLimit.Limit, reset: now.Add(s.cfg.rateLimit.Window).Truncate(time.Second)}
		s.budgets[key] = b
	}
	b.used = max(0, b.limit-max(0, remaining))
	return true
}

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

// RateLimit is the primary rate limit the mock counts down per user (per
// client IP for requests without credentials) and per resource, as GitHub
// does: every answer carries X-RateLimit-Limit, -Remaining, -Used, -Reset and
// -Resource; a 304 to a conditional request costs nothing; a spent budget is
// answered Status (403, or 429) with GitHub's body until the window resets.
// Each resource (ResourceCore, ResourceCodespaces) has its own count and
// window of Limit requests; which operation is metered in which is in the
// package documentation.
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

// The rate-limit resources the mock meters in, as X-RateLimit-Resource names
// them.
const (
	ResourceCore       = "core"
	ResourceCodespaces = "codespaces"
)

// resourceOf is the resource an operation (by its path template) is
// metered in. GitHub's recorded answers to the organization and repository
// secrets operations say codespaces, with a count and a reset apart from
// core's at the same time (octokit.rb's cassettes: core used 68 and
// codespaces 37 within the same minute); the user's secrets are taken to be
// metered alike, and everything else in core (see the package
// documentation for what is known).
func resourceOf(pattern string) string {
	if strings.Contains(pattern, "/codespaces/secrets") {
		return ResourceCodespaces
	}
	return ResourceCore
}

// RateLimitResource names the resource the mock meters an operation
// (by operationId) in: ResourceCodespaces or ResourceCore; "" for an
// operationId the spec does not have.
func RateLimitResource(operationID string) string {
	ops, err := loadOperations()
	if err != nil || ops[operationID] == nil {
		return ""
	}
	return ops[operationID].resource
}

// budget is one user's (or IP's) window in one resource.
type budget struct {
	resource string
	limit    int
	used     int
	reset    time.Time // when the window ends; zero until the first request
}

// spend counts a request against key's budget at now. It returns the budget
// as it then stands and whether the request may go on. Called with s.mu held.
func (s *Server) spend(key, resource string, limit int, now time.Time) (budget, bool) {
	b := s.window(key, resource, limit, now)
	if b.used >= b.limit && !s.cfg.rateLimit.Unthrottled {
		return *b, false
	}
	b.used++
	return *b, true
}

// window is key's budget in resource at now, a fresh window if the last one
// has ended. Called with s.mu held.
func (s *Server) window(key, resource string, limit int, now time.Time) *budget {
	key = inResource(key, resource)
	b := s.budgets[key]
	if b == nil {
		b = &budget{resource: resource, limit: limit}
		s.budgets[key] = b
	}
	if b.reset.IsZero() || !now.Before(b.reset) {
		// GitHub's window starts with the first request after the last one
		// ended, and resets whole.
		b.used, b.reset = 0, now.Add(s.cfg.rateLimit.Window).Truncate(time.Second)
	}
	return b
}

// refund gives back a request that turned out free (a 304). Called with s.mu held.
func (s *Server) refund(key, resource string) {
	if b := s.budgets[inResource(key, resource)]; b != nil && b.used > 0 {
		b.used--
	}
}

// budgetKey names whose budget a request spends: its user's, or its IP's
// when it has no credentials.
func budgetKey(r *http.Request, u *user) (key string, anonymous bool) {
	if u != nil {
		return budgetKeyOf(u), false
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return "ip:" + host, true
}

// budgetKeyOf is the key of u's budgets, one per resource (inResource).
func budgetKeyOf(u *user) string { return "user:" + u.login }

// resources are the rate-limit resources the mock meters in.
var resources = []string{ResourceCore, ResourceCodespaces}

// inResource is the key of the budget of key's user or IP in resource.
func inResource(key, resource string) string { return key + " " + resource }

// rateLimitHeaders are GitHub's headers for b.
func rateLimitHeaders(h http.Header, b budget) {
	h.Set("X-RateLimit-Limit", strconv.Itoa(b.limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(max(0, b.limit-b.used)))
	h.Set("X-RateLimit-Used", strconv.Itoa(b.used))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(b.reset.Unix(), 10))
	h.Set("X-RateLimit-Resource", b.resource)
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
	b, ok := s.spend(key, c.resource(), limit, s.cfg.clock())
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

// resource is the rate-limit resource the request is metered in: its
// operation's, and core for a request for no operation.
func (c *call) resource() string {
	if c.op == nil {
		return ResourceCore
	}
	return c.op.resource
}

// SetRateLimitRemaining sets how many requests login may still make in the
// current window of the core resource (0 spends it: the next request is
// refused), for tests of a client that must slow down. The user is created
// if the mock has not seen it. It reports false if login is no user's and
// cannot be made one.
func (s *Server) SetRateLimitRemaining(login string, remaining int) bool {
	return s.SetRateLimitRemainingIn(ResourceCore, login, remaining)
}

// SetRateLimitRemainingIn is SetRateLimitRemaining for the window of one
// resource (ResourceCore or ResourceCodespaces), which leaves the others
// alone. It reports false for a resource the mock does not meter in, too.
func (s *Server) SetRateLimitRemainingIn(resource, login string, remaining int) bool {
	if !slices.Contains(resources, resource) {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.userNamed(login)
	if login != OctocatLogin && (u == nil || u.login != login) {
		return false
	}
	b := s.window("user:"+login, resource, s.cfg.rateLimit.Limit, s.cfg.clock())
	b.used = max(0, b.limit-max(0, remaining))
	return true
}

// rateLimitStage charges the request to its user's budget (its IP's without
// credentials; GitHub counts a request to no endpoint too) and refuses it
// when the budget is spent, then answers the authentication stage's refusal.
// Every answer from here on carries the budget's headers; a 304 is given
// back, as GitHub does not count it.
func (s *Server) rateLimitStage(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := callFrom(r.Context())
		if spent := s.chargeRequest(r, c); spent != nil {
			_ = spent.write(w)
			rateLimitHeaders(w.Header(), c.budget)
			return
		}
		rateLimitHeaders(w.Header(), c.budget)
		if c.denied != nil {
			_ = c.denied.write(w)
			return
		}
		next.ServeHTTP(w, r)
		if c.rec.status == http.StatusNotModified {
			s.mu.Lock()
			s.refund(c.budgetKey, c.resource())
			s.mu.Unlock()
			c.budget.used--
			rateLimitHeaders(w.Header(), c.budget)
		}
	})
}

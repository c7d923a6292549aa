package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// meteredServer answers like GitHub does with two resources: the user's
// secrets in codespaces, everything else in core, each with its own
// remaining count (set by the test) and reset.
type meteredServer struct {
	mu        sync.Mutex
	remaining map[string]int // resource → what the next answer says is left
	reset     time.Time
	calls     counter
}

func (m *meteredServer) set(resource string, remaining int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.remaining[resource] = remaining
}

func (m *meteredServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	m.calls.add(r)
	resource := "core"
	if strings.HasPrefix(r.URL.Path, "/user/codespaces/secrets") {
		resource = "codespaces"
	}
	m.mu.Lock()
	remaining := m.remaining[resource]
	m.mu.Unlock()
	limitHeaders(w, remaining, m.reset, resource)
	switch r.URL.Path {
	case "/user/codespaces/secrets":
		writeJSON(w, 200, map[string]any{"total_count": 0, "secrets": []any{}})
	case "/user/codespaces/secrets/S":
		writeJSON(w, 200, map[string]any{"name": "S", "created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-01-01T00:00:00Z", "visibility": "all", "selected_repositories_url": "https://api.github.com/user/codespaces/secrets/S/repositories"})
	default:
		okCodespace(w, r)
	}
}

// TestSpentResourceHoldsOnlyItsOperations is issue 17's acceptance test: a
// spent codespaces resource stops the next call to an operation metered
// there, and the other operations still go out; the same the other way
// round. GitHub meters the Codespaces secrets operations in codespaces
// (X-RateLimit-Resource: codespaces, issue 17), apart from core.
func TestSpentResourceHoldsOnlyItsOperations(t *testing.T) {
	ctx := context.Background()
	listSecrets := func(c *Client) error { _, err := Collect(c.ListSecrets(ctx, ListOptions{})); return err }
	getCodespace := func(c *Client) error { _, err := c.GetCodespace(ctx, "x"); return err }
	for _, tt := range []struct {
		spent         string
		held, goesOut func(*Client) error
		heldPath      string
		goesOutPath   string
	}{
		{"codespaces", listSecrets, getCodespace, "GET /user/codespaces/secrets", "GET /user/codespaces/x"},
		{"core", getCodespace, listSecrets, "GET /user/codespaces/x", "GET /user/codespaces/secrets"},
	} {
		t.Run(tt.spent+" spent", func(t *testing.T) {
			srv := &meteredServer{remaining: map[string]int{"core": 4999, "codespaces": 59}}
			c, clk, _ := newTestClient(t, srv, WithRetryPolicy(RetryPolicy{MaxAttempts: 1}))
			srv.reset = clk.Now().Add(time.Hour).Truncate(time.Second)
			// Each operation's first answer says where it is metered.
			if err := listSecrets(c); err != nil {
				t.Fatal(err)
			}
			if err := getCodespace(c); err != nil {
				t.Fatal(err)
			}
			srv.set(tt.spent, 0)
			if err := tt.held(c); err != nil {
				t.Fatal(err) // the answer that spends the resource
			}
			err := tt.held(c)
			var rle *RateLimitError
			if !errors.As(err, &rle) || !rle.NotSent || rle.RateLimit.Resource != tt.spent {
				t.Fatalf("the next call: %v, want a *RateLimitError, not sent, for %s", err, tt.spent)
			}
			if want := "API rate limit exhausted for the " + tt.spent + " resource (0 of 5000 left"; !strings.Contains(err.Error(), want) {
				t.Errorf("error %q, want it to contain %q", err, want)
			}
			if n := srv.calls.get(tt.heldPath); n != 2 {
				t.Errorf("%s sent %d times, want 2 (the third held back)", tt.heldPath, n)
			}
			for range 2 {
				if err := tt.goesOut(c); err != nil {
					t.Fatalf("an operation of the other resource: %v", err)
				}
			}
			if n := srv.calls.get(tt.goesOutPath); n != 3 {
				t.Errorf("%s sent %d times, want 3", tt.goesOutPath, n)
			}
			limits := c.RateLimits()
			if limits[tt.spent].Remaining != 0 || len(limits) != 2 {
				t.Errorf("RateLimits() = %+v, want both resources, %s spent", limits, tt.spent)
			}
		})
	}
}

// TestUnseenOperationIsGuardedAsCore: an operation no answer has placed yet
// is held back by a spent core (where GitHub meters most operations, so it
// would most likely be refused) but not by a spent codespaces resource; once
// an answer places it, only its own resource holds it back.
func TestUnseenOperationIsGuardedAsCore(t *testing.T) {
	ctx := context.Background()
	srv := &meteredServer{remaining: map[string]int{"core": 4999, "codespaces": 0}}
	c, clk, _ := newTestClient(t, srv, WithRetryPolicy(RetryPolicy{MaxAttempts: 1}))
	srv.reset = clk.Now().Add(time.Hour).Truncate(time.Second)
	if _, err := Collect(c.ListSecrets(ctx, ListOptions{})); err != nil {
		t.Fatal(err) // spends codespaces
	}
	if err := c.DeleteCodespace(ctx, "x"); err != nil {
		t.Fatalf("an unseen operation after codespaces was spent: %v, want it sent", err)
	}
	if _, err := c.GetSecret(ctx, "S"); err != nil {
		t.Fatalf("an unseen codespaces operation: %v, want it sent (its answer places it)", err)
	}
	if _, err := c.GetSecret(ctx, "S"); err == nil {
		t.Fatal("a placed operation of the spent codespaces resource was sent")
	}

	srv = &meteredServer{remaining: map[string]int{"core": 0, "codespaces": 59}}
	c, clk, _ = newTestClient(t, srv, WithRetryPolicy(RetryPolicy{MaxAttempts: 1}))
	srv.reset = clk.Now().Add(time.Hour).Truncate(time.Second)
	if _, err := c.GetCodespace(ctx, "x"); err != nil {
		t.Fatal(err) // spends core
	}
	var rle *RateLimitError
	if _, err := c.GetSecret(ctx, "S"); !errors.As(err, &rle) || rle.RateLimit.Resource != "core" {
		t.Fatalf("an unseen operation after core was spent: %v, want it held back by core", err)
	}
	if n := srv.calls.get("GET /user/codespaces/secrets/S"); n != 0 {
		t.Errorf("GetSecret sent %d times while core was spent, want none", n)
	}
}

// TestAPIRequestsAreGuardedByPath: requests made through API() have no
// operationId; the guard knows them by method and path.
func TestAPIRequestsAreGuardedByPath(t *testing.T) {
	ctx := context.Background()
	srv := &meteredServer{remaining: map[string]int{"core": 4999, "codespaces": 0}}
	c, clk, _ := newTestClient(t, srv, WithRetryPolicy(RetryPolicy{MaxAttempts: 1}))
	srv.reset = clk.Now().Add(time.Hour).Truncate(time.Second)
	if _, err := c.API().CodespacesListSecretsForAuthenticatedUserWithResponse(ctx, nil); err != nil {
		t.Fatal(err)
	}
	var rle *RateLimitError
	if _, err := c.API().CodespacesListSecretsForAuthenticatedUserWithResponse(ctx, nil); !errors.As(err, &rle) || rle.RateLimit.Resource != "codespaces" {
		t.Fatalf("got %v, want the request held back by codespaces", err)
	}
	if _, err := c.API().CodespacesGetForAuthenticatedUserWithResponse(ctx, "x"); err != nil {
		t.Fatalf("a core request through API(): %v", err)
	}
}

// limitHeader is the rate-limit headers limitHeaders writes.
func limitHeader(remaining int, reset time.Time, resource string) http.Header {
	rec := httptest.NewRecorder()
	limitHeaders(rec, remaining, reset, resource)
	return rec.Header()
}

func TestLimitGuardObserve(t *testing.T) {
	now := time.Now().Truncate(time.Second)
	var g limitGuard
	if _, _, blocked := g.blocked("get", now); blocked || g.limits() != nil {
		t.Error("an empty guard blocks or has limits")
	}
	g.observe("search", limitHeader(0, now.Add(time.Hour), "search"))
	if _, _, blocked := g.blocked("get", now); blocked {
		t.Error("an exhausted search resource blocks an operation not seen in it")
	}
	if _, _, blocked := g.blocked("search", now); !blocked {
		t.Error("an exhausted search resource does not block its own operation")
	}
	g.observe("get", limitHeader(0, now.Add(time.Hour), "core"))
	g.observe("get", limitHeader(12, now.Add(time.Hour), "core")) // sent before the exhausting one
	g.observe("get", http.Header{})
	if rl, wait, blocked := g.blocked("get", now); !blocked || wait != time.Hour+rateLimitSlack || rl.Resource != "core" {
		t.Errorf("blocked = %v for %v by %q, want an hour and the slack, by core", blocked, wait, rl.Resource)
	}
	g.observe("get", limitHeader(4999, now.Add(2*time.Hour), "")) // a new window, core by default
	if _, _, blocked := g.blocked("get", now); blocked {
		t.Error("a new window did not lift the guard")
	}
	if last, ok := g.lastLimit(); !ok || last.Resource != "" || last.Remaining != 4999 {
		t.Errorf("lastLimit() = %+v, %v; want the answer as it said, naming no resource", last, ok)
	}
	g.observe("get", http.Header{"X-Ratelimit-Remaining": {"0"}}) // no reset: nothing to wait for
	if _, _, blocked := g.blocked("get", now); blocked {
		t.Error("an exhausted limit without a reset time blocks")
	}
}

// TestLimitGuardIsBounded: a server naming a new resource in every answer,
// or requests to ever new paths, do not grow the guard past maxTracked.
func TestLimitGuardIsBounded(t *testing.T) {
	now := time.Now().Truncate(time.Second)
	var g limitGuard
	// Ever new paths in one spent resource: only the bound on operations
	// stops them, as the resource is known.
	for i := range 2 * maxTracked {
		g.observe(fmt.Sprint("GET /y/", i), limitHeader(0, now.Add(time.Hour), "codespaces"))
	}
	for i := range 2 * maxTracked {
		g.observe(fmt.Sprint("GET /x/", i), limitHeader(0, now.Add(time.Hour), fmt.Sprint("r", i)))
	}
	if len(g.latest) != maxTracked || len(g.metered) != maxTracked || len(g.spent) > maxTracked {
		t.Errorf("%d resources, %d operations, %d spent; want at most %d each", len(g.latest), len(g.metered), len(g.spent), maxTracked)
	}
	if _, _, blocked := g.blocked(fmt.Sprint("GET /y/", 2*maxTracked-1), now); blocked {
		t.Error("an operation past the bound is held back by a resource it was never placed in")
	}
	// A known resource is still updated past the bound.
	g.observe("GET /x/0", limitHeader(7, now.Add(2*time.Hour), "r0"))
	if g.latest["r0"].Remaining != 7 {
		t.Errorf("r0 = %+v, want its latest answer", g.latest["r0"])
	}
}

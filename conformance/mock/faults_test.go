package mock_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/codespaces-go/codespaces/conformance/mock"
	"github.com/codespaces-go/codespaces/gen"
)

// TestFaultHeaderFailsFirstTryOnly: "status=503;count=1" fails the first
// request that carries it and lets the retry (same header) through.
func TestFaultHeaderFailsFirstTryOnly(t *testing.T) {
	_, base := start(t)
	cs := createInRepo(t, client(t, base, "tok"))
	var statuses []string
	for range 3 {
		status, body, _ := get(t, cs.URL, "tok", mock.FaultHeader, "status=503;count=1")
		statuses = append(statuses, strconv.Itoa(status))
		if status == http.StatusServiceUnavailable && !strings.Contains(string(body), `"message"`) {
			t.Errorf("503 body %s is not GitHub-style", body)
		}
	}
	if got := strings.Join(statuses, ","); got != "503,200,200" {
		t.Errorf("statuses %s, want 503,200,200", got)
	}
	// Another operation with the same header has its own count.
	if status, _, _ := get(t, cs.MachinesURL, "tok", mock.FaultHeader, "status=503;count=1"); status != http.StatusServiceUnavailable {
		t.Errorf("first machines request: %d, want 503", status)
	}
}

// TestEmptyFaultIsBodilessLikeGitHubs500: GitHub sometimes answers 500 with
// Content-Length 0 under a JSON Content-Type (cli/cli issues 7819, 9003);
// "status=500;empty" lets a client's test meet that answer.
func TestEmptyFaultIsBodilessLikeGitHubs500(t *testing.T) {
	_, base := start(t)
	cs := createInRepo(t, client(t, base, "tok"))
	status, body, h := get(t, cs.URL, "tok", mock.FaultHeader, "status=500;empty")
	if status != http.StatusInternalServerError || len(body) != 0 {
		t.Errorf("got %d with %d bytes of body, want 500 with none", status, len(body))
	}
	if got, want := h.Get("Content-Type"), "application/json; charset=utf-8"; got != want {
		t.Errorf("Content-Type %q, want GitHub's %q", got, want)
	}
	if got := h.Get("Content-Length"); got != "0" {
		t.Errorf("Content-Length %q, want 0", got)
	}
}

// TestFaultedCreateCreatesNothing: a create that fails with an injected 503
// never reaches the store, so a client that does not retry the POST is right
// not to, and one that does would make a second codespace.
func TestFaultedCreateCreatesNothing(t *testing.T) {
	ctx := context.Background()
	_, base := start(t, mock.WithFaults(mock.Fault{
		Kind: mock.FaultStatus, Operation: "codespaces/create-with-repo-for-authenticated-user", Status: 503, Count: 1,
	}))
	c := client(t, base, "tok")
	failed := must(c.CodespacesCreateWithRepoForAuthenticatedUserWithResponse(ctx, "octocat", "Hello-World", gen.CodespacesCreateWithRepoForAuthenticatedUserJSONRequestBody{}))(t)
	wantStatus(t, "faulted create", failed.StatusCode(), http.StatusServiceUnavailable, failed.Body)
	if failed.JSON503 == nil || failed.JSON503.Message == nil {
		t.Errorf("503 body %s does not decode as the spec's service-unavailable error", failed.Body)
	}
	if n := must(c.CodespacesListForAuthenticatedUserWithResponse(ctx, nil))(t).JSON200.TotalCount; n != 0 {
		t.Errorf("%d codespaces after a failed create, want 0", n)
	}
	createInRepo(t, c)
	if n := must(c.CodespacesListForAuthenticatedUserWithResponse(ctx, nil))(t).JSON200.TotalCount; n != 1 {
		t.Errorf("%d codespaces after one good create, want 1", n)
	}
}

func TestRateLimitFaults(t *testing.T) {
	clock := &fakeClock{now: time.Unix(1_700_000_000, 0)}
	srv, base := start(t, mock.WithClock(clock.Now))

	status, body, h := get(t, base+"/user/codespaces", "tok", mock.FaultHeader, "rate-limit;reset=90")
	if status != http.StatusForbidden || h.Get("X-RateLimit-Remaining") != "0" || h.Get("X-RateLimit-Reset") != "1700000090" {
		t.Errorf("primary: %d, remaining %q, reset %q; want 403, 0, 1700000090", status, h.Get("X-RateLimit-Remaining"), h.Get("X-RateLimit-Reset"))
	}
	if !strings.Contains(string(body), "API rate limit exceeded") {
		t.Errorf("primary body %s", body)
	}

	status, body, h = get(t, base+"/user/codespaces", "tok", mock.FaultHeader, "secondary-rate-limit;status=429;retry-after=2")
	if status != http.StatusTooManyRequests || h.Get("Retry-After") != "2" || !strings.Contains(string(body), "secondary-rate-limits") {
		t.Errorf("secondary: %d, Retry-After %q, body %s", status, h.Get("Retry-After"), body)
	}

	srv.InjectFault(mock.Fault{Kind: mock.FaultSecondaryRateLimit, Method: http.MethodGet, Path: "/user/codespaces/{codespace_name}"})
	status, _, h = get(t, base+"/user/codespaces/anything", "tok")
	if status != http.StatusForbidden || h.Get("Retry-After") != "60" {
		t.Errorf("secondary by method and path: %d, Retry-After %q; want 403, 60", status, h.Get("Retry-After"))
	}
	if status, _, _ := get(t, base+"/user/codespaces", "tok"); status != http.StatusOK {
		t.Errorf("another path: %d, want 200", status)
	}
	srv.ClearFaults()
	if status, _, _ := get(t, base+"/user/codespaces/anything", "tok"); status != http.StatusNotFound {
		t.Errorf("after ClearFaults: %d, want the real 404", status)
	}
}

func TestLatencyAndDrop(t *testing.T) {
	_, base := start(t)
	began := time.Now()
	if status, _, _ := get(t, base+"/user/codespaces", "tok", mock.FaultHeader, "latency=40ms"); status != http.StatusOK {
		t.Errorf("latency: %d, want the normal 200", status)
	}
	if took := time.Since(began); took < 40*time.Millisecond {
		t.Errorf("answered in %v, want at least 40ms", took)
	}

	req, _ := http.NewRequest(http.MethodGet, base+"/user/codespaces", nil)
	req.Header.Set("Authorization", "Bearer tok")
	req.Header.Set(mock.FaultHeader, "drop")
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("dropped connection answered %d", resp.StatusCode)
	}
	if !errors.Is(err, io.EOF) && !strings.Contains(err.Error(), "EOF") && !strings.Contains(err.Error(), "reset") {
		t.Errorf("dropped connection: %v, want EOF or reset", err)
	}
}

// TestFractionalFaultsAreSeeded checks that a fraction of requests fail, and
// that the same seed fails the same ones.
func TestFractionalFaultsAreSeeded(t *testing.T) {
	run := func(seed uint64) string {
		_, base := start(t, mock.WithSeed(seed), mock.WithFaults(mock.Fault{Kind: mock.FaultStatus, Status: 502, Fraction: 0.3}))
		var b strings.Builder
		for range 100 {
			status, _, _ := get(t, base+"/user/codespaces", "tok")
			if status == http.StatusBadGateway {
				b.WriteByte('x')
			} else {
				b.WriteByte('.')
			}
		}
		return b.String()
	}
	a, again, other := run(7), run(7), run(8)
	if n := strings.Count(a, "x"); n < 15 || n > 45 {
		t.Errorf("%d of 100 failed, want about 30: %s", n, a)
	}
	if a != again {
		t.Errorf("seed 7 failed different requests on two runs:\n%s\n%s", a, again)
	}
	if a == other {
		t.Errorf("seeds 7 and 8 failed the same requests: %s", a)
	}
}

func TestBadFaultHeader(t *testing.T) {
	_, base := start(t)
	status, body, _ := get(t, base+"/user/codespaces", "tok", mock.FaultHeader, "status=abc")
	if status != http.StatusBadRequest || !strings.Contains(string(body), "X-Mock-Fault") {
		t.Errorf("bad header: %d %s, want 400 naming the header", status, body)
	}
}

package client

import (
	"context"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/codespaces-go/codespaces/gen"
)

// flaky answers the first `fails` requests with fail and then with ok.
func flaky(fails int, fail, ok http.HandlerFunc) (http.Handler, *atomic.Int32) {
	var n atomic.Int32
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if int(n.Add(1)) <= fails {
			fail(w, r)
			return
		}
		ok(w, r)
	}), &n
}

func status(code int, header ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		writeError(w, code, http.StatusText(code))
	}
}

func okCodespace(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, 200, sampleCodespace("x", gen.CodespaceStateAvailable))
}

func TestRetryByStatus(t *testing.T) {
	tests := []struct {
		status  int
		retried bool
	}{
		{500, true}, {502, true}, {503, true}, {504, true},
		{400, false}, {401, false}, {403, false}, {404, false}, {409, false}, {422, false}, {429, false}, {501, false},
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.status), func(t *testing.T) {
			h, n := flaky(1, status(tt.status), okCodespace)
			c, clk, _ := newTestClient(t, h)
			_, err := c.GetCodespace(context.Background(), "x")
			if tt.retried {
				if err != nil || n.Load() != 2 {
					t.Fatalf("GetCodespace after one %d: %v after %d attempts; want success after 2", tt.status, err, n.Load())
				}
				if got := clk.Sleeps(); !reflect.DeepEqual(got, []time.Duration{time.Second}) {
					t.Errorf("slept %v, want [1s] (full jitter at its ceiling)", got)
				}
				return
			}
			var ae *APIError
			if !errors.As(err, &ae) || ae.StatusCode != tt.status || n.Load() != 1 {
				t.Fatalf("GetCodespace: %v after %d attempts; want the %d error after 1", err, n.Load(), tt.status)
			}
		})
	}
}

func TestRetryGivesUpAfterMaxAttempts(t *testing.T) {
	tests := []struct {
		policy     RetryPolicy
		wantSleeps []time.Duration
	}{
		{RetryPolicy{}, []time.Duration{time.Second, 2 * time.Second}},
		{RetryPolicy{MaxAttempts: 5, BaseBackoff: 100 * time.Millisecond, MaxBackoff: 300 * time.Millisecond},
			[]time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 300 * time.Millisecond, 300 * time.Millisecond}},
		{RetryPolicy{MaxAttempts: 1}, nil},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.policy.MaxAttempts), func(t *testing.T) {
			h, n := flaky(100, status(503), okCodespace)
			c, clk, _ := newTestClient(t, h, WithRetryPolicy(tt.policy))
			_, err := c.GetCodespace(context.Background(), "x")
			var ae *APIError
			if !errors.As(err, &ae) || ae.StatusCode != 503 {
				t.Fatalf("GetCodespace: %v, want the last 503", err)
			}
			if got, want := int(n.Load()), len(tt.wantSleeps)+1; got != want {
				t.Errorf("%d attempts, want %d", got, want)
			}
			if got := clk.Sleeps(); !reflect.DeepEqual(got, tt.wantSleeps) {
				t.Errorf("slept %v, want %v", got, tt.wantSleeps)
			}
		})
	}
}

func TestBackoffIsFullJitter(t *testing.T) {
	var asked []time.Duration
	clk := newFakeClock()
	clk.jitter = func(d time.Duration) time.Duration { asked = append(asked, d); return d / 4 }
	rt := &retryTransport{policy: RetryPolicy{BaseBackoff: time.Second, MaxBackoff: 5 * time.Second}.withDefaults(), clock: clk}
	var got []time.Duration
	for attempt := 1; attempt <= 5; attempt++ {
		got = append(got, rt.backoff(attempt))
	}
	wantCeilings := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 5 * time.Second, 5 * time.Second}
	if !reflect.DeepEqual(asked, wantCeilings) {
		t.Errorf("jitter ceilings %v, want %v", asked, wantCeilings)
	}
	for i, d := range got {
		if d != wantCeilings[i]/4 {
			t.Errorf("backoff(%d) = %v, want the jittered %v", i+1, d, wantCeilings[i]/4)
		}
	}
	for range 1000 {
		if d := (realClock{}).Jitter(time.Second); d < 0 || d > time.Second {
			t.Fatalf("realClock.Jitter(1s) = %v, outside [0, 1s]", d)
		}
	}
}

// TestRetryOnlyWhatIsSafe sends a 503 to every kind of request: only those
// safe to repeat may be tried again. Creating a codespace must never be.
func TestRetryOnlyWhatIsSafe(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		call    func(c *Client) error
		retried bool
	}{
		{"POST /user/codespaces", func(c *Client) error {
			_, err := c.CreateCodespace(ctx, CreateCodespaceRequest{Repository: &gen.CreateCodespaceForRepository{RepositoryID: 1}})
			return err
		}, false},
		{"POST /repos/o/r/codespaces", func(c *Client) error {
			_, err := c.CreateCodespaceInRepository(ctx, "o", "r", gen.CreateCodespaceInRepositoryOptions{})
			return err
		}, false},
		{"POST /repos/o/r/pulls/1/codespaces", func(c *Client) error {
			_, err := c.CreateCodespaceFromPullRequest(ctx, "o", "r", 1, gen.CreateCodespaceFromPullRequestOptions{})
			return err
		}, false},
		{"POST /user/codespaces/x/exports", func(c *Client) error { _, err := c.ExportCodespace(ctx, "x"); return err }, false},
		{"PATCH /user/codespaces/x", func(c *Client) error {
			_, err := c.UpdateCodespace(ctx, "x", gen.UpdateCodespaceOptions{DisplayName: new("n")})
			return err
		}, false},
		{"POST /user/codespaces/x/start", func(c *Client) error { _, err := c.StartCodespace(ctx, "x"); return err }, true},
		{"POST /user/codespaces/x/stop", func(c *Client) error { _, err := c.StopCodespace(ctx, "x"); return err }, true},
		{"GET /user/codespaces/x", func(c *Client) error { _, err := c.GetCodespace(ctx, "x"); return err }, true},
		{"DELETE /user/codespaces/x", func(c *Client) error { return c.DeleteCodespace(ctx, "x") }, true},
		{"PUT /user/codespaces/secrets/S/repositories/7", func(c *Client) error { return c.AddSecretRepository(ctx, "S", 7) }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls counter
			c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				calls.add(r)
				writeError(w, 503, "Service Unavailable")
			}))
			err := tt.call(c)
			var ae *APIError
			if !errors.As(err, &ae) || ae.StatusCode != 503 {
				t.Fatalf("got %v, want the 503", err)
			}
			want := 1
			if tt.retried {
				want = 3
			}
			if got := calls.get(tt.name); got != want {
				t.Errorf("%s was sent %d times, want %d", tt.name, got, want)
			}
		})
	}
}

// TestSafeToRepeat: the method decides, and for a POST the operation the
// Client's method names; the URL plays no part, so a POST through API() is
// sent once.
func TestSafeToRepeat(t *testing.T) {
	tests := []struct {
		method, op string
		want       bool
	}{
		{"GET", "", true},
		{"HEAD", "", true},
		{"PUT", opPutSecret, true},
		{"DELETE", opDeleteCodespace, true},
		{"POST", opStartCodespace, true},
		{"POST", opStopCodespace, true},
		{"POST", opStopMemberCodespace, true},
		{"POST", opCreateCodespace, false},
		{"POST", opCreateInRepository, false},
		{"POST", opCreateFromPullRequest, false},
		{"POST", opExportCodespace, false},
		{"POST", opPublishCodespace, false}, // creates a repository
		{"POST", "", false},                 // through API(): no operation known
		{"PATCH", opUpdateCodespace, false},
		{"CONNECT", "", false},
	}
	for _, tt := range tests {
		r := httptest.NewRequest(tt.method, "https://api.github.com/user/codespaces/x/start", nil)
		if tt.op != "" {
			r = r.WithContext(context.WithValue(r.Context(), attemptsKey{}, &attempts{op: tt.op}))
		}
		if got := safeToRepeat(r); got != tt.want {
			t.Errorf("safeToRepeat(%s of %q) = %v, want %v", tt.method, tt.op, got, tt.want)
		}
	}
}

// TestRetryReplaysBody checks that a retried PUT sends the same body again,
// also when the caller's body cannot be rewound by itself.
func TestRetryReplaysBody(t *testing.T) {
	var mu sync.Mutex
	var bodies []string
	h, _ := flaky(2, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, string(b))
		mu.Unlock()
		writeError(w, 502, "Bad Gateway")
	}, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, string(b))
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	})
	c, _, _ := newTestClient(t, h)
	ctx := context.Background()

	if err := c.SetSecretRepositories(ctx, "S", []int64{1, 2}); err != nil {
		t.Fatal(err)
	}
	want := `{"selected_repository_ids":[1,2]}`
	if len(bodies) != 3 || bodies[0] != want || bodies[1] != want || bodies[2] != want {
		t.Errorf("bodies %q, want %q three times", bodies, want)
	}

	// A body without GetBody, sent through the generated client's WithBody variant.
	bodies = nil
	h2, _ := flaky(1, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, string(b))
		writeError(w, 500, "boom")
	}, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, string(b))
		w.WriteHeader(http.StatusNoContent)
	})
	c2, _, _ := newTestClient(t, h2)
	r, err := c2.API().CodespacesSetRepositoriesForSecretForAuthenticatedUserWithBodyWithResponse(ctx, "S", "application/json",
		io.MultiReader(strings.NewReader(want))) // MultiReader: http.NewRequest cannot rewind it
	if err != nil || r.StatusCode() != 204 {
		t.Fatalf("got %v, %v; want 204", err, r)
	}
	if len(bodies) != 2 || bodies[0] != want || bodies[1] != want {
		t.Errorf("bodies %q, want %q twice", bodies, want)
	}
}

func TestRetryBodyReadError(t *testing.T) {
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Error("a request whose body could not be read was sent")
	}))
	_, err := c.API().CodespacesSetRepositoriesForSecretForAuthenticatedUserWithBody(context.Background(), "S", "application/json",
		io.MultiReader(strings.NewReader("{"), errReader{}))
	if err == nil || !strings.Contains(err.Error(), "cannot read the request body") {
		t.Errorf("got %v, want the body's read error", err)
	}
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestRetryAfter(t *testing.T) {
	resetIn := func(d time.Duration) string { return strconv.FormatInt(time.Now().Add(d).Unix(), 10) }
	tests := []struct {
		name      string
		fail      http.HandlerFunc
		retried   bool
		wantSleep func(time.Duration) bool
		check     func(t *testing.T, err error)
	}{
		{
			name: "503 with Retry-After", fail: status(503, "Retry-After", "7"), retried: true,
			wantSleep: func(d time.Duration) bool { return d == 7*time.Second },
		},
		{
			name: "503 with too long a Retry-After", fail: status(503, "Retry-After", "120"),
			check: func(t *testing.T, err error) {
				var ae *APIError
				if !errors.As(err, &ae) || ae.StatusCode != 503 {
					t.Errorf("got %v, want the 503", err)
				}
			},
		},
		{
			name: "secondary limit with Retry-After", fail: status(403, "Retry-After", "3"), retried: true,
			wantSleep: func(d time.Duration) bool { return d == 3*time.Second },
		},
		{
			name: "secondary limit without Retry-After waits a minute",
			fail: func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, 403, map[string]string{"message": "You have exceeded a secondary rate limit."})
			},
			retried:   true,
			wantSleep: func(d time.Duration) bool { return d == time.Minute },
		},
		{
			name: "secondary limit with too long a Retry-After", fail: status(429, "Retry-After", "300"),
			check: func(t *testing.T, err error) {
				var sle *SecondaryRateLimitError
				if !errors.As(err, &sle) || sle.RetryAfter != 5*time.Minute {
					t.Errorf("got %v, want a *SecondaryRateLimitError after 5m", err)
				}
			},
		},
		{
			name: "primary limit resetting soon", fail: status(403, "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", resetIn(10*time.Second)),
			retried:   true,
			wantSleep: func(d time.Duration) bool { return d > 9*time.Second && d <= 11*time.Second }, // and a second's slack
		},
		{
			name: "primary limit resetting in an hour", fail: status(403, "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", resetIn(time.Hour)),
			check: func(t *testing.T, err error) {
				var rle *RateLimitError
				if !errors.As(err, &rle) {
					t.Errorf("got %v, want a *RateLimitError", err)
				}
			},
		},
		{
			name: "primary limit without a reset", fail: status(429, "X-RateLimit-Remaining", "0"),
			check: func(t *testing.T, err error) {
				var rle *RateLimitError
				if !errors.As(err, &rle) || !strings.Contains(err.Error(), "resets at an unknown time") {
					t.Errorf("got %v, want a *RateLimitError with an unknown reset", err)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, n := flaky(1, tt.fail, okCodespace)
			c, clk, _ := newTestClient(t, h)
			_, err := c.GetCodespace(context.Background(), "x")
			sleeps := clk.Sleeps()
			if tt.retried {
				if err != nil || n.Load() != 2 || len(sleeps) != 1 || !tt.wantSleep(sleeps[0]) {
					t.Fatalf("got %v after %d attempts and sleeps %v", err, n.Load(), sleeps)
				}
				return
			}
			if n.Load() != 1 || len(sleeps) != 0 {
				t.Errorf("%d attempts and sleeps %v, want 1 and none", n.Load(), sleeps)
			}
			tt.check(t, err)
		})
	}
}

// TestRetryRespectsContext: no retry whose wait outlasts the deadline, and a
// cancellation during the wait ends it.
func TestRetryRespectsContext(t *testing.T) {
	t.Run("deadline too close", func(t *testing.T) {
		h, n := flaky(1, status(503, "Retry-After", "30"), okCodespace)
		c, clk, _ := newTestClient(t, h)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_, err := c.GetCodespace(ctx, "x")
		var ae *APIError
		if !errors.As(err, &ae) || ae.StatusCode != 503 || n.Load() != 1 || len(clk.Sleeps()) != 0 {
			t.Errorf("got %v after %d attempts and sleeps %v; want the 503 at once", err, n.Load(), clk.Sleeps())
		}
	})
	t.Run("cancelled while waiting", func(t *testing.T) {
		h, n := flaky(5, status(500), okCodespace)
		c, clk, _ := newTestClient(t, h)
		_, err := c.GetCodespace(cancelOnSleep(t, clk, 1), "x")
		if !errors.Is(err, context.Canceled) || n.Load() != 1 {
			t.Errorf("got %v after %d attempts; want context.Canceled after 1", err, n.Load())
		}
	})
	t.Run("real clock", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if err := (realClock{}).Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
			t.Errorf("Sleep on a cancelled context = %v", err)
		}
		if err := (realClock{}).Sleep(context.Background(), time.Millisecond); err != nil {
			t.Errorf("Sleep(1ms) = %v", err)
		}
	})
}

// trackingTransport records whether each response body was read to its end
// or closed.
type trackingTransport struct {
	mu     sync.Mutex
	bodies []*trackedBody
}

type trackedBody struct {
	io.ReadCloser
	closed atomic.Bool
}

func (b *trackedBody) Close() error { b.closed.Store(true); return b.ReadCloser.Close() }

func (t *trackingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err == nil {
		tb := &trackedBody{ReadCloser: resp.Body}
		resp.Body = tb
		t.mu.Lock()
		t.bodies = append(t.bodies, tb)
		t.mu.Unlock()
	}
	return resp, err
}

func TestFailedAttemptBodiesAreClosed(t *testing.T) {
	for _, fail := range []http.HandlerFunc{status(500), status(403, "Retry-After", "1")} {
		tr := &trackingTransport{}
		h, _ := flaky(2, fail, okCodespace)
		c, _, _ := newTestClient(t, h, WithHTTPClient(&http.Client{Transport: tr}))
		if _, err := c.GetCodespace(context.Background(), "x"); err != nil {
			t.Fatal(err)
		}
		if len(tr.bodies) != 3 {
			t.Fatalf("%d responses, want 3", len(tr.bodies))
		}
		for i, b := range tr.bodies {
			if !b.closed.Load() {
				t.Errorf("the body of attempt %d was not closed", i+1)
			}
		}
	}
}

// TestPeekedBodyIsWhole checks that a 403 the retry layer looked into (and
// did not retry) still reaches the caller whole.
func TestPeekedBodyIsWhole(t *testing.T) {
	c, _, _ := newTestClient(t, status(403))
	r, err := c.API().CodespacesGetForAuthenticatedUserWithResponse(context.Background(), "x")
	if err != nil {
		t.Fatal(err)
	}
	if r.JSON403 == nil || r.JSON403.Message == nil || *r.JSON403.Message != "Forbidden" {
		t.Errorf("the generated client decoded %s into %+v", r.Body, r.JSON403)
	}
}

// hangUp is a server that reads each request and closes the connection
// without answering; with reset set it sends a TCP RST instead of a FIN.
func hangUp(reset bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			panic(err)
		}
		if tcp, ok := conn.(*net.TCPConn); ok && reset {
			_ = tcp.SetLinger(0)
		}
		_ = conn.Close()
	}
}

func TestRetryConnectionErrors(t *testing.T) {
	for _, reset := range []bool{false, true} {
		t.Run(fmt.Sprintf("reset=%v", reset), func(t *testing.T) {
			h, n := flaky(1, hangUp(reset), okCodespace)
			c, clk, _ := newTestClient(t, h)
			if _, err := c.GetCodespace(context.Background(), "x"); err != nil {
				t.Fatalf("GetCodespace after a hang-up: %v", err)
			}
			if n.Load() != 2 || len(clk.Sleeps()) != 1 {
				t.Errorf("%d attempts, sleeps %v; want 2 and one", n.Load(), clk.Sleeps())
			}
		})
	}
	t.Run("create is not retried", func(t *testing.T) {
		h, n := flaky(1, hangUp(false), okCodespace)
		c, _, _ := newTestClient(t, h)
		_, err := c.CreateCodespaceInRepository(context.Background(), "o", "r", gen.CreateCodespaceInRepositoryOptions{})
		if err == nil || n.Load() != 1 {
			t.Errorf("got %v after %d attempts, want the connection error after 1", err, n.Load())
		}
		if err != nil && !strings.HasPrefix(err.Error(), "codespaces/create-with-repo-for-authenticated-user: ") {
			t.Errorf("the error %q does not name the operation", err)
		}
	})
	t.Run("refused", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		_ = l.Close()
		clk := newFakeClock()
		c, err := New(WithBaseURL("http://"+addr), withClock(clk))
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.GetCodespace(context.Background(), "x")
		if !errors.Is(err, syscall.ECONNREFUSED) || len(clk.Sleeps()) != 2 {
			t.Errorf("got %v after sleeps %v; want ECONNREFUSED after 3 attempts", err, clk.Sleeps())
		}
	})
}

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

func TestIsConnectionError(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{io.EOF, true},
		{fmt.Errorf("wrapped: %w", io.ErrUnexpectedEOF), true},
		{&net.OpError{Op: "read", Err: syscall.ECONNRESET}, true},
		{&net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}, true},
		{timeoutErr{}, true},
		{&net.DNSError{Err: "no such host", Name: "x", IsNotFound: true}, false},
		{&net.OpError{Op: "dial", Err: &net.DNSError{Err: "timeout", IsTimeout: true}}, true},
		{x509.UnknownAuthorityError{}, false},
		{context.Canceled, false},
		{fmt.Errorf("x: %w", context.DeadlineExceeded), false},
		{errors.New("something else"), false},
	}
	for _, tt := range tests {
		if got := isConnectionError(tt.err); got != tt.want {
			t.Errorf("isConnectionError(%#v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}

// TestLogging checks what the log says about attempts and retries, and that
// the token never reaches it.
func TestLogging(t *testing.T) {
	var logs logBuffer
	h, _ := flaky(1, status(502), okCodespace)
	c, _, _ := newTestClient(t, h, WithLogger(logs.Logger()))
	if _, err := c.GetCodespace(context.Background(), "x"); err != nil {
		t.Fatal(err)
	}
	out := logs.String()
	for _, want := range []string{`"msg":"http request"`, `"status":502`, `"status":200`, `"msg":"retrying request"`, `"reason":"502 Bad Gateway"`, `"attempt":2`} {
		if !strings.Contains(out, want) {
			t.Errorf("the log lacks %s:\n%s", want, out)
		}
	}
	mustContainNone(t, "the log", out, testToken, "Bearer")
}

// limitHeaders answers with the primary rate limit: remaining requests
// left of 5000, resetting at reset, in bucket resource.
func limitHeaders(w http.ResponseWriter, remaining int, reset time.Time, resource string) {
	w.Header().Set("X-RateLimit-Limit", "5000")
	w.Header().Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
	w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
	w.Header().Set("X-RateLimit-Resource", resource)
}

// TestExhaustedLimitIsNotCalledInto: after an answer whose
// X-RateLimit-Remaining is 0, the Client sends nothing until the reset
// (plus a second's slack), client-wide.
func TestExhaustedLimitIsNotCalledInto(t *testing.T) {
	var calls counter
	var reset time.Time
	remaining := 0
	c, clk, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.add(r)
		limitHeaders(w, remaining, reset, "core")
		okCodespace(w, r)
	}))
	reset = clk.Now().Add(time.Hour).Truncate(time.Second)
	ctx := context.Background()
	if _, err := c.GetCodespace(ctx, "x"); err != nil {
		t.Fatal(err) // the answer that used up the limit
	}
	remaining = 4999
	for _, call := range []func() error{
		func() error { _, err := c.GetCodespace(ctx, "x"); return err },
		func() error { return c.DeleteCodespace(ctx, "x") },
		func() error { _, err := Collect(c.ListCodespaces(ctx, ListCodespacesOptions{})); return err },
		func() error {
			_, err := c.API().CodespacesGetForAuthenticatedUserWithResponse(ctx, "x")
			return err
		},
	} {
		err := call()
		var rle *RateLimitError
		var ae *APIError
		if !errors.As(err, &rle) || !rle.NotSent || errors.As(err, &ae) || !rle.RateLimit.Reset.Equal(reset) {
			t.Fatalf("got %v, want a *RateLimitError for a request not sent", err)
		}
		if !strings.Contains(err.Error(), "API rate limit exhausted for the core resource (0 of 5000 left, resets at "+reset.UTC().Format(time.RFC3339)+"): the request was not sent") {
			t.Errorf("error %q", err)
		}
	}
	if n := calls.get("GET /user/codespaces/x"); n != 1 || len(clk.Sleeps()) != 0 {
		t.Fatalf("%d GETs and sleeps %v while the limit was exhausted, want none of either", n-1, clk.Sleeps())
	}
	clk.mu.Lock()
	clk.now = reset // GitHub's reset, but this machine's clock may run ahead
	clk.mu.Unlock()
	_, err := c.GetCodespace(ctx, "x")
	if err != nil || calls.get("GET /user/codespaces/x") != 2 || !reflect.DeepEqual(clk.Sleeps(), []time.Duration{rateLimitSlack}) {
		t.Errorf("at the reset: %v, %d GETs, sleeps %v; want the request sent after the slack", err, calls.get("GET /user/codespaces/x"), clk.Sleeps())
	}
}

// TestExhaustedLimitResettingSoonIsWaitedFor: a reset within MaxRetryAfter
// is waited for when retries are on, and fails at once when they are off.
func TestExhaustedLimitResettingSoonIsWaitedFor(t *testing.T) {
	for _, attempts := range []int{0, 1} {
		t.Run(fmt.Sprint("MaxAttempts=", attempts), func(t *testing.T) {
			var calls counter
			var reset time.Time
			var logs logBuffer
			c, clk, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if calls.add(r) == 1 {
					limitHeaders(w, 0, reset, "core")
				} else {
					limitHeaders(w, 4999, reset.Add(time.Hour), "core")
				}
				okCodespace(w, r)
			}), WithRetryPolicy(RetryPolicy{MaxAttempts: attempts}), WithLogger(logs.Logger()))
			reset = clk.Now().Add(10 * time.Second).Truncate(time.Second)
			_, _ = c.GetCodespace(context.Background(), "x")
			_, err := c.GetCodespace(context.Background(), "x")
			sleeps := clk.Sleeps()
			if attempts == 1 {
				var rle *RateLimitError
				if !errors.As(err, &rle) || !rle.NotSent || len(sleeps) != 0 {
					t.Errorf("got %v after sleeps %v, want a request not sent, at once", err, sleeps)
				}
				return
			}
			if err != nil || len(sleeps) != 1 || sleeps[0] > 11*time.Second || sleeps[0] < 9*time.Second {
				t.Errorf("got %v after sleeps %v, want success after waiting for the reset and a second", err, sleeps)
			}
			if out := logs.String(); !strings.Contains(out, `"msg":"waiting for the rate limit to reset"`) {
				t.Errorf("the wait was not logged:\n%s", out)
			}
			mustContainNone(t, "the log", logs.String(), testToken)
		})
	}
}

// TestRetriedDeleteThatTookEffect: the first DELETE's answer is lost to a
// 502, so the retry finds nothing to delete. That is the caller's goal.
func TestRetriedDeleteThatTookEffect(t *testing.T) {
	ctx := context.Background()
	for name, del := range map[string]func(c *Client) error{
		"codespace":  func(c *Client) error { return c.DeleteCodespace(ctx, "x") },
		"secret":     func(c *Client) error { return c.DeleteSecret(ctx, "S") },
		"repository": func(c *Client) error { return c.RemoveSecretRepository(ctx, "S", 1296269) },
	} {
		t.Run(name, func(t *testing.T) {
			h, n := flaky(1, status(502), status(404))
			c, _, _ := newTestClient(t, h)
			if err := del(c); err != nil || n.Load() != 2 {
				t.Errorf("got %v after %d attempts, want success after 2", err, n.Load())
			}
			c, _, _ = newTestClient(t, status(404))
			if err := del(c); !IsNotFound(err) {
				t.Errorf("a first answer of 404: %v, want the 404", err)
			}
		})
	}
}

// TestRetriedSecretPutReportsHonestly: after a lost answer, a 204 may mean
// that the lost attempt created the secret.
func TestRetriedSecretPutReportsHonestly(t *testing.T) {
	tests := []struct {
		name  string
		fails int
		then  int
		want  SecretOutcome
	}{
		{"201 after a lost answer", 1, 201, SecretCreated},
		{"204 after a lost answer", 1, 204, SecretCreatedOrUpdated},
		{"204 at once", 0, 204, SecretUpdated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mux := http.NewServeMux()
			mux.HandleFunc("GET /user/codespaces/secrets/public-key", func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, 200, gen.CodespacesUserPublicKey{KeyID: "k1", Key: base64.StdEncoding.EncodeToString(testPub[:])})
			})
			h, n := flaky(tt.fails, status(502), func(w http.ResponseWriter, r *http.Request) {
				if tt.then == 201 {
					writeJSON(w, 201, map[string]any{})
					return
				}
				w.WriteHeader(tt.then)
			})
			mux.Handle("PUT /user/codespaces/secrets/S", h)
			c, _, _ := newTestClient(t, mux)
			res, err := c.SetSecret(context.Background(), "S", []byte("v"), SetSecretOptions{})
			if err != nil || res.Outcome != tt.want || int(n.Load()) != tt.fails+1 {
				t.Errorf("got %v, %v after %d PUTs; want %v", res, err, n.Load(), tt.want)
			}
		})
	}
	if s := SecretCreatedOrUpdated.String(); s != "created or updated" {
		t.Errorf("String() = %q", s)
	}
}

func TestMayHaveActed(t *testing.T) {
	refused := &net.OpError{Op: "dial", Err: &os.SyscallError{Syscall: "connect", Err: syscall.ECONNREFUSED}}
	tests := []struct {
		resp *http.Response
		err  error
		want bool
	}{
		{nil, refused, false},
		{nil, io.ErrUnexpectedEOF, true},
		{&http.Response{StatusCode: 502}, nil, true},
		{&http.Response{StatusCode: 403}, nil, false},
	}
	for _, tt := range tests {
		if got := mayHaveActed(tt.resp, tt.err); got != tt.want {
			t.Errorf("mayHaveActed(%v, %v) = %v, want %v", tt.resp, tt.err, got, tt.want)
		}
	}
}

package client

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"syscall"
	"time"
)

// retryTransport tries a request again when that is safe and the failure
// passing (see RetryPolicy), logs every attempt, and reports every response's
// headers to guard, which holds the Client's rate limits.
type retryTransport struct {
	next   http.RoundTripper
	policy RetryPolicy // with defaults applied
	clock  clock
	log    *slog.Logger // nil: no logging
	guard  *limitGuard
}

// RoundTrip implements http.RoundTripper.
func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	attempts := 1
	if safeToRepeat(req) {
		attempts = t.policy.MaxAttempts
	}
	if attempts > 1 && req.Body != nil && req.Body != http.NoBody && req.GetBody == nil {
		var err error
		if req, err = replayable(req); err != nil {
			return nil, err
		}
	}
	for attempt := 1; ; attempt++ {
		r := req
		if attempt > 1 {
			r = req.Clone(ctx)
			if req.GetBody != nil {
				body, err := req.GetBody()
				if err != nil {
					return nil, fmt.Errorf("client: cannot replay the request body: %w", err)
				}
				r.Body = body
			}
		}
		if err := t.holdForRateLimit(r); err != nil {
			return nil, err
		}
		start := t.clock.Now()
		resp, err := t.next.RoundTrip(r)
		t.record(r, resp, err, attempt, t.clock.Now().Sub(start))
		if attempt >= attempts {
			return resp, err
		}
		wait, reason, ok := t.decide(ctx, resp, err, attempt)
		if !ok {
			return resp, err
		}
		if a := attemptsOf(ctx); a != nil && mayHaveActed(resp, err) {
			a.mayHaveActed = true
		}
		if resp != nil {
			discard(resp.Body)
		}
		if t.log != nil {
			t.log.LogAttrs(ctx, slog.LevelInfo, "retrying request",
				slog.String("method", r.Method), slog.String("url", r.URL.Redacted()),
				slog.Int("attempt", attempt), slog.String("reason", reason), slog.Duration("wait", wait))
		}
		if err := t.clock.Sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// holdForRateLimit keeps a request from being sent while the primary rate
// limit of the resource its operation is metered in is known to be
// exhausted: it waits for the reset when retries are on
// and the wait is short enough (see RetryPolicy.MaxRetryAfter) and fits the
// context, and otherwise fails at once with a *RateLimitError.
func (t *retryTransport) holdForRateLimit(r *http.Request) error {
	now := t.clock.Now()
	rl, wait, blocked := t.guard.blocked(operationOf(r), now)
	if !blocked {
		return nil
	}
	if t.policy.MaxAttempts == 1 || wait > t.policy.MaxRetryAfter || !fitsDeadline(r.Context(), now, wait) {
		return &RateLimitError{RateLimit: rl, NotSent: true}
	}
	if t.log != nil {
		t.log.LogAttrs(r.Context(), slog.LevelInfo, "waiting for the rate limit to reset",
			slog.String("method", r.Method), slog.String("url", r.URL.Redacted()), slog.Duration("wait", wait))
	}
	return t.clock.Sleep(r.Context(), wait)
}

// decide says whether and after how long to try again.
func (t *retryTransport) decide(ctx context.Context, resp *http.Response, err error, attempt int) (wait time.Duration, reason string, ok bool) {
	now := t.clock.Now()
	switch {
	case err != nil:
		if ctx.Err() != nil || !isConnectionError(err) {
			return 0, "", false
		}
		wait, reason = t.backoff(attempt), err.Error()
	case resp.StatusCode == http.StatusInternalServerError, resp.StatusCode == http.StatusBadGateway,
		resp.StatusCode == http.StatusServiceUnavailable, resp.StatusCode == http.StatusGatewayTimeout:
		reason = resp.Status
		if ra, has := parseRetryAfter(resp.Header, now); has {
			if ra > t.policy.MaxRetryAfter {
				return 0, "", false
			}
			wait = ra
		} else {
			wait = t.backoff(attempt)
		}
	case resp.StatusCode == http.StatusForbidden, resp.StatusCode == http.StatusTooManyRequests:
		body, truncated := peekBody(resp)
		switch e := classify(newAPIError(resp, body, truncated), resp.Header, now).(type) {
		case *SecondaryRateLimitError:
			wait, reason = e.RetryAfter, "secondary rate limit"
		case *RateLimitError:
			if e.RateLimit.Reset.IsZero() {
				return 0, "", false
			}
			wait, reason = untilReset(e.RateLimit, now), "rate limit exhausted"
		default:
			return 0, "", false
		}
		if wait > t.policy.MaxRetryAfter {
			return 0, "", false
		}
	default:
		return 0, "", false
	}
	if !fitsDeadline(ctx, now, wait) {
		return 0, "", false
	}
	return wait, reason, true
}

// backoff is the full-jitter wait before retry n (attempt n just failed).
func (t *retryTransport) backoff(attempt int) time.Duration {
	ceiling := t.policy.BaseBackoff
	for i := 1; i < attempt && ceiling < t.policy.MaxBackoff; i++ {
		ceiling *= 2
	}
	return t.clock.Jitter(min(ceiling, t.policy.MaxBackoff))
}

func (t *retryTransport) record(r *http.Request, resp *http.Response, err error, attempt int, took time.Duration) {
	if resp != nil {
		t.guard.observe(operationOf(r), resp.Header)
	}
	if t.log == nil || !t.log.Enabled(r.Context(), slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{
		slog.String("method", r.Method), slog.String("url", r.URL.Redacted()),
		slog.Int("attempt", attempt), slog.Duration("took", took),
	}
	if resp != nil {
		attrs = append(attrs, slog.Int("status", resp.StatusCode),
			slog.String("request_id", resp.Header.Get("X-Github-Request-Id")))
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	t.log.LogAttrs(r.Context(), slog.LevelDebug, "http request", attrs...)
}

// repeatablePosts are the POST operations that, asked twice, leave the
// codespace as asking once does: started, or stopped.
var repeatablePosts = map[string]bool{
	opStartCodespace:      true,
	opStopCodespace:       true,
	opStopMemberCodespace: true,
}

// safeToRepeat says whether sending req twice does no more than sending it
// once: never true for the POSTs that create a codespace, an export or a
// repository. A POST is known by the operation the Client's method put in
// its context; one sent through API() or HTTPClient() carries none and is
// sent once.
func safeToRepeat(req *http.Request) bool {
	switch req.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete:
		return true
	case http.MethodPost:
		a := attemptsOf(req.Context())
		return a != nil && repeatablePosts[a.op]
	}
	return false
}

// isConnectionError reports whether err means the request got no answer for
// a reason that may pass: a reset, refused or broken connection, or a
// network timeout. Certificate errors and unknown hosts will not pass.
func isConnectionError(err error) bool {
	var (
		certErr      *tls.CertificateVerificationError
		unknownAuth  x509.UnknownAuthorityError
		hostnameErr  x509.HostnameError
		invalidCert  x509.CertificateInvalidError
		dnsErr       *net.DNSError
		opErr        *net.OpError
		netErr       net.Error
		tlsRecordErr tls.RecordHeaderError
	)
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded),
		errors.As(err, &certErr), errors.As(err, &unknownAuth), errors.As(err, &hostnameErr),
		errors.As(err, &invalidCert), errors.As(err, &tlsRecordErr):
		return false
	case errors.As(err, &dnsErr):
		return dnsErr.IsTimeout || dnsErr.IsTemporary
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNREFUSED),
		errors.Is(err, syscall.ECONNABORTED), errors.Is(err, syscall.EPIPE),
		errors.As(err, &opErr):
		return true
	case errors.As(err, &netErr):
		return netErr.Timeout()
	}
	return false
}

// replayable returns a copy of req whose body can be sent again.
func replayable(req *http.Request) (*http.Request, error) {
	b, err := io.ReadAll(req.Body)
	_ = req.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("client: cannot read the request body: %w", err)
	}
	r := req.Clone(req.Context())
	r.Body = io.NopCloser(bytes.NewReader(b))
	r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
	return r, nil
}

// peekBody reads the start of resp's body and puts it back, so that the
// caller still reads all of it.
func peekBody(resp *http.Response) ([]byte, bool) {
	body, truncated, _ := readErrorBody(resp.Body)
	resp.Body = &prefixedBody{Reader: io.MultiReader(bytes.NewReader(body), resp.Body), Closer: resp.Body}
	return body, truncated
}

type prefixedBody struct {
	io.Reader
	io.Closer
}

// discard drains a little of a body, so that the connection can be reused,
// and closes it.
func discard(body io.ReadCloser) {
	if body == nil {
		return
	}
	_, _ = io.CopyN(io.Discard, body, 64<<10)
	_ = body.Close()
}

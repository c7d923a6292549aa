package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"syscall"

	"github.com/codespaces-go/codespaces/gen"
)

// ErrNotModified is wrapped by the error of a call made with IfNoneMatch
// when the resource has not changed since that ETag (304 Not Modified).
// GitHub does not count such an answer against the primary rate limit.
var ErrNotModified = errors.New("not modified since the ETag given (304)")

// CallOption shapes one call of a Client method, the way the generated
// client's methods take gen.RequestEditorFn: IfNoneMatch, Header,
// EditRequest and SaveResponse.
type CallOption func(*callConfig)

type callConfig struct {
	editors []gen.RequestEditorFn
	saved   *Response
}

// IfNoneMatch makes the call conditional: GitHub answers 304 when the
// resource still has the entity tag etag (from Response.ETag), and the call
// returns an error wrapping ErrNotModified instead of a result. An empty
// etag sends nothing.
func IfNoneMatch(etag string) CallOption {
	return Header("If-None-Match", etag)
}

// Header sets a request header for the call; an empty value sets nothing.
// The Authorization header is the Client's: use WithToken.
func Header(key, value string) CallOption {
	return EditRequest(func(_ context.Context, req *http.Request) error {
		if value != "" && !strings.EqualFold(key, "Authorization") {
			req.Header.Set(key, value)
		}
		return nil
	})
}

// EditRequest runs fn on the call's request (on every page's request, for a
// list) before it is sent, like the generated client's request editors.
func EditRequest(fn gen.RequestEditorFn) CallOption {
	return func(c *callConfig) {
		if fn != nil {
			c.editors = append(c.editors, fn)
		}
	}
}

// SaveResponse makes the call fill dst with what its answer said besides
// the body (status, headers, ETag, rate limit), also when the call fails
// with an answer. For a list, dst describes the latest page.
func SaveResponse(dst *Response) CallOption {
	return func(c *callConfig) { c.saved = dst }
}

// Response is what an answer said besides its body.
type Response struct {
	StatusCode int
	Header     http.Header
	// ETag is the answer's entity tag; pass it to IfNoneMatch to ask later
	// whether the resource changed, at no cost to the primary rate limit.
	ETag string
	// RateLimit is what the X-RateLimit-* headers said, nil without them.
	RateLimit *RateLimit
	// RequestID is the X-GitHub-Request-Id header.
	RequestID string
}

func newResponse(resp *http.Response) *Response {
	r := &Response{
		StatusCode: resp.StatusCode,
		Header:     resp.Header,
		ETag:       resp.Header.Get("Etag"),
		RequestID:  resp.Header.Get("X-Github-Request-Id"),
	}
	if rl, ok := ParseRateLimit(resp.Header); ok {
		r.RateLimit = &rl
	}
	return r
}

// call is one call of a Client method: its operation, options, and what the
// retry layer learned while sending it.
type call struct {
	c       *Client
	op      string
	editors []gen.RequestEditorFn
	saved   *Response
	sent    *attempts
}

// attempts is what a call and retryTransport tell each other: the call's
// operation, and what happened to its attempts.
type attempts struct {
	// op is the call's operationId, by which the rate-limit guard learns
	// which resource the operation is metered in.
	op string
	// mayHaveActed is set when an attempt that was retried may have reached
	// the server and been carried out although its answer was lost.
	mayHaveActed bool
}

type attemptsKey struct{}

// begin starts a call: the returned context carries what the retry layer
// reports back.
func (c *Client) begin(ctx context.Context, op string, opts []CallOption) (context.Context, *call) {
	var cfg callConfig
	for _, opt := range opts {
		if opt != nil {
			opt(&cfg)
		}
	}
	cl := &call{c: c, op: op, editors: cfg.editors, saved: cfg.saved, sent: &attempts{op: op}}
	return context.WithValue(ctx, attemptsKey{}, cl.sent), cl
}

func attemptsOf(ctx context.Context) *attempts {
	a, _ := ctx.Value(attemptsKey{}).(*attempts)
	return a
}

// operationOf names a request's operation for the rate-limit guard: the
// operationId of the Client method that sends it, or, for a request made
// through API() or HTTPClient(), its method and path.
func operationOf(r *http.Request) string {
	if a := attemptsOf(r.Context()); a != nil && a.op != "" {
		return a.op
	}
	return r.Method + " " + r.URL.Path
}

// mayHaveActed reports whether a failed attempt (a 5xx or a connection lost
// after the request may have been sent) could have been carried out.
func mayHaveActed(resp *http.Response, err error) bool {
	if err != nil {
		return !errors.Is(err, syscall.ECONNREFUSED)
	}
	return resp.StatusCode >= 500
}

// do finishes the call's HTTP exchange: it returns the transport error
// (naming the operation), the typed error of a non-2xx answer, or the 2xx
// response, whose body the caller must close.
func (cl *call) do(resp *http.Response, err error) (*http.Response, error) {
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cl.op, err)
	}
	if cl.saved != nil {
		*cl.saved = *newResponse(resp)
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return resp, nil
	}
	defer discard(resp.Body)
	if resp.StatusCode == http.StatusNotModified {
		return nil, fmt.Errorf("%s: %w", cl.op, ErrNotModified)
	}
	body, truncated, readErr := readErrorBody(resp.Body)
	if readErr != nil {
		return nil, fmt.Errorf("%s: reading the %d answer: %w", cl.op, resp.StatusCode, readErr)
	}
	return nil, cl.c.errorFor(resp, body, truncated)
}

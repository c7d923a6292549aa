package client

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"
)

// Defaults of New.
const (
	// DefaultBaseURL is GitHub.com's REST API. GitHub Enterprise Cloud with
	// data residency serves the same API at https://api.SUBDOMAIN.ghe.com.
	DefaultBaseURL = "https://api.github.com"
	// DefaultAPIVersion is sent as X-GitHub-Api-Version.
	DefaultAPIVersion = "2022-11-28"
	// DefaultUserAgent is sent unless WithUserAgent says otherwise; GitHub
	// rejects requests without one.
	DefaultUserAgent = "codespaces-go"
)

// Option configures a Client; pass any number to New.
type Option func(*config) error

type config struct {
	token      string
	baseURL    string
	httpClient *http.Client
	userAgent  string
	apiVersion string
	logger     *slog.Logger
	retry      RetryPolicy
	clock      clock
	maxBody    int64
}

// WithToken sets the token sent as "Authorization: Bearer TOKEN": a personal
// access token or an OAuth token with the codespace scope (the user scope for
// secrets). The token is sent only to the base URL's host and never appears in
// errors or logs. An empty token is refused, as it is most often an unset
// environment variable; a Client made without WithToken is unauthenticated.
func WithToken(token string) Option {
	return func(c *config) error {
		if token == "" {
			return errors.New("client: the token is empty (leave WithToken out for an unauthenticated client)")
		}
		for i := 0; i < len(token); i++ {
			if b := token[i]; b <= ' ' || b == 0x7f {
				// Say where, never what: the token must not reach an error.
				return errors.New("client: the token contains a space or control character")
			}
		}
		c.token = token
		return nil
	}
}

// WithBaseURL sets the API's root URL: DefaultBaseURL unless given. For
// GitHub Enterprise Cloud with data residency use https://api.SUBDOMAIN.ghe.com
// (no /api/v3 path). GitHub Enterprise Server has no Codespaces API at all: its
// REST API descriptions have no codespaces operations, so New refuses a base
// URL whose path ends in /api/v3, where GitHub Enterprise Server serves its
// REST API. Any other path prefix, as a proxy may need, is kept, and a
// trailing slash does not matter.
func WithBaseURL(baseURL string) Option {
	return func(c *config) error {
		c.baseURL = baseURL
		return nil
	}
}

// WithHTTPClient makes the Client send its requests through hc: its
// Transport, Timeout, Jar and CheckRedirect are kept. hc itself is not
// modified; the Client layers authentication, headers and retries over a
// copy. hc's Timeout, if set, bounds each call retries included. A nil hc
// means a new http.Client over http.DefaultTransport.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error {
		c.httpClient = hc
		return nil
	}
}

// WithUserAgent sets the User-Agent header (DefaultUserAgent unless given).
func WithUserAgent(userAgent string) Option {
	return func(c *config) error {
		if userAgent == "" {
			return errors.New("client: the user agent is empty")
		}
		c.userAgent = userAgent
		return nil
	}
}

// WithAPIVersion sets the X-GitHub-Api-Version header (DefaultAPIVersion
// unless given).
func WithAPIVersion(version string) Option {
	return func(c *config) error {
		if version == "" {
			return errors.New("client: the API version is empty")
		}
		c.apiVersion = version
		return nil
	}
}

// WithLogger makes the Client log each HTTP attempt (at Debug) and each retry
// (at Info) to logger: method, URL, status, request ID, duration. Headers and
// bodies are never logged, so neither tokens nor secrets reach the log.
func WithLogger(logger *slog.Logger) Option {
	return func(c *config) error {
		c.logger = logger
		return nil
	}
}

// WithRetryPolicy sets how requests that failed for a passing reason are
// retried (see Retries in the package documentation) and the defaults of
// RetryPolicy's zero fields.
func WithRetryPolicy(p RetryPolicy) Option {
	return func(c *config) error {
		if p.MaxAttempts < 0 || p.BaseBackoff < 0 || p.MaxBackoff < 0 || p.MaxRetryAfter < 0 {
			return errors.New("client: retry policy values must not be negative")
		}
		c.retry = p
		return nil
	}
}

// WithMaxResponseBytes bounds how much of any answer's body the Client
// reads, counted after decompression: DefaultMaxResponseBytes (32 MiB)
// unless given. Past the bound, the call fails with an error wrapping
// ErrResponseTooLarge, having read no more than n bytes of it, so a
// misbehaving server or proxy cannot make the program run out of memory.
// The bound covers the Client's methods, API() and HTTPClient() alike.
func WithMaxResponseBytes(n int64) Option {
	return func(c *config) error {
		if n < 1 {
			return fmt.Errorf("client: the response size bound must be at least one byte, not %d", n)
		}
		c.maxBody = n
		return nil
	}
}

// withClock replaces the real clock and randomness, so tests neither sleep
// nor depend on chance.
func withClock(clk clock) Option {
	return func(c *config) error {
		c.clock = clk
		return nil
	}
}

// RetryPolicy bounds automatic retries and the waits for a rate limit's
// end. Zero fields take the defaults named. What is retried, after what,
// and how a spent rate limit holds requests back is in the package
// documentation, sections Retries and Rate limits.
type RetryPolicy struct {
	// MaxAttempts is how many times one request is tried in all, the first
	// included: 3 if zero, and 1 turns retries off.
	MaxAttempts int
	// BaseBackoff and MaxBackoff shape the wait before retry n (n = 1, 2, ...):
	// a uniformly random duration in [0, min(MaxBackoff, BaseBackoff·2^(n-1))]
	// ("full jitter"). Defaults: 1s and 30s.
	BaseBackoff time.Duration
	MaxBackoff  time.Duration
	// MaxRetryAfter is the longest wait the server may ask for (Retry-After,
	// or a rate limit's reset time) that is still honoured by waiting; a longer
	// one ends the retries and the error says how long to wait. Default: 1m.
	MaxRetryAfter time.Duration
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxAttempts == 0 {
		p.MaxAttempts = 3
	}
	if p.BaseBackoff == 0 {
		p.BaseBackoff = time.Second
	}
	if p.MaxBackoff == 0 {
		p.MaxBackoff = 30 * time.Second
	}
	if p.MaxBackoff < p.BaseBackoff {
		p.MaxBackoff = p.BaseBackoff
	}
	if p.MaxRetryAfter == 0 {
		p.MaxRetryAfter = time.Minute
	}
	return p
}

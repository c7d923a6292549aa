package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/codespaces-go/codespaces/gen"
)

// Client talks to the GitHub Codespaces REST API. Its methods add typed
// results, errors, pagination, sealed secrets and waiters to the generated
// client, which API returns with the same authentication, headers, retries
// and rate-limit tracking. A Client is safe for concurrent use.
type Client struct {
	api    *gen.ClientWithResponses
	http   *http.Client
	server string // base URL with a trailing slash
	origin *url.URL
	token  string
	clock  clock
	log    *slog.Logger // nil: no logging
	limits *limitGuard  // every resource's limit, shared with the retry layer
}

// New returns a Client configured by opts; nil options are skipped, so a
// list built up conditionally may hold some. Without WithToken the Client is
// unauthenticated: it talks to api.github.com without a token, which GitHub
// answers with 401 for every Codespaces operation.
func New(opts ...Option) (*Client, error) {
	cfg := config{
		baseURL:    DefaultBaseURL,
		userAgent:  DefaultUserAgent,
		apiVersion: DefaultAPIVersion,
		clock:      realClock{},
		maxBody:    DefaultMaxResponseBytes,
	}
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(&cfg); err != nil {
			return nil, err
		}
	}
	base, err := parseBaseURL(cfg.baseURL)
	if err != nil {
		return nil, err
	}
	c := &Client{
		server: base.String(),
		origin: base,
		token:  cfg.token,
		clock:  cfg.clock,
		log:    cfg.logger,
		limits: &limitGuard{},
	}

	hc := &http.Client{}
	if cfg.httpClient != nil {
		copied := *cfg.httpClient
		hc = &copied
	}
	next := hc.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	headers := &headerTransport{
		next:       &boundTransport{next: next, max: cfg.maxBody},
		origin:     base,
		userAgent:  cfg.userAgent,
		apiVersion: cfg.apiVersion,
	}
	if cfg.token != "" {
		headers.bearer = "Bearer " + cfg.token
	}
	hc.Transport = &retryTransport{
		next:   headers,
		policy: cfg.retry.withDefaults(),
		clock:  cfg.clock,
		log:    cfg.logger,
		guard:  c.limits,
	}
	c.http = hc

	c.api, err = gen.NewClientWithResponses(c.server, gen.WithHTTPClient(hc))
	if err != nil {
		return nil, fmt.Errorf("client: %w", err)
	}
	return c, nil
}

// parseBaseURL checks the base URL and gives it the trailing slash that the
// generated client's path joining needs (…/prefix/ + ./user/codespaces).
func parseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("client: the base URL is not a URL: %w", err)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("client: the base URL %q must start with https:// (or http://)", u.Redacted())
	case u.Host == "":
		return nil, fmt.Errorf("client: the base URL %q has no host", u.Redacted())
	case u.User != nil:
		return nil, errors.New("client: the base URL must not hold credentials; use WithToken")
	case u.RawQuery != "" || u.Fragment != "":
		return nil, fmt.Errorf("client: the base URL %q must not have a query or fragment", u.Redacted())
	case isEnterpriseServerPath(u.Path):
		return nil, fmt.Errorf("client: the base URL %q is GitHub Enterprise Server's REST API (/api/v3), "+
			"which has no Codespaces API; GitHub Enterprise Cloud with data residency is https://api.SUBDOMAIN.ghe.com", u.Redacted())
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
		if u.RawPath != "" {
			u.RawPath += "/"
		}
	}
	return u, nil
}

// isEnterpriseServerPath reports whether a base URL's path ends in /api/v3,
// where GitHub Enterprise Server serves its REST API. Only the end counts: a
// proxy's own prefix, or a mock served under /api, is a path like any other.
func isEnterpriseServerPath(path string) bool {
	path = strings.TrimSuffix(path, "/")
	const ghes = "/api/v3"
	return len(path) >= len(ghes) && strings.EqualFold(path[len(path)-len(ghes):], ghes)
}

// API returns the generated client for every operation of the spec, with the
// Client's authentication, headers, retries and rate-limit tracking applied.
// Its answers are not turned into errors; use CheckResponse for that.
func (c *Client) API() *gen.ClientWithResponses { return c.api }

// HTTPClient returns the *http.Client the Client sends through, for requests
// to endpoints the spec does not cover yet. The token is added only to
// requests for the base URL's origin.
func (c *Client) HTTPClient() *http.Client { return c.http }

// BaseURL returns the API's root URL, with a trailing slash.
func (c *Client) BaseURL() string { return c.server }

// RateLimit returns the rate limit reported by the latest response that
// carried X-RateLimit-* headers, whichever resource it named, and false
// before there was one. RateLimits has the latest of each resource.
func (c *Client) RateLimit() (RateLimit, bool) {
	return c.limits.lastLimit()
}

// RateLimits returns the latest rate limit of every resource an answer has
// named (X-RateLimit-Resource; an answer that names none counts as core),
// keyed by resource, such as "core" and "codespaces". GitHub counts each
// resource apart: see Rate limits in the package documentation for how the
// Client guards each one.
func (c *Client) RateLimits() map[string]RateLimit {
	return c.limits.limits()
}

// CheckResponse returns nil for a 2xx response and for 304 Not Modified (the
// answer to a conditional request whose resource did not change: check
// resp.StatusCode, as JSON200 is nil then), and otherwise the error the
// Client's own methods return for it (*APIError, *RateLimitError or
// *SecondaryRateLimitError). Use it with the generated client's answers:
//
//	r, err := c.API().CodespacesGetForAuthenticatedUserWithResponse(ctx, name)
//	if err == nil {
//		err = c.CheckResponse(r.HTTPResponse, r.Body)
//	}
func (c *Client) CheckResponse(resp *http.Response, body []byte) error {
	if resp == nil {
		return errors.New("client: no response to check")
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 || resp.StatusCode == http.StatusNotModified {
		return nil
	}
	truncated := len(body) > maxErrorBody
	if truncated {
		body = body[:maxErrorBody]
	}
	return c.errorFor(resp, body, truncated)
}

// errorFor builds the typed error of a non-2xx answer whose body was read.
func (c *Client) errorFor(resp *http.Response, body []byte, truncated bool) error {
	e := newAPIError(resp, body, truncated)
	e.redact(c.token)
	return classify(e, resp.Header, c.clock.Now())
}

// decode runs the call's do and decodes a 2xx JSON body into a new T.
func decode[T any](cl *call, resp *http.Response, err error) (*T, *http.Response, error) {
	resp, err = cl.do(resp, err)
	if err != nil {
		return nil, nil, err
	}
	defer discard(resp.Body)
	var v *T
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		if errors.Is(err, ErrResponseTooLarge) {
			return nil, resp, fmt.Errorf("%s: reading the %d answer: %w", cl.op, resp.StatusCode, err)
		}
		if errors.Is(err, io.EOF) {
			err = errors.New("the body is empty")
		}
		return nil, resp, &DecodeError{Operation: cl.op, StatusCode: resp.StatusCode, Err: err}
	}
	if v == nil {
		return nil, resp, &DecodeError{Operation: cl.op, StatusCode: resp.StatusCode, Err: errors.New("the body is null")}
	}
	return v, resp, nil
}

// noContent runs do for an operation whose 2xx answer is empty or carries
// nothing of use ({} for some), and returns its status.
func (cl *call) noContent(resp *http.Response, err error) (int, error) {
	resp, err = cl.do(resp, err)
	if err != nil {
		return 0, err
	}
	discard(resp.Body)
	return resp.StatusCode, nil
}

// deleted runs noContent for a DELETE. A 404 after an attempt whose answer
// was lost means that attempt deleted it: the caller's goal is met.
func (cl *call) deleted(resp *http.Response, err error) error {
	_, err = cl.noContent(resp, err)
	if err != nil && IsNotFound(err) && cl.sent.mayHaveActed {
		return nil
	}
	return err
}

// raw is the generated client's plain interface: responses, not parsed.
func (c *Client) raw() gen.ClientInterface { return c.api.ClientInterface }

// pathParam is a path parameter a call needs, with what its error calls it.
// Each kind has its constructor, so a value cannot be paired with another
// kind's name.
type pathParam struct{ what, value string }

func ownerParam(v string) pathParam            { return pathParam{"owner", v} }
func repoParam(v string) pathParam             { return pathParam{"repository name", v} }
func codespaceParam(v string) pathParam        { return pathParam{"codespace name", v} }
func secretParam(v string) pathParam           { return pathParam{"secret name", v} }
func orgParam(v string) pathParam              { return pathParam{"organization", v} }
func userParam(v string) pathParam             { return pathParam{"username", v} }
func exportParam(v string) pathParam           { return pathParam{"export ID", v} }
func refParam(v string) pathParam              { return pathParam{"ref", v} }
func devcontainerPathParam(v string) pathParam { return pathParam{"devcontainer path", v} }

// requireNames fails when one of the path parameters is empty: an empty
// codespace name would turn DELETE /user/codespaces/{name} into a request
// on the list.
func requireNames(op string, params ...pathParam) error {
	for _, p := range params {
		if p.value == "" {
			return fmt.Errorf("%s: the %s is empty", op, p.what)
		}
	}
	return nil
}

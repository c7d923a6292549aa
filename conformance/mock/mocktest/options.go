package mocktest

import (
	"github.com/codespaces-go/codespaces/client"
	"github.com/codespaces-go/codespaces/conformance/mock"
)

// Option configures New and Start: WithMock for the mock, WithClient for
// the client.
type Option func(*config)

type config struct {
	mock   []mock.Option
	client []client.Option
}

// WithMock configures the mock (timing, clock, seed, rate limit, faults,
// ...). Validation stays on whatever the options say: it is what makes a
// test fail on a request that breaks GitHub's description.
func WithMock(opts ...mock.Option) Option {
	return func(c *config) { c.mock = append(c.mock, opts...) }
}

// WithClient configures the client, after mocktest's own options (the
// mock's base URL, octocat's Token, the in-process transport), so a test
// can set a retry policy, a logger, a user agent or another token.
//
// client.WithHTTPClient replaces the in-process transport along with the
// rest of the *http.Client: give it Transport: m.Transport() to keep
// reaching the mock (a client built after New), or leave its Transport nil
// and point client.WithBaseURL at m.URL() to reach it over loopback.
func WithClient(opts ...client.Option) Option {
	return func(c *config) { c.client = append(c.client, opts...) }
}

package client

import (
	"net/http"
	"net/url"

	"github.com/codespaces-go/codespaces/internal/origin"
)

// headerTransport adds what GitHub expects on every request: the token (only
// for the API's own origin), Accept, User-Agent and X-GitHub-Api-Version.
// Headers the caller set on the request win, except that the token is never
// added for another origin, so a redirect or a Link to elsewhere cannot carry
// it away.
type headerTransport struct {
	next       http.RoundTripper
	origin     *url.URL
	bearer     string // "Bearer TOKEN", or "" without a token
	userAgent  string
	apiVersion string
}

// RoundTrip implements http.RoundTripper.
func (t *headerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	// A RoundTripper must not change the caller's request: work on a copy.
	r := req.Clone(req.Context())
	if r.Header == nil {
		r.Header = make(http.Header) // a hand-built request may have none
	}
	setDefault(r.Header, "Accept", "application/vnd.github+json")
	setDefault(r.Header, "User-Agent", t.userAgent)
	setDefault(r.Header, "X-Github-Api-Version", t.apiVersion)
	if t.bearer != "" && origin.Same(r.URL, t.origin) {
		r.Header.Set("Authorization", t.bearer)
	}
	return t.next.RoundTrip(r)
}

func setDefault(h http.Header, key, value string) {
	if _, ok := h[key]; !ok {
		h[key] = []string{value}
	}
}

package client

import (
	"net/http"
	"net/url"
	"strings"
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
	if t.bearer != "" && sameOrigin(r.URL, t.origin) {
		r.Header.Set("Authorization", t.bearer)
	}
	return t.next.RoundTrip(r)
}

func setDefault(h http.Header, key, value string) {
	if _, ok := h[key]; !ok {
		h[key] = []string{value}
	}
}

// sameOrigin compares scheme, hostname and effective port, the way browsers
// decide whom a credential belongs to: https://api.github.com:443 is
// https://api.github.com, and GitHub's links never spell the default port.
func sameOrigin(u, origin *url.URL) bool {
	return strings.EqualFold(u.Scheme, origin.Scheme) &&
		strings.EqualFold(strings.TrimSuffix(u.Hostname(), "."), strings.TrimSuffix(origin.Hostname(), ".")) &&
		effectivePort(u) == effectivePort(origin)
}

func effectivePort(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return "443"
	case "http":
		return "80"
	}
	return ""
}

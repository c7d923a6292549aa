package mocktest

import (
	"net/http"
	"net/http/httptest"
	"strings"
)

// goGitHubPrefix is where go-github's WithEnterpriseURLs puts the REST API
// of a host that does not start with "api.": it appends "api/v3/"
// (google/go-github, github/github.go, WithEnterpriseURLs).
const goGitHubPrefix = "/api/v3"

// URL returns the base URL of a loopback listener serving the mock, as
// http://127.0.0.1:PORT, for clients other than the one New returns: a
// program run by the test, another SDK, plain net/http. The listener starts
// on the first call and stops with Close; tests that never call URL open no
// socket.
//
// Inside a testing/synctest bubble, the first call starts real I/O: a
// goroutine waiting on the network is never durably blocked, so while the
// listener runs the bubble is never idle and its fake clock stands still.
// Call URL outside the bubble, or only in tests that do not wait on time.
//
// After Close, URL returns the address the mock was served at, which no
// longer answers, or "" if it never was.
func (m *Mock) URL() string {
	m.lmu.Lock()
	defer m.lmu.Unlock()
	if m.listener == nil && !m.closed {
		m.listener = httptest.NewServer(withGoGitHubPrefix(m.Handler()))
	}
	if m.listener == nil {
		return ""
	}
	return m.listener.URL
}

// GoGitHubURL returns URL() + "/api/v3/": a base URL for google/go-github.
// Both of go-github's ways to point it elsewhere work with it:
// WithEnterpriseURLs(u, u) keeps it as it is (it ends in api/v3/ already),
// and setting BaseURL to url.Parse(u) uses it directly. The listener serves
// the mock under /api/v3/ as at the root; the URLs in its answers (Link
// and the url fields) are at the root, which works as well.
func (m *Mock) GoGitHubURL() string {
	u := m.URL()
	if u == "" {
		return ""
	}
	return u + goGitHubPrefix + "/"
}

// withGoGitHubPrefix serves h at the root and, with the prefix stripped,
// under /api/v3/. Unlike http.StripPrefix under a ServeMux it leaves every
// other path alone (no cleaning, no redirects), so the mock judges the
// paths clients send as GitHub would.
func withGoGitHubPrefix(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rest, ok := strings.CutPrefix(r.URL.Path, goGitHubPrefix); ok && strings.HasPrefix(rest, "/") {
			r2 := new(http.Request)
			*r2 = *r
			u := *r.URL
			u.Path = rest
			if raw, ok := strings.CutPrefix(r.URL.RawPath, goGitHubPrefix); ok {
				u.RawPath = raw
			} else {
				u.RawPath = ""
			}
			r2.URL = &u
			r2.RequestURI = u.RequestURI()
			r = r2
		}
		h.ServeHTTP(w, r)
	})
}

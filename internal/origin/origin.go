// Package origin compares URLs by origin, for the client (whom a credential
// and a next-page link belong to) and the validator (whether a Link leaves
// the server it came from). Nobody else's API.
package origin

import (
	"net/url"
	"strings"
)

// Same compares scheme, hostname and effective port, the way browsers decide
// whom a credential belongs to: https://api.github.com:443 is
// https://api.github.com (GitHub's links never spell the default port), and
// a trailing dot on the hostname changes nothing.
func Same(u, origin *url.URL) bool {
	return strings.EqualFold(u.Scheme, origin.Scheme) &&
		strings.EqualFold(strings.TrimSuffix(u.Hostname(), "."), strings.TrimSuffix(origin.Hostname(), ".")) &&
		Port(u) == Port(origin)
}

// Port is the URL's port, or its scheme's default (443, 80).
func Port(u *url.URL) string {
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

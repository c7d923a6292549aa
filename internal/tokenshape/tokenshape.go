// Package tokenshape recognises GitHub credentials by their shape, so that
// whatever keeps what clients sent (cassettes, the mock's request log)
// can drop them wherever they stand, not only under a name that says so.
package tokenshape

import "regexp"

// pattern matches the shapes of GitHub credentials: classic and
// fine-grained personal access tokens, OAuth, user-to-server, server-to-
// server and refresh tokens, old installation tokens, and JWTs (GitHub App
// assertions).
var pattern = regexp.MustCompile(
	`gh[pousr]_[A-Za-z0-9_]{16,}` +
		`|github_pat_[A-Za-z0-9_]{16,}` +
		`|\bv1\.[0-9a-fA-F]{40}\b` +
		`|\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}`)

// Contains reports whether s holds something shaped like a credential.
func Contains(s string) bool { return pattern.MatchString(s) }

// Replace replaces every credential-shaped substring of s with with.
func Replace(s, with string) string { return pattern.ReplaceAllString(s, with) }

// Package update is the report of a spec update (`make spec-update`): what
// changed in the API between the committed slice and a new one (oasdiff's
// changelog, with levels), which operations came, went or were newly
// deprecated, which overlay actions upstream has overtaken, and what
// changes in the Go API of gen/ and client/ (apidiff on type-checked
// packages), so that a maintainer sees which calls in users' code break.
package update

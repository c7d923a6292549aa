// Package coverage ties every codespaces/* operation of the pinned upstream
// description to the typed methods of client/ that call it, as go-github
// keeps its methods tied to GitHub's description: an operation has a method,
// or a reason on spec/uncovered.yaml why it has none. Deprecated operations
// are flagged. spec/COVERAGE.md is the table, written by
// `go run ./spec/cmd/coverage` (and by `make spec-update`); the package's
// tests fail when an operation has neither a method nor a listed reason,
// when the list names an operation that is covered or unknown, and when the
// committed table is stale.
package coverage

package scenario

import (
	"context"
	"fmt"
)

// Scenario is one story told to the API, such as a codespace's life from
// creation to deletion. It fails with an error that says which step went
// wrong; the validating transport judges every exchange on the way anyway.
type Scenario struct {
	// Name is short and unique; -run selects on it, and -record names the
	// cassette after it.
	Name string
	// About says in one line what the scenario does.
	About string
	// NeedsFaults marks scenarios that inject faults: only the embedded mock
	// can, so runs against a base URL skip them.
	NeedsFaults bool
	// Run plays the scenario. What it creates it notes in the Env, and
	// deletes; the runner deletes what is left if it fails half-way.
	Run func(ctx context.Context, e *Env) error
}

// All returns every scenario, in the order a run plays them. Together they
// call each of the spec's 48 operations (mock.Implemented: all of them).
// Against a live server, those that need what the run was not given (an
// organization, leave to publish, a right the token lacks) skip, saying
// what.
func All() []Scenario {
	return []Scenario{
		{Name: "devcontainers", About: "list the repository's devcontainers, one per page and all at once", Run: devcontainers},
		{Name: "lifecycle", About: "create four ways, wait, list, machines, update, stop, start, export, delete", Run: lifecycle},
		{Name: "secrets", About: "public key, create, update, get, list, selected repositories, delete", Run: secrets},
		{Name: "org-secrets", About: "organization key, create, update, visibilities all/selected/private, selected repositories, 409, delete; a member's 403", Run: orgSecrets},
		{Name: "repo-secrets", About: "repository key, create, update, get, list, delete; 403 without write access", Run: repoSecrets},
		{Name: "org-admin", About: "a member's codespace in the organization's repository, listed, stopped and deleted by the admin; the member's 403", Run: orgAdmin},
		{Name: "org-access", About: "the deprecated access settings: disable, select, remove, add, restore, and who the pre-flight says pays", Run: orgAccess},
		{Name: "publish", About: "a codespace from the blank template, published to a new private repository; a second publish 422", Run: publish},
		{Name: "permissions", About: "the permissions check for each devcontainer, the pre-flight defaults with and without client_ip", Run: permissions},
		{Name: "pagination", About: "iterate three codespaces one page at a time", Run: pagination},
		{Name: "secret-pages", About: "page through the repository's and the organization's secrets one at a time, along Links to GitHub's id-based paths", Run: secretPages},
		{Name: "errors", About: "401 without a token, 404 across users, 422 for a value sealed with the wrong key", Run: errorAnswers},
		{Name: "faults", About: "a GET retried after 503, a create not retried after 503, Retry-After honoured", NeedsFaults: true, Run: faults},
	}
}

// SkipError ends a scenario as skipped rather than failed: the target or
// the token lacks what it needs (an organization to administer, a right,
// leave to publish). Reason is the one line the progress output shows.
type SkipError struct{ Reason string }

func (e *SkipError) Error() string { return "skipped: " + e.Reason }

// Skip returns the *SkipError a scenario returns to be skipped.
func Skip(format string, args ...any) error {
	return &SkipError{Reason: fmt.Sprintf(format, args...)}
}

// expect fails a step whose outcome is not the one documented.
func expect(ok bool, format string, args ...any) error {
	if ok {
		return nil
	}
	return fmt.Errorf(format, args...)
}

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
// call each operation the mock implements (mock.Implemented, 24 of the
// spec's 48).
func All() []Scenario {
	return []Scenario{
		{Name: "devcontainers", About: "list the repository's devcontainers, one per page and all at once", Run: devcontainers},
		{Name: "lifecycle", About: "create four ways, wait, list, machines, update, stop, start, export, delete", Run: lifecycle},
		{Name: "secrets", About: "public key, create, update, get, list, selected repositories, delete", Run: secrets},
		{Name: "pagination", About: "iterate three codespaces one page at a time", Run: pagination},
		{Name: "errors", About: "401 without a token, 404 across users, 422 for a value sealed with the wrong key", Run: errorAnswers},
		{Name: "faults", About: "a GET retried after 503, a create not retried after 503, Retry-After honoured", NeedsFaults: true, Run: faults},
	}
}

// expect fails a step whose outcome is not the one documented.
func expect(ok bool, format string, args ...any) error {
	if ok {
		return nil
	}
	return fmt.Errorf(format, args...)
}

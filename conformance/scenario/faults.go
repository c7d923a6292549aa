package scenario

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/codespaces-go/codespaces/client"
	"github.com/codespaces-go/codespaces/gen"
)

// Faults the scenario asks the mock for (X-Mock-Fault syntax): each hits the
// first matching request only, so the client's retry meets a healthy mock.
const (
	faultUnavailable = "status=503;count=1"
	faultSecondary   = "secondary-rate-limit;retry-after=1;count=1"
	secondaryWait    = time.Second
)

// faults checks the client's resilience against injected failures: a GET
// that meets a 503 is retried and succeeds; a create that meets a 503 is not
// retried and leaves no codespace behind; a secondary rate limit's
// Retry-After is waited out before the GET is retried.
func faults(ctx context.Context, e *Env) error {
	name, err := e.createInRepository(ctx, "faults")
	if err != nil {
		return err
	}

	fctx, probe := e.WithFault(ctx, faultUnavailable, http.StatusServiceUnavailable)
	if _, err := e.Client.GetCodespace(fctx, name); err != nil {
		return fmt.Errorf("get a codespace after a 503: %w", err)
	}
	if err := expect(slices.Equal(probe.Statuses(), []int{503, 200}), "a GET that met a 503 was answered %v, want [503 200]", probe.Statuses()); err != nil {
		return err
	}
	e.Logf("GET retried after 503: %v", probe.Statuses())

	if err := createUnderFault(ctx, e); err != nil {
		return err
	}

	fctx, probe = e.WithFault(ctx, faultSecondary, http.StatusForbidden)
	if _, err := client.Collect(e.Client.ListCodespaces(fctx, client.ListCodespacesOptions{})); err != nil {
		return fmt.Errorf("list codespaces after a secondary rate limit: %w", err)
	}
	xs := probe.Exchanges()
	if err := expect(len(xs) == 2 && xs[0].Status == http.StatusForbidden && xs[1].Status == http.StatusOK,
		"a GET that met a secondary rate limit was answered %v, want [403 200]", probe.Statuses()); err != nil {
		return err
	}
	waited := xs[1].Sent.Sub(xs[0].Received)
	if err := expect(waited >= secondaryWait, "the client retried %v after a secondary rate limit that said Retry-After: 1", waited); err != nil {
		return err
	}
	e.Logf("GET retried %v after a secondary rate limit", waited.Round(time.Millisecond))
	return e.deleteCodespace(ctx, name)
}

// createUnderFault creates a codespace while the mock answers 503: the
// client must send the POST once, and no codespace may come of it. A second
// create then makes exactly one.
func createUnderFault(ctx context.Context, e *Env) error {
	display := e.DisplayName("faults-create")
	req := gen.CreateCodespaceInRepositoryOptions{DisplayName: &display}
	fctx, probe := e.WithFault(ctx, faultUnavailable, http.StatusServiceUnavailable)
	res, err := e.Client.CreateCodespaceInRepository(fctx, e.Repo.Owner, e.Repo.Name, req)
	if res != nil {
		e.Created(res.Codespace.Name)
	}
	if err := expectStatus(err, http.StatusServiceUnavailable, "create a codespace under a 503"); err != nil {
		return err
	}
	if err := expect(len(probe.Exchanges()) == 1, "a create that met a 503 was sent %d times", len(probe.Exchanges())); err != nil {
		return err
	}
	if err := e.countNamed(ctx, display, 0); err != nil {
		return err
	}
	res, err = e.Client.CreateCodespaceInRepository(ctx, e.Repo.Owner, e.Repo.Name, req)
	if err != nil {
		return fmt.Errorf("create a codespace after the 503: %w", err)
	}
	e.Created(res.Codespace.Name)
	if err := e.countNamed(ctx, display, 1); err != nil {
		return err
	}
	e.Logf("create under 503 sent once; one codespace after the second try")
	return e.deleteCodespace(ctx, res.Codespace.Name)
}

// countNamed checks how many of the user's codespaces have display name.
func (e *Env) countNamed(ctx context.Context, display string, want int) error {
	list, err := client.Collect(e.Client.ListCodespaces(ctx, client.ListCodespacesOptions{}))
	if err != nil {
		return fmt.Errorf("list codespaces: %w", err)
	}
	n := 0
	for _, cs := range list {
		if cs.DisplayName != nil && *cs.DisplayName == display {
			n++
		}
	}
	return expect(n == want, "the user has %d codespaces named %s, want %d", n, display, want)
}

package scenario

import (
	"context"
	"fmt"
	"slices"

	"github.com/codespaces-go/codespaces/client"
	"github.com/codespaces-go/codespaces/gen"
)

// devcontainers lists the repository's devcontainer configurations one per
// page, following the Link header, and all at once: both must agree.
func devcontainers(ctx context.Context, e *Env) error {
	r := e.Repo
	pctx, probe := e.Observe(ctx)
	paged, err := client.Collect(e.Client.ListDevcontainers(pctx, r.Owner, r.Name, client.ListOptions{PerPage: 1}))
	if err != nil {
		return fmt.Errorf("list devcontainers one per page: %w", err)
	}
	whole, err := client.Collect(e.Client.ListDevcontainers(ctx, r.Owner, r.Name, client.ListOptions{PerPage: 100}))
	if err != nil {
		return fmt.Errorf("list devcontainers: %w", err)
	}
	e.Logf("%d devcontainers in %d pages", len(paged), len(probe.Exchanges()))
	if err := expect(len(whole) > 0, "%s/%s has no devcontainers", r.Owner, r.Name); err != nil {
		return err
	}
	paths := func(list []*gen.Devcontainer) []string {
		out := make([]string, 0, len(list))
		for _, d := range list {
			out = append(out, d.Path)
		}
		return out
	}
	if err := expect(slices.Equal(paths(paged), paths(whole)),
		"one per page the devcontainers are %q, all at once %q", paths(paged), paths(whole)); err != nil {
		return err
	}
	return expect(len(probe.Exchanges()) >= len(whole),
		"%d devcontainers came in %d pages of one", len(whole), len(probe.Exchanges()))
}

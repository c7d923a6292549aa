package scenario

import (
	"context"
	"fmt"

	"github.com/codespaces-go/codespaces/client"
	"github.com/codespaces-go/codespaces/gen"
)

// pageCodespaces is how many codespaces the pagination scenario creates: at
// one per page, three pages at least.
const pageCodespaces = 3

// pagination creates three codespaces and iterates the user's and the
// repository's lists in small pages: every codespace must come exactly once,
// the pages must be as many as the items need, and the paged list must
// agree with the list read in one page.
func pagination(ctx context.Context, e *Env) error {
	var names []string
	for i := range pageCodespaces {
		name, err := e.createInRepository(ctx, fmt.Sprintf("page-%d", i+1))
		if err != nil {
			return err
		}
		names = append(names, name)
	}
	// Listing needs no codespace to be up: the scenario does not wait.
	whole, err := client.Collect(e.Client.ListCodespaces(ctx, client.ListCodespacesOptions{ListOptions: client.ListOptions{PerPage: 100}}))
	if err != nil {
		return fmt.Errorf("list the user's codespaces: %w", err)
	}
	lists := []struct {
		what    string
		perPage int
		list    func(context.Context) ([]*gen.Codespace, error)
		want    int
	}{
		{"the user's codespaces", 1, func(ctx context.Context) ([]*gen.Codespace, error) {
			return client.Collect(e.Client.ListCodespaces(ctx, client.ListCodespacesOptions{ListOptions: client.ListOptions{PerPage: 1}}))
		}, len(whole)},
		{"the repository's codespaces", 1, func(ctx context.Context) ([]*gen.Codespace, error) {
			return client.Collect(e.Client.ListRepositoryCodespaces(ctx, e.Repo.Owner, e.Repo.Name, client.ListOptions{PerPage: 1}))
		}, -1},
	}
	for _, l := range lists {
		pctx, probe := e.Observe(ctx)
		got, err := l.list(pctx)
		if err != nil {
			return fmt.Errorf("page through %s: %w", l.what, err)
		}
		pages := len(probe.Exchanges())
		e.Logf("%s: %d in %d pages of %d", l.what, len(got), pages, l.perPage)
		if err := checkPages(l.what, got, names, pages, l.perPage); err != nil {
			return err
		}
		if err := expect(l.want < 0 || len(got) == l.want, "%s: %d one page at a time, %d all at once", l.what, len(got), l.want); err != nil {
			return err
		}
	}
	for _, name := range names {
		if err := e.deleteCodespace(ctx, name); err != nil {
			return err
		}
	}
	return nil
}

// checkPages checks a paged list: no codespace twice, each of names once,
// and enough pages for the items.
func checkPages(what string, got []*gen.Codespace, names []string, pages, perPage int) error {
	seen := map[string]int{}
	for _, cs := range got {
		seen[cs.Name]++
		if seen[cs.Name] > 1 {
			return fmt.Errorf("%s: %s came twice", what, cs.Name)
		}
	}
	for _, name := range names {
		if seen[name] != 1 {
			return fmt.Errorf("%s: %s did not come", what, name)
		}
	}
	need := (len(got) + perPage - 1) / perPage
	return expect(pages >= need, "%s: %d items came in %d pages of %d", what, len(got), pages, perPage)
}

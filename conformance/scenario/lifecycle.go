package scenario

import (
	"context"
	"fmt"
	"slices"

	"github.com/codespaces-go/codespaces/client"
	"github.com/codespaces-go/codespaces/gen"
)

// lifecycle creates a codespace each of the four ways the API offers, waits
// for them, lists them three ways, asks for machines, updates one, stops,
// starts and exports it, and deletes them all.
func lifecycle(ctx context.Context, e *Env) error {
	names, err := createFourWays(ctx, e)
	for _, name := range names {
		if name != "" {
			e.Created(name)
		}
	}
	if err != nil {
		return err
	}
	for _, name := range names {
		if err := e.waitAvailable(ctx, name); err != nil {
			return err
		}
	}
	if err := listThreeWays(ctx, e, names); err != nil {
		return err
	}
	main := names[0]
	machine, err := pickMachine(ctx, e, main)
	if err != nil {
		return err
	}
	if err := update(ctx, e, main, names[3], machine); err != nil {
		return err
	}
	if err := stopStart(ctx, e, main, machine); err != nil {
		return err
	}
	if err := export(ctx, e, main); err != nil {
		return err
	}
	for _, name := range names {
		if err := e.deleteCodespace(ctx, name); err != nil {
			return err
		}
	}
	return nil
}

// createFourWays creates codespaces in the repository, from its pull
// request, and for the user by repository ID and by pull request. It returns
// the names created so far even when a create fails.
func createFourWays(ctx context.Context, e *Env) ([]string, error) {
	r := e.Repo
	names := make([]string, 0, 4)
	created := func(how string, res *client.CreateResult, err error) error {
		if err != nil {
			return fmt.Errorf("create a codespace %s: %w", how, err)
		}
		names = append(names, res.Codespace.Name)
		e.Logf("created %s %s (%d, %s)", how, res.Codespace.Name, res.StatusCode, res.Codespace.State)
		return nil
	}

	res, err := e.Client.CreateCodespaceInRepository(ctx, r.Owner, r.Name, gen.CreateCodespaceInRepositoryOptions{
		DisplayName: ptr(e.DisplayName("lifecycle-repo")),
	})
	if err := created("in the repository", res, err); err != nil {
		return names, err
	}
	res, err = e.Client.CreateCodespaceFromPullRequest(ctx, r.Owner, r.Name, r.PullNumber, gen.CreateCodespaceFromPullRequestOptions{
		DisplayName: ptr(e.DisplayName("lifecycle-pr")),
	})
	if err := created("from the pull request", res, err); err != nil {
		return names, err
	}
	res, err = e.Client.CreateCodespace(ctx, client.CreateCodespaceRequest{Repository: &gen.CreateCodespaceForRepository{
		RepositoryID: r.ID,
		DisplayName:  ptr(e.DisplayName("lifecycle-user-repo")),
	}})
	if err := created("for the user by repository ID", res, err); err != nil {
		return names, err
	}
	// This form takes no display name; the update step gives it one.
	var fromPull gen.CreateCodespaceForPullRequest
	fromPull.PullRequest.PullRequestNumber, fromPull.PullRequest.RepositoryID = r.PullNumber, r.ID
	res, err = e.Client.CreateCodespace(ctx, client.CreateCodespaceRequest{PullRequest: &fromPull})
	if err := created("for the user by pull request", res, err); err != nil {
		return names, err
	}
	return names, nil
}

// waitAvailable waits for a new codespace to be Available.
func (e *Env) waitAvailable(ctx context.Context, name string) error {
	return e.waitAvailableBy(ctx, e.Client, name)
}

// waitAvailableBy is waitAvailable for the codespace of c's user.
func (e *Env) waitAvailableBy(ctx context.Context, c *client.Client, name string) error {
	ctx, cancel := e.WaitContext(ctx)
	defer cancel()
	opts := e.WaitOptions()
	opts.OnProgress = func(cs *gen.Codespace) { e.Logf("codespace %s is %s", cs.Name, cs.State) }
	if _, err := c.WaitForCodespace(ctx, name, opts); err != nil {
		return fmt.Errorf("wait for a new codespace: %w", err)
	}
	return nil
}

// listThreeWays finds every codespace in the user's list, the repository's
// list, and the user's list filtered by repository ID.
func listThreeWays(ctx context.Context, e *Env, names []string) error {
	r := e.Repo
	lists := []struct {
		what string
		list func() ([]*gen.Codespace, error)
	}{
		{"the user's codespaces", func() ([]*gen.Codespace, error) {
			return client.Collect(e.Client.ListCodespaces(ctx, client.ListCodespacesOptions{}))
		}},
		{"the repository's codespaces", func() ([]*gen.Codespace, error) {
			return client.Collect(e.Client.ListRepositoryCodespaces(ctx, r.Owner, r.Name, client.ListOptions{}))
		}},
		{"the user's codespaces with repository_id", func() ([]*gen.Codespace, error) {
			return client.Collect(e.Client.ListCodespaces(ctx, client.ListCodespacesOptions{RepositoryID: r.ID}))
		}},
	}
	for _, l := range lists {
		got, err := l.list()
		if err != nil {
			return fmt.Errorf("list %s: %w", l.what, err)
		}
		seen := make([]string, 0, len(got))
		for _, cs := range got {
			seen = append(seen, cs.Name)
			if l.what != "the user's codespaces" && cs.Repository.ID != r.ID {
				return fmt.Errorf("%s include %s of repository %d, not %d", l.what, cs.Name, cs.Repository.ID, r.ID)
			}
		}
		for _, name := range names {
			if !slices.Contains(seen, name) {
				return fmt.Errorf("%s do not include %s", l.what, name)
			}
		}
		e.Logf("%s: %d, all %d new ones among them", l.what, len(got), len(names))
	}
	return nil
}

// pickMachine asks for the repository's machines in the run's location and
// the codespace's machines, and picks one the codespace is not on, if there
// is one.
func pickMachine(ctx context.Context, e *Env, name string) (string, error) {
	repoMachines, err := e.Client.RepositoryMachines(ctx, e.Repo.Owner, e.Repo.Name, client.RepositoryMachinesOptions{Location: e.Location})
	if err != nil {
		return "", fmt.Errorf("list the repository's machines in %s: %w", e.Location, err)
	}
	if err := expect(len(repoMachines) > 0, "the repository offers no machines in %s", e.Location); err != nil {
		return "", err
	}
	machines, err := e.Client.CodespaceMachines(ctx, name)
	if err != nil {
		return "", fmt.Errorf("list the codespace's machines: %w", err)
	}
	if err := expect(len(machines) > 0, "codespace %s may move to no machine", name); err != nil {
		return "", err
	}
	cs, err := e.Client.GetCodespace(ctx, name)
	if err != nil {
		return "", fmt.Errorf("get codespace %s: %w", name, err)
	}
	pick := machines[0].Name
	for _, m := range machines {
		if cs.Machine == nil || m.Name != cs.Machine.Name {
			pick = m.Name
			break
		}
	}
	e.Logf("%d machines for the repository, %d for the codespace; moving to %s", len(repoMachines), len(machines), pick)
	return pick, nil
}

// update moves the main codespace to machine (from its next start) and sets
// its recent folders, and names the codespace that was created without a
// display name.
func update(ctx context.Context, e *Env, main, unnamed, machine string) error {
	folders := []string{"/workspaces/" + e.Repo.Name}
	cs, err := e.Client.UpdateCodespace(ctx, main, gen.UpdateCodespaceOptions{Machine: &machine, RecentFolders: &folders})
	if err != nil {
		return fmt.Errorf("update codespace %s: %w", main, err)
	}
	if err := expect(slices.Equal(cs.RecentFolders, folders), "the update answered recent folders %q, not %q", cs.RecentFolders, folders); err != nil {
		return err
	}
	display := e.DisplayName("lifecycle-user-pr")
	cs, err = e.Client.UpdateCodespace(ctx, unnamed, gen.UpdateCodespaceOptions{DisplayName: &display})
	if err != nil {
		return fmt.Errorf("name codespace %s: %w", unnamed, err)
	}
	return expect(cs.DisplayName != nil && *cs.DisplayName == display, "the update answered display name %v, not %q", deref(cs.DisplayName), display)
}

// stopStart stops the codespace and starts it again, on its new machine.
func stopStart(ctx context.Context, e *Env, name, machine string) error {
	wctx, cancel := e.WaitContext(ctx)
	cs, err := e.Client.StopCodespaceAndWait(wctx, name, e.ActionWaitOptions())
	cancel()
	if err != nil {
		return fmt.Errorf("stop codespace %s: %w", name, err)
	}
	e.Logf("codespace %s stopped: %s", name, cs.State)
	wctx, cancel = e.WaitContext(ctx)
	cs, err = e.Client.StartCodespaceAndWait(wctx, name, e.ActionWaitOptions())
	cancel()
	if err != nil {
		return fmt.Errorf("start codespace %s: %w", name, err)
	}
	e.Logf("codespace %s started: %s", name, cs.State)
	return expect(cs.Machine != nil && cs.Machine.Name == machine,
		"codespace %s started on machine %v, not on %s chosen by the update", name, machineName(cs), machine)
}

// export exports the codespace's changes to a branch, waits for it, and
// reads the export back by ID and as "latest".
func export(ctx context.Context, e *Env, name string) error {
	wctx, cancel := e.WaitContext(ctx)
	done, err := e.Client.ExportCodespaceAndWait(wctx, name, e.ExportWaitOptions())
	cancel()
	if err != nil {
		return fmt.Errorf("export codespace %s: %w", name, err)
	}
	if err := expect(done.ID != nil && done.Branch != nil && done.Sha != nil,
		"the finished export lacks its id, branch or sha"); err != nil {
		return err
	}
	e.Logf("export %s of %s: branch %s at %s", *done.ID, name, *done.Branch, *done.Sha)
	for _, id := range []string{*done.ID, "latest"} {
		got, err := e.Client.GetExport(ctx, name, id)
		if err != nil {
			return fmt.Errorf("get export %s of codespace %s: %w", id, name, err)
		}
		if err := expect(got.ID != nil && *got.ID == *done.ID, "export %s is export %v, not %s", id, deref(got.ID), *done.ID); err != nil {
			return err
		}
	}
	return nil
}

// createInRepository creates a codespace in the run's repository, with a
// display name tagged tag, and notes it for the clean-up.
func (e *Env) createInRepository(ctx context.Context, tag string) (string, error) {
	display := e.DisplayName(tag)
	res, err := e.Client.CreateCodespaceInRepository(ctx, e.Repo.Owner, e.Repo.Name, gen.CreateCodespaceInRepositoryOptions{DisplayName: &display})
	if err != nil {
		return "", fmt.Errorf("create codespace %s: %w", display, err)
	}
	e.Created(res.Codespace.Name)
	return res.Codespace.Name, nil
}

// deleteCodespace deletes a codespace and waits until it answers 404.
func (e *Env) deleteCodespace(ctx context.Context, name string) error {
	if err := e.Client.DeleteCodespace(ctx, name); err != nil {
		return fmt.Errorf("delete codespace %s: %w", name, err)
	}
	if err := e.waitGone(ctx, name); err != nil {
		return err
	}
	e.Deleted(name)
	return nil
}

func ptr[T any](v T) *T { return &v }

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

func machineName(cs *gen.Codespace) any {
	if cs.Machine == nil {
		return nil
	}
	return cs.Machine.Name
}

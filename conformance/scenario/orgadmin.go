package scenario

import (
	"context"
	"fmt"
	"net/http"
	"slices"

	"github.com/codespaces-go/codespaces/client"
	"github.com/codespaces-go/codespaces/gen"
)

// orgAdmin is an organization admin's view of a member's codespace: the
// member makes one in the organization's repository; the organization's
// list and the member's list show it; the admin stops and deletes it (202)
// and the member sees it gone. The member is refused the organization's
// list (403: the endpoints are for admins). Without a second token (live),
// the admin plays the member with a codespace of their own.
func orgAdmin(ctx context.Context, e *Env) error {
	if err := e.needsOrg(); err != nil {
		return err
	}
	o := e.Org
	_, err := client.Collect(e.Client.ListOrgCodespaces(ctx, o.Login, client.ListOptions{}))
	if err := e.needsRight(err, "the organization's codespaces are for an admin of "+o.Login+" with a token with admin:org"); err != nil {
		return err
	}
	member, kind := e.Second, kindMemberCodespace
	if member == nil {
		member, kind = e.Client, kindCodespace
	} else {
		_, err := client.Collect(e.Second.ListOrgCodespaces(ctx, o.Login, client.ListOptions{}))
		if err := e.expectRefused(err, http.StatusForbidden, "list "+o.Login+"'s codespaces as a member"); err != nil {
			return err
		}
		e.Logf("a member is refused the organization's codespaces")
	}
	res, err := member.CreateCodespaceInRepository(ctx, o.Login, o.Repo, gen.CreateCodespaceInRepositoryOptions{DisplayName: ptr(e.DisplayName("org-admin"))})
	if err != nil {
		return fmt.Errorf("create a member's codespace in %s/%s: %w", o.Login, o.Repo, err)
	}
	name, username := res.Codespace.Name, res.Codespace.Owner.Login
	e.ledger.add(kind, name)
	if err := e.waitAvailableBy(ctx, member, name); err != nil {
		return err
	}
	if err := e.orgListed(ctx, username, name); err != nil {
		return err
	}
	cs, err := e.Client.StopMemberCodespace(ctx, o.Login, username, name)
	if err != nil {
		return fmt.Errorf("stop %s's codespace %s as the admin of %s: %w", username, name, o.Login, err)
	}
	// GitHub queues a stop first and answers while the codespace is Queued
	// (microsoft/PowerShellForGitHub's "Available > Queued > ShuttingDown >
	// ShutDown", GitHubCodespaces.ps1 at 9ec863b14277a524aa8f2931b742bb3dfed10d5a).
	stopping := []gen.CodespaceState{gen.CodespaceStateQueued, gen.CodespaceStateShuttingDown, gen.CodespaceStateShutdown}
	if err := expect(slices.Contains(stopping, cs.State), "the admin's stop answered codespace %s %s, not shutting down", name, cs.State); err != nil {
		return err
	}
	e.Logf("the admin of %s stopped %s's codespace %s: %s", o.Login, username, name, cs.State)
	if err := e.Client.DeleteMemberCodespace(ctx, o.Login, username, name); err != nil {
		return fmt.Errorf("delete %s's codespace %s as the admin of %s: %w", username, name, o.Login, err)
	}
	if err := e.waitGoneBy(ctx, member, name); err != nil {
		return err
	}
	e.ledger.remove(kind, name)
	e.Logf("the admin of %s deleted %s's codespace %s: 404 to its user", o.Login, username, name)
	return nil
}

// orgListed checks that the organization's codespaces, and the member's
// among them, include name.
func (e *Env) orgListed(ctx context.Context, username, name string) error {
	o := e.Org
	lists := []struct {
		what string
		list func() ([]*gen.Codespace, error)
	}{
		{"the organization's codespaces", func() ([]*gen.Codespace, error) {
			return client.Collect(e.Client.ListOrgCodespaces(ctx, o.Login, client.ListOptions{}))
		}},
		{username + "'s codespaces in the organization", func() ([]*gen.Codespace, error) {
			return client.Collect(e.Client.ListMemberCodespaces(ctx, o.Login, username, client.ListOptions{}))
		}},
	}
	for _, l := range lists {
		got, err := l.list()
		if err != nil {
			return fmt.Errorf("list %s: %w", l.what, err)
		}
		if !slices.ContainsFunc(got, func(cs *gen.Codespace) bool { return cs.Name == name }) {
			// Live, an organization lists only the codespaces it pays for.
			return fmt.Errorf("%s (%d) do not include %s, made in %s/%s (does %s pay for its members' codespaces?)", l.what, len(got), name, o.Login, o.Repo, o.Login)
		}
		e.Logf("%s: %d, %s among them", l.what, len(got), name)
	}
	return nil
}

package scenario

import (
	"context"
	"fmt"
	"strings"

	"github.com/codespaces-go/codespaces/client"
	"github.com/codespaces-go/codespaces/gen"
)

// orgAccess calls the organization's access operations, which GitHub's
// description marks deprecated and still serves: it disables codespaces
// the organization pays for, selects the member, removes and adds them
// again, and sets the setting the organization had back (deferred, so a
// failure restores it too). After each change the member's pre-flight for
// the organization's repository says who would pay: the organization when
// the setting enables the member, else the member. Against the mock that is
// checked; live it is logged, since who pays depends on the organization's
// plan.
func orgAccess(ctx context.Context, e *Env) (err error) {
	if err := e.needsOrg(); err != nil {
		return err
	}
	o := e.Org
	if o.Access == "" {
		return Skip("the access operations change who may create codespaces %s pays for, and the API cannot read the setting back: pass -org-access with its current setting, which the run restores", o.Login)
	}
	member := e.Second
	if member == nil {
		member = e.Client
	}
	set := func(access gen.SetOrgCodespacesAccessRequest) error {
		//lint:ignore SA1019 deprecated upstream, still served: the runner calls every operation
		return e.Client.SetOrgCodespacesAccess(ctx, o.Login, access)
	}
	if err := set(gen.SetOrgCodespacesAccessRequest{Visibility: gen.OrgCodespacesAccessVisibilityDisabled}); err != nil {
		return e.needsRight(err, "the access settings are for an admin of "+o.Login+" with a token with admin:org")
	}
	defer func() {
		if restore := set(gen.SetOrgCodespacesAccessRequest{Visibility: gen.OrgCodespacesAccessVisibility(o.Access)}); restore != nil && err == nil {
			err = fmt.Errorf("set %s's codespaces access back to %s: %w", o.Login, o.Access, restore)
		}
	}()
	username, err := e.billedTo(ctx, member, "")
	if err != nil {
		return err
	}
	users := []string{username}
	steps := []struct {
		what string
		do   func() error
		paid string // who pays with the new setting
	}{
		{"select " + username, func() error {
			return set(gen.SetOrgCodespacesAccessRequest{Visibility: gen.OrgCodespacesAccessVisibilitySelectedMembers, SelectedUsernames: &users})
		}, o.Login},
		//lint:ignore SA1019 deprecated upstream, still served: the runner calls every operation
		{"remove " + username, func() error { return e.Client.RemoveOrgCodespacesAccessUsers(ctx, o.Login, users) }, username},
		//lint:ignore SA1019 deprecated upstream, still served: the runner calls every operation
		{"add " + username, func() error { return e.Client.AddOrgCodespacesAccessUsers(ctx, o.Login, users) }, o.Login},
	}
	for _, s := range steps {
		if err := s.do(); err != nil {
			return fmt.Errorf("%s in %s's codespaces access: %w", s.what, o.Login, err)
		}
		if _, err := e.billedTo(ctx, member, s.paid); err != nil {
			return fmt.Errorf("after %s: %w", s.what, err)
		}
	}
	return nil
}

// billedTo asks the pre-flight who would pay for the member's codespace in
// the organization's repository, and checks (against the mock) that it is
// want, or, with want empty, not the organization: the member themselves,
// whose login it returns.
func (e *Env) billedTo(ctx context.Context, member *client.Client, want string) (string, error) {
	o := e.Org
	d, err := member.CodespaceDefaults(ctx, o.Login, o.Repo, client.CodespaceDefaultsOptions{})
	if err != nil {
		return "", fmt.Errorf("ask for the defaults of a codespace in %s/%s: %w", o.Login, o.Repo, err)
	}
	if d.BillableOwner == nil {
		return "", fmt.Errorf("the defaults of a codespace in %s/%s name no billable owner", o.Login, o.Repo)
	}
	got := d.BillableOwner.Login
	e.Logf("a member's codespace in %s/%s would be billed to %s", o.Login, o.Repo, got)
	switch {
	case !e.Embedded:
	case want == "" && strings.EqualFold(got, o.Login):
		return "", fmt.Errorf("with codespaces disabled, %s still pays for a member's codespace", o.Login)
	case want != "" && !strings.EqualFold(got, want):
		return "", fmt.Errorf("a member's codespace in %s/%s would be billed to %s, not %s", o.Login, o.Repo, got, want)
	}
	return got, nil
}

package client

import (
	"context"
	"errors"
	"net/http"

	"github.com/codespaces-go/codespaces/gen"
)

const (
	opSetOrgCodespacesAccess         = "codespaces/set-codespaces-access"
	opAddOrgCodespacesAccessUsers    = "codespaces/set-codespaces-access-users"
	opRemoveOrgCodespacesAccessUsers = "codespaces/delete-codespaces-access-users"
)

// GitHub's description marks the three access-control operations deprecated
// and names no API to use instead. GitHub's docs have organization owners
// choose who may use codespaces in the organization's repositories, and who
// pays, in the organization's settings: "Enabling or disabling GitHub
// Codespaces for your organization" and "Choosing who owns and pays for
// codespaces in your organization"
// (docs.github.com/codespaces/managing-codespaces-for-your-organization).

// SetOrgCodespacesAccess sets which users may use codespaces billed to the
// organization: req.Visibility (disabled, selected_members, all_members or
// all_members_and_outside_collaborators) and, with selected_members,
// req.SelectedUsernames, which replace the earlier selection.
//
// Deprecated: GitHub has deprecated this operation without an API to
// replace it; organization owners set Codespaces access in the
// organization's settings (Settings > Codespaces > General), see
// https://docs.github.com/codespaces/managing-codespaces-for-your-organization/enabling-or-disabling-github-codespaces-for-your-organization.
func (c *Client) SetOrgCodespacesAccess(ctx context.Context, org string, req gen.SetOrgCodespacesAccessRequest, callOpts ...CallOption) error {
	if err := requireNames(opSetOrgCodespacesAccess, orgParam(org)); err != nil {
		return err
	}
	if req.Visibility == "" {
		return errors.New(opSetOrgCodespacesAccess + ": the visibility is required: disabled, selected_members, all_members or all_members_and_outside_collaborators")
	}
	ctx, cl := c.begin(ctx, opSetOrgCodespacesAccess, callOpts)
	resp, err := c.raw().CodespacesSetCodespacesAccess(ctx, org, req, cl.editors...)
	_, err = cl.noContent(resp, err)
	return err
}

// AddOrgCodespacesAccessUsers bills the users' codespaces to the
// organization. GitHub allows it only while the organization's access is
// selected_members.
//
// Deprecated: GitHub has deprecated this operation without an API to
// replace it; organization owners choose the members in the organization's
// settings (Settings > Codespaces > General), see
// https://docs.github.com/codespaces/managing-codespaces-for-your-organization/enabling-or-disabling-github-codespaces-for-your-organization.
func (c *Client) AddOrgCodespacesAccessUsers(ctx context.Context, org string, usernames []string, callOpts ...CallOption) error {
	return c.changeAccessUsers(ctx, opAddOrgCodespacesAccessUsers, org, usernames, callOpts, func(ctx context.Context, cl *call) (*http.Response, error) {
		body := gen.CodespacesSetCodespacesAccessUsersJSONRequestBody{SelectedUsernames: usernames}
		return c.raw().CodespacesSetCodespacesAccessUsers(ctx, org, body, cl.editors...)
	})
}

// RemoveOrgCodespacesAccessUsers stops billing the users' codespaces to the
// organization. GitHub allows it only while the organization's access is
// selected_members.
//
// Deprecated: GitHub has deprecated this operation without an API to
// replace it; organization owners choose the members in the organization's
// settings (Settings > Codespaces > General), see
// https://docs.github.com/codespaces/managing-codespaces-for-your-organization/enabling-or-disabling-github-codespaces-for-your-organization.
func (c *Client) RemoveOrgCodespacesAccessUsers(ctx context.Context, org string, usernames []string, callOpts ...CallOption) error {
	return c.changeAccessUsers(ctx, opRemoveOrgCodespacesAccessUsers, org, usernames, callOpts, func(ctx context.Context, cl *call) (*http.Response, error) {
		body := gen.CodespacesDeleteCodespacesAccessUsersJSONRequestBody{SelectedUsernames: usernames}
		return c.raw().CodespacesDeleteCodespacesAccessUsers(ctx, org, body, cl.editors...)
	})
}

// changeAccessUsers adds or removes users, whose bodies differ only in type.
func (c *Client) changeAccessUsers(ctx context.Context, op, org string, usernames []string, opts []CallOption,
	send func(context.Context, *call) (*http.Response, error)) error {
	if err := requireUsernames(op, org, usernames); err != nil {
		return err
	}
	ctx, cl := c.begin(ctx, op, opts)
	_, err := cl.noContent(send(ctx, cl))
	return err
}

// requireUsernames refuses an empty organization, no usernames (a request
// that could change nothing), or an empty one among them.
func requireUsernames(op, org string, usernames []string) error {
	if err := requireNames(op, orgParam(org)); err != nil {
		return err
	}
	if len(usernames) == 0 {
		return errors.New(op + ": no usernames given")
	}
	for _, u := range usernames {
		if err := requireNames(op, userParam(u)); err != nil {
			return err
		}
	}
	return nil
}

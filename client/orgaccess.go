package client

import (
	"context"
	"errors"

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

// OrgCodespacesAccess says which users may use codespaces billed to the
// organization: Visibility (disabled, selected_members, all_members or
// all_members_and_outside_collaborators) and, with selected_members, the
// SelectedUsernames, which replace the earlier selection.
type OrgCodespacesAccess = gen.CodespacesSetCodespacesAccessJSONRequestBody

// SetOrgCodespacesAccess sets which users may use codespaces billed to the
// organization.
//
// Deprecated: GitHub has deprecated this operation without an API to
// replace it; organization owners set Codespaces access in the
// organization's settings (Settings > Codespaces > General), see
// https://docs.github.com/codespaces/managing-codespaces-for-your-organization/enabling-or-disabling-github-codespaces-for-your-organization.
func (c *Client) SetOrgCodespacesAccess(ctx context.Context, org string, access OrgCodespacesAccess, opts ...CallOption) error {
	if err := requireNames(opSetOrgCodespacesAccess, "organization", org); err != nil {
		return err
	}
	if access.Visibility == "" {
		return errors.New(opSetOrgCodespacesAccess + ": the visibility is required: disabled, selected_members, all_members or all_members_and_outside_collaborators")
	}
	ctx, cl := c.begin(ctx, opSetOrgCodespacesAccess, opts)
	resp, err := c.raw().CodespacesSetCodespacesAccess(ctx, org, access, cl.editors...)
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
func (c *Client) AddOrgCodespacesAccessUsers(ctx context.Context, org string, usernames []string, opts ...CallOption) error {
	if err := requireUsernames(opAddOrgCodespacesAccessUsers, org, usernames); err != nil {
		return err
	}
	ctx, cl := c.begin(ctx, opAddOrgCodespacesAccessUsers, opts)
	resp, err := c.raw().CodespacesSetCodespacesAccessUsers(ctx, org, gen.CodespacesSetCodespacesAccessUsersJSONRequestBody{SelectedUsernames: usernames}, cl.editors...)
	_, err = cl.noContent(resp, err)
	return err
}

// RemoveOrgCodespacesAccessUsers stops billing the users' codespaces to the
// organization. GitHub allows it only while the organization's access is
// selected_members.
//
// Deprecated: GitHub has deprecated this operation without an API to
// replace it; organization owners choose the members in the organization's
// settings (Settings > Codespaces > General), see
// https://docs.github.com/codespaces/managing-codespaces-for-your-organization/enabling-or-disabling-github-codespaces-for-your-organization.
func (c *Client) RemoveOrgCodespacesAccessUsers(ctx context.Context, org string, usernames []string, opts ...CallOption) error {
	if err := requireUsernames(opRemoveOrgCodespacesAccessUsers, org, usernames); err != nil {
		return err
	}
	ctx, cl := c.begin(ctx, opRemoveOrgCodespacesAccessUsers, opts)
	resp, err := c.raw().CodespacesDeleteCodespacesAccessUsers(ctx, org, gen.CodespacesDeleteCodespacesAccessUsersJSONRequestBody{SelectedUsernames: usernames}, cl.editors...)
	_, err = cl.noContent(resp, err)
	return err
}

// requireUsernames refuses an empty organization, no usernames (a request
// that could change nothing), or an empty one among them.
func requireUsernames(op, org string, usernames []string) error {
	if err := requireNames(op, "organization", org); err != nil {
		return err
	}
	if len(usernames) == 0 {
		return errors.New(op + ": no usernames given")
	}
	for _, u := range usernames {
		if err := requireNames(op, "username", u); err != nil {
			return err
		}
	}
	return nil
}

package client

import (
	"context"
	"iter"
	"net/http"

	"github.com/codespaces-go/codespaces/gen"
)

const (
	opListOrgCodespaces     = "codespaces/list-in-organization"
	opListMemberCodespaces  = "codespaces/get-codespaces-for-user-in-org"
	opStopMemberCodespace   = "codespaces/stop-in-organization"
	opDeleteMemberCodespace = "codespaces/delete-from-organization"
)

// The organization's codespaces are for its admins: GitHub answers anyone
// else with 403 (a member) or 404 (not visible to them), and a token without
// the admin:org scope with 403; the *APIError says which scope or permission
// the token lacked when GitHub's answer tells.

// ListOrgCodespaces returns the codespaces of the organization's members
// for its repositories, page by page as ListCodespaces does.
func (c *Client) ListOrgCodespaces(ctx context.Context, org string, opts ListOptions, callOpts ...CallOption) iter.Seq2[*gen.Codespace, error] {
	return itemsOf(c.ListOrgCodespacesPages(ctx, org, opts, callOpts...))
}

// ListOrgCodespacesPages is ListOrgCodespaces a page at a time.
func (c *Client) ListOrgCodespacesPages(ctx context.Context, org string, opts ListOptions, callOpts ...CallOption) iter.Seq2[*Page[gen.Codespace], error] {
	if err := requireNames(opListOrgCodespaces, orgParam(org)); err != nil {
		return failed[Page[gen.Codespace]](err)
	}
	params := &gen.CodespacesListInOrganizationParams{PerPage: nonZero(opts.PerPage), Page: nonZero(opts.Page)}
	return paginate(ctx, c, opListOrgCodespaces, opts, callOpts, func(ctx context.Context, cl *call) (*http.Response, error) {
		return c.raw().CodespacesListInOrganization(ctx, org, params, cl.editors...)
	}, (*codespaceList).page, codespaceID)
}

// ListMemberCodespaces returns the codespaces a member of the organization
// has for its repositories, page by page as ListCodespaces does.
func (c *Client) ListMemberCodespaces(ctx context.Context, org, username string, opts ListOptions, callOpts ...CallOption) iter.Seq2[*gen.Codespace, error] {
	return itemsOf(c.ListMemberCodespacesPages(ctx, org, username, opts, callOpts...))
}

// ListMemberCodespacesPages is ListMemberCodespaces a page at a time.
func (c *Client) ListMemberCodespacesPages(ctx context.Context, org, username string, opts ListOptions, callOpts ...CallOption) iter.Seq2[*Page[gen.Codespace], error] {
	if err := requireNames(opListMemberCodespaces, orgParam(org), userParam(username)); err != nil {
		return failed[Page[gen.Codespace]](err)
	}
	params := &gen.CodespacesGetCodespacesForUserInOrgParams{PerPage: nonZero(opts.PerPage), Page: nonZero(opts.Page)}
	return paginate(ctx, c, opListMemberCodespaces, opts, callOpts, func(ctx context.Context, cl *call) (*http.Response, error) {
		return c.raw().CodespacesGetCodespacesForUserInOrg(ctx, org, username, params, cl.editors...)
	}, (*codespaceList).page, codespaceID)
}

// StopMemberCodespace stops a member's codespace and returns it as GitHub
// answered. Like StopCodespace, it is retried when that is safe: asking
// twice leaves it stopped.
func (c *Client) StopMemberCodespace(ctx context.Context, org, username, name string, callOpts ...CallOption) (*gen.Codespace, error) {
	if err := requireNames(opStopMemberCodespace, orgParam(org), userParam(username), codespaceParam(name)); err != nil {
		return nil, err
	}
	ctx, cl := c.begin(ctx, opStopMemberCodespace, callOpts)
	resp, err := c.raw().CodespacesStopInOrganization(ctx, org, username, name, cl.editors...)
	return decodeCodespace(cl, resp, err)
}

// DeleteMemberCodespace deletes a member's codespace. GitHub accepts the
// deletion (202) and carries it out in the background.
func (c *Client) DeleteMemberCodespace(ctx context.Context, org, username, name string, callOpts ...CallOption) error {
	if err := requireNames(opDeleteMemberCodespace, orgParam(org), userParam(username), codespaceParam(name)); err != nil {
		return err
	}
	ctx, cl := c.begin(ctx, opDeleteMemberCodespace, callOpts)
	resp, err := c.raw().CodespacesDeleteFromOrganization(ctx, org, username, name, cl.editors...)
	return cl.deleted(resp, err)
}

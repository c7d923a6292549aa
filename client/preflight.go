package client

import (
	"context"

	"github.com/codespaces-go/codespaces/gen"
)

const (
	opCheckDevcontainerPermissions = "codespaces/check-permissions-for-devcontainer"
	opCodespaceDefaults            = "codespaces/pre-flight-with-repo-for-authenticated-user"
)

// What GitHub would do before a codespace of a repository is created: whether
// the devcontainer's permissions are accepted, and the defaults a create
// would use.

// DevcontainerPermissionsAccepted reports whether the authenticated user has
// accepted the permissions that the devcontainer configuration at
// devcontainerPath on ref (a branch, typically "heads/BRANCH") of owner/repo
// asks for. GitHub's description requires both ref and devcontainerPath.
func (c *Client) DevcontainerPermissionsAccepted(ctx context.Context, owner, repo, ref, devcontainerPath string, callOpts ...CallOption) (bool, error) {
	if err := requireNames(opCheckDevcontainerPermissions, ownerParam(owner), repoParam(repo), refParam(ref), devcontainerPathParam(devcontainerPath)); err != nil {
		return false, err
	}
	params := &gen.CodespacesCheckPermissionsForDevcontainerParams{Ref: ref, DevcontainerPath: devcontainerPath}
	ctx, cl := c.begin(ctx, opCheckDevcontainerPermissions, callOpts)
	resp, err := c.raw().CodespacesCheckPermissionsForDevcontainer(ctx, owner, repo, params, cl.editors...)
	check, _, err := decode[gen.CodespacesPermissionsCheckForDevcontainer](cl, resp, err)
	if err != nil {
		return false, err
	}
	return check.Accepted, nil
}

// CodespaceDefaultsOptions shapes CodespaceDefaults; empty fields are not
// sent.
type CodespaceDefaultsOptions struct {
	// Ref is the branch or commit whose default devcontainer counts; GitHub
	// checks the default branch without it.
	Ref string
	// ClientIP is the end user's IP, for the default location's detection
	// when the caller is a proxy.
	ClientIP string
}

// CodespaceDefaultsResult is what a create in the repository would use.
type CodespaceDefaultsResult struct {
	// BillableOwner is who would pay for the codespace: the organization, or
	// the user. Nil if GitHub does not say.
	BillableOwner *gen.SimpleUser
	// Location is the default location, such as "WestUs2"; empty if GitHub
	// sends no defaults.
	Location string
	// DevcontainerPath is the default devcontainer configuration, nil when
	// the repository has none (GitHub then uses its default image).
	DevcontainerPath *string
}

// CodespaceDefaults returns the billable owner, default location and default
// devcontainer of a codespace the user would create in owner/repo (GitHub's
// pre-flight, GET /repos/{owner}/{repo}/codespaces/new).
func (c *Client) CodespaceDefaults(ctx context.Context, owner, repo string, opts CodespaceDefaultsOptions, callOpts ...CallOption) (*CodespaceDefaultsResult, error) {
	if err := requireNames(opCodespaceDefaults, ownerParam(owner), repoParam(repo)); err != nil {
		return nil, err
	}
	params := &gen.CodespacesPreFlightWithRepoForAuthenticatedUserParams{Ref: optional(opts.Ref), ClientIP: optional(opts.ClientIP)}
	ctx, cl := c.begin(ctx, opCodespaceDefaults, callOpts)
	resp, err := c.raw().CodespacesPreFlightWithRepoForAuthenticatedUser(ctx, owner, repo, params, cl.editors...)
	pf, _, err := decode[preflight](cl, resp, err)
	if err != nil {
		return nil, err
	}
	res := &CodespaceDefaultsResult{BillableOwner: pf.BillableOwner}
	if pf.Defaults != nil {
		res.Location, res.DevcontainerPath = pf.Defaults.Location, pf.Defaults.DevcontainerPath
	}
	return res, nil
}

// preflight is the pre-flight's answer, which the spec describes inline.
type preflight struct {
	BillableOwner *gen.SimpleUser `json:"billable_owner,omitempty"`
	Defaults      *struct {
		DevcontainerPath *string `json:"devcontainer_path"`
		Location         string  `json:"location"`
	} `json:"defaults,omitempty"`
}

package client

import (
	"context"
	"errors"
	"net/http"

	"github.com/codespaces-go/codespaces/gen"
)

// Operation IDs, as in the spec; errors name the operation with them.
const (
	opListCodespaces           = "codespaces/list-for-authenticated-user"
	opListRepositoryCodespaces = "codespaces/list-in-repository-for-authenticated-user"
	opCreateCodespace          = "codespaces/create-for-authenticated-user"
	opCreateInRepository       = "codespaces/create-with-repo-for-authenticated-user"
	opCreateFromPullRequest    = "codespaces/create-with-pr-for-authenticated-user"
	opGetCodespace             = "codespaces/get-for-authenticated-user"
	opUpdateCodespace          = "codespaces/update-for-authenticated-user"
	opDeleteCodespace          = "codespaces/delete-for-authenticated-user"
	opStartCodespace           = "codespaces/start-for-authenticated-user"
	opStopCodespace            = "codespaces/stop-for-authenticated-user"
	opExportCodespace          = "codespaces/export-for-authenticated-user"
	opGetExport                = "codespaces/get-export-details-for-authenticated-user"
	opCodespaceMachines        = "codespaces/codespace-machines-for-authenticated-user"
	opRepositoryMachines       = "codespaces/repo-machines-for-authenticated-user"
	opListDevcontainers        = "codespaces/list-devcontainers-in-repository-for-authenticated-user"
)

// CreateResult is the answer to a create call.
type CreateResult struct {
	// Codespace is the codespace the answer carried.
	Codespace *gen.Codespace
	// RetryingInBackground is true for a 202: creating the codespace partly
	// failed and GitHub retries it in the background. The codespace exists
	// either way; wait for it (see WaitForCodespace) before using it.
	RetryingInBackground bool
	// StatusCode is the answer's status: 201 or 202.
	StatusCode int
}

// CreateCodespaceRequest says what to create a codespace for the
// authenticated user from: set exactly one of Repository and PullRequest.
type CreateCodespaceRequest struct {
	Repository  *gen.CreateCodespaceForRepository
	PullRequest *gen.CreateCodespaceForPullRequest
}

// The request bodies of the other calls are the spec's, under names that read
// at the call site; every field is optional.
type (
	// CreateCodespaceInRepositoryOptions shapes CreateCodespaceInRepository:
	// ref, machine, geo, devcontainer path and more.
	CreateCodespaceInRepositoryOptions = gen.CodespacesCreateWithRepoForAuthenticatedUserJSONRequestBody
	// CreateCodespaceFromPullRequestOptions shapes
	// CreateCodespaceFromPullRequest.
	CreateCodespaceFromPullRequestOptions = gen.CodespacesCreateWithPrForAuthenticatedUserJSONRequestBody
	// UpdateCodespaceOptions says what UpdateCodespace changes: machine type,
	// display name, recent folders. Nil fields are left as they are.
	UpdateCodespaceOptions = gen.CodespacesUpdateForAuthenticatedUserJSONRequestBody
)

// RepositoryMachinesOptions narrows RepositoryMachines; empty fields are not
// sent, and GitHub then assigns the location by the caller's IP and checks
// the default branch.
type RepositoryMachinesOptions struct {
	// Location is where the codespace would run, such as "WestUs2".
	Location string
	// ClientIP is the end user's IP, for the location's auto-detection when
	// the caller is a proxy.
	ClientIP string
	// Ref is the branch or commit whose prebuild availability and
	// devcontainer restrictions count.
	Ref string
}

// GetCodespace returns one of the user's codespaces.
func (c *Client) GetCodespace(ctx context.Context, name string) (*gen.Codespace, error) {
	if err := requireNames(opGetCodespace, "codespace name", name); err != nil {
		return nil, err
	}
	resp, err := c.raw().CodespacesGetForAuthenticatedUser(ctx, name)
	return decodeCodespace(c, opGetCodespace, resp, err)
}

// CreateCodespace creates a codespace for the authenticated user, in a
// repository or for a pull request.
//
// It is never retried automatically (a retry after a lost answer could create
// a second codespace): on an error, list the user's codespaces to learn
// whether it was created before trying again.
func (c *Client) CreateCodespace(ctx context.Context, req CreateCodespaceRequest) (*CreateResult, error) {
	var body gen.CreateCodespaceRequest
	var err error
	switch {
	case (req.Repository == nil) == (req.PullRequest == nil):
		return nil, errors.New(opCreateCodespace + ": set exactly one of Repository and PullRequest")
	case req.Repository != nil:
		err = body.FromCreateCodespaceForRepository(*req.Repository)
	default:
		err = body.FromCreateCodespaceForPullRequest(*req.PullRequest)
	}
	if err != nil {
		return nil, errors.Join(errors.New(opCreateCodespace+": cannot encode the request"), err)
	}
	resp, err := c.raw().CodespacesCreateForAuthenticatedUser(ctx, body)
	return decodeCreated(c, opCreateCodespace, resp, err)
}

// CreateCodespaceInRepository creates a codespace for the authenticated user
// in the repository owner/repo. Like CreateCodespace, it is never retried
// automatically.
func (c *Client) CreateCodespaceInRepository(ctx context.Context, owner, repo string, opts CreateCodespaceInRepositoryOptions) (*CreateResult, error) {
	if err := requireNames(opCreateInRepository, "owner", owner, "repository name", repo); err != nil {
		return nil, err
	}
	resp, err := c.raw().CodespacesCreateWithRepoForAuthenticatedUser(ctx, owner, repo, opts)
	return decodeCreated(c, opCreateInRepository, resp, err)
}

// CreateCodespaceFromPullRequest creates a codespace for the authenticated
// user for pull request number of owner/repo. Like CreateCodespace, it is
// never retried automatically.
func (c *Client) CreateCodespaceFromPullRequest(ctx context.Context, owner, repo string, number int, opts CreateCodespaceFromPullRequestOptions) (*CreateResult, error) {
	if err := requireNames(opCreateFromPullRequest, "owner", owner, "repository name", repo); err != nil {
		return nil, err
	}
	resp, err := c.raw().CodespacesCreateWithPrForAuthenticatedUser(ctx, owner, repo, number, opts)
	return decodeCreated(c, opCreateFromPullRequest, resp, err)
}

// UpdateCodespace changes a codespace's machine type, display name or recent
// folders; a new machine type takes effect at the next start.
func (c *Client) UpdateCodespace(ctx context.Context, name string, opts UpdateCodespaceOptions) (*gen.Codespace, error) {
	if err := requireNames(opUpdateCodespace, "codespace name", name); err != nil {
		return nil, err
	}
	resp, err := c.raw().CodespacesUpdateForAuthenticatedUser(ctx, name, opts)
	return decodeCodespace(c, opUpdateCodespace, resp, err)
}

// DeleteCodespace deletes a codespace. GitHub accepts the deletion (202) and
// carries it out in the background.
func (c *Client) DeleteCodespace(ctx context.Context, name string) error {
	if err := requireNames(opDeleteCodespace, "codespace name", name); err != nil {
		return err
	}
	resp, err := c.raw().CodespacesDeleteForAuthenticatedUser(ctx, name)
	_, err = c.noContent(opDeleteCodespace, resp, err)
	return err
}

// StartCodespace starts a stopped codespace and returns it as GitHub
// answered, usually still Starting; see StartCodespaceAndWait.
func (c *Client) StartCodespace(ctx context.Context, name string) (*gen.Codespace, error) {
	if err := requireNames(opStartCodespace, "codespace name", name); err != nil {
		return nil, err
	}
	resp, err := c.raw().CodespacesStartForAuthenticatedUser(ctx, name)
	return decodeCodespace(c, opStartCodespace, resp, err)
}

// StopCodespace stops a running codespace and returns it as GitHub
// answered, usually ShuttingDown; see StopCodespaceAndWait.
func (c *Client) StopCodespace(ctx context.Context, name string) (*gen.Codespace, error) {
	if err := requireNames(opStopCodespace, "codespace name", name); err != nil {
		return nil, err
	}
	resp, err := c.raw().CodespacesStopForAuthenticatedUser(ctx, name)
	return decodeCodespace(c, opStopCodespace, resp, err)
}

// ExportCodespace starts exporting the codespace's unpushed changes to a
// branch and returns the export (202), whose ID WaitForExport polls. It is
// never retried automatically.
func (c *Client) ExportCodespace(ctx context.Context, name string) (*gen.CodespaceExportDetails, error) {
	if err := requireNames(opExportCodespace, "codespace name", name); err != nil {
		return nil, err
	}
	resp, err := c.raw().CodespacesExportForAuthenticatedUser(ctx, name)
	e, _, err := decode[gen.CodespaceExportDetails](c, opExportCodespace, resp, err)
	return e, err
}

// GetExport returns an export of a codespace; exportID "latest" names the
// most recent one.
func (c *Client) GetExport(ctx context.Context, name, exportID string) (*gen.CodespaceExportDetails, error) {
	if err := requireNames(opGetExport, "codespace name", name, "export ID", exportID); err != nil {
		return nil, err
	}
	resp, err := c.raw().CodespacesGetExportDetailsForAuthenticatedUser(ctx, name, exportID)
	e, _, err := decode[gen.CodespaceExportDetails](c, opGetExport, resp, err)
	return e, err
}

// CodespaceMachines returns the machine types a codespace can move to.
func (c *Client) CodespaceMachines(ctx context.Context, name string) ([]gen.CodespaceMachine, error) {
	if err := requireNames(opCodespaceMachines, "codespace name", name); err != nil {
		return nil, err
	}
	resp, err := c.raw().CodespacesCodespaceMachinesForAuthenticatedUser(ctx, name)
	list, _, err := decode[machineList](c, opCodespaceMachines, resp, err)
	if err != nil {
		return nil, err
	}
	return list.Machines, nil
}

// RepositoryMachines returns the machine types a codespace of owner/repo
// can use, with each one's prebuild availability.
func (c *Client) RepositoryMachines(ctx context.Context, owner, repo string, opts RepositoryMachinesOptions) ([]gen.CodespaceMachine, error) {
	if err := requireNames(opRepositoryMachines, "owner", owner, "repository name", repo); err != nil {
		return nil, err
	}
	params := &gen.CodespacesRepoMachinesForAuthenticatedUserParams{
		Location: optional(opts.Location), ClientIP: optional(opts.ClientIP), Ref: optional(opts.Ref),
	}
	resp, err := c.raw().CodespacesRepoMachinesForAuthenticatedUser(ctx, owner, repo, params)
	list, _, err := decode[machineList](c, opRepositoryMachines, resp, err)
	if err != nil {
		return nil, err
	}
	return list.Machines, nil
}

// machineList is the machines' answer (an inline object in the spec).
type machineList struct {
	Machines   []gen.CodespaceMachine `json:"machines"`
	TotalCount int                    `json:"total_count"`
}

// optional is nil for "", so that an empty option is not sent.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// decodeCodespace decodes a codespace and insists on its name, which every
// later call needs.
func decodeCodespace(c *Client, op string, resp *http.Response, err error) (*gen.Codespace, error) {
	cs, resp, err := decode[gen.Codespace](c, op, resp, err)
	if err != nil {
		return nil, err
	}
	if cs.Name == "" {
		return nil, &DecodeError{Operation: op, StatusCode: resp.StatusCode, Err: errors.New("the codespace has no name")}
	}
	return cs, nil
}

func decodeCreated(c *Client, op string, resp *http.Response, err error) (*CreateResult, error) {
	status := 0
	if resp != nil {
		status = resp.StatusCode
	}
	cs, err := decodeCodespace(c, op, resp, err)
	if err != nil {
		return nil, err
	}
	return &CreateResult{Codespace: cs, RetryingInBackground: status == http.StatusAccepted, StatusCode: status}, nil
}

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
func (c *Client) GetCodespace(ctx context.Context, name string, callOpts ...CallOption) (*gen.Codespace, error) {
	if err := requireNames(opGetCodespace, codespaceParam(name)); err != nil {
		return nil, err
	}
	ctx, cl := c.begin(ctx, opGetCodespace, callOpts)
	resp, err := c.raw().CodespacesGetForAuthenticatedUser(ctx, name, cl.editors...)
	return decodeCodespace(cl, resp, err)
}

// CreateCodespace creates a codespace for the authenticated user, in a
// repository or for a pull request.
//
// It is never retried automatically (a retry after a lost answer could create
// a second codespace): on an error, list the user's codespaces to learn
// whether it was created before trying again.
func (c *Client) CreateCodespace(ctx context.Context, req CreateCodespaceRequest, callOpts ...CallOption) (*CreateResult, error) {
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
	ctx, cl := c.begin(ctx, opCreateCodespace, callOpts)
	resp, err := c.raw().CodespacesCreateForAuthenticatedUser(ctx, body, cl.editors...)
	return decodeCreated(cl, resp, err)
}

// CreateCodespaceInRepository creates a codespace for the authenticated user
// in the repository owner/repo. Like CreateCodespace, it is never retried
// automatically.
func (c *Client) CreateCodespaceInRepository(ctx context.Context, owner, repo string, opts gen.CreateCodespaceInRepositoryOptions, callOpts ...CallOption) (*CreateResult, error) {
	if err := requireNames(opCreateInRepository, ownerParam(owner), repoParam(repo)); err != nil {
		return nil, err
	}
	ctx, cl := c.begin(ctx, opCreateInRepository, callOpts)
	resp, err := c.raw().CodespacesCreateWithRepoForAuthenticatedUser(ctx, owner, repo, opts, cl.editors...)
	return decodeCreated(cl, resp, err)
}

// CreateCodespaceFromPullRequest creates a codespace for the authenticated
// user for pull request number of owner/repo. Like CreateCodespace, it is
// never retried automatically.
func (c *Client) CreateCodespaceFromPullRequest(ctx context.Context, owner, repo string, number int, opts gen.CreateCodespaceFromPullRequestOptions, callOpts ...CallOption) (*CreateResult, error) {
	if err := requireNames(opCreateFromPullRequest, ownerParam(owner), repoParam(repo)); err != nil {
		return nil, err
	}
	ctx, cl := c.begin(ctx, opCreateFromPullRequest, callOpts)
	resp, err := c.raw().CodespacesCreateWithPrForAuthenticatedUser(ctx, owner, repo, number, opts, cl.editors...)
	return decodeCreated(cl, resp, err)
}

// UpdateCodespace changes a codespace's machine type, display name or recent
// folders; a new machine type takes effect at the next start.
func (c *Client) UpdateCodespace(ctx context.Context, name string, opts gen.UpdateCodespaceOptions, callOpts ...CallOption) (*gen.Codespace, error) {
	if err := requireNames(opUpdateCodespace, codespaceParam(name)); err != nil {
		return nil, err
	}
	ctx, cl := c.begin(ctx, opUpdateCodespace, callOpts)
	resp, err := c.raw().CodespacesUpdateForAuthenticatedUser(ctx, name, opts, cl.editors...)
	return decodeCodespace(cl, resp, err)
}

// DeleteCodespace deletes a codespace. GitHub accepts the deletion (202) and
// carries it out in the background.
func (c *Client) DeleteCodespace(ctx context.Context, name string, callOpts ...CallOption) error {
	if err := requireNames(opDeleteCodespace, codespaceParam(name)); err != nil {
		return err
	}
	ctx, cl := c.begin(ctx, opDeleteCodespace, callOpts)
	resp, err := c.raw().CodespacesDeleteForAuthenticatedUser(ctx, name, cl.editors...)
	return cl.deleted(resp, err)
}

// StartCodespace starts a stopped codespace and returns it as GitHub
// answered, usually still Starting; see StartCodespaceAndWait.
func (c *Client) StartCodespace(ctx context.Context, name string, callOpts ...CallOption) (*gen.Codespace, error) {
	if err := requireNames(opStartCodespace, codespaceParam(name)); err != nil {
		return nil, err
	}
	ctx, cl := c.begin(ctx, opStartCodespace, callOpts)
	resp, err := c.raw().CodespacesStartForAuthenticatedUser(ctx, name, cl.editors...)
	return decodeCodespace(cl, resp, err)
}

// StopCodespace stops a running codespace and returns it as GitHub
// answered, usually ShuttingDown; see StopCodespaceAndWait.
func (c *Client) StopCodespace(ctx context.Context, name string, callOpts ...CallOption) (*gen.Codespace, error) {
	if err := requireNames(opStopCodespace, codespaceParam(name)); err != nil {
		return nil, err
	}
	ctx, cl := c.begin(ctx, opStopCodespace, callOpts)
	resp, err := c.raw().CodespacesStopForAuthenticatedUser(ctx, name, cl.editors...)
	return decodeCodespace(cl, resp, err)
}

// ExportCodespace starts exporting the codespace's unpushed changes to a
// branch and returns the export (202), whose ID WaitForExport polls. It is
// never retried automatically.
func (c *Client) ExportCodespace(ctx context.Context, name string, callOpts ...CallOption) (*gen.CodespaceExportDetails, error) {
	if err := requireNames(opExportCodespace, codespaceParam(name)); err != nil {
		return nil, err
	}
	ctx, cl := c.begin(ctx, opExportCodespace, callOpts)
	resp, err := c.raw().CodespacesExportForAuthenticatedUser(ctx, name, cl.editors...)
	e, _, err := decode[gen.CodespaceExportDetails](cl, resp, err)
	return e, err
}

// GetExport returns an export of a codespace; exportID "latest" names the
// most recent one.
func (c *Client) GetExport(ctx context.Context, name, exportID string, callOpts ...CallOption) (*gen.CodespaceExportDetails, error) {
	if err := requireNames(opGetExport, codespaceParam(name), exportParam(exportID)); err != nil {
		return nil, err
	}
	ctx, cl := c.begin(ctx, opGetExport, callOpts)
	resp, err := c.raw().CodespacesGetExportDetailsForAuthenticatedUser(ctx, name, exportID, cl.editors...)
	e, _, err := decode[gen.CodespaceExportDetails](cl, resp, err)
	return e, err
}

// CodespaceMachines returns the machine types a codespace can move to.
func (c *Client) CodespaceMachines(ctx context.Context, name string, callOpts ...CallOption) ([]gen.CodespaceMachine, error) {
	if err := requireNames(opCodespaceMachines, codespaceParam(name)); err != nil {
		return nil, err
	}
	ctx, cl := c.begin(ctx, opCodespaceMachines, callOpts)
	resp, err := c.raw().CodespacesCodespaceMachinesForAuthenticatedUser(ctx, name, cl.editors...)
	list, _, err := decode[machineList](cl, resp, err)
	if err != nil {
		return nil, err
	}
	return list.Machines, nil
}

// RepositoryMachines returns the machine types a codespace of owner/repo
// can use, with each one's prebuild availability.
func (c *Client) RepositoryMachines(ctx context.Context, owner, repo string, opts RepositoryMachinesOptions, callOpts ...CallOption) ([]gen.CodespaceMachine, error) {
	if err := requireNames(opRepositoryMachines, ownerParam(owner), repoParam(repo)); err != nil {
		return nil, err
	}
	params := &gen.CodespacesRepoMachinesForAuthenticatedUserParams{
		Location: optional(opts.Location), ClientIP: optional(opts.ClientIP), Ref: optional(opts.Ref),
	}
	ctx, cl := c.begin(ctx, opRepositoryMachines, callOpts)
	resp, err := c.raw().CodespacesRepoMachinesForAuthenticatedUser(ctx, owner, repo, params, cl.editors...)
	list, _, err := decode[machineList](cl, resp, err)
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
func decodeCodespace(cl *call, resp *http.Response, err error) (*gen.Codespace, error) {
	return decodeNamed(cl, resp, err, func(cs *gen.Codespace) string { return cs.Name })
}

// decodeNamed decodes a T and insists on the codespace name it carries.
func decodeNamed[T any](cl *call, resp *http.Response, err error, name func(*T) string) (*T, error) {
	v, resp, err := decode[T](cl, resp, err)
	if err != nil {
		return nil, err
	}
	if name(v) == "" {
		return nil, &DecodeError{Operation: cl.op, StatusCode: resp.StatusCode, Err: errors.New("the codespace has no name")}
	}
	return v, nil
}

func decodeCreated(cl *call, resp *http.Response, err error) (*CreateResult, error) {
	status := 0
	if resp != nil {
		status = resp.StatusCode
	}
	cs, err := decodeCodespace(cl, resp, err)
	if err != nil {
		return nil, err
	}
	return &CreateResult{Codespace: cs, RetryingInBackground: status == http.StatusAccepted, StatusCode: status}, nil
}

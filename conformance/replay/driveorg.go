package replay

import (
	"context"
	"errors"
	"strconv"

	"github.com/codespaces-go/codespaces/gen"
)

// errNotHere says callOrgOrRepo does not type the operation: callTyped
// goes on.
var errNotHere = errors.New("not an organization, repository-secret or publish operation")

// callOrgOrRepo is callTyped for the organization, repository-secret and
// publish operations that take no query.
func callOrgOrRepo(ctx context.Context, api *gen.ClientWithResponses, c call) (any, error) {
	p := c.op.PathParams
	ed := c.editor
	repoID := func() (int64, error) {
		id, err := strconv.ParseInt(p["repository_id"], 10, 64)
		if err != nil {
			return 0, errUntypable
		}
		return id, nil
	}
	switch c.op.ID {
	case "codespaces/set-codespaces-access":
		body, err := typedBody[gen.CodespacesSetCodespacesAccessJSONRequestBody](c)
		if err != nil {
			return nil, err
		}
		return api.CodespacesSetCodespacesAccessWithResponse(ctx, p["org"], body, ed)
	case "codespaces/set-codespaces-access-users":
		body, err := typedBody[gen.CodespacesSetCodespacesAccessUsersJSONRequestBody](c)
		if err != nil {
			return nil, err
		}
		return api.CodespacesSetCodespacesAccessUsersWithResponse(ctx, p["org"], body, ed)
	case "codespaces/delete-codespaces-access-users":
		body, err := typedBody[gen.CodespacesDeleteCodespacesAccessUsersJSONRequestBody](c)
		if err != nil {
			return nil, err
		}
		return api.CodespacesDeleteCodespacesAccessUsersWithResponse(ctx, p["org"], body, ed)
	case "codespaces/get-org-public-key":
		return api.CodespacesGetOrgPublicKeyWithResponse(ctx, p["org"], ed)
	case "codespaces/get-org-secret":
		return api.CodespacesGetOrgSecretWithResponse(ctx, p["org"], p["secret_name"], ed)
	case "codespaces/delete-org-secret":
		return api.CodespacesDeleteOrgSecretWithResponse(ctx, p["org"], p["secret_name"], ed)
	case "codespaces/create-or-update-org-secret":
		body, err := typedBody[gen.CodespacesCreateOrUpdateOrgSecretJSONRequestBody](c)
		if err != nil {
			return nil, err
		}
		return api.CodespacesCreateOrUpdateOrgSecretWithResponse(ctx, p["org"], p["secret_name"], body, ed)
	case "codespaces/set-selected-repos-for-org-secret":
		body, err := typedBody[gen.CodespacesSetSelectedReposForOrgSecretJSONRequestBody](c)
		if err != nil {
			return nil, err
		}
		return api.CodespacesSetSelectedReposForOrgSecretWithResponse(ctx, p["org"], p["secret_name"], body, ed)
	case "codespaces/add-selected-repo-to-org-secret":
		id, err := repoID()
		if err != nil {
			return nil, err
		}
		return api.CodespacesAddSelectedRepoToOrgSecretWithResponse(ctx, p["org"], p["secret_name"], id, ed)
	case "codespaces/remove-selected-repo-from-org-secret":
		id, err := repoID()
		if err != nil {
			return nil, err
		}
		return api.CodespacesRemoveSelectedRepoFromOrgSecretWithResponse(ctx, p["org"], p["secret_name"], id, ed)
	case "codespaces/stop-in-organization":
		return noBody(c, func() (any, error) {
			return api.CodespacesStopInOrganizationWithResponse(ctx, p["org"], p["username"], p["codespace_name"], ed)
		})
	case "codespaces/delete-from-organization":
		return api.CodespacesDeleteFromOrganizationWithResponse(ctx, p["org"], p["username"], p["codespace_name"], ed)
	case "codespaces/get-repo-public-key":
		return api.CodespacesGetRepoPublicKeyWithResponse(ctx, p["owner"], p["repo"], ed)
	case "codespaces/get-repo-secret":
		return api.CodespacesGetRepoSecretWithResponse(ctx, p["owner"], p["repo"], p["secret_name"], ed)
	case "codespaces/delete-repo-secret":
		return api.CodespacesDeleteRepoSecretWithResponse(ctx, p["owner"], p["repo"], p["secret_name"], ed)
	case "codespaces/create-or-update-repo-secret":
		body, err := typedBody[gen.CodespacesCreateOrUpdateRepoSecretJSONRequestBody](c)
		if err != nil {
			return nil, err
		}
		return api.CodespacesCreateOrUpdateRepoSecretWithResponse(ctx, p["owner"], p["repo"], p["secret_name"], body, ed)
	case "codespaces/publish-for-authenticated-user":
		body, err := typedBody[gen.CodespacesPublishForAuthenticatedUserJSONRequestBody](c)
		if err != nil {
			return nil, err
		}
		return api.CodespacesPublishForAuthenticatedUserWithResponse(ctx, p["codespace_name"], body, ed)
	}
	return nil, errNotHere
}

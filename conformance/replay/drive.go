package replay

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/codespaces-go/codespaces/conformance/cassette"
	"github.com/codespaces-go/codespaces/conformance/validate"
	"github.com/codespaces-go/codespaces/gen"
)

// errUntypable means the generated client has no way to build the recorded
// request: it has a query parameter or a body member the operation does not
// define, lacks a required one, or has a value of the wrong type. Such
// requests are sent as recorded instead.
var errUntypable = errors.New("the generated client cannot build this request")

// call is a recorded request, taken apart for the generated client.
type call struct {
	op     validate.Operation
	query  url.Values
	body   []byte
	editor gen.RequestEditorFn
}

// callTyped sends c through the generated client's method for its
// operation and returns the typed response (a *gen.Codespaces…Response).
func callTyped(ctx context.Context, api *gen.ClientWithResponses, c call) (any, error) {
	if c.op.Alias != "" {
		// GitHub's id-based path (a Link led there): the generated client
		// builds only the named one.
		return nil, errUntypable
	}
	p := c.op.PathParams
	ed := c.editor
	switch c.op.ID {
	case "codespaces/list-in-repository-for-authenticated-user":
		per, page, err := pageParams(c.query)
		if err != nil {
			return nil, err
		}
		return api.CodespacesListInRepositoryForAuthenticatedUserWithResponse(ctx, p["owner"], p["repo"],
			&gen.CodespacesListInRepositoryForAuthenticatedUserParams{PerPage: per, Page: page}, ed)
	case "codespaces/create-with-repo-for-authenticated-user":
		body, err := typedBody[gen.CodespacesCreateWithRepoForAuthenticatedUserJSONRequestBody](c)
		if err != nil {
			return nil, err
		}
		return api.CodespacesCreateWithRepoForAuthenticatedUserWithResponse(ctx, p["owner"], p["repo"], body, ed)
	case "codespaces/list-devcontainers-in-repository-for-authenticated-user":
		per, page, err := pageParams(c.query)
		if err != nil {
			return nil, err
		}
		return api.CodespacesListDevcontainersInRepositoryForAuthenticatedUserWithResponse(ctx, p["owner"], p["repo"],
			&gen.CodespacesListDevcontainersInRepositoryForAuthenticatedUserParams{PerPage: per, Page: page}, ed)
	case "codespaces/repo-machines-for-authenticated-user":
		var params gen.CodespacesRepoMachinesForAuthenticatedUserParams
		if err := stringParams(c.query, map[string]**string{"location": &params.Location, "client_ip": &params.ClientIP, "ref": &params.Ref}); err != nil {
			return nil, err
		}
		return api.CodespacesRepoMachinesForAuthenticatedUserWithResponse(ctx, p["owner"], p["repo"], &params, ed)
	case "codespaces/create-with-pr-for-authenticated-user":
		pull, err := strconv.Atoi(p["pull_number"])
		if err != nil {
			return nil, errUntypable
		}
		body, err := typedBody[gen.CodespacesCreateWithPrForAuthenticatedUserJSONRequestBody](c)
		if err != nil {
			return nil, err
		}
		return api.CodespacesCreateWithPrForAuthenticatedUserWithResponse(ctx, p["owner"], p["repo"], pull, body, ed)
	case "codespaces/list-for-authenticated-user":
		repoID, err := int64Param(c.query, "repository_id")
		if err != nil {
			return nil, err
		}
		rest := withoutKey(c.query, "repository_id")
		per, page, err := pageParams(rest)
		if err != nil {
			return nil, err
		}
		return api.CodespacesListForAuthenticatedUserWithResponse(ctx,
			&gen.CodespacesListForAuthenticatedUserParams{PerPage: per, Page: page, RepositoryID: repoID}, ed)
	case "codespaces/create-for-authenticated-user":
		body, err := typedBody[gen.CodespacesCreateForAuthenticatedUserJSONRequestBody](c)
		if err != nil {
			return nil, err
		}
		return api.CodespacesCreateForAuthenticatedUserWithResponse(ctx, body, ed)
	case "codespaces/list-secrets-for-authenticated-user":
		per, page, err := pageParams(c.query)
		if err != nil {
			return nil, err
		}
		return api.CodespacesListSecretsForAuthenticatedUserWithResponse(ctx,
			&gen.CodespacesListSecretsForAuthenticatedUserParams{PerPage: per, Page: page}, ed)
	case "codespaces/list-in-organization":
		per, page, err := pageParams(c.query)
		if err != nil {
			return nil, err
		}
		return api.CodespacesListInOrganizationWithResponse(ctx, p["org"], &gen.CodespacesListInOrganizationParams{PerPage: per, Page: page}, ed)
	case "codespaces/get-codespaces-for-user-in-org":
		per, page, err := pageParams(c.query)
		if err != nil {
			return nil, err
		}
		return api.CodespacesGetCodespacesForUserInOrgWithResponse(ctx, p["org"], p["username"],
			&gen.CodespacesGetCodespacesForUserInOrgParams{PerPage: per, Page: page}, ed)
	case "codespaces/list-org-secrets":
		per, page, err := pageParams(c.query)
		if err != nil {
			return nil, err
		}
		return api.CodespacesListOrgSecretsWithResponse(ctx, p["org"], &gen.CodespacesListOrgSecretsParams{PerPage: per, Page: page}, ed)
	case "codespaces/list-selected-repos-for-org-secret":
		per, page, err := pageParams(c.query)
		if err != nil {
			return nil, err
		}
		return api.CodespacesListSelectedReposForOrgSecretWithResponse(ctx, p["org"], p["secret_name"],
			&gen.CodespacesListSelectedReposForOrgSecretParams{PerPage: per, Page: page}, ed)
	case "codespaces/list-repo-secrets":
		per, page, err := pageParams(c.query)
		if err != nil {
			return nil, err
		}
		return api.CodespacesListRepoSecretsWithResponse(ctx, p["owner"], p["repo"], &gen.CodespacesListRepoSecretsParams{PerPage: per, Page: page}, ed)
	case "codespaces/pre-flight-with-repo-for-authenticated-user":
		var params gen.CodespacesPreFlightWithRepoForAuthenticatedUserParams
		if err := stringParams(c.query, map[string]**string{"ref": &params.Ref, "client_ip": &params.ClientIP}); err != nil {
			return nil, err
		}
		return api.CodespacesPreFlightWithRepoForAuthenticatedUserWithResponse(ctx, p["owner"], p["repo"], &params, ed)
	case "codespaces/check-permissions-for-devcontainer":
		var ref, path *string
		if err := stringParams(c.query, map[string]**string{"ref": &ref, "devcontainer_path": &path}); err != nil || ref == nil || path == nil {
			return nil, errUntypable
		}
		return api.CodespacesCheckPermissionsForDevcontainerWithResponse(ctx, p["owner"], p["repo"],
			&gen.CodespacesCheckPermissionsForDevcontainerParams{Ref: *ref, DevcontainerPath: *path}, ed)
	}
	// The remaining operations take no query.
	if len(c.query) > 0 {
		return nil, errUntypable
	}
	if res, err := callOrgOrRepo(ctx, api, c); !errors.Is(err, errNotHere) {
		return res, err
	}
	switch c.op.ID {
	case "codespaces/get-public-key-for-authenticated-user":
		return api.CodespacesGetPublicKeyForAuthenticatedUserWithResponse(ctx, ed)
	case "codespaces/delete-secret-for-authenticated-user":
		return api.CodespacesDeleteSecretForAuthenticatedUserWithResponse(ctx, p["secret_name"], ed)
	case "codespaces/get-secret-for-authenticated-user":
		return api.CodespacesGetSecretForAuthenticatedUserWithResponse(ctx, p["secret_name"], ed)
	case "codespaces/create-or-update-secret-for-authenticated-user":
		body, err := typedBody[gen.CodespacesCreateOrUpdateSecretForAuthenticatedUserJSONRequestBody](c)
		if err != nil {
			return nil, err
		}
		return api.CodespacesCreateOrUpdateSecretForAuthenticatedUserWithResponse(ctx, p["secret_name"], body, ed)
	case "codespaces/list-repositories-for-secret-for-authenticated-user":
		return api.CodespacesListRepositoriesForSecretForAuthenticatedUserWithResponse(ctx, p["secret_name"], ed)
	case "codespaces/set-repositories-for-secret-for-authenticated-user":
		body, err := typedBody[gen.CodespacesSetRepositoriesForSecretForAuthenticatedUserJSONRequestBody](c)
		if err != nil {
			return nil, err
		}
		return api.CodespacesSetRepositoriesForSecretForAuthenticatedUserWithResponse(ctx, p["secret_name"], body, ed)
	case "codespaces/remove-repository-for-secret-for-authenticated-user":
		id, err := strconv.ParseInt(p["repository_id"], 10, 64)
		if err != nil {
			return nil, errUntypable
		}
		return api.CodespacesRemoveRepositoryForSecretForAuthenticatedUserWithResponse(ctx, p["secret_name"], id, ed)
	case "codespaces/add-repository-for-secret-for-authenticated-user":
		id, err := strconv.ParseInt(p["repository_id"], 10, 64)
		if err != nil {
			return nil, errUntypable
		}
		return api.CodespacesAddRepositoryForSecretForAuthenticatedUserWithResponse(ctx, p["secret_name"], id, ed)
	case "codespaces/delete-for-authenticated-user":
		return api.CodespacesDeleteForAuthenticatedUserWithResponse(ctx, p["codespace_name"], ed)
	case "codespaces/get-for-authenticated-user":
		return api.CodespacesGetForAuthenticatedUserWithResponse(ctx, p["codespace_name"], ed)
	case "codespaces/update-for-authenticated-user":
		body, err := typedBody[gen.CodespacesUpdateForAuthenticatedUserJSONRequestBody](c)
		if err != nil {
			return nil, err
		}
		return api.CodespacesUpdateForAuthenticatedUserWithResponse(ctx, p["codespace_name"], body, ed)
	case "codespaces/export-for-authenticated-user":
		return noBody(c, func() (any, error) {
			return api.CodespacesExportForAuthenticatedUserWithResponse(ctx, p["codespace_name"], ed)
		})
	case "codespaces/get-export-details-for-authenticated-user":
		return api.CodespacesGetExportDetailsForAuthenticatedUserWithResponse(ctx, p["codespace_name"], p["export_id"], ed)
	case "codespaces/codespace-machines-for-authenticated-user":
		return api.CodespacesCodespaceMachinesForAuthenticatedUserWithResponse(ctx, p["codespace_name"], ed)
	case "codespaces/start-for-authenticated-user":
		return noBody(c, func() (any, error) {
			return api.CodespacesStartForAuthenticatedUserWithResponse(ctx, p["codespace_name"], ed)
		})
	case "codespaces/stop-for-authenticated-user":
		return noBody(c, func() (any, error) {
			return api.CodespacesStopForAuthenticatedUserWithResponse(ctx, p["codespace_name"], ed)
		})
	}
	return nil, fmt.Errorf("replay: operation %s has no typed call: %w", c.op.ID, errUntypable)
}

// stringParams sets the fields of a query's string parameters; a parameter
// that is not among them, or given twice, cannot be typed.
func stringParams(q url.Values, fields map[string]**string) error {
	for k, vs := range q {
		field, ok := fields[k]
		if !ok || len(vs) != 1 {
			return errUntypable
		}
		*field = &vs[0]
	}
	return nil
}

// noBody sends a bodiless POST, unless the recorded one had a body.
func noBody(c call, send func() (any, error)) (any, error) {
	if len(c.body) > 0 {
		return nil, errUntypable
	}
	return send()
}

// typedBody decodes the recorded body into the generated request type and
// checks that the client would send it back unchanged; otherwise the typed
// call cannot reproduce the request.
func typedBody[T any](c call) (T, error) {
	var body T
	if len(c.body) == 0 || json.Unmarshal(c.body, &body) != nil {
		return body, errUntypable
	}
	again, err := json.Marshal(body)
	if err != nil || !cassette.SameBody(again, c.body) {
		return body, errUntypable
	}
	return body, nil
}

func pageParams(q url.Values) (perPage, page *int, err error) {
	for k := range q {
		if k != "per_page" && k != "page" {
			return nil, nil, errUntypable
		}
	}
	if perPage, err = intParam(q, "per_page"); err != nil {
		return nil, nil, err
	}
	page, err = intParam(q, "page")
	return perPage, page, err
}

func intParam(q url.Values, name string) (*int, error) {
	v, err := int64Param(q, name)
	if v == nil || err != nil {
		return nil, err
	}
	n := int(*v)
	return &n, nil
}

func int64Param(q url.Values, name string) (*int64, error) {
	vs, ok := q[name]
	if !ok {
		return nil, nil
	}
	if len(vs) != 1 {
		return nil, errUntypable
	}
	n, err := strconv.ParseInt(vs[0], 10, 64)
	if err != nil || strconv.FormatInt(n, 10) != vs[0] {
		return nil, errUntypable
	}
	return &n, nil
}

func withoutKey(q url.Values, key string) url.Values {
	out := url.Values{}
	for k, v := range q {
		if k != key {
			out[k] = slices.Clone(v)
		}
	}
	return out
}

// copyHeaders returns an editor that puts the recorded request's headers
// (conditional requests' If-None-Match, Accept) on the client's request.
// Credentials and body framing are the client's own business.
func copyHeaders(recorded http.Header) gen.RequestEditorFn {
	return func(_ context.Context, req *http.Request) error {
		for name, values := range recorded {
			switch http.CanonicalHeaderKey(name) {
			case "Authorization", "Content-Type", "Content-Length", "Cookie", "Host", "User-Agent":
				continue
			}
			req.Header[http.CanonicalHeaderKey(name)] = slices.Clone(values)
		}
		return nil
	}
}

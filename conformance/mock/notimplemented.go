package mock

import (
	"context"
	"net/http"
	"slices"

	"github.com/codespaces-go/codespaces/gen/server"
)

// The spec has 48 operations; the mock plays 24 of them (the authenticated
// user's codespaces, machines, devcontainers, exports and secrets). The
// others (organizations and their secrets and access, repository secrets,
// publish, the permissions check and the pre-flight of /codespaces/new) are
// routed, authenticated and their requests checked like any other, and then
// answered 501 Not Implemented with a GitHub-style body that names the
// operation, so that a client learns at once that the mock, not its request,
// is the limit.
//
// A 501 is documented for none of them, and must not count as a violation of
// the spec: it is the mock saying what it lacks, not an answer it claims
// GitHub gives. So the pipeline does not check a 501 from an operation in
// this list against the spec (checkResponse); it records the call in the
// report with no violation. Any other undocumented status, and a 501 from any
// other operation, is still checked and reported.
var notImplemented = []string{
	"codespaces/add-selected-repo-to-org-secret",
	"codespaces/check-permissions-for-devcontainer",
	"codespaces/create-or-update-org-secret",
	"codespaces/create-or-update-repo-secret",
	"codespaces/delete-codespaces-access-users",
	"codespaces/delete-from-organization",
	"codespaces/delete-org-secret",
	"codespaces/delete-repo-secret",
	"codespaces/get-codespaces-for-user-in-org",
	"codespaces/get-org-public-key",
	"codespaces/get-org-secret",
	"codespaces/get-repo-public-key",
	"codespaces/get-repo-secret",
	"codespaces/list-in-organization",
	"codespaces/list-org-secrets",
	"codespaces/list-repo-secrets",
	"codespaces/list-selected-repos-for-org-secret",
	"codespaces/pre-flight-with-repo-for-authenticated-user",
	"codespaces/publish-for-authenticated-user",
	"codespaces/remove-selected-repo-from-org-secret",
	"codespaces/set-codespaces-access",
	"codespaces/set-codespaces-access-users",
	"codespaces/set-selected-repos-for-org-secret",
	"codespaces/stop-in-organization",
}

// NotImplemented lists, in lexical order, the operationIds of the spec's
// operations that the mock answers with 501 Not Implemented. The runner
// lists them as not implemented rather than as failures.
func NotImplemented() []string { return slices.Clone(notImplemented) }

// Implemented lists, in lexical order, the operationIds the mock plays the
// way GitHub does: every operation of the spec not in NotImplemented.
func Implemented() []string {
	return slices.DeleteFunc(OperationIDs(), func(id string) bool { return slices.Contains(notImplemented, id) })
}

// exempt501 reports whether a response is the deliberate 501 of an operation
// the mock does not implement, which is not checked against the spec.
func exempt501(op *operation, status int) bool {
	return status == http.StatusNotImplemented && op != nil && slices.Contains(notImplemented, op.id)
}

// orUnimplemented is resp, or the operation's 501 where the mock does not
// implement it and its description documents no status to refuse bad input
// with (the repository-secret PUT did, before the overlay gave every
// operation a 403): the report still has what was wrong with the request,
// and the mock invents no status.
func orUnimplemented(op *operation, resp response) response {
	if !op.documents(resp.status) && slices.Contains(notImplemented, op.id) {
		return unimplementedOp(op)
	}
	return resp
}

// unimplemented is the 501 answer of the operation the request is for.
func unimplemented(ctx context.Context) response { return unimplementedOp(callFrom(ctx).op) }

func unimplementedOp(op *operation) response {
	docs := op.docs
	if docs == "" {
		docs = docsURL
	}
	return response{status: http.StatusNotImplemented, body: map[string]string{
		"message":           "Not Implemented: the mock does not implement " + op.id + " (" + op.method + " " + op.pattern + ")",
		"documentation_url": docs,
		"status":            "501",
	}}
}

func (a *api) CodespacesListInOrganization(ctx context.Context, _ server.CodespacesListInOrganizationRequestObject) (server.CodespacesListInOrganizationResponseObject, error) {
	return unimplemented(ctx), nil
}

func (a *api) CodespacesAddSelectedRepoToOrgSecret(ctx context.Context, _ server.CodespacesAddSelectedRepoToOrgSecretRequestObject) (server.CodespacesAddSelectedRepoToOrgSecretResponseObject, error) {
	return unimplemented(ctx), nil
}

func (a *api) CodespacesCheckPermissionsForDevcontainer(ctx context.Context, _ server.CodespacesCheckPermissionsForDevcontainerRequestObject) (server.CodespacesCheckPermissionsForDevcontainerResponseObject, error) {
	return unimplemented(ctx), nil
}

func (a *api) CodespacesCreateOrUpdateOrgSecret(ctx context.Context, _ server.CodespacesCreateOrUpdateOrgSecretRequestObject) (server.CodespacesCreateOrUpdateOrgSecretResponseObject, error) {
	return unimplemented(ctx), nil
}

func (a *api) CodespacesCreateOrUpdateRepoSecret(ctx context.Context, _ server.CodespacesCreateOrUpdateRepoSecretRequestObject) (server.CodespacesCreateOrUpdateRepoSecretResponseObject, error) {
	return unimplemented(ctx), nil
}

func (a *api) CodespacesDeleteCodespacesAccessUsers(ctx context.Context, _ server.CodespacesDeleteCodespacesAccessUsersRequestObject) (server.CodespacesDeleteCodespacesAccessUsersResponseObject, error) {
	return unimplemented(ctx), nil
}

func (a *api) CodespacesDeleteFromOrganization(ctx context.Context, _ server.CodespacesDeleteFromOrganizationRequestObject) (server.CodespacesDeleteFromOrganizationResponseObject, error) {
	return unimplemented(ctx), nil
}

func (a *api) CodespacesDeleteOrgSecret(ctx context.Context, _ server.CodespacesDeleteOrgSecretRequestObject) (server.CodespacesDeleteOrgSecretResponseObject, error) {
	return unimplemented(ctx), nil
}

func (a *api) CodespacesDeleteRepoSecret(ctx context.Context, _ server.CodespacesDeleteRepoSecretRequestObject) (server.CodespacesDeleteRepoSecretResponseObject, error) {
	return unimplemented(ctx), nil
}

func (a *api) CodespacesGetCodespacesForUserInOrg(ctx context.Context, _ server.CodespacesGetCodespacesForUserInOrgRequestObject) (server.CodespacesGetCodespacesForUserInOrgResponseObject, error) {
	return unimplemented(ctx), nil
}

func (a *api) CodespacesGetOrgPublicKey(ctx context.Context, _ server.CodespacesGetOrgPublicKeyRequestObject) (server.CodespacesGetOrgPublicKeyResponseObject, error) {
	return unimplemented(ctx), nil
}

func (a *api) CodespacesGetOrgSecret(ctx context.Context, _ server.CodespacesGetOrgSecretRequestObject) (server.CodespacesGetOrgSecretResponseObject, error) {
	return unimplemented(ctx), nil
}

func (a *api) CodespacesGetRepoPublicKey(ctx context.Context, _ server.CodespacesGetRepoPublicKeyRequestObject) (server.CodespacesGetRepoPublicKeyResponseObject, error) {
	return unimplemented(ctx), nil
}

func (a *api) CodespacesGetRepoSecret(ctx context.Context, _ server.CodespacesGetRepoSecretRequestObject) (server.CodespacesGetRepoSecretResponseObject, error) {
	return unimplemented(ctx), nil
}

func (a *api) CodespacesListOrgSecrets(ctx context.Context, _ server.CodespacesListOrgSecretsRequestObject) (server.CodespacesListOrgSecretsResponseObject, error) {
	return unimplemented(ctx), nil
}

func (a *api) CodespacesListRepoSecrets(ctx context.Context, _ server.CodespacesListRepoSecretsRequestObject) (server.CodespacesListRepoSecretsResponseObject, error) {
	return unimplemented(ctx), nil
}

func (a *api) CodespacesListSelectedReposForOrgSecret(ctx context.Context, _ server.CodespacesListSelectedReposForOrgSecretRequestObject) (server.CodespacesListSelectedReposForOrgSecretResponseObject, error) {
	return unimplemented(ctx), nil
}

func (a *api) CodespacesPreFlightWithRepoForAuthenticatedUser(ctx context.Context, _ server.CodespacesPreFlightWithRepoForAuthenticatedUserRequestObject) (server.CodespacesPreFlightWithRepoForAuthenticatedUserResponseObject, error) {
	return unimplemented(ctx), nil
}

func (a *api) CodespacesPublishForAuthenticatedUser(ctx context.Context, _ server.CodespacesPublishForAuthenticatedUserRequestObject) (server.CodespacesPublishForAuthenticatedUserResponseObject, error) {
	return unimplemented(ctx), nil
}

func (a *api) CodespacesRemoveSelectedRepoFromOrgSecret(ctx context.Context, _ server.CodespacesRemoveSelectedRepoFromOrgSecretRequestObject) (server.CodespacesRemoveSelectedRepoFromOrgSecretResponseObject, error) {
	return unimplemented(ctx), nil
}

func (a *api) CodespacesSetCodespacesAccess(ctx context.Context, _ server.CodespacesSetCodespacesAccessRequestObject) (server.CodespacesSetCodespacesAccessResponseObject, error) {
	return unimplemented(ctx), nil
}

func (a *api) CodespacesSetCodespacesAccessUsers(ctx context.Context, _ server.CodespacesSetCodespacesAccessUsersRequestObject) (server.CodespacesSetCodespacesAccessUsersResponseObject, error) {
	return unimplemented(ctx), nil
}

func (a *api) CodespacesSetSelectedReposForOrgSecret(ctx context.Context, _ server.CodespacesSetSelectedReposForOrgSecretRequestObject) (server.CodespacesSetSelectedReposForOrgSecretResponseObject, error) {
	return unimplemented(ctx), nil
}

func (a *api) CodespacesStopInOrganization(ctx context.Context, _ server.CodespacesStopInOrganizationRequestObject) (server.CodespacesStopInOrganizationResponseObject, error) {
	return unimplemented(ctx), nil
}

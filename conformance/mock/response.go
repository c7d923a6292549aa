package mock

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/codespaces-go/codespaces/gen"
)

// response is an answer the mock builds itself instead of through a generated
// response type: errors, whose status the mock picks from what the operation
// documents (operation.pick), and bodies that embed a repository (see
// hooksurl.go). It satisfies every generated ResponseObject interface.
type response struct {
	status int
	header http.Header
	body   any // encoded as JSON; nil writes no body
}

func (r response) write(w http.ResponseWriter) error {
	for k, vs := range r.header {
		w.Header()[k] = vs
	}
	if r.body == nil {
		w.WriteHeader(r.status)
		return nil
	}
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(r.body); err != nil {
		return fmt.Errorf("encode the %d answer: %w", r.status, err)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(r.status)
	_, err := buf.WriteTo(w)
	return err
}

// docsURL is where GitHub's error bodies send people.
const docsURL = "https://docs.github.com/rest"

// basicError is GitHub's usual error body: a message, a documentation URL and
// the status as a string.
func basicError(status int, message string) gen.BasicError {
	return gen.BasicError{Message: ptr(message), DocumentationURL: ptr(docsURL), Status: ptr(strconv.Itoa(status))}
}

func errorResponse(status int, message string) response {
	return response{status: status, body: basicError(status, message)}
}

func notFound() response { return errorResponse(http.StatusNotFound, "Not Found") }

// invalid is a 422-style answer naming the rejected field, as GitHub's
// validation errors do.
func invalid(status int, resource, field, code, message string) response {
	item := fieldError{Resource: ptr(resource), Field: ptr(field), Code: code, Message: ptr(message)}
	return response{status: status, body: validationError{
		Message:          "Validation Failed",
		DocumentationURL: docsURL,
		Errors:           []fieldError{item},
		Status:           strconv.Itoa(status),
	}}
}

// validationError is GitHub's validation-error body (the spec's
// validation-error schema); gen's type for it has an anonymous item type.
type validationError struct {
	Message          string       `json:"message"`
	DocumentationURL string       `json:"documentation_url"`
	Errors           []fieldError `json:"errors,omitempty"`
	Status           string       `json:"status,omitempty"` // as a string, as GitHub's recent error bodies have it
}

type fieldError struct {
	Resource *string `json:"resource,omitempty"`
	Field    *string `json:"field,omitempty"`
	Code     string  `json:"code"`
	Message  *string `json:"message,omitempty"`
}

// The Visit methods below make response an answer of every operation.

func (r response) VisitCodespacesAddRepositoryForSecretForAuthenticatedUserResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesAddSelectedRepoToOrgSecretResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesCheckPermissionsForDevcontainerResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesCodespaceMachinesForAuthenticatedUserResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesCreateForAuthenticatedUserResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesCreateOrUpdateOrgSecretResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesCreateOrUpdateRepoSecretResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesCreateOrUpdateSecretForAuthenticatedUserResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesCreateWithPrForAuthenticatedUserResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesCreateWithRepoForAuthenticatedUserResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesDeleteCodespacesAccessUsersResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesDeleteForAuthenticatedUserResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesDeleteFromOrganizationResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesDeleteOrgSecretResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesDeleteRepoSecretResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesDeleteSecretForAuthenticatedUserResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesExportForAuthenticatedUserResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesGetCodespacesForUserInOrgResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesGetExportDetailsForAuthenticatedUserResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesGetForAuthenticatedUserResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesGetOrgPublicKeyResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesGetOrgSecretResponse(w http.ResponseWriter) error { return r.write(w) }

func (r response) VisitCodespacesGetPublicKeyForAuthenticatedUserResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesGetRepoPublicKeyResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesGetRepoSecretResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesGetSecretForAuthenticatedUserResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesListDevcontainersInRepositoryForAuthenticatedUserResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesListForAuthenticatedUserResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesListInOrganizationResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesListInRepositoryForAuthenticatedUserResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesListOrgSecretsResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesListRepoSecretsResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesListRepositoriesForSecretForAuthenticatedUserResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesListSecretsForAuthenticatedUserResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesListSelectedReposForOrgSecretResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesPreFlightWithRepoForAuthenticatedUserResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesPublishForAuthenticatedUserResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesRemoveRepositoryForSecretForAuthenticatedUserResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesRemoveSelectedRepoFromOrgSecretResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesRepoMachinesForAuthenticatedUserResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesSetCodespacesAccessResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesSetCodespacesAccessUsersResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesSetRepositoriesForSecretForAuthenticatedUserResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesSetSelectedReposForOrgSecretResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesStartForAuthenticatedUserResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesStopForAuthenticatedUserResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesStopInOrganizationResponse(w http.ResponseWriter) error {
	return r.write(w)
}

func (r response) VisitCodespacesUpdateForAuthenticatedUserResponse(w http.ResponseWriter) error {
	return r.write(w)
}

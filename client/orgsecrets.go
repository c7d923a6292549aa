package client

import (
	"context"
	"errors"
	"iter"
	"net/http"

	"github.com/codespaces-go/codespaces/gen"
)

const (
	opListOrgSecrets            = "codespaces/list-org-secrets"
	opGetOrgPublicKey           = "codespaces/get-org-public-key"
	opGetOrgSecret              = "codespaces/get-org-secret"
	opPutOrgSecret              = "codespaces/create-or-update-org-secret"
	opDeleteOrgSecret           = "codespaces/delete-org-secret"
	opListOrgSecretRepositories = "codespaces/list-selected-repos-for-org-secret"
	opSetOrgSecretRepositories  = "codespaces/set-selected-repos-for-org-secret"
	opAddOrgSecretRepository    = "codespaces/add-selected-repo-to-org-secret"
	opRemoveOrgSecretRepository = "codespaces/remove-selected-repo-from-org-secret"
)

// SetOrgSecretOptions shapes SetOrgSecret.
type SetOrgSecretOptions struct {
	// SelectedRepositoryIDs are the repositories that may read the secret,
	// only with gen.OrgSecretVisibilitySelected ("You can only provide a
	// list of repository IDs when the visibility is set to selected",
	// GitHub's description says). Nil sends none and leaves the selection
	// to the selected-repository calls; an empty, non-nil slice selects
	// none.
	SelectedRepositoryIDs []int64
}

// GetOrgPublicKey returns the key to seal the organization's secret values
// with, and its ID. SetOrgSecret fetches it for each set.
func (c *Client) GetOrgPublicKey(ctx context.Context, org string, callOpts ...CallOption) (*gen.CodespacesPublicKey, error) {
	if err := requireNames(opGetOrgPublicKey, orgParam(org)); err != nil {
		return nil, err
	}
	ctx, cl := c.begin(ctx, opGetOrgPublicKey, callOpts)
	resp, err := c.raw().CodespacesGetOrgPublicKey(ctx, org, cl.editors...)
	return decodeKey(cl, resp, err, publicKeyFields)
}

// SetOrgSecret stores plaintext as the organization's Codespaces secret
// name, readable by the repositories visibility says (gen.OrgSecretVisibilityAll,
// Private or Selected; GitHub requires one and has no default). It seals and
// stores the value as SetSecret does, with the organization's own key, and
// reports created or updated the same way.
func (c *Client) SetOrgSecret(ctx context.Context, org, name string, plaintext []byte, visibility gen.OrgSecretVisibility, opts SetOrgSecretOptions, callOpts ...CallOption) (*SecretResult, error) {
	if err := requireNames(opPutOrgSecret, orgParam(org), secretParam(name)); err != nil {
		return nil, err
	}
	switch {
	case visibility == "":
		return nil, errors.New(opPutOrgSecret + ": the visibility is required: all, private or selected")
	case opts.SelectedRepositoryIDs != nil && visibility != gen.OrgSecretVisibilitySelected:
		return nil, errors.New(opPutOrgSecret + ": selected repositories go only with the visibility selected, not " + string(visibility))
	}
	var ids *[]int64
	if opts.SelectedRepositoryIDs != nil {
		ids = &opts.SelectedRepositoryIDs
	}
	return c.setSealed(ctx, secretScope{
		putOp: opPutOrgSecret,
		fetch: keyFetcher(func(ctx context.Context) (*gen.CodespacesPublicKey, error) {
			return c.GetOrgPublicKey(ctx, org)
		}, publicKeyFields),
		put: func(ctx context.Context, cl *call, key sealingKey, sealed string) (*http.Response, error) {
			body := gen.CodespacesCreateOrUpdateOrgSecretJSONRequestBody{
				EncryptedValue: &sealed, KeyID: &key.id, Visibility: visibility, SelectedRepositoryIds: ids,
			}
			return c.raw().CodespacesCreateOrUpdateOrgSecret(ctx, org, name, body, cl.editors...)
		},
	}, name, plaintext, callOpts)
}

// GetOrgSecret returns one of the organization's secrets, without its value.
func (c *Client) GetOrgSecret(ctx context.Context, org, name string, callOpts ...CallOption) (*gen.CodespacesOrgSecret, error) {
	if err := requireNames(opGetOrgSecret, orgParam(org), secretParam(name)); err != nil {
		return nil, err
	}
	ctx, cl := c.begin(ctx, opGetOrgSecret, callOpts)
	resp, err := c.raw().CodespacesGetOrgSecret(ctx, org, name, cl.editors...)
	s, _, err := decode[gen.CodespacesOrgSecret](cl, resp, err)
	return s, err
}

// ListOrgSecrets returns the organization's secrets, without their values,
// page by page as ListCodespaces does.
func (c *Client) ListOrgSecrets(ctx context.Context, org string, opts ListOptions, callOpts ...CallOption) iter.Seq2[*gen.CodespacesOrgSecret, error] {
	return itemsOf(c.ListOrgSecretsPages(ctx, org, opts, callOpts...))
}

// ListOrgSecretsPages is ListOrgSecrets a page at a time.
func (c *Client) ListOrgSecretsPages(ctx context.Context, org string, opts ListOptions, callOpts ...CallOption) iter.Seq2[*Page[gen.CodespacesOrgSecret], error] {
	if err := requireNames(opListOrgSecrets, orgParam(org)); err != nil {
		return failed[Page[gen.CodespacesOrgSecret]](err)
	}
	params := &gen.CodespacesListOrgSecretsParams{PerPage: nonZero(opts.PerPage), Page: nonZero(opts.Page)}
	return paginate(ctx, c, opListOrgSecrets, opts, callOpts, func(ctx context.Context, cl *call) (*http.Response, error) {
		return c.raw().CodespacesListOrgSecrets(ctx, org, params, cl.editors...)
	}, (*secretList[gen.CodespacesOrgSecret]).page, func(s *gen.CodespacesOrgSecret) string { return s.Name })
}

// DeleteOrgSecret deletes one of the organization's secrets.
func (c *Client) DeleteOrgSecret(ctx context.Context, org, name string, callOpts ...CallOption) error {
	if err := requireNames(opDeleteOrgSecret, orgParam(org), secretParam(name)); err != nil {
		return err
	}
	ctx, cl := c.begin(ctx, opDeleteOrgSecret, callOpts)
	resp, err := c.raw().CodespacesDeleteOrgSecret(ctx, org, name, cl.editors...)
	return cl.deleted(resp, err)
}

// ListOrgSecretRepositories returns the repositories that may read an
// organization secret of visibility selected, page by page as
// ListCodespaces does.
func (c *Client) ListOrgSecretRepositories(ctx context.Context, org, name string, opts ListOptions, callOpts ...CallOption) iter.Seq2[*gen.MinimalRepository, error] {
	return itemsOf(c.ListOrgSecretRepositoriesPages(ctx, org, name, opts, callOpts...))
}

// ListOrgSecretRepositoriesPages is ListOrgSecretRepositories a page at a
// time.
func (c *Client) ListOrgSecretRepositoriesPages(ctx context.Context, org, name string, opts ListOptions, callOpts ...CallOption) iter.Seq2[*Page[gen.MinimalRepository], error] {
	if err := requireNames(opListOrgSecretRepositories, orgParam(org), secretParam(name)); err != nil {
		return failed[Page[gen.MinimalRepository]](err)
	}
	params := &gen.CodespacesListSelectedReposForOrgSecretParams{PerPage: nonZero(opts.PerPage), Page: nonZero(opts.Page)}
	return paginate(ctx, c, opListOrgSecretRepositories, opts, callOpts, func(ctx context.Context, cl *call) (*http.Response, error) {
		return c.raw().CodespacesListSelectedReposForOrgSecret(ctx, org, name, params, cl.editors...)
	}, (*repositoryList).page, repositoryID)
}

// SetOrgSecretRepositories replaces the repositories that may read an
// organization secret. GitHub refuses it (409) unless the secret's
// visibility is selected.
func (c *Client) SetOrgSecretRepositories(ctx context.Context, org, name string, repositoryIDs []int64, callOpts ...CallOption) error {
	if err := requireNames(opSetOrgSecretRepositories, orgParam(org), secretParam(name)); err != nil {
		return err
	}
	if repositoryIDs == nil {
		repositoryIDs = []int64{} // the field is required: send [], not null
	}
	body := gen.CodespacesSetSelectedReposForOrgSecretJSONRequestBody{SelectedRepositoryIds: repositoryIDs}
	ctx, cl := c.begin(ctx, opSetOrgSecretRepositories, callOpts)
	resp, err := c.raw().CodespacesSetSelectedReposForOrgSecret(ctx, org, name, body, cl.editors...)
	_, err = cl.noContent(resp, err)
	return err
}

// AddOrgSecretRepository lets the repository read an organization secret.
// GitHub refuses it (409) unless the secret's visibility is selected.
func (c *Client) AddOrgSecretRepository(ctx context.Context, org, name string, repositoryID int64, callOpts ...CallOption) error {
	if err := requireNames(opAddOrgSecretRepository, orgParam(org), secretParam(name)); err != nil {
		return err
	}
	ctx, cl := c.begin(ctx, opAddOrgSecretRepository, callOpts)
	resp, err := c.raw().CodespacesAddSelectedRepoToOrgSecret(ctx, org, name, repositoryID, cl.editors...)
	_, err = cl.noContent(resp, err)
	return err
}

// RemoveOrgSecretRepository stops the repository from reading an
// organization secret. GitHub refuses it (409) unless the secret's
// visibility is selected.
func (c *Client) RemoveOrgSecretRepository(ctx context.Context, org, name string, repositoryID int64, callOpts ...CallOption) error {
	if err := requireNames(opRemoveOrgSecretRepository, orgParam(org), secretParam(name)); err != nil {
		return err
	}
	ctx, cl := c.begin(ctx, opRemoveOrgSecretRepository, callOpts)
	resp, err := c.raw().CodespacesRemoveSelectedRepoFromOrgSecret(ctx, org, name, repositoryID, cl.editors...)
	return cl.deleted(resp, err)
}

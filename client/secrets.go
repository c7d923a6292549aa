package client

import (
	"context"
	"fmt"
	"iter"
	"net/http"

	"github.com/codespaces-go/codespaces/gen"
)

const (
	opListSecrets            = "codespaces/list-secrets-for-authenticated-user"
	opGetPublicKey           = "codespaces/get-public-key-for-authenticated-user"
	opGetSecret              = "codespaces/get-secret-for-authenticated-user"
	opPutSecret              = "codespaces/create-or-update-secret-for-authenticated-user"
	opDeleteSecret           = "codespaces/delete-secret-for-authenticated-user"
	opListSecretRepositories = "codespaces/list-repositories-for-secret-for-authenticated-user"
	opSetSecretRepositories  = "codespaces/set-repositories-for-secret-for-authenticated-user"
	opAddSecretRepository    = "codespaces/add-repository-for-secret-for-authenticated-user"
	opRemoveSecretRepository = "codespaces/remove-repository-for-secret-for-authenticated-user"
)

// SecretResult is the answer to a secret's PUT (SetSecret, SetOrgSecret,
// SetRepoSecret), as CreateResult is the answer to a create.
type SecretResult struct {
	// Outcome says whether the secret was created or updated.
	Outcome SecretOutcome
	// StatusCode is the answer's status: 201 or 204.
	StatusCode int
}

// String returns the outcome: "created", "updated" or "created or updated".
func (r *SecretResult) String() string { return r.Outcome.String() }

// SecretOutcome says what a secret's PUT did.
type SecretOutcome int

const (
	// SecretCreated means the secret did not exist before (201).
	SecretCreated SecretOutcome = iota + 1
	// SecretUpdated means an existing secret got the new value (204).
	SecretUpdated
	// SecretCreatedOrUpdated means the secret has the new value, but whether
	// it existed before is unknown: an attempt whose answer was lost (a 5xx
	// or a broken connection) may have created it before the retry's 204.
	SecretCreatedOrUpdated
)

// String returns "created", "updated" or "created or updated".
func (o SecretOutcome) String() string {
	switch o {
	case SecretCreated:
		return "created"
	case SecretUpdated:
		return "updated"
	case SecretCreatedOrUpdated:
		return "created or updated"
	}
	return fmt.Sprintf("SecretOutcome(%d)", int(o))
}

// SetSecretOptions shapes SetSecret.
type SetSecretOptions struct {
	// SelectedRepositoryIDs are the repositories whose codespaces may read
	// the secret. Nil leaves GitHub's selection as it is (all of the user's
	// repositories for a new secret); an empty, non-nil slice selects none.
	SelectedRepositoryIDs []int64
}

// GetPublicKey returns the key to seal the user's secret values with, and
// its ID. SetSecret fetches it for each set.
func (c *Client) GetPublicKey(ctx context.Context, callOpts ...CallOption) (*gen.CodespacesUserPublicKey, error) {
	ctx, cl := c.begin(ctx, opGetPublicKey, callOpts)
	resp, err := c.raw().CodespacesGetPublicKeyForAuthenticatedUser(ctx, cl.editors...)
	return decodeKey(cl, resp, err, userKeyFields)
}

// SetSecret stores plaintext as the user's Codespaces secret name: it
// fetches the user's public key, seals plaintext with it (EncryptSecret) and
// puts the sealed value with the key's ID; see "Secrets" in the package
// documentation for a key replaced meanwhile. It reports whether the secret
// was created or updated (SecretResult.Outcome). callOpts apply to the PUT.
// The plaintext is never logged and never part of an error.
func (c *Client) SetSecret(ctx context.Context, name string, plaintext []byte, opts SetSecretOptions, callOpts ...CallOption) (*SecretResult, error) {
	if err := requireNames(opPutSecret, secretParam(name)); err != nil {
		return nil, err
	}
	var ids *[]gen.CodespacesCreateOrUpdateSecretForAuthenticatedUserJSONBody_SelectedRepositoryIds_Item
	if opts.SelectedRepositoryIDs != nil {
		items := repositoryIDItems(opts.SelectedRepositoryIDs)
		ids = &items
	}
	return c.setSealed(ctx, secretScope{
		putOp: opPutSecret,
		fetch: keyFetcher(func(ctx context.Context) (*gen.CodespacesUserPublicKey, error) {
			return c.GetPublicKey(ctx)
		}, userKeyFields),
		put: func(ctx context.Context, cl *call, key sealingKey, sealed string) (*http.Response, error) {
			body := gen.CodespacesCreateOrUpdateSecretForAuthenticatedUserJSONRequestBody{EncryptedValue: &sealed, KeyID: key.id, SelectedRepositoryIds: ids}
			return c.raw().CodespacesCreateOrUpdateSecretForAuthenticatedUser(ctx, name, body, cl.editors...)
		},
	}, name, plaintext, callOpts)
}

// repositoryIDItems turns IDs into the PUT's items, which the spec lets be
// integers or strings; GitHub's own examples send integers, so do we.
func repositoryIDItems(ids []int64) []gen.CodespacesCreateOrUpdateSecretForAuthenticatedUserJSONBody_SelectedRepositoryIds_Item {
	items := make([]gen.CodespacesCreateOrUpdateSecretForAuthenticatedUserJSONBody_SelectedRepositoryIds_Item, len(ids))
	for i, id := range ids {
		// Marshalling an int64 cannot fail.
		_ = items[i].FromCodespacesCreateOrUpdateSecretForAuthenticatedUserJSONBodySelectedRepositoryIds0(id)
	}
	return items
}

// GetSecret returns one of the user's secrets, without its value.
func (c *Client) GetSecret(ctx context.Context, name string, callOpts ...CallOption) (*gen.CodespacesSecret, error) {
	if err := requireNames(opGetSecret, secretParam(name)); err != nil {
		return nil, err
	}
	ctx, cl := c.begin(ctx, opGetSecret, callOpts)
	resp, err := c.raw().CodespacesGetSecretForAuthenticatedUser(ctx, name, cl.editors...)
	s, _, err := decode[gen.CodespacesSecret](cl, resp, err)
	return s, err
}

// ListSecrets returns the user's secrets, without their values, page by page
// as ListCodespaces does.
func (c *Client) ListSecrets(ctx context.Context, opts ListOptions, callOpts ...CallOption) iter.Seq2[*gen.CodespacesSecret, error] {
	return itemsOf(c.ListSecretsPages(ctx, opts, callOpts...))
}

// ListSecretsPages is ListSecrets a page at a time.
func (c *Client) ListSecretsPages(ctx context.Context, opts ListOptions, callOpts ...CallOption) iter.Seq2[*Page[gen.CodespacesSecret], error] {
	params := &gen.CodespacesListSecretsForAuthenticatedUserParams{PerPage: nonZero(opts.PerPage), Page: nonZero(opts.Page)}
	return paginate(ctx, c, opListSecrets, opts, callOpts, func(ctx context.Context, cl *call) (*http.Response, error) {
		return c.raw().CodespacesListSecretsForAuthenticatedUser(ctx, params, cl.editors...)
	}, (*secretList[gen.CodespacesSecret]).page, func(s *gen.CodespacesSecret) string { return s.Name })
}

// DeleteSecret deletes one of the user's secrets.
func (c *Client) DeleteSecret(ctx context.Context, name string, callOpts ...CallOption) error {
	if err := requireNames(opDeleteSecret, secretParam(name)); err != nil {
		return err
	}
	ctx, cl := c.begin(ctx, opDeleteSecret, callOpts)
	resp, err := c.raw().CodespacesDeleteSecretForAuthenticatedUser(ctx, name, cl.editors...)
	return cl.deleted(resp, err)
}

// ListSecretRepositories returns the repositories whose codespaces may read
// the secret, following Link rel="next" if the server pages the list (the
// operation takes no per_page).
func (c *Client) ListSecretRepositories(ctx context.Context, name string, callOpts ...CallOption) iter.Seq2[*gen.MinimalRepository, error] {
	return itemsOf(c.ListSecretRepositoriesPages(ctx, name, callOpts...))
}

// ListSecretRepositoriesPages is ListSecretRepositories a page at a time.
func (c *Client) ListSecretRepositoriesPages(ctx context.Context, name string, callOpts ...CallOption) iter.Seq2[*Page[gen.MinimalRepository], error] {
	if err := requireNames(opListSecretRepositories, secretParam(name)); err != nil {
		return failed[Page[gen.MinimalRepository]](err)
	}
	return paginate(ctx, c, opListSecretRepositories, ListOptions{}, callOpts, func(ctx context.Context, cl *call) (*http.Response, error) {
		return c.raw().CodespacesListRepositoriesForSecretForAuthenticatedUser(ctx, name, cl.editors...)
	}, (*repositoryList).page, repositoryID)
}

// SetSecretRepositories replaces the repositories whose codespaces may read
// the secret.
func (c *Client) SetSecretRepositories(ctx context.Context, name string, repositoryIDs []int64, callOpts ...CallOption) error {
	if err := requireNames(opSetSecretRepositories, secretParam(name)); err != nil {
		return err
	}
	if repositoryIDs == nil {
		repositoryIDs = []int64{} // the field is required: send [], not null
	}
	body := gen.CodespacesSetRepositoriesForSecretForAuthenticatedUserJSONRequestBody{SelectedRepositoryIds: repositoryIDs}
	ctx, cl := c.begin(ctx, opSetSecretRepositories, callOpts)
	resp, err := c.raw().CodespacesSetRepositoriesForSecretForAuthenticatedUser(ctx, name, body, cl.editors...)
	_, err = cl.noContent(resp, err)
	return err
}

// AddSecretRepository lets the repository's codespaces read the secret.
func (c *Client) AddSecretRepository(ctx context.Context, name string, repositoryID int64, callOpts ...CallOption) error {
	if err := requireNames(opAddSecretRepository, secretParam(name)); err != nil {
		return err
	}
	ctx, cl := c.begin(ctx, opAddSecretRepository, callOpts)
	resp, err := c.raw().CodespacesAddRepositoryForSecretForAuthenticatedUser(ctx, name, repositoryID, cl.editors...)
	_, err = cl.noContent(resp, err)
	return err
}

// RemoveSecretRepository stops the repository's codespaces from reading the
// secret.
func (c *Client) RemoveSecretRepository(ctx context.Context, name string, repositoryID int64, callOpts ...CallOption) error {
	if err := requireNames(opRemoveSecretRepository, secretParam(name)); err != nil {
		return err
	}
	ctx, cl := c.begin(ctx, opRemoveSecretRepository, callOpts)
	resp, err := c.raw().CodespacesRemoveRepositoryForSecretForAuthenticatedUser(ctx, name, repositoryID, cl.editors...)
	return cl.deleted(resp, err)
}

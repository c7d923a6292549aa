package client

import (
	"context"
	"errors"
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

// SecretResult says what SetSecret did.
type SecretResult int

const (
	// SecretCreated means the secret did not exist before (201).
	SecretCreated SecretResult = iota + 1
	// SecretUpdated means an existing secret got the new value (204).
	SecretUpdated
)

// String returns "created" or "updated".
func (r SecretResult) String() string {
	switch r {
	case SecretCreated:
		return "created"
	case SecretUpdated:
		return "updated"
	}
	return fmt.Sprintf("SecretResult(%d)", int(r))
}

// SetSecretOptions shapes SetSecret.
type SetSecretOptions struct {
	// SelectedRepositoryIDs are the repositories whose codespaces may read
	// the secret. Nil leaves GitHub's selection as it is (all of the user's
	// repositories for a new secret); an empty, non-nil slice selects none.
	SelectedRepositoryIDs []int64
}

// GetPublicKey returns the key to seal secret values with, and its ID.
func (c *Client) GetPublicKey(ctx context.Context) (*gen.CodespacesUserPublicKey, error) {
	resp, err := c.raw().CodespacesGetPublicKeyForAuthenticatedUser(ctx)
	key, resp, err := decode[gen.CodespacesUserPublicKey](c, opGetPublicKey, resp, err)
	if err != nil {
		return nil, err
	}
	if key.KeyID == "" || key.Key == "" {
		return nil, &DecodeError{Operation: opGetPublicKey, StatusCode: resp.StatusCode, Err: errors.New("the key or its key_id is missing")}
	}
	return key, nil
}

// SetSecret stores plaintext as the user's Codespaces secret name: it fetches
// the user's public key, seals plaintext with it (EncryptSecret), and puts
// the sealed value with the key's ID. It reports whether the secret was
// created or updated. The plaintext is never logged and never part of an
// error.
func (c *Client) SetSecret(ctx context.Context, name string, plaintext []byte, opts SetSecretOptions) (SecretResult, error) {
	if err := requireNames(opPutSecret, "secret name", name); err != nil {
		return 0, err
	}
	key, err := c.GetPublicKey(ctx)
	if err != nil {
		return 0, fmt.Errorf("set secret %s: %w", name, err)
	}
	sealed, err := EncryptSecret(key.Key, plaintext)
	if err != nil {
		return 0, fmt.Errorf("set secret %s with key %s: %w", name, key.KeyID, err)
	}
	body := gen.CodespacesCreateOrUpdateSecretForAuthenticatedUserJSONRequestBody{EncryptedValue: &sealed, KeyID: key.KeyID}
	if opts.SelectedRepositoryIDs != nil {
		ids := repositoryIDItems(opts.SelectedRepositoryIDs)
		body.SelectedRepositoryIds = &ids
	}
	resp, err := c.raw().CodespacesCreateOrUpdateSecretForAuthenticatedUser(ctx, name, body)
	status, err := c.noContent(opPutSecret, resp, err)
	if err != nil {
		return 0, err
	}
	if status == http.StatusCreated {
		return SecretCreated, nil
	}
	return SecretUpdated, nil
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
func (c *Client) GetSecret(ctx context.Context, name string) (*gen.CodespacesSecret, error) {
	if err := requireNames(opGetSecret, "secret name", name); err != nil {
		return nil, err
	}
	resp, err := c.raw().CodespacesGetSecretForAuthenticatedUser(ctx, name)
	s, _, err := decode[gen.CodespacesSecret](c, opGetSecret, resp, err)
	return s, err
}

// ListSecrets returns the user's secrets, without their values, page by page
// as ListCodespaces does.
func (c *Client) ListSecrets(ctx context.Context, opts ListOptions) iter.Seq2[*gen.CodespacesSecret, error] {
	params := &gen.CodespacesListSecretsForAuthenticatedUserParams{PerPage: perPage(opts.PerPage)}
	return paginate(ctx, c, opListSecrets, opts.PerPage, func() (*http.Response, error) {
		return c.raw().CodespacesListSecretsForAuthenticatedUser(ctx, params)
	}, func(p *secretList) []gen.CodespacesSecret { return p.Secrets })
}

// DeleteSecret deletes one of the user's secrets.
func (c *Client) DeleteSecret(ctx context.Context, name string) error {
	if err := requireNames(opDeleteSecret, "secret name", name); err != nil {
		return err
	}
	resp, err := c.raw().CodespacesDeleteSecretForAuthenticatedUser(ctx, name)
	_, err = c.noContent(opDeleteSecret, resp, err)
	return err
}

// ListSecretRepositories returns the repositories whose codespaces may read
// the secret, following Link rel="next" if the server pages the list (the
// operation takes no per_page).
func (c *Client) ListSecretRepositories(ctx context.Context, name string) iter.Seq2[*gen.MinimalRepository, error] {
	if err := requireNames(opListSecretRepositories, "secret name", name); err != nil {
		return failed[gen.MinimalRepository](err)
	}
	return paginate(ctx, c, opListSecretRepositories, 0, func() (*http.Response, error) {
		return c.raw().CodespacesListRepositoriesForSecretForAuthenticatedUser(ctx, name)
	}, func(p *repositoryList) []gen.MinimalRepository { return p.Repositories })
}

// SetSecretRepositories replaces the repositories whose codespaces may read
// the secret.
func (c *Client) SetSecretRepositories(ctx context.Context, name string, repositoryIDs []int64) error {
	if err := requireNames(opSetSecretRepositories, "secret name", name); err != nil {
		return err
	}
	if repositoryIDs == nil {
		repositoryIDs = []int64{} // the field is required: send [], not null
	}
	body := gen.CodespacesSetRepositoriesForSecretForAuthenticatedUserJSONRequestBody{SelectedRepositoryIds: repositoryIDs}
	resp, err := c.raw().CodespacesSetRepositoriesForSecretForAuthenticatedUser(ctx, name, body)
	_, err = c.noContent(opSetSecretRepositories, resp, err)
	return err
}

// AddSecretRepository lets the repository's codespaces read the secret.
func (c *Client) AddSecretRepository(ctx context.Context, name string, repositoryID int64) error {
	if err := requireNames(opAddSecretRepository, "secret name", name); err != nil {
		return err
	}
	resp, err := c.raw().CodespacesAddRepositoryForSecretForAuthenticatedUser(ctx, name, repositoryID)
	_, err = c.noContent(opAddSecretRepository, resp, err)
	return err
}

// RemoveSecretRepository stops the repository's codespaces from reading the
// secret.
func (c *Client) RemoveSecretRepository(ctx context.Context, name string, repositoryID int64) error {
	if err := requireNames(opRemoveSecretRepository, "secret name", name); err != nil {
		return err
	}
	resp, err := c.raw().CodespacesRemoveRepositoryForSecretForAuthenticatedUser(ctx, name, repositoryID)
	_, err = c.noContent(opRemoveSecretRepository, resp, err)
	return err
}

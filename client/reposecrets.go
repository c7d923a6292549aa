package client

import (
	"context"
	"iter"
	"net/http"

	"github.com/codespaces-go/codespaces/gen"
)

const (
	opListRepoSecrets  = "codespaces/list-repo-secrets"
	opGetRepoPublicKey = "codespaces/get-repo-public-key"
	opGetRepoSecret    = "codespaces/get-repo-secret"
	opPutRepoSecret    = "codespaces/create-or-update-repo-secret"
	opDeleteRepoSecret = "codespaces/delete-repo-secret"
)

// Repository secrets are read by every codespace of the repository; GitHub
// lets only those who administer the repository manage them.

// GetRepoPublicKey returns the key to seal the repository's secret values
// with, and its ID. SetRepoSecret fetches it for each set.
func (c *Client) GetRepoPublicKey(ctx context.Context, owner, repo string, callOpts ...CallOption) (*gen.CodespacesPublicKey, error) {
	if err := requireNames(opGetRepoPublicKey, ownerParam(owner), repoParam(repo)); err != nil {
		return nil, err
	}
	ctx, cl := c.begin(ctx, opGetRepoPublicKey, callOpts)
	resp, err := c.raw().CodespacesGetRepoPublicKey(ctx, owner, repo, cl.editors...)
	return decodeKey(cl, resp, err, publicKeyFields)
}

// SetRepoSecretOptions shapes SetRepoSecret. It has no fields yet: GitHub's
// repository secret PUT takes nothing but the sealed value and its key, and
// the struct is here so that an option can be added without breaking
// callers.
type SetRepoSecretOptions struct{}

// SetRepoSecret stores plaintext as the Codespaces secret name of the
// repository owner/repo. It seals and stores the value as SetSecret does,
// with the repository's own key, and reports created or updated the same
// way.
func (c *Client) SetRepoSecret(ctx context.Context, owner, repo, name string, plaintext []byte, opts SetRepoSecretOptions, callOpts ...CallOption) (*SecretResult, error) {
	if err := requireNames(opPutRepoSecret, ownerParam(owner), repoParam(repo), secretParam(name)); err != nil {
		return nil, err
	}
	return c.setSealed(ctx, secretScope{
		putOp: opPutRepoSecret,
		fetch: keyFetcher(func(ctx context.Context) (*gen.CodespacesPublicKey, error) {
			return c.GetRepoPublicKey(ctx, owner, repo)
		}, publicKeyFields),
		put: func(ctx context.Context, cl *call, key sealingKey, sealed string) (*http.Response, error) {
			body := gen.CodespacesCreateOrUpdateRepoSecretJSONRequestBody{EncryptedValue: &sealed, KeyID: &key.id}
			return c.raw().CodespacesCreateOrUpdateRepoSecret(ctx, owner, repo, name, body, cl.editors...)
		},
	}, name, plaintext, callOpts)
}

// GetRepoSecret returns one of the repository's secrets, without its value.
func (c *Client) GetRepoSecret(ctx context.Context, owner, repo, name string, callOpts ...CallOption) (*gen.RepoCodespacesSecret, error) {
	if err := requireNames(opGetRepoSecret, ownerParam(owner), repoParam(repo), secretParam(name)); err != nil {
		return nil, err
	}
	ctx, cl := c.begin(ctx, opGetRepoSecret, callOpts)
	resp, err := c.raw().CodespacesGetRepoSecret(ctx, owner, repo, name, cl.editors...)
	s, _, err := decode[gen.RepoCodespacesSecret](cl, resp, err)
	return s, err
}

// ListRepoSecrets returns the repository's secrets, without their values,
// page by page as ListCodespaces does.
func (c *Client) ListRepoSecrets(ctx context.Context, owner, repo string, opts ListOptions, callOpts ...CallOption) iter.Seq2[*gen.RepoCodespacesSecret, error] {
	return itemsOf(c.ListRepoSecretsPages(ctx, owner, repo, opts, callOpts...))
}

// ListRepoSecretsPages is ListRepoSecrets a page at a time.
func (c *Client) ListRepoSecretsPages(ctx context.Context, owner, repo string, opts ListOptions, callOpts ...CallOption) iter.Seq2[*Page[gen.RepoCodespacesSecret], error] {
	if err := requireNames(opListRepoSecrets, ownerParam(owner), repoParam(repo)); err != nil {
		return failed[Page[gen.RepoCodespacesSecret]](err)
	}
	params := &gen.CodespacesListRepoSecretsParams{PerPage: nonZero(opts.PerPage), Page: nonZero(opts.Page)}
	return paginate(ctx, c, opListRepoSecrets, opts, callOpts, func(ctx context.Context, cl *call) (*http.Response, error) {
		return c.raw().CodespacesListRepoSecrets(ctx, owner, repo, params, cl.editors...)
	}, (*secretList[gen.RepoCodespacesSecret]).page, func(s *gen.RepoCodespacesSecret) string { return s.Name })
}

// DeleteRepoSecret deletes one of the repository's secrets.
func (c *Client) DeleteRepoSecret(ctx context.Context, owner, repo, name string, callOpts ...CallOption) error {
	if err := requireNames(opDeleteRepoSecret, ownerParam(owner), repoParam(repo), secretParam(name)); err != nil {
		return err
	}
	ctx, cl := c.begin(ctx, opDeleteRepoSecret, callOpts)
	resp, err := c.raw().CodespacesDeleteRepoSecret(ctx, owner, repo, name, cl.editors...)
	return cl.deleted(resp, err)
}

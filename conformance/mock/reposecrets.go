package mock

import (
	"context"
	"net/http"
	"strings"

	"github.com/codespaces-go/codespaces/gen"
	"github.com/codespaces-go/codespaces/gen/server"
)

// Repository secrets (docs.github.com/rest/codespaces/repository-secrets):
// "Users with write access to a repository can manage Codespaces repository
// secrets." In the mock's world that is whoever administers the repository:
// octocat its own, the publisher theirs, an organization's admin the
// organization's (octocat, octo-org/octo-repo). Everyone else can read the
// public repositories and is refused 403; a repository they cannot see is
// 404 where the operation documents it (GET and DELETE of a secret), else
// 403: the list, the public key and the PUT document no 404. Each
// repository has its own key pair, made when its secrets are first used.

// administers reports whether u may manage r's secrets. Called with s.mu held.
func (s *Server) administers(u *user, r *repository) bool {
	if o := s.world().orgOf(r); o != nil {
		return o.isAdmin(u)
	}
	return strings.EqualFold(r.owner, u.login)
}

// repoSecrets finds the scope of owner/repo for a caller who administers it.
// Called with s.mu held.
func (s *Server) repoSecrets(owner, name string) func(*call) (*secretScope, *response) {
	return func(c *call) (*secretScope, *response) {
		r := s.world().repoByName(owner, name)
		if r == nil {
			r = s.publishedNamed(c.user, owner, name)
		}
		if r == nil || !s.visibleTo(c.user, r) {
			return nil, ptr(notFound()) // GitHub's answer; the overlay documents it
		}
		if !s.administers(c.user, r) {
			// GitHub's words to a user who may only read the repository,
			// for its Actions secrets' public key (github/docs issues 8338
			// and 29818, octocat/Hello-World and github/docs), as to a token
			// without the scope (rights.go).
			return nil, ptr(errorResponse(http.StatusForbidden, "Must have admin rights to Repository."))
		}
		return s.repoScope(r), nil
	}
}

func (a *api) CodespacesGetRepoPublicKey(ctx context.Context, req server.CodespacesGetRepoPublicKeyRequestObject) (server.CodespacesGetRepoPublicKeyResponseObject, error) {
	return inScope(ctx, a.s, a.s.repoSecrets(req.Owner, req.Repo), func(_ *call, sc *secretScope) server.CodespacesGetRepoPublicKeyResponseObject {
		return server.CodespacesGetRepoPublicKey200JSONResponse{Key: sc.keys.publicKey(), KeyID: sc.keys.id}
	}), nil
}

func (a *api) CodespacesListRepoSecrets(ctx context.Context, req server.CodespacesListRepoSecretsRequestObject) (server.CodespacesListRepoSecretsResponseObject, error) {
	return inScope(ctx, a.s, a.s.repoSecrets(req.Owner, req.Repo), func(c *call, sc *secretScope) server.CodespacesListRepoSecretsResponseObject {
		names, win := sc.page(req.Params.Page, req.Params.PerPage)
		var resp server.CodespacesListRepoSecrets200JSONResponse
		resp.Body.TotalCount, resp.Body.Secrets = len(sc.secrets), make([]gen.RepoCodespacesSecret, 0, len(names))
		for _, name := range names {
			resp.Body.Secrets = append(resp.Body.Secrets, renderRepoSecret(sc.secrets[name]))
		}
		resp.Headers.Link = linkOf(win, c)
		return resp
	}), nil
}

func (a *api) CodespacesGetRepoSecret(ctx context.Context, req server.CodespacesGetRepoSecretRequestObject) (server.CodespacesGetRepoSecretResponseObject, error) {
	return onScopeSecret(ctx, a.s, a.s.repoSecrets(req.Owner, req.Repo), req.SecretName, func(_ *call, _ *secretScope, sec *secret) server.CodespacesGetRepoSecretResponseObject {
		return server.CodespacesGetRepoSecret200JSONResponse(renderRepoSecret(sec))
	}), nil
}

func (a *api) CodespacesCreateOrUpdateRepoSecret(ctx context.Context, req server.CodespacesCreateOrUpdateRepoSecretRequestObject) (server.CodespacesCreateOrUpdateRepoSecretResponseObject, error) {
	s := a.s
	return inScope(ctx, s, s.repoSecrets(req.Owner, req.Repo), func(c *call, sc *secretScope) server.CodespacesCreateOrUpdateRepoSecretResponseObject {
		b := req.Body
		if b == nil {
			b = &gen.CodespacesCreateOrUpdateRepoSecretJSONRequestBody{}
		}
		if refused := checkSealed(c.op, req.SecretName, b.EncryptedValue, b.KeyID); refused != nil {
			return *refused
		}
		_, created, refused := sc.store(c.op, req.SecretName, *b.KeyID, *b.EncryptedValue, s.now())
		switch {
		case refused != nil:
			return *refused
		case created:
			return server.CodespacesCreateOrUpdateRepoSecret201JSONResponse{}
		}
		return server.CodespacesCreateOrUpdateRepoSecret204Response{}
	}), nil
}

func (a *api) CodespacesDeleteRepoSecret(ctx context.Context, req server.CodespacesDeleteRepoSecretRequestObject) (server.CodespacesDeleteRepoSecretResponseObject, error) {
	return onScopeSecret(ctx, a.s, a.s.repoSecrets(req.Owner, req.Repo), req.SecretName, func(_ *call, sc *secretScope, sec *secret) server.CodespacesDeleteRepoSecretResponseObject {
		delete(sc.secrets, sec.name)
		return server.CodespacesDeleteRepoSecret204Response{}
	}), nil
}

func renderRepoSecret(sec *secret) gen.RepoCodespacesSecret {
	return gen.RepoCodespacesSecret{Name: sec.name, CreatedAt: sec.createdAt, UpdatedAt: sec.updatedAt}
}

package mock

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/codespaces-go/codespaces/gen"
	"github.com/codespaces-go/codespaces/gen/server"
)

// Secret names are stored upper-case and looked up without regard to case,
// as GitHub does.

func (a *api) CodespacesGetPublicKeyForAuthenticatedUser(context.Context, server.CodespacesGetPublicKeyForAuthenticatedUserRequestObject) (server.CodespacesGetPublicKeyForAuthenticatedUserResponseObject, error) {
	key, id := a.s.PublicKey()
	return server.CodespacesGetPublicKeyForAuthenticatedUser200JSONResponse{Key: key, KeyID: id}, nil
}

func (a *api) CodespacesListSecretsForAuthenticatedUser(ctx context.Context, req server.CodespacesListSecretsForAuthenticatedUserRequestObject) (server.CodespacesListSecretsForAuthenticatedUserResponseObject, error) {
	return inScope(ctx, a.s, a.s.userSecrets, func(c *call, sc *secretScope) server.CodespacesListSecretsForAuthenticatedUserResponseObject {
		names, win := sc.page(req.Params.Page, req.Params.PerPage)
		var resp server.CodespacesListSecretsForAuthenticatedUser200JSONResponse
		resp.Body.TotalCount, resp.Body.Secrets = len(sc.secrets), make([]gen.CodespacesSecret, 0, len(names))
		for _, name := range names {
			resp.Body.Secrets = append(resp.Body.Secrets, renderSecret(c, sc.secrets[name]))
		}
		resp.Headers.Link = linkOf(win, c)
		return resp
	}), nil
}

func (a *api) CodespacesGetSecretForAuthenticatedUser(ctx context.Context, req server.CodespacesGetSecretForAuthenticatedUserRequestObject) (server.CodespacesGetSecretForAuthenticatedUserResponseObject, error) {
	return onSecret(ctx, a.s, req.SecretName, func(c *call, sec *secret) server.CodespacesGetSecretForAuthenticatedUserResponseObject {
		return server.CodespacesGetSecretForAuthenticatedUser200JSONResponse(renderSecret(c, sec))
	}), nil
}

func (a *api) CodespacesCreateOrUpdateSecretForAuthenticatedUser(ctx context.Context, req server.CodespacesCreateOrUpdateSecretForAuthenticatedUserRequestObject) (server.CodespacesCreateOrUpdateSecretForAuthenticatedUserResponseObject, error) {
	s, c := a.s, callFrom(ctx)
	b := req.Body
	if b == nil {
		b = &gen.CodespacesCreateOrUpdateSecretForAuthenticatedUserJSONRequestBody{}
	}
	if refused := checkSealed(c.op, req.SecretName, b.EncryptedValue, &b.KeyID); refused != nil {
		return *refused, nil
	}
	var repos []int64
	if b.SelectedRepositoryIds != nil {
		ids, err := repositoryIDs(*b.SelectedRepositoryIds)
		if err != nil {
			return badSecret(c.op, "selected_repository_ids", "invalid", err.Error()), nil
		}
		var ok bool
		if repos, ok = s.repoIDs(c.user, ids); !ok {
			return badSecret(c.op, "selected_repository_ids", "invalid", "a selected repository does not exist"), nil
		}
	}
	return inScope(ctx, s, s.userSecrets, func(c *call, sc *secretScope) server.CodespacesCreateOrUpdateSecretForAuthenticatedUserResponseObject {
		sec, created, refused := sc.store(c.op, req.SecretName, b.KeyID, *b.EncryptedValue, s.now())
		switch {
		case refused != nil:
			return *refused
		case repos != nil:
			sec.selected = repos
		}
		if !created {
			return server.CodespacesCreateOrUpdateSecretForAuthenticatedUser204Response{}
		}
		// GitHub answers a created secret with the body {} (the description's
		// empty-object): a composite literal, because a nil map encodes as null.
		return server.CodespacesCreateOrUpdateSecretForAuthenticatedUser201JSONResponse{}
	}), nil
}

// repositoryIDs reads the user secret PUT's selected_repository_ids, whose
// items the description allows as integers or strings ("1296269", as its own
// example sends them). A string must hold a decimal repository id.
func repositoryIDs(items []gen.CodespacesCreateOrUpdateSecretForAuthenticatedUserJSONBody_SelectedRepositoryIds_Item) ([]int64, error) {
	out := make([]int64, 0, len(items))
	for _, it := range items {
		if n, err := it.AsCodespacesCreateOrUpdateSecretForAuthenticatedUserJSONBodySelectedRepositoryIds0(); err == nil {
			out = append(out, n)
			continue
		}
		s, err := it.AsCodespacesCreateOrUpdateSecretForAuthenticatedUserJSONBodySelectedRepositoryIds1()
		if err != nil {
			return nil, errors.New("selected_repository_ids holds an item that is neither an integer nor a string")
		}
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("selected_repository_ids holds %s, which is not a repository id", quote(s))
		}
		out = append(out, n)
	}
	return out, nil
}

func (a *api) CodespacesDeleteSecretForAuthenticatedUser(ctx context.Context, req server.CodespacesDeleteSecretForAuthenticatedUserRequestObject) (server.CodespacesDeleteSecretForAuthenticatedUserResponseObject, error) {
	return onSecret(ctx, a.s, req.SecretName, func(c *call, sec *secret) server.CodespacesDeleteSecretForAuthenticatedUserResponseObject {
		delete(c.user.secrets, sec.name)
		return server.CodespacesDeleteSecretForAuthenticatedUser204Response{}
	}), nil
}

func (a *api) CodespacesListRepositoriesForSecretForAuthenticatedUser(ctx context.Context, req server.CodespacesListRepositoriesForSecretForAuthenticatedUserRequestObject) (server.CodespacesListRepositoriesForSecretForAuthenticatedUserResponseObject, error) {
	s := a.s
	return onSecret(ctx, s, req.SecretName, func(c *call, sec *secret) server.CodespacesListRepositoriesForSecretForAuthenticatedUserResponseObject {
		list := server.CodespacesListRepositoriesForSecretForAuthenticatedUser200JSONResponse{
			TotalCount: len(sec.selected), Repositories: make([]gen.MinimalRepository, 0, len(sec.selected)),
		}
		for _, id := range sec.selected {
			list.Repositories = append(list.Repositories, showRepository(c.base, s.repoWithIDLocked(c.user, id)))
		}
		return list
	}), nil
}

func (a *api) CodespacesSetRepositoriesForSecretForAuthenticatedUser(ctx context.Context, req server.CodespacesSetRepositoriesForSecretForAuthenticatedUserRequestObject) (server.CodespacesSetRepositoriesForSecretForAuthenticatedUserResponseObject, error) {
	s := a.s
	if req.Body == nil || req.Body.SelectedRepositoryIds == nil {
		return invalid(callFrom(ctx).op.pick(http.StatusUnprocessableEntity, http.StatusBadRequest), "Secret", "selected_repository_ids",
			"missing_field", "selected_repository_ids is required"), nil
	}
	repos, ok := s.repoIDs(callFrom(ctx).user, req.Body.SelectedRepositoryIds)
	if !ok {
		return notFound(), nil
	}
	return onSecret(ctx, s, req.SecretName, func(_ *call, sec *secret) server.CodespacesSetRepositoriesForSecretForAuthenticatedUserResponseObject {
		sec.selected, sec.updatedAt = repos, s.now()
		return server.CodespacesSetRepositoriesForSecretForAuthenticatedUser204Response{}
	}), nil
}

func (a *api) CodespacesAddRepositoryForSecretForAuthenticatedUser(ctx context.Context, req server.CodespacesAddRepositoryForSecretForAuthenticatedUserRequestObject) (server.CodespacesAddRepositoryForSecretForAuthenticatedUserResponseObject, error) {
	return a.s.changeUserSecretRepo(ctx, req.SecretName, req.RepositoryID, true), nil
}

// Removing a repository that is not selected is a no-op.
func (a *api) CodespacesRemoveRepositoryForSecretForAuthenticatedUser(ctx context.Context, req server.CodespacesRemoveRepositoryForSecretForAuthenticatedUserRequestObject) (server.CodespacesRemoveRepositoryForSecretForAuthenticatedUserResponseObject, error) {
	return a.s.changeUserSecretRepo(ctx, req.SecretName, req.RepositoryID, false), nil
}

// changeUserSecretRepo adds a repository the caller can see to their
// secret's selection, or removes it; an unknown repository is 404.
func (s *Server) changeUserSecretRepo(ctx context.Context, name string, id int64, add bool) response {
	if s.repoWithID(callFrom(ctx).user, id) == nil {
		return notFound()
	}
	return onSecret(ctx, s, name, func(_ *call, sec *secret) response {
		s.changeSelection(sec, id, add)
		return response{status: http.StatusNoContent}
	})
}

// changeSelection adds a repository to a secret's selection or removes it.
// Called with s.mu held.
func (s *Server) changeSelection(sec *secret, id int64, add bool) {
	if add {
		sec.selectRepo(id)
	} else {
		sec.unselectRepo(id)
	}
	sec.updatedAt = s.now()
}

// onSecret runs f, under the lock, on the caller's secret of that name, and
// answers 404 when there is none.
func onSecret[R any](ctx context.Context, s *Server, name string, f func(*call, *secret) R) R {
	return onScopeSecret(ctx, s, s.userSecrets, name, func(c *call, _ *secretScope, sec *secret) R { return f(c, sec) })
}

func renderSecret(c *call, sec *secret) gen.CodespacesSecret {
	return gen.CodespacesSecret{
		Name:                    sec.name,
		CreatedAt:               sec.createdAt,
		UpdatedAt:               sec.updatedAt,
		Visibility:              sec.visibility(),
		SelectedRepositoriesURL: c.base + "/user/codespaces/secrets/" + sec.name + "/repositories",
	}
}

// SecretValue returns the plaintext a user's secret was stored with, for tests
// that check a client sealed it right. login names the user (see Login).
func (s *Server) SecretValue(login, name string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u := s.userNamed(login); u != nil {
		return (&secretScope{secrets: u.secrets}).value(name)
	}
	return nil, false
}

// OrgSecretValue is SecretValue for an organization's secret.
func (s *Server) OrgSecretValue(org, name string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if o := s.world().orgNamed(org); o != nil {
		return o.secrets.value(name)
	}
	return nil, false
}

// RepoSecretValue is SecretValue for a repository's secret (of the world's
// repositories, or a published one).
func (s *Server) RepoSecretValue(owner, repo, name string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, sc := range s.repoScopes {
		r := s.anyRepoWithID(id)
		if r != nil && strings.EqualFold(r.owner, owner) && strings.EqualFold(r.name, repo) {
			return sc.value(name)
		}
	}
	return nil, false
}

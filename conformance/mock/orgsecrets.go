package mock

import (
	"context"
	"net/http"
	"slices"

	"github.com/codespaces-go/codespaces/gen"
	"github.com/codespaces-go/codespaces/gen/server"
)

// Organization secrets (docs.github.com/rest/codespaces/organization-secrets)
// are for the organization's admins, like its other endpoints (adminOf).
// What the docs say and the mock does:
//
//   - visibility is all, private or selected and is given with every PUT;
//     "You can only provide a list of repository IDs when the visibility
//     is set to selected": selected_repository_ids with another visibility
//     is a 422, and so is an ID that is not a repository of the
//     organization. A PUT with visibility selected and no list keeps the
//     list the secret had (none for a new secret); a PUT with another
//     visibility drops it.
//   - The selected-repository endpoints work "when the visibility for
//     repository access is set to selected" and answer the documented 409,
//     "Conflict when visibility type not set to selected" (without a body,
//     as documented), otherwise; listing them answers an empty list then,
//     as the list documents no 409.
//   - Values are sealed to the organization's own key pair (GET
//     .../secrets/public-key), not the user's.
//   - selected_repositories_url is shown for a secret with visibility
//     selected only, where there is a list to get.

// orgSecrets finds the caller's scope in an organization they administer
// whose plan has organization secrets (plans.go). Called with s.mu held.
func (s *Server) orgSecrets(org string) func(*call) (*secretScope, *response) {
	return func(c *call) (*secretScope, *response) {
		o, refused := s.adminOf(c, org)
		if refused != nil {
			return nil, refused
		}
		if !planHasOrgSecrets(o.plan) {
			return nil, ptr(notFound())
		}
		return o.secrets, nil
	}
}

func (a *api) CodespacesGetOrgPublicKey(ctx context.Context, req server.CodespacesGetOrgPublicKeyRequestObject) (server.CodespacesGetOrgPublicKeyResponseObject, error) {
	return inScope(ctx, a.s, a.s.orgSecrets(req.Org), func(_ *call, sc *secretScope) server.CodespacesGetOrgPublicKeyResponseObject {
		return server.CodespacesGetOrgPublicKey200JSONResponse{Key: sc.keys.publicKey(), KeyID: sc.keys.id}
	}), nil
}

func (a *api) CodespacesListOrgSecrets(ctx context.Context, req server.CodespacesListOrgSecretsRequestObject) (server.CodespacesListOrgSecretsResponseObject, error) {
	return inScope(ctx, a.s, a.s.orgSecrets(req.Org), func(c *call, sc *secretScope) server.CodespacesListOrgSecretsResponseObject {
		names, win := sc.page(req.Params.Page, req.Params.PerPage)
		var resp server.CodespacesListOrgSecrets200JSONResponse
		resp.Body.TotalCount, resp.Body.Secrets = len(sc.secrets), make([]gen.CodespacesOrgSecret, 0, len(names))
		for _, name := range names {
			resp.Body.Secrets = append(resp.Body.Secrets, renderOrgSecret(c, a.s.world().orgNamed(req.Org), sc.secrets[name]))
		}
		resp.Headers.Link = linkOf(win, c)
		return resp
	}), nil
}

func (a *api) CodespacesGetOrgSecret(ctx context.Context, req server.CodespacesGetOrgSecretRequestObject) (server.CodespacesGetOrgSecretResponseObject, error) {
	return onScopeSecret(ctx, a.s, a.s.orgSecrets(req.Org), req.SecretName, func(c *call, _ *secretScope, sec *secret) server.CodespacesGetOrgSecretResponseObject {
		return ok(renderOrgSecret(c, a.s.world().orgNamed(req.Org), sec))
	}), nil
}

func (a *api) CodespacesCreateOrUpdateOrgSecret(ctx context.Context, req server.CodespacesCreateOrUpdateOrgSecretRequestObject) (server.CodespacesCreateOrUpdateOrgSecretResponseObject, error) {
	s := a.s
	return inScope(ctx, s, s.orgSecrets(req.Org), func(c *call, sc *secretScope) server.CodespacesCreateOrUpdateOrgSecretResponseObject {
		b := req.Body
		if b == nil {
			b = &gen.CodespacesCreateOrUpdateOrgSecretJSONRequestBody{}
		}
		if refused := checkSealed(c.op, req.SecretName, b.EncryptedValue, b.KeyID); refused != nil {
			return *refused
		}
		visibility := gen.CodespacesOrgSecretVisibility(b.Visibility)
		if !visibility.Valid() {
			return badSecret(c.op, "visibility", "invalid", "visibility must be all, private or selected")
		}
		var repos []int64
		if b.SelectedRepositoryIds != nil {
			if visibility != gen.CodespacesOrgSecretVisibilitySelected {
				return badSecret(c.op, "selected_repository_ids", "invalid", "selected_repository_ids can only be given when visibility is selected")
			}
			var ok bool
			if repos, ok = s.orgRepoIDs(req.Org, *b.SelectedRepositoryIds); !ok {
				return badSecret(c.op, "selected_repository_ids", "invalid", "a selected repository is not a repository of the organization")
			}
		}
		sec, created, refused := sc.store(c.op, req.SecretName, *b.KeyID, *b.EncryptedValue, s.now())
		if refused != nil {
			return *refused
		}
		switch {
		case visibility != gen.CodespacesOrgSecretVisibilitySelected:
			sec.selected = nil
		case repos != nil:
			sec.selected = repos
		case sec.orgVisibility != gen.CodespacesOrgSecretVisibilitySelected:
			sec.selected = []int64{}
		}
		sec.orgVisibility = visibility
		if !created {
			return server.CodespacesCreateOrUpdateOrgSecret204Response{}
		}
		return server.CodespacesCreateOrUpdateOrgSecret201JSONResponse{}
	}), nil
}

func (a *api) CodespacesDeleteOrgSecret(ctx context.Context, req server.CodespacesDeleteOrgSecretRequestObject) (server.CodespacesDeleteOrgSecretResponseObject, error) {
	return onScopeSecret(ctx, a.s, a.s.orgSecrets(req.Org), req.SecretName, func(_ *call, sc *secretScope, sec *secret) server.CodespacesDeleteOrgSecretResponseObject {
		delete(sc.secrets, sec.name)
		return server.CodespacesDeleteOrgSecret204Response{}
	}), nil
}

func (a *api) CodespacesListSelectedReposForOrgSecret(ctx context.Context, req server.CodespacesListSelectedReposForOrgSecretRequestObject) (server.CodespacesListSelectedReposForOrgSecretResponseObject, error) {
	s := a.s
	return onScopeSecret(ctx, s, s.orgSecrets(req.Org), req.SecretName, func(c *call, _ *secretScope, sec *secret) server.CodespacesListSelectedReposForOrgSecretResponseObject {
		win := paginate(len(sec.selected), req.Params.Page, req.Params.PerPage)
		list := server.CodespacesListSelectedReposForOrgSecret200JSONResponse{
			TotalCount: len(sec.selected), Repositories: make([]gen.MinimalRepository, 0, win.end-win.start),
		}
		for _, id := range sec.selected[win.start:win.end] {
			list.Repositories = append(list.Repositories, showRepository(c.base, s.world().repoByID(id)))
		}
		return withLink(ok(list), win, c)
	}), nil
}

func (a *api) CodespacesSetSelectedReposForOrgSecret(ctx context.Context, req server.CodespacesSetSelectedReposForOrgSecretRequestObject) (server.CodespacesSetSelectedReposForOrgSecretResponseObject, error) {
	s := a.s
	return onSelectedOrgSecret(ctx, s, req.Org, req.SecretName, func(c *call, sec *secret) server.CodespacesSetSelectedReposForOrgSecretResponseObject {
		if req.Body == nil {
			return badSecret(c.op, "selected_repository_ids", "missing_field", "selected_repository_ids is required")
		}
		repos, ok := s.orgRepoIDs(req.Org, req.Body.SelectedRepositoryIds)
		if !ok {
			return notFound()
		}
		sec.selected, sec.updatedAt = repos, s.now()
		return server.CodespacesSetSelectedReposForOrgSecret204Response{}
	}), nil
}

func (a *api) CodespacesAddSelectedRepoToOrgSecret(ctx context.Context, req server.CodespacesAddSelectedRepoToOrgSecretRequestObject) (server.CodespacesAddSelectedRepoToOrgSecretResponseObject, error) {
	return a.s.changeOrgSecretRepo(ctx, req.Org, req.SecretName, req.RepositoryID, true), nil
}

// Removing a repository that is not selected is a no-op, as for user secrets.
func (a *api) CodespacesRemoveSelectedRepoFromOrgSecret(ctx context.Context, req server.CodespacesRemoveSelectedRepoFromOrgSecretRequestObject) (server.CodespacesRemoveSelectedRepoFromOrgSecretResponseObject, error) {
	return a.s.changeOrgSecretRepo(ctx, req.Org, req.SecretName, req.RepositoryID, false), nil
}

// changeOrgSecretRepo adds a repository of the organization to a secret's
// selection, or removes it.
func (s *Server) changeOrgSecretRepo(ctx context.Context, org, name string, id int64, add bool) response {
	return onSelectedOrgSecret(ctx, s, org, name, func(c *call, sec *secret) response {
		if refused := s.orgRepo(c, org, id); refused != nil {
			return *refused
		}
		s.changeSelection(sec, id, add)
		return response{status: http.StatusNoContent}
	})
}

// onSelectedOrgSecret is onScopeSecret for the selected-repository
// endpoints: the documented 409 when the secret's visibility is not selected.
func onSelectedOrgSecret[R any](ctx context.Context, s *Server, org, name string, f func(*call, *secret) R) R {
	return onScopeSecret(ctx, s, s.orgSecrets(org), name, func(c *call, _ *secretScope, sec *secret) R {
		if sec.orgVisibility != gen.CodespacesOrgSecretVisibilitySelected {
			return any(response{status: http.StatusConflict}).(R)
		}
		return f(c, sec)
	})
}

// orgRepoIDs returns ids sorted and without repeats, or false if one is not
// a repository of the organization (all of which are the world's).
func (s *Server) orgRepoIDs(org string, ids []int64) ([]int64, bool) {
	o := s.world().orgNamed(org)
	out := make([]int64, 0, len(ids))
	for _, id := range ids {
		r := s.world().repoByID(id)
		if r == nil || o == nil || r.account != o.account {
			return nil, false
		}
		out = append(out, id)
	}
	slices.Sort(out)
	return slices.Compact(out), true
}

// orgRepo refuses a repository ID that names no repository (404) or one
// that is not the organization's (422).
func (s *Server) orgRepo(c *call, org string, id int64) *response {
	if _, ok := s.orgRepoIDs(org, []int64{id}); ok {
		return nil
	}
	if s.repoWithIDLocked(c.user, id) == nil {
		return ptr(notFound())
	}
	return ptr(badSecret(c.op, "repository_id", "invalid", "the repository is not a repository of the organization"))
}

func renderOrgSecret(c *call, o *organization, sec *secret) gen.CodespacesOrgSecret {
	out := gen.CodespacesOrgSecret{Name: sec.name, CreatedAt: sec.createdAt, UpdatedAt: sec.updatedAt, Visibility: sec.orgVisibility}
	if sec.orgVisibility == gen.CodespacesOrgSecretVisibilitySelected {
		out.SelectedRepositoriesURL = ptr(c.base + "/orgs/" + o.account.login + "/codespaces/secrets/" + sec.name + "/repositories")
	}
	return out
}

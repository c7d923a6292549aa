package mock

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
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
	s, c := a.s, callFrom(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	names := make([]string, 0, len(c.user.secrets))
	for name := range c.user.secrets {
		names = append(names, name)
	}
	sort.Strings(names)
	win := paginate(len(names), req.Params.Page, req.Params.PerPage)
	var resp server.CodespacesListSecretsForAuthenticatedUser200JSONResponse
	resp.Body.TotalCount, resp.Body.Secrets = len(names), make([]gen.CodespacesSecret, 0, win.end-win.start)
	for _, name := range names[win.start:win.end] {
		resp.Body.Secrets = append(resp.Body.Secrets, renderSecret(c, c.user.secrets[name]))
	}
	if link := win.link(c.base, c.url); link != "" {
		resp.Headers.Link = &link
	}
	return resp, nil
}

func (a *api) CodespacesGetSecretForAuthenticatedUser(ctx context.Context, req server.CodespacesGetSecretForAuthenticatedUserRequestObject) (server.CodespacesGetSecretForAuthenticatedUserResponseObject, error) {
	return onSecret(ctx, a.s, req.SecretName, func(c *call, sec *secret) server.CodespacesGetSecretForAuthenticatedUserResponseObject {
		return server.CodespacesGetSecretForAuthenticatedUser200JSONResponse(renderSecret(c, sec))
	}), nil
}

func (a *api) CodespacesCreateOrUpdateSecretForAuthenticatedUser(ctx context.Context, req server.CodespacesCreateOrUpdateSecretForAuthenticatedUserRequestObject) (server.CodespacesCreateOrUpdateSecretForAuthenticatedUserResponseObject, error) {
	s, c := a.s, callFrom(ctx)
	bad := func(field, code, message string) response {
		return invalid(http.StatusUnprocessableEntity, "Secret", field, code, message)
	}
	if err := validSecretName(req.SecretName); err != nil {
		return bad("name", "invalid", err.Error()), nil
	}
	b := req.Body
	// The description makes only key_id required; a value is still needed
	// to store a secret, and GitHub refuses a PUT without one.
	switch {
	case b == nil || b.EncryptedValue == nil || *b.EncryptedValue == "":
		return bad("encrypted_value", "missing_field", "encrypted_value is required"), nil
	case b.KeyID == "":
		return bad("key_id", "missing_field", "key_id is required"), nil
	}
	var repos []int64
	if b.SelectedRepositoryIds != nil {
		ids, err := repositoryIDs(*b.SelectedRepositoryIds)
		if err != nil {
			return bad("selected_repository_ids", "invalid", err.Error()), nil
		}
		var ok bool
		if repos, ok = s.world.repoIDs(ids); !ok {
			return bad("selected_repository_ids", "invalid", "a selected repository does not exist"), nil
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	value, err := s.keys.open(b.KeyID, *b.EncryptedValue)
	if err != nil {
		field := "encrypted_value"
		if errors.Is(err, errStaleKey) || errors.Is(err, errUnknownKey) {
			field = "key_id"
		}
		return bad(field, "invalid", err.Error()), nil
	}
	name := strings.ToUpper(req.SecretName)
	now := s.now()
	sec, exists := c.user.secrets[name]
	if !exists {
		sec = &secret{name: name, createdAt: now}
		c.user.secrets[name] = sec
	}
	sec.value, sec.updatedAt = value, now
	if repos != nil {
		sec.selected = repos
	}
	if exists {
		return server.CodespacesCreateOrUpdateSecretForAuthenticatedUser204Response{}, nil
	}
	// GitHub answers a created secret with the body {} (the description's
	// empty-object): a composite literal, because a nil map encodes as null.
	return server.CodespacesCreateOrUpdateSecretForAuthenticatedUser201JSONResponse{}, nil
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
			list.Repositories = append(list.Repositories, s.world.showRepository(c.base, s.world.repoByID(id)))
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
	repos, ok := s.world.repoIDs(req.Body.SelectedRepositoryIds)
	if !ok {
		return notFound(), nil
	}
	return onSecret(ctx, s, req.SecretName, func(_ *call, sec *secret) server.CodespacesSetRepositoriesForSecretForAuthenticatedUserResponseObject {
		sec.selected, sec.updatedAt = repos, s.now()
		return server.CodespacesSetRepositoriesForSecretForAuthenticatedUser204Response{}
	}), nil
}

func (a *api) CodespacesAddRepositoryForSecretForAuthenticatedUser(ctx context.Context, req server.CodespacesAddRepositoryForSecretForAuthenticatedUserRequestObject) (server.CodespacesAddRepositoryForSecretForAuthenticatedUserResponseObject, error) {
	s := a.s
	if s.world.repoByID(req.RepositoryID) == nil {
		return notFound(), nil
	}
	return onSecret(ctx, s, req.SecretName, func(_ *call, sec *secret) server.CodespacesAddRepositoryForSecretForAuthenticatedUserResponseObject {
		sec.selectRepo(req.RepositoryID)
		sec.updatedAt = s.now()
		return server.CodespacesAddRepositoryForSecretForAuthenticatedUser204Response{}
	}), nil
}

// Removing a repository that is not selected is a no-op.
func (a *api) CodespacesRemoveRepositoryForSecretForAuthenticatedUser(ctx context.Context, req server.CodespacesRemoveRepositoryForSecretForAuthenticatedUserRequestObject) (server.CodespacesRemoveRepositoryForSecretForAuthenticatedUserResponseObject, error) {
	s := a.s
	if s.world.repoByID(req.RepositoryID) == nil {
		return notFound(), nil
	}
	return onSecret(ctx, s, req.SecretName, func(_ *call, sec *secret) server.CodespacesRemoveRepositoryForSecretForAuthenticatedUserResponseObject {
		sec.unselectRepo(req.RepositoryID)
		sec.updatedAt = s.now()
		return server.CodespacesRemoveRepositoryForSecretForAuthenticatedUser204Response{}
	}), nil
}

// onSecret runs f, under the lock, on the caller's secret of that name, and
// answers 404 when there is none.
func onSecret[R any](ctx context.Context, s *Server, name string, f func(*call, *secret) R) R {
	c := callFrom(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	sec := c.user.secrets[strings.ToUpper(name)]
	if sec == nil {
		return any(notFound()).(R)
	}
	return f(c, sec)
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
	for _, u := range s.users {
		if u.login == login {
			if sec := u.secrets[strings.ToUpper(name)]; sec != nil {
				return append([]byte(nil), sec.value...), true
			}
		}
	}
	return nil, false
}

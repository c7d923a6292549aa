package mock

import (
	"context"
	"net/http"
	"net/netip"
	"strconv"
	"strings"

	"github.com/codespaces-go/codespaces/gen"
	"github.com/codespaces-go/codespaces/gen/server"
)

// The permissions check and the pre-flight answer from the world
// (docs.github.com/rest/codespaces/codespaces, "Check if permissions defined
// by a devcontainer have been accepted by the authenticated user" and "Get
// default attributes for a codespace").
//
//   - A ref is known when it is the repository's default branch or the head
//     of one of its pull requests, given as BRANCH, heads/BRANCH or
//     refs/heads/BRANCH (the description: "typically a branch name
//     (heads/BRANCH_NAME)"). An unknown ref names nothing: 404, as an
//     unknown repository. Without a ref the pre-flight checks the default
//     branch, as documented.
//   - devcontainer_path must be one of the repository's devcontainer.json
//     files, else 422 on devcontainer_path (creating a codespace refuses the
//     same path with a validation error).
//   - A devcontainer that asks for access to other repositories
//     (Hello-World's and octo-repo's foobar) is accepted once the user
//     accepts it, which on GitHub happens in the browser, not the API: tests
//     play it with AcceptDevcontainerPermissions. Any other devcontainer
//     asks nothing and is accepted.
//   - The default location is the client_ip's, else the world's default,
//     WestUs2 (the mock cannot place the caller's own address). The mock
//     places RFC 5737's documentation networks: 192.0.2.0/24 in EastUs,
//     198.51.100.0/24 in WestEurope, 203.0.113.0/24 in SouthEastAsia; any
//     other address, or a client_ip that is no address, gets the default.
//   - billable_owner is who would pay for a codespace the caller creates
//     there: the organization when its access setting enables the caller
//     (see orgs.go), else the caller.

func (a *api) CodespacesCheckPermissionsForDevcontainer(ctx context.Context, req server.CodespacesCheckPermissionsForDevcontainerRequestObject) (server.CodespacesCheckPermissionsForDevcontainerResponseObject, error) {
	s, c := a.s, callFrom(ctx)
	repo := s.repoNamed(c.user, req.Owner, req.Repo)
	if repo == nil || !repo.hasRef(req.Params.Ref) {
		return notFound(), nil
	}
	d := repo.devcontainer(req.Params.DevcontainerPath)
	if d == nil {
		return invalid(http.StatusUnprocessableEntity, "Devcontainer", "devcontainer_path", "invalid",
			"no devcontainer.json at "+quote(req.Params.DevcontainerPath)), nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	accepted := !d.permissions || c.user.accepted[acceptance(repo, d.path)]
	return server.CodespacesCheckPermissionsForDevcontainer200JSONResponse{Accepted: accepted}, nil
}

func (a *api) CodespacesPreFlightWithRepoForAuthenticatedUser(ctx context.Context, req server.CodespacesPreFlightWithRepoForAuthenticatedUserRequestObject) (server.CodespacesPreFlightWithRepoForAuthenticatedUserResponseObject, error) {
	s, c := a.s, callFrom(ctx)
	repo := s.repoNamed(c.user, req.Owner, req.Repo)
	if repo == nil || req.Params.Ref != nil && !repo.hasRef(*req.Params.Ref) {
		return notFound(), nil
	}
	var resp server.CodespacesPreFlightWithRepoForAuthenticatedUser200JSONResponse
	resp.Defaults = &struct {
		DevcontainerPath *string `json:"devcontainer_path"`
		Location         string  `json:"location"`
	}{Location: string(locationFor(req.Params.ClientIP))}
	if path := repo.defaultDevcontainer(); path != "" {
		resp.Defaults.DevcontainerPath = &path
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	resp.BillableOwner = ptr(showUser(c.base, s.billableOwner(c.user, repo)))
	return resp, nil
}

// hasRef reports whether ref names a branch of r (see above).
func (r *repository) hasRef(ref string) bool {
	branch := strings.TrimPrefix(strings.TrimPrefix(ref, "refs/"), "heads/")
	if branch == r.defaultBranch {
		return true
	}
	for _, head := range r.pulls {
		if branch == head {
			return true
		}
	}
	return false
}

func (r *repository) devcontainer(path string) *devcontainer {
	for i := range r.devcontainers {
		if r.devcontainers[i].path == path {
			return &r.devcontainers[i]
		}
	}
	return nil
}

// acceptance keys a user's accepted devcontainer permissions.
func acceptance(r *repository, path string) string { return strconv.FormatInt(r.id, 10) + ":" + path }

// locationFor is the default location for a client IP (see above).
func locationFor(clientIP *string) gen.CodespaceLocation {
	if clientIP != nil {
		if ip, err := netip.ParseAddr(strings.TrimSpace(*clientIP)); err == nil {
			for prefix, loc := range map[string]gen.CodespaceLocation{
				"192.0.2.0/24":    gen.CodespaceLocationEastUs,
				"198.51.100.0/24": gen.CodespaceLocationWestEurope,
				"203.0.113.0/24":  gen.CodespaceLocationSouthEastAsia,
			} {
				if netip.MustParsePrefix(prefix).Contains(ip) {
					return loc
				}
			}
		}
	}
	return defaultLocation
}

// AcceptDevcontainerPermissions records that the user (see Login) accepted
// the permissions a devcontainer of owner/repo asks for, as they would in
// GitHub's browser prompt, so that the permissions check answers accepted.
// It reports false when there is no such user, repository or devcontainer.
func (s *Server) AcceptDevcontainerPermissions(login, owner, repo, devcontainerPath string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.userNamed(login)
	if u == nil {
		return false
	}
	r := s.world().repoByName(owner, repo)
	if r == nil {
		r = s.publishedNamed(u, owner, repo)
	}
	if r == nil || r.devcontainer(devcontainerPath) == nil {
		return false
	}
	u.accepted[acceptance(r, devcontainerPath)] = true
	return true
}

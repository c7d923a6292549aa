package mock

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/codespaces-go/codespaces/gen"
	"github.com/codespaces-go/codespaces/gen/server"
)

// Publishing (docs.github.com/rest/codespaces/codespaces#create-a-repository-from-an-unpublished-codespace):
// "Publishes an unpublished codespace, creating a new repository and
// assigning it to the codespace. ... This will fail for a codespace that is
// already published, meaning it has an associated repository."
//
//   - Only a codespace made from a template (github/codespaces-blank) is
//     unpublished; any other, and one published already, is refused 422.
//   - The repository is {login}/{name}, private when asked ("private"
//     defaults to false in the description). name is optional there; the
//     mock then names it after the codespace, as the description's own
//     example does. A name GitHub would not take (empty, over 100
//     characters, "." or "..", characters other than letters, digits, "-",
//     "_" and ".") or one the user has already is a 422.
//   - The answer is 201 with the codespace and its new full repository; from
//     then on the codespace's repository is the new one and its publish_url
//     null, and GET /repos/{login}/{name} finds it, for its publisher only
//     when private.

// firstPublishedRepoID is where the IDs of published repositories start,
// clear of the world's.
const firstPublishedRepoID = 1300300

const maxRepoName = 100

func (a *api) CodespacesPublishForAuthenticatedUser(ctx context.Context, req server.CodespacesPublishForAuthenticatedUserRequestObject) (server.CodespacesPublishForAuthenticatedUserResponseObject, error) {
	s := a.s
	var name *string
	private := false
	if b := req.Body; b != nil {
		name = b.Name
		if b.Private != nil {
			private = *b.Private
		}
	}
	return onCodespace(ctx, s, req.CodespaceName, func(c *call, cs *codespace) server.CodespacesPublishForAuthenticatedUserResponseObject {
		bad := func(field, code, message string) response {
			return invalid(http.StatusUnprocessableEntity, "Repository", field, code, message)
		}
		if !cs.unpublished {
			return bad("codespace", "already_exists", "the codespace is already published: its repository is "+cs.repo.fullName())
		}
		repoName := cs.name
		if name != nil {
			repoName = *name
		}
		if err := validRepoName(repoName); err != nil {
			return bad("name", "invalid", err.Error())
		}
		if s.world().repoByName(c.user.login, repoName) != nil || s.publishedNamed(c.user, c.user.login, repoName) != nil {
			return bad("name", "already_exists", "name already exists on this account")
		}
		now := s.now()
		for s.world().repoByID(s.nextRepoID) != nil { // a world's repository may have the next id
			s.nextRepoID++
		}
		r := &repository{
			id:            s.nextRepoID,
			owner:         c.user.login,
			account:       c.user,
			name:          repoName,
			defaultBranch: cs.repo.defaultBranch,
			private:       private,
			devcontainers: cs.repo.devcontainers,
			machines:      cs.repo.machines,
			pulls:         map[int]string{},
			createdAt:     now,
		}
		r.nodeID = base64.StdEncoding.EncodeToString([]byte("010:Repository" + strconv.FormatInt(r.id, 10)))
		s.nextRepoID++
		s.publishedRepos = append(s.publishedRepos, r)
		c.user.published = true
		cs.repo, cs.unpublished, cs.updatedAt = r, false, now
		return response{status: http.StatusCreated, body: s.withFullRepository(c, cs)}
	}), nil
}

// validRepoName applies GitHub's rules for repository names.
func validRepoName(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("name must not be empty")
	case len(name) > maxRepoName:
		return fmt.Errorf("name must be at most %d characters", maxRepoName)
	case name == "." || name == "..":
		return fmt.Errorf("name must not be %s", quote(name))
	}
	for _, r := range name {
		if !(r == '-' || r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return fmt.Errorf("name can only contain letters, digits, '-', '_' and '.'")
		}
	}
	if strings.HasSuffix(strings.ToLower(name), ".git") {
		return fmt.Errorf("name must not end with .git")
	}
	return nil
}

// codespaceWithFullRepository is a codespace as the publish answer shows it
// (codespace-with-full-repository): encoding/json lets the outer repository
// win over the one the codespace embeds.
type codespaceWithFullRepository struct {
	codespaceView
	Repository fullRepository `json:"repository"`
}

// fullRepository is a repository as full-repository shows it: the
// repository codespaces embed, with the counts and flags full-repository
// requires (a new repository has none of anything) and the caller's
// permissions.
type fullRepository struct {
	gen.MinimalRepository
	Forks            int             `json:"forks"`
	ForksCount       int             `json:"forks_count"`
	StargazersCount  int             `json:"stargazers_count"`
	Watchers         int             `json:"watchers"`
	WatchersCount    int             `json:"watchers_count"`
	OpenIssues       int             `json:"open_issues"`
	OpenIssuesCount  int             `json:"open_issues_count"`
	NetworkCount     int             `json:"network_count"`
	SubscribersCount int             `json:"subscribers_count"`
	Size             int             `json:"size"`
	HasIssues        bool            `json:"has_issues"`
	HasProjects      bool            `json:"has_projects"`
	HasWiki          bool            `json:"has_wiki"`
	HasPages         bool            `json:"has_pages"`
	HasDiscussions   bool            `json:"has_discussions"`
	Archived         bool            `json:"archived"`
	Disabled         bool            `json:"disabled"`
	Homepage         *string         `json:"homepage"`
	Language         *string         `json:"language"`
	MirrorURL        *string         `json:"mirror_url"`
	License          *struct{}       `json:"license"`
	SvnURL           string          `json:"svn_url"`
	Permissions      repoPermissions `json:"permissions"`
}

type repoPermissions struct {
	Admin    bool `json:"admin"`
	Maintain bool `json:"maintain"`
	Push     bool `json:"push"`
	Triage   bool `json:"triage"`
	Pull     bool `json:"pull"`
}

// withFullRepository renders cs for the publish answer. Called with s.mu held.
func (s *Server) withFullRepository(c *call, cs *codespace) codespaceWithFullRepository {
	admin := s.administers(c.user, cs.repo)
	return codespaceWithFullRepository{
		codespaceView: s.render(c, cs),
		Repository: fullRepository{
			MinimalRepository: showRepository(c.base, cs.repo),
			HasIssues:         true, HasProjects: true, HasWiki: true,
			SvnURL:      "https://github.com/" + cs.repo.fullName(),
			Permissions: repoPermissions{Admin: admin, Maintain: admin, Push: admin, Triage: admin, Pull: true},
		},
	}
}

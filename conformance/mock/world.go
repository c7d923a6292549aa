package mock

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/codespaces-go/codespaces/gen"
)

// The world is built from a world document (worlddoc.go, worldbuild.go);
// default-world.yaml mirrors the reference pages.

// repository is a repository of the world, or one a publish created. Every
// user may create codespaces in every public repository; a private one is
// its owner's alone.
type repository struct {
	id            int64
	nodeID        string
	owner         string // login of account
	account       *user  // the owner as answers show it: a user or an organization
	name          string
	description   string
	defaultBranch string
	private       bool
	isTemplate    bool
	devcontainers []devcontainer
	pulls         map[int]string // pull request number → head branch
	// machines are the names of the machines its codespaces may run on;
	// nil is every machine of the world.
	machines []string
	// prebuilds says, per machine, whether a prebuild is available for the
	// default branch; a repository without it does not support prebuilds, so
	// its machines show prebuild_availability null (see world.machineList).
	prebuilds map[string]gen.CodespaceMachinePrebuildAvailability
	createdAt time.Time
	shown     shown[gen.MinimalRepository]
}

// devcontainer is a devcontainer.json of a repository.
type devcontainer struct {
	path, name, displayName string // name and displayName are optional
	// permissions: the configuration asks for access to other repositories
	// (customizations.codespaces.repositories), which a user must accept.
	permissions bool
}

// shown remembers how something was last rendered for a base URL: users and
// repositories never change, and rendering them anew for every answer costs
// more than the rest of a codespace. Guarded by Server.mu.
type shown[T any] struct {
	base string
	view T
}

// get returns the view for base, rendering it when base changed.
func (sh *shown[T]) get(base string, render func() T) T {
	if sh.base != base || base == "" {
		sh.base, sh.view = base, render()
	}
	return sh.view
}

func (r *repository) fullName() string { return r.owner + "/" + r.name }

func (r *repository) visibility() string {
	if r.private {
		return "private"
	}
	return "public"
}

// world is what every user of the mock can see: its repositories and
// organizations never change (what does, an organization's settings and
// secrets, is guarded by Server.mu; published repositories are the
// Server's). Replacing the world swaps it whole (Server.world).
type world struct {
	repos    []*repository
	orgs     []*organization
	machines []gen.CodespaceMachine
}

// repoByName finds a repository the way GitHub does: owner and name are not
// case sensitive.
func (w *world) repoByName(owner, name string) *repository {
	return findRepo(w.repos, func(r *repository) bool { return r.named(owner, name) })
}

func (w *world) repoByID(id int64) *repository {
	return findRepo(w.repos, func(r *repository) bool { return r.id == id })
}

func (r *repository) named(owner, name string) bool {
	return strings.EqualFold(r.owner, owner) && strings.EqualFold(r.name, name)
}

// findRepo is the first of repos that match accepts, or nil.
func findRepo(repos []*repository, match func(*repository) bool) *repository {
	for _, r := range repos {
		if match(r) {
			return r
		}
	}
	return nil
}

// machine is the machine of that name codespaces in r may run on, or nil.
func (w *world) machine(r *repository, name string) *gen.CodespaceMachine {
	if r.machines != nil && !slices.Contains(r.machines, name) {
		return nil
	}
	for i := range w.machines {
		if w.machines[i].Name == name {
			m := w.machines[i]
			return &m
		}
	}
	return nil
}

// defaultMachine is where a codespace in r runs when its create names no
// machine: the first of the world's that r allows.
func (w *world) defaultMachine(r *repository) *gen.CodespaceMachine {
	if r.machines != nil {
		return w.machine(r, r.machines[0])
	}
	m := w.machines[0]
	return &m
}

// machineList is the machines a codespace in r at ref can run on, each with
// its prebuild_availability, which GitHub's description requires and allows
// to be null: null where r does not support prebuilds, "none" on a ref other
// than the default branch (the only one the world prebuilds), else the
// repository's state for that machine. An empty ref is the default branch.
func (w *world) machineList(r *repository, ref string) []gen.CodespaceMachine {
	out := make([]gen.CodespaceMachine, 0, len(w.machines))
	for _, m := range w.machines {
		if r.machines == nil || slices.Contains(r.machines, m.Name) {
			out = append(out, m)
		}
	}
	for i := range out {
		out[i].PrebuildAvailability = nil
		if r.prebuilds == nil {
			continue
		}
		avail := gen.CodespaceMachinePrebuildAvailabilityNone
		if ref == "" || ref == r.defaultBranch {
			if a, ok := r.prebuilds[out[i].Name]; ok {
				avail = a
			}
		}
		out[i].PrebuildAvailability = &avail
	}
	return out
}

// showUser is renderUser, remembered. Called with s.mu held.
func showUser(base string, u *user) gen.SimpleUser {
	return u.shown.get(base, func() gen.SimpleUser { return renderUser(base, u) })
}

// showRepository is a repository with its owner as answers embed it,
// remembered. Called with s.mu held.
func showRepository(base string, r *repository) gen.MinimalRepository {
	return r.shown.get(base, func() gen.MinimalRepository {
		return renderRepository(base, r, showUser(base, r.account))
	})
}

// renderUser renders a user as other resources embed it. API URLs point at
// the mock; web URLs (html_url, avatar_url) at github.com, as GitHub's do.
func renderUser(base string, u *user) gen.SimpleUser {
	api := base + "/users/" + u.login
	return gen.SimpleUser{
		Login:             u.login,
		ID:                u.id,
		NodeID:            u.nodeID,
		AvatarURL:         "https://avatars.githubusercontent.com/u/" + strconv.FormatInt(u.id, 10) + "?v=4",
		GravatarID:        ptr(""),
		URL:               api,
		HTMLURL:           "https://github.com/" + u.login,
		FollowersURL:      api + "/followers",
		FollowingURL:      api + "/following{/other_user}",
		GistsURL:          api + "/gists{/gist_id}",
		StarredURL:        api + "/starred{/owner}{/repo}",
		SubscriptionsURL:  api + "/subscriptions",
		OrganizationsURL:  api + "/orgs",
		ReposURL:          api + "/repos",
		EventsURL:         api + "/events{/privacy}",
		ReceivedEventsURL: api + "/received_events",
		Type:              u.kind,
		SiteAdmin:         false,
		UserViewType:      ptr("public"),
	}
}

// renderRepository renders a repository as other resources embed it.
func renderRepository(base string, r *repository, owner gen.SimpleUser) gen.MinimalRepository {
	api := base + "/repos/" + r.fullName()
	html := "https://github.com/" + r.fullName()
	created := r.createdAt
	return gen.MinimalRepository{
		ID:               r.id,
		NodeID:           r.nodeID,
		Name:             r.name,
		FullName:         r.fullName(),
		Owner:            owner,
		Private:          r.private,
		HTMLURL:          html,
		Description:      ptr(r.description),
		Fork:             false,
		URL:              api,
		ArchiveURL:       api + "/{archive_format}{/ref}",
		AssigneesURL:     api + "/assignees{/user}",
		BlobsURL:         api + "/git/blobs{/sha}",
		BranchesURL:      api + "/branches{/branch}",
		CollaboratorsURL: api + "/collaborators{/collaborator}",
		CommentsURL:      api + "/comments{/number}",
		CommitsURL:       api + "/commits{/sha}",
		CompareURL:       api + "/compare/{base}...{head}",
		ContentsURL:      api + "/contents/{+path}",
		ContributorsURL:  api + "/contributors",
		DeploymentsURL:   api + "/deployments",
		DownloadsURL:     api + "/downloads",
		EventsURL:        api + "/events",
		ForksURL:         api + "/forks",
		GitCommitsURL:    api + "/git/commits{/sha}",
		GitRefsURL:       api + "/git/refs{/sha}",
		GitTagsURL:       api + "/git/tags{/sha}",
		GitURL:           ptr("git:github.com/" + r.fullName() + ".git"),
		HooksURL:         api + "/hooks",
		IssueCommentURL:  api + "/issues/comments{/number}",
		IssueEventsURL:   api + "/issues/events{/number}",
		IssuesURL:        api + "/issues{/number}",
		KeysURL:          api + "/keys{/key_id}",
		LabelsURL:        api + "/labels{/name}",
		LanguagesURL:     api + "/languages",
		MergesURL:        api + "/merges",
		MilestonesURL:    api + "/milestones{/number}",
		NotificationsURL: api + "/notifications{?since,all,participating}",
		PullsURL:         api + "/pulls{/number}",
		ReleasesURL:      api + "/releases{/id}",
		SSHURL:           ptr("git@github.com:" + r.fullName() + ".git"),
		StargazersURL:    api + "/stargazers",
		StatusesURL:      api + "/statuses/{sha}",
		SubscribersURL:   api + "/subscribers",
		SubscriptionURL:  api + "/subscription",
		TagsURL:          api + "/tags",
		TeamsURL:         api + "/teams",
		TreesURL:         api + "/git/trees{/sha}",
		CloneURL:         ptr(html + ".git"),
		DefaultBranch:    ptr(r.defaultBranch),
		Visibility:       ptr(r.visibility()),
		IsTemplate:       ptr(r.isTemplate),
		CreatedAt:        &created,
		UpdatedAt:        &created,
		PushedAt:         &created,
		// Fields GitHub added after the reference pages were written.
		HasPullRequests:           ptr(true),
		PullRequestCreationPolicy: ptr(gen.MinimalRepositoryPullRequestCreationPolicyAll),
		CustomProperties:          &map[string]any{},
	}
}

func ptr[T any](v T) *T { return &v }

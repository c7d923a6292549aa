package mock

import (
	_ "embed"
	"fmt"
	"time"

	"gopkg.in/yaml.v3"
)

// World is the world document in Go: the users, organizations,
// repositories, machines, codespaces and secrets a mock starts with. One
// format serves WithWorld, `conformance serve -world FILE` and
// PUT /_mock/world; default-world.yaml, shipped with the package and
// returned by DefaultWorld, is today's world and the example to copy.
// ParseWorld reads one and says, for a bad one, the line and the field.
type World struct {
	Users         []WorldUser         `yaml:"users,omitempty" json:"users,omitempty"`
	Organizations []WorldOrganization `yaml:"organizations,omitempty" json:"organizations,omitempty"`
	Repositories  []WorldRepository   `yaml:"repositories,omitempty" json:"repositories,omitempty"`
	Machines      []WorldMachine      `yaml:"machines,omitempty" json:"machines,omitempty"`
	Codespaces    []WorldCodespace    `yaml:"codespaces,omitempty" json:"codespaces,omitempty"`
	Secrets       []WorldSecret       `yaml:"secrets,omitempty" json:"secrets,omitempty"`

	// lines are where ParseWorld found each field, by its path
	// (repositories[1].id), for errors that point into the document.
	lines map[string]int
}

// WorldUser is a user, and the token that authenticates as it. Kind,
// Scopes and Permissions are its token's Rights. With no Kind, the kind is
// the one the token's prefix implies (ghp_ classic, github_pat_
// fine-grained, ...), else classic with Scopes and fine-grained with
// Permissions; with neither, the token has every right its kind may have,
// like a token the world does not name.
type WorldUser struct {
	Login       string            `yaml:"login" json:"login"`
	ID          int64             `yaml:"id" json:"id"`
	Token       string            `yaml:"token,omitempty" json:"token,omitempty"`
	Kind        TokenKind         `yaml:"kind,omitempty" json:"kind,omitempty"`
	Scopes      []string          `yaml:"scopes,omitempty" json:"scopes,omitempty"`
	Permissions map[string]string `yaml:"permissions,omitempty" json:"permissions,omitempty"`
}

// WorldOrganization is an organization: its admins, its members (every
// user, with EveryoneIsMember), its plan and its codespaces access setting.
type WorldOrganization struct {
	Login            string          `yaml:"login" json:"login"`
	ID               int64           `yaml:"id" json:"id"`
	Admins           []string        `yaml:"admins,omitempty" json:"admins,omitempty"`
	Members          []string        `yaml:"members,omitempty" json:"members,omitempty"`
	EveryoneIsMember bool            `yaml:"everyone_is_member,omitempty" json:"everyone_is_member,omitempty"`
	Plan             string          `yaml:"plan,omitempty" json:"plan,omitempty"`
	CodespacesAccess *WorldOrgAccess `yaml:"codespaces_access,omitempty" json:"codespaces_access,omitempty"`
}

// WorldOrgAccess is who may create codespaces the organization pays for, as
// PUT /orgs/{org}/codespaces/access sets it. Nil is all_members.
type WorldOrgAccess struct {
	Visibility        string   `yaml:"visibility" json:"visibility"`
	SelectedUsernames []string `yaml:"selected_usernames,omitempty" json:"selected_usernames,omitempty"`
}

// WorldRepository is a repository of a user or an organization. Every user
// sees a public one; a private one only its owner.
type WorldRepository struct {
	Owner         string              `yaml:"owner" json:"owner"`
	Name          string              `yaml:"name" json:"name"`
	ID            int64               `yaml:"id" json:"id"`
	NodeID        string              `yaml:"node_id,omitempty" json:"node_id,omitempty"`
	Description   string              `yaml:"description,omitempty" json:"description,omitempty"`
	DefaultBranch string              `yaml:"default_branch,omitempty" json:"default_branch,omitempty"`
	CreatedAt     *time.Time          `yaml:"created_at,omitempty" json:"created_at,omitempty"`
	Private       bool                `yaml:"private,omitempty" json:"private,omitempty"`
	Template      bool                `yaml:"template,omitempty" json:"template,omitempty"`
	PullRequests  []WorldPullRequest  `yaml:"pull_requests,omitempty" json:"pull_requests,omitempty"`
	Devcontainers []WorldDevcontainer `yaml:"devcontainers,omitempty" json:"devcontainers,omitempty"`
	// Machines are the names of the machines codespaces of the repository
	// may run on; none is every machine of the world.
	Machines []string `yaml:"machines,omitempty" json:"machines,omitempty"`
	// Prebuilds is, per machine, whether a prebuild of the default branch
	// is ready, in_progress or none; nil is a repository without prebuilds.
	Prebuilds map[string]string `yaml:"prebuilds,omitempty" json:"prebuilds,omitempty"`
}

// WorldPullRequest is an open pull request, by number and head branch.
type WorldPullRequest struct {
	Number int    `yaml:"number" json:"number"`
	Head   string `yaml:"head" json:"head"`
}

// WorldDevcontainer is a devcontainer.json of a repository. Permissions:
// it asks for access to other repositories, which a user must accept.
type WorldDevcontainer struct {
	Path        string `yaml:"path" json:"path"`
	Name        string `yaml:"name,omitempty" json:"name,omitempty"`
	DisplayName string `yaml:"display_name,omitempty" json:"display_name,omitempty"`
	Permissions bool   `yaml:"permissions,omitempty" json:"permissions,omitempty"`
}

// WorldMachine is a machine type. The first of the world is where a
// codespace runs when nothing names another.
type WorldMachine struct {
	Name            string `yaml:"name" json:"name"`
	DisplayName     string `yaml:"display_name" json:"display_name"`
	OperatingSystem string `yaml:"operating_system,omitempty" json:"operating_system,omitempty"`
	CPUs            int    `yaml:"cpus" json:"cpus"`
	MemoryInBytes   int64  `yaml:"memory_in_bytes" json:"memory_in_bytes"`
	StorageInBytes  int64  `yaml:"storage_in_bytes" json:"storage_in_bytes"`
}

// WorldCodespace is a codespace the world starts with. Owner is a user of
// the world, Repository (OWNER/NAME) one the owner sees. State is
// Available when left out; a transitional one (Queued, Provisioning,
// Starting, ShuttingDown) goes on as the timing says, as after a create,
// start or stop. What is left out is what a create would give it (the
// name and display name made up by the seeded generator, the repository's
// first machine and default branch); the dates default to when the world
// is loaded, last_used_at to created_at.
type WorldCodespace struct {
	Name               string     `yaml:"name,omitempty" json:"name,omitempty"`
	Owner              string     `yaml:"owner" json:"owner"`
	Repository         string     `yaml:"repository" json:"repository"`
	State              string     `yaml:"state,omitempty" json:"state,omitempty"`
	Machine            string     `yaml:"machine,omitempty" json:"machine,omitempty"`
	DisplayName        string     `yaml:"display_name,omitempty" json:"display_name,omitempty"`
	Ref                string     `yaml:"ref,omitempty" json:"ref,omitempty"`
	DevcontainerPath   string     `yaml:"devcontainer_path,omitempty" json:"devcontainer_path,omitempty"`
	Location           string     `yaml:"location,omitempty" json:"location,omitempty"`
	IdleTimeoutMinutes int        `yaml:"idle_timeout_minutes,omitempty" json:"idle_timeout_minutes,omitempty"`
	CreatedAt          *time.Time `yaml:"created_at,omitempty" json:"created_at,omitempty"`
	LastUsedAt         *time.Time `yaml:"last_used_at,omitempty" json:"last_used_at,omitempty"`
}

// WorldSecret is a Codespaces secret's name and settings, never its value:
// a secret of the world has none, so SecretValue and its kin report it
// missing until a client stores one. Scope is user, organization or
// repository; Owner the user's login, the organization's, or OWNER/NAME.
// SelectedRepositories are OWNER/NAME (an organization's own, for its
// secrets). Visibility: a user's secret is all or selected (left out:
// selected with SelectedRepositories, else all), an organization's all,
// private or selected, a repository's has none. The dates default to when
// the world is loaded, updated_at to created_at.
type WorldSecret struct {
	Scope                string     `yaml:"scope" json:"scope"`
	Owner                string     `yaml:"owner" json:"owner"`
	Name                 string     `yaml:"name" json:"name"`
	Visibility           string     `yaml:"visibility,omitempty" json:"visibility,omitempty"`
	SelectedRepositories []string   `yaml:"selected_repositories,omitempty" json:"selected_repositories,omitempty"`
	CreatedAt            *time.Time `yaml:"created_at,omitempty" json:"created_at,omitempty"`
	UpdatedAt            *time.Time `yaml:"updated_at,omitempty" json:"updated_at,omitempty"`
}

//go:embed default-world.yaml
var defaultWorldYAML []byte

// DefaultWorld returns the world a mock starts with unless told otherwise,
// parsed from the shipped default-world.yaml: a fresh copy, which the
// caller may change.
func DefaultWorld() *World {
	w, err := ParseWorld(defaultWorldYAML)
	if err != nil {
		// The package's tests parse it; a broken default is a build bug.
		panic(fmt.Sprintf("mock: default-world.yaml: %v", err))
	}
	return w
}

// Marshal writes the world as a YAML document that ParseWorld reads back.
// Tokens are written as they are: a document that names them is as secret
// as the tokens themselves (see WithoutTokens).
func (w *World) Marshal() ([]byte, error) { return yaml.Marshal(w) }

// WithoutTokens is a copy of the world whose users have no tokens, to show
// the world without giving away what authenticates as whom.
func (w *World) WithoutTokens() *World {
	out := *w
	out.lines = nil
	out.Users = append([]WorldUser(nil), w.Users...)
	for i := range out.Users {
		out.Users[i].Token = ""
	}
	return &out
}

// WorldError is what is wrong with a world document: the field, as a path
// from the document's root (repositories[1].id), the problem, and the line
// the field is on when the document was parsed (0 for a World built in Go).
type WorldError struct {
	Line    int
	Field   string
	Problem string
}

func (e *WorldError) Error() string {
	where := e.Field
	if where == "" {
		where = "the document"
	}
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s: %s", e.Line, where, e.Problem)
	}
	return where + ": " + e.Problem
}

// kind is the kind of u's token: Kind, or the one its token, its scopes or
// its permissions imply (see WorldUser).
func (u *WorldUser) kind() TokenKind {
	switch {
	case u.Kind != "":
		return u.Kind
	case u.Token != "":
		return DefaultRights(u.Token).Kind
	case len(u.Permissions) > 0:
		return TokenFineGrained
	}
	return TokenClassic
}

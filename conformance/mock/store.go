package mock

import (
	"encoding/base64"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/codespaces-go/codespaces/gen"
)

// The mock's state. Everything here is guarded by Server.mu.

// The default world's identities, as the reference pages show them. Clients
// of the mock (the conformance runner, other languages' tests) use these
// rather than restating them.
const (
	OctocatLogin = "octocat"
	// HelloWorldRepo is the repository every scenario works in; owner and
	// name are not case sensitive, as on GitHub.
	HelloWorldRepo = "Hello-World"
	HelloWorldID   = 1296269
	HelloWorldPull = 1

	// OrgLogin is the organization of the world: octocat administers it and
	// every other user is a member.
	OrgLogin = "octo-org"
	OrgID    = 6811672
	// OrgRepo is the organization's repository, with Hello-World's
	// devcontainers and the default branch main.
	OrgRepo   = "octo-repo"
	OrgRepoID = 1300211

	// TemplateOwner/TemplateRepo is the template repository GitHub's blank
	// codespaces start from: a codespace created from it is unpublished
	// until PublishCodespace gives it a repository of its own.
	TemplateOwner  = "github"
	TemplateRepo   = "codespaces-blank"
	TemplateRepoID = 570024467
)

// user is whoever a token authenticates as. Each distinct token is a user.
type user struct {
	id     int64
	login  string
	nodeID string
	// kind is the simple-user type: "User", or "Organization" for the
	// account an organization shows as (organization.account).
	kind       string
	codespaces []*codespace       // in creation order
	secrets    map[string]*secret // by upper-case name
	accepted   map[string]bool    // devcontainer permissions accepted (see acceptance)
	published  bool               // published a codespace's repository
	rights     Rights             // what the user's token may do (tokens.go)
	shown      shown[gen.SimpleUser]
	// resident: a user the world names, which is never dropped and is in
	// no list of the recently seen (users.go).
	resident bool
	// token is the digest of the user's token, if hasToken (a resident
	// may have none yet), and newer and older link the users from the most
	// to the least recently seen (users.go).
	token        [32]byte
	hasToken     bool
	newer, older *user
}

func newUser(id int64, login string) *user {
	return &user{
		id:       id,
		login:    login,
		kind:     "User",
		nodeID:   base64.StdEncoding.EncodeToString([]byte("04:User" + strconv.FormatInt(id, 10))),
		secrets:  make(map[string]*secret),
		accepted: make(map[string]bool),
	}
}

// newOrgAccount is an organization as it shows where a user could be: as
// a repository's owner or a codespace's billable owner, a simple-user of
// type Organization with GitHub's node ID for organizations.
func newOrgAccount(id int64, login string) *user {
	u := newUser(id, login)
	u.kind = "Organization"
	u.nodeID = base64.StdEncoding.EncodeToString([]byte("012:Organization" + strconv.FormatInt(id, 10)))
	return u
}

// codespace is one codespace of one user.
type codespace struct {
	id    int64
	name  string
	owner *user
	repo  *repository
	pull  int // pull request number, 0 when not made from one
	// unpublished: made from a template and not published yet, so repo is
	// the template and the codespace has a publish_url.
	unpublished      bool
	displayName      string
	environmentID    string
	machine          gen.CodespaceMachine
	pendingMachine   *gen.CodespaceMachine // applied on the next start
	devcontainerPath string
	ref              string
	location         gen.CodespaceLocation
	idleTimeout      int
	retention        *int
	recentFolders    []string
	createdAt        time.Time
	updatedAt        time.Time
	lastUsedAt       time.Time
	life             progress[gen.CodespaceState]
	pending          *pendingOp // nil when no operation is pending
	exports          []*export
}

// observe counts a read of the codespace: of its state, and of its pending
// operation.
func (cs *codespace) observe() {
	cs.life.observe()
	if cs.pending != nil {
		cs.pending.seen++
	}
}

// export is one export of a codespace's unpushed work to a branch.
type export struct {
	id     string
	branch string
	sha    string
	life   progress[exportState]
}

// exportState is an export's state. The spec types it as a plain string
// ("succeeded | failed | in_progress" in its example), so gen has no enum.
type exportState string

const (
	exportInProgress exportState = "in_progress"
	exportSucceeded  exportState = "succeeded"
)

// secret is a user's Codespaces secret. value is the opened plaintext: it
// stays in memory and never reaches a log, an error or an answer.
type secret struct {
	name      string
	value     []byte
	createdAt time.Time
	updatedAt time.Time
	selected  []int64 // repository IDs, sorted; nil until a list was ever given
	// orgVisibility is an organization secret's visibility (all, private or
	// selected), given with every PUT; empty for user and repository secrets.
	orgVisibility gen.CodespacesOrgSecretVisibility
	// noValue: a world's secret, which has a name and settings but no
	// value until a client stores one.
	noValue bool
}

// visibility follows the API's model for user secrets: a secret that was never
// given a repository list is readable by all of the user's repositories; once
// it has one, only by the selected ones.
func (s *secret) visibility() gen.CodespacesSecretVisibility {
	if s.selected == nil {
		return gen.CodespacesSecretVisibilityAll
	}
	return gen.CodespacesSecretVisibilitySelected
}

func (s *secret) selectRepo(id int64) {
	if s.selected == nil {
		s.selected = []int64{}
	}
	if !slices.Contains(s.selected, id) {
		s.selected = append(s.selected, id)
		slices.Sort(s.selected)
	}
}

func (s *secret) unselectRepo(id int64) {
	s.selected = slices.DeleteFunc(s.selected, func(x int64) bool { return x == id })
}

// validSecretName applies GitHub's rules for secret names: letters, digits
// and underscores, not starting with a digit or GITHUB_. GitHub's docs state
// no length limit, and none is known (see the package doc).
func validSecretName(name string) error {
	if name == "" {
		return fmt.Errorf("secret names must not be empty")
	}
	for _, r := range name {
		if !(r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return fmt.Errorf("secret names can only contain alphanumeric characters ([a-z], [A-Z], [0-9]) or underscores (_)")
		}
	}
	if name[0] >= '0' && name[0] <= '9' {
		return fmt.Errorf("secret names must not start with a number")
	}
	if strings.HasPrefix(strings.ToUpper(name), "GITHUB_") {
		return fmt.Errorf("secret names must not start with the GITHUB_ prefix")
	}
	return nil
}

// removeCodespace drops c from its owner's list.
func (u *user) removeCodespace(c *codespace) {
	u.codespaces = slices.DeleteFunc(u.codespaces, func(x *codespace) bool { return x == c })
}

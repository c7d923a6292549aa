package mock

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/codespaces-go/codespaces/conformance/validate"
	"github.com/codespaces-go/codespaces/gen"
)

// check finds the first thing wrong with a world, in document order, so
// that building it (worldbuild.go) cannot fail.
func (w *World) check() error {
	c := worldChecker{w: w, logins: map[string]string{}, ids: map[int64]string{}, repos: map[string]int{},
		repoIDs: map[int64]string{}, machines: map[string]bool{}, tokens: map[string]string{}}
	for _, step := range []func() error{c.checkUsers, c.checkOrgs, c.checkMachines, c.checkRepos, c.checkCodespaces, c.checkSecrets} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// worldChecker is what check has learnt so far: the paths of the names and
// ids it met, for "the same as" errors and for references.
type worldChecker struct {
	w        *World
	logins   map[string]string // lower-case login of a user or an organization → its path
	ids      map[int64]string  // account id → path
	orgs     map[string]*WorldOrganization
	users    map[string]*WorldUser
	repos    map[string]int   // lower-case OWNER/NAME → index
	repoIDs  map[int64]string // → path
	machines map[string]bool
	tokens   map[string]string // token → path of its user
}

// errAt is a WorldError for path, on its line or, for a field left out,
// on the line of the nearest thing around it.
func (c *worldChecker) errAt(path, format string, args ...any) error {
	return &WorldError{Line: c.w.lineOf(path), Field: path, Problem: fmt.Sprintf(format, args...)}
}

func (w *World) lineOf(path string) int {
	for p := path; p != ""; {
		if line, ok := w.lines[p]; ok {
			return line
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return 0
}

// validLogin applies GitHub's rule for user and organization names, in the
// words of its sign-up form: "Username may only contain alphanumeric
// characters or single hyphens, and cannot begin or end with a hyphen" and
// "Username is too long (maximum is 39 characters)" (quoted by
// jub0bs/namecheck, github/github.go, and remarkjs/remark-github's
// test/fixtures/issue-user, which notes that some old logins break it: a
// world that needs one is refused, a choice).
func validLogin(login string) bool {
	if login == "" || len(login) > 39 || login[0] == '-' || login[len(login)-1] == '-' || strings.Contains(login, "--") {
		return false
	}
	for _, r := range login {
		if !(r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

// account checks a login and an id that users and organizations share, as
// on GitHub.
func (c *worldChecker) account(at, login string, id int64) error {
	switch {
	case login == "":
		return c.errAt(at+".login", "is required")
	case !validLogin(login):
		return c.errAt(at+".login", "%s is not a GitHub login (letters, digits and single hyphens, at most 39)", quote(clip(login)))
	case c.logins[strings.ToLower(login)] != "":
		return c.errAt(at+".login", "%s is taken by %s", quote(login), c.logins[strings.ToLower(login)])
	case id <= 0:
		return c.errAt(at+".id", "%d is not a positive integer", id)
	case id >= derivedIDBase:
		return c.errAt(at+".id", "%d is among the ids of users the world does not name (%d and up)", id, int64(derivedIDBase))
	case c.ids[id] != "":
		return c.errAt(at+".id", "%d is taken by %s", id, c.ids[id])
	}
	c.logins[strings.ToLower(login)], c.ids[id] = at, at
	return nil
}

// validName accepts the names the world gives scopes, permissions and the
// like: something, without spaces or commas, which headers separate them by.
func validName(s string) bool {
	return s != "" && len(s) <= 100 && !strings.ContainsAny(s, " ,\t\r\n")
}

func (c *worldChecker) checkUsers() error {
	c.users = map[string]*WorldUser{}
	for i := range c.w.Users {
		u := &c.w.Users[i]
		at := fmt.Sprintf("users[%d]", i)
		if err := c.account(at, u.Login, u.ID); err != nil {
			return err
		}
		c.users[strings.ToLower(u.Login)] = u
		if u.Token != "" {
			// The token itself never goes into an error.
			if _, problem := validate.Token("Bearer " + u.Token); problem != "" {
				return c.errAt(at+".token", "is not a token a request could send in its Authorization header")
			}
			if other := c.tokens[u.Token]; other != "" {
				return c.errAt(at+".token", "is the same token as %s's", other)
			}
			c.tokens[u.Token] = at
		}
		switch u.Kind {
		case "", TokenClassic, TokenFineGrained, TokenApp, TokenAppUser:
		default:
			return c.errAt(at+".kind", "%s is not a kind of token (classic, fine-grained, app or app-user)", quote(clip(string(u.Kind))))
		}
		kind := u.kind()
		if len(u.Scopes) > 0 && kind != TokenClassic {
			return c.errAt(at+".scopes", "only a classic token has scopes, and this one is %s: give kind: classic", kind)
		}
		for j, sc := range u.Scopes {
			if !validName(sc) {
				return c.errAt(fmt.Sprintf("%s.scopes[%d]", at, j), "%s is not a scope", quote(clip(sc)))
			}
		}
		if len(u.Permissions) > 0 && kind == TokenClassic {
			return c.errAt(at+".permissions", "only a fine-grained or app token has permissions: give kind: fine-grained, app or app-user")
		}
		for _, name := range slices.Sorted(maps.Keys(u.Permissions)) {
			switch level := u.Permissions[name]; {
			case !validName(name):
				return c.errAt(at+".permissions."+name, "is not a permission name")
			case level != "read" && level != "write" && level != "admin":
				return c.errAt(at+".permissions."+name, "%s is not read, write or admin", quote(clip(level)))
			}
		}
	}
	return nil
}

// The plans an organization may have, as GitHub names them (plans.go).
var orgPlans = []string{PlanFree, PlanTeam, PlanEnterprise}

var accessSettings = []gen.OrgCodespacesAccessVisibility{
	gen.OrgCodespacesAccessVisibilityDisabled, gen.OrgCodespacesAccessVisibilitySelectedMembers,
	gen.OrgCodespacesAccessVisibilityAllMembers, gen.OrgCodespacesAccessVisibilityAllMembersAndOutsideCollaborators,
}

func (c *worldChecker) checkOrgs() error {
	c.orgs = map[string]*WorldOrganization{}
	for i := range c.w.Organizations {
		o := &c.w.Organizations[i]
		at := fmt.Sprintf("organizations[%d]", i)
		if err := c.account(at, o.Login, o.ID); err != nil {
			return err
		}
		c.orgs[strings.ToLower(o.Login)] = o
		if err := c.userList(at+".admins", o.Admins); err != nil {
			return err
		}
		if err := c.userList(at+".members", o.Members); err != nil {
			return err
		}
		if o.EveryoneIsMember && len(o.Members) > 0 {
			return c.errAt(at+".members", "everyone_is_member already makes every user a member")
		}
		if o.Plan != "" && !slices.Contains(orgPlans, o.Plan) {
			return c.errAt(at+".plan", "%s is not a plan (%s)", quote(clip(o.Plan)), strings.Join(orgPlans, ", "))
		}
		if a := o.CodespacesAccess; a != nil {
			if !slices.Contains(accessSettings, gen.OrgCodespacesAccessVisibility(a.Visibility)) {
				return c.errAt(at+".codespaces_access.visibility", "%s is not an access setting (disabled, selected_members, all_members or all_members_and_outside_collaborators)", quote(clip(a.Visibility)))
			}
			if len(a.SelectedUsernames) > 0 && a.Visibility != string(gen.OrgCodespacesAccessVisibilitySelectedMembers) {
				return c.errAt(at+".codespaces_access.selected_usernames", "only selected_members selects users")
			}
			if err := c.userList(at+".codespaces_access.selected_usernames", a.SelectedUsernames); err != nil {
				return err
			}
		}
	}
	return nil
}

// userList checks that each login names a user of the world, once.
func (c *worldChecker) userList(at string, logins []string) error {
	seen := map[string]bool{}
	for j, login := range logins {
		key := strings.ToLower(login)
		item := fmt.Sprintf("%s[%d]", at, j)
		switch {
		case c.users[key] == nil:
			return c.errAt(item, "%s is not a user of the world", quote(clip(login)))
		case seen[key]:
			return c.errAt(item, "%s is named twice", quote(login))
		}
		seen[key] = true
	}
	return nil
}

func (c *worldChecker) checkMachines() error {
	if len(c.w.Machines) == 0 {
		return c.errAt("machines", "a world needs at least one machine, where codespaces run")
	}
	for i, m := range c.w.Machines {
		at := fmt.Sprintf("machines[%d]", i)
		switch {
		case !validName(m.Name):
			return c.errAt(at+".name", "is required, without spaces or commas")
		case c.machines[m.Name]:
			return c.errAt(at+".name", "%s is another machine's name", quote(m.Name))
		case m.DisplayName == "":
			return c.errAt(at+".display_name", "is required")
		case m.CPUs <= 0:
			return c.errAt(at+".cpus", "%d is not a positive integer", m.CPUs)
		case m.MemoryInBytes <= 0:
			return c.errAt(at+".memory_in_bytes", "%d is not a positive integer", m.MemoryInBytes)
		case m.StorageInBytes <= 0:
			return c.errAt(at+".storage_in_bytes", "%d is not a positive integer", m.StorageInBytes)
		}
		c.machines[m.Name] = true
	}
	return nil
}

var prebuildStates = []gen.CodespaceMachinePrebuildAvailability{
	gen.CodespaceMachinePrebuildAvailabilityReady, gen.CodespaceMachinePrebuildAvailabilityInProgress, gen.CodespaceMachinePrebuildAvailabilityNone,
}

func (c *worldChecker) checkRepos() error {
	for i := range c.w.Repositories {
		r := &c.w.Repositories[i]
		at := fmt.Sprintf("repositories[%d]", i)
		full := strings.ToLower(r.Owner + "/" + r.Name)
		switch {
		case r.Owner == "":
			return c.errAt(at+".owner", "is required")
		case c.users[strings.ToLower(r.Owner)] == nil && c.orgs[strings.ToLower(r.Owner)] == nil:
			return c.errAt(at+".owner", "%s is not a user or an organization of the world", quote(clip(r.Owner)))
		case validRepoName(r.Name) != nil:
			return c.errAt(at+".name", "%s: %v", quote(clip(r.Name)), validRepoName(r.Name))
		case c.repos[full] != 0:
			return c.errAt(at+".name", "%s/%s is repositories[%d] already", r.Owner, r.Name, c.repos[full]-1)
		case r.ID <= 0:
			return c.errAt(at+".id", "%d is not a positive integer", r.ID)
		case c.repoIDs[r.ID] != "":
			return c.errAt(at+".id", "%d is taken by %s", r.ID, c.repoIDs[r.ID])
		case r.DefaultBranch != "" && !validName(r.DefaultBranch):
			return c.errAt(at+".default_branch", "%s is not a branch name", quote(clip(r.DefaultBranch)))
		}
		c.repos[full], c.repoIDs[r.ID] = i+1, at
		pulls := map[int]bool{}
		for j, p := range r.PullRequests {
			pat := fmt.Sprintf("%s.pull_requests[%d]", at, j)
			switch {
			case p.Number <= 0:
				return c.errAt(pat+".number", "%d is not a positive integer", p.Number)
			case pulls[p.Number]:
				return c.errAt(pat+".number", "pull request %d is given twice", p.Number)
			case !validName(p.Head):
				return c.errAt(pat+".head", "is required: the pull request's head branch")
			}
			pulls[p.Number] = true
		}
		paths := map[string]bool{}
		for j, d := range r.Devcontainers {
			dat := fmt.Sprintf("%s.devcontainers[%d].path", at, j)
			switch {
			case d.Path == "" || strings.ContainsAny(d.Path, "\r\n"):
				return c.errAt(dat, "is required: where the devcontainer.json is")
			case paths[d.Path]:
				return c.errAt(dat, "%s is given twice", quote(d.Path))
			}
			paths[d.Path] = true
		}
		allowed := map[string]bool{}
		for j, m := range r.Machines {
			if !c.machines[m] || allowed[m] {
				return c.errAt(fmt.Sprintf("%s.machines[%d]", at, j), "%s is not a machine of the world, or is named twice", quote(clip(m)))
			}
			allowed[m] = true
		}
		for _, m := range slices.Sorted(maps.Keys(r.Prebuilds)) {
			switch {
			case !c.machines[m]:
				return c.errAt(at+".prebuilds."+m, "is not a machine of the world")
			case !slices.Contains(prebuildStates, gen.CodespaceMachinePrebuildAvailability(r.Prebuilds[m])):
				return c.errAt(at+".prebuilds."+m, "%s is not ready, in_progress or none", quote(clip(r.Prebuilds[m])))
			}
		}
	}
	return nil
}

// repo is the repository of the world named OWNER/NAME, or nil.
func (c *worldChecker) repo(full string) *WorldRepository {
	if i := c.repos[strings.ToLower(full)]; i > 0 {
		return &c.w.Repositories[i-1]
	}
	return nil
}

// canSee reports whether the user of that login sees the repository: a
// public one everyone, a private one its owner and, an organization's,
// its members.
func (c *worldChecker) canSee(login string, r *WorldRepository) bool {
	if !r.Private || strings.EqualFold(r.Owner, login) {
		return true
	}
	o := c.orgs[strings.ToLower(r.Owner)]
	if o == nil {
		return false
	}
	in := func(list []string) bool {
		return slices.ContainsFunc(list, func(l string) bool { return strings.EqualFold(l, login) })
	}
	return o.EveryoneIsMember || in(o.Admins) || in(o.Members)
}

// validCodespaceName accepts what GitHub's names are made of.
func validCodespaceName(name string) bool {
	if name == "" || len(name) > 100 {
		return false
	}
	for _, r := range name {
		if !(r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z') {
			return false
		}
	}
	return true
}

var codespaceStates = []gen.CodespaceState{
	gen.CodespaceStateArchived, gen.CodespaceStateAvailable, gen.CodespaceStateAwaiting, gen.CodespaceStateCreated,
	gen.CodespaceStateDeleted, gen.CodespaceStateExporting, gen.CodespaceStateFailed, gen.CodespaceStateMoved,
	gen.CodespaceStateProvisioning, gen.CodespaceStateQueued, gen.CodespaceStateRebuilding, gen.CodespaceStateShutdown,
	gen.CodespaceStateShuttingDown, gen.CodespaceStateStarting, gen.CodespaceStateUnavailable, gen.CodespaceStateUnknown,
	gen.CodespaceStateUpdating,
}

var codespaceLocations = []gen.CodespaceLocation{
	gen.CodespaceLocationEastUs, gen.CodespaceLocationSouthEastAsia, gen.CodespaceLocationWestEurope, gen.CodespaceLocationWestUs2,
}

func (c *worldChecker) checkCodespaces() error {
	names := map[string]string{}
	for i, cs := range c.w.Codespaces {
		at := fmt.Sprintf("codespaces[%d]", i)
		if cs.Owner == "" {
			return c.errAt(at+".owner", "is required")
		}
		if c.users[strings.ToLower(cs.Owner)] == nil {
			return c.errAt(at+".owner", "%s is not a user of the world", quote(clip(cs.Owner)))
		}
		if cs.Repository == "" {
			return c.errAt(at+".repository", "is required: OWNER/NAME")
		}
		r := c.repo(cs.Repository)
		switch {
		case r == nil:
			return c.errAt(at+".repository", "%s is not a repository of the world (OWNER/NAME)", quote(clip(cs.Repository)))
		case !c.canSee(cs.Owner, r):
			return c.errAt(at+".repository", "%s is private, and %s does not see it", cs.Repository, cs.Owner)
		}
		if cs.Name != "" {
			switch {
			case !validCodespaceName(cs.Name):
				return c.errAt(at+".name", "%s is not a codespace name (lower-case letters, digits and hyphens)", quote(clip(cs.Name)))
			case names[cs.Name] != "":
				return c.errAt(at+".name", "%s is taken by %s", quote(cs.Name), names[cs.Name])
			}
			names[cs.Name] = at
		}
		if cs.State != "" && !slices.Contains(codespaceStates, gen.CodespaceState(cs.State)) {
			return c.errAt(at+".state", "%s is not a codespace state (Available, Shutdown, Failed, Queued, Provisioning, Starting, ShuttingDown, ...)", quote(clip(cs.State)))
		}
		if cs.Machine != "" {
			if !c.machines[cs.Machine] || len(r.Machines) > 0 && !slices.Contains(r.Machines, cs.Machine) {
				return c.errAt(at+".machine", "%s is not a machine of the world that %s allows", quote(clip(cs.Machine)), cs.Repository)
			}
		}
		if len(cs.DisplayName) > maxDisplayName {
			return c.errAt(at+".display_name", "is longer than %d characters", maxDisplayName)
		}
		if cs.Ref != "" && !validName(cs.Ref) {
			return c.errAt(at+".ref", "%s is not a branch name", quote(clip(cs.Ref)))
		}
		if cs.DevcontainerPath != "" && !slices.ContainsFunc(r.Devcontainers, func(d WorldDevcontainer) bool { return d.Path == cs.DevcontainerPath }) {
			return c.errAt(at+".devcontainer_path", "%s is not a devcontainer of %s", quote(clip(cs.DevcontainerPath)), cs.Repository)
		}
		if cs.Location != "" && !slices.Contains(codespaceLocations, gen.CodespaceLocation(cs.Location)) {
			return c.errAt(at+".location", "%s is not a location (EastUs, SouthEastAsia, WestEurope or WestUs2)", quote(clip(cs.Location)))
		}
		if t := cs.IdleTimeoutMinutes; t != 0 && (t < minIdleTimeout || t > maxIdleTimeout) {
			return c.errAt(at+".idle_timeout_minutes", "%d is not between %d and %d", t, minIdleTimeout, maxIdleTimeout)
		}
		if cs.CreatedAt != nil && cs.LastUsedAt != nil && cs.LastUsedAt.Before(*cs.CreatedAt) {
			return c.errAt(at+".last_used_at", "is before created_at")
		}
	}
	return nil
}

// The scopes of secrets.
const (
	scopeUser         = "user"
	scopeOrganization = "organization"
	scopeRepository   = "repository"
)

func (c *worldChecker) checkSecrets() error {
	names := map[string]string{} // scope, owner and upper-case name → path
	for i, sec := range c.w.Secrets {
		at := fmt.Sprintf("secrets[%d]", i)
		if sec.Owner == "" {
			return c.errAt(at+".owner", "is required")
		}
		var visibilities []string
		switch sec.Scope {
		case scopeUser:
			if c.users[strings.ToLower(sec.Owner)] == nil {
				return c.errAt(at+".owner", "%s is not a user of the world", quote(clip(sec.Owner)))
			}
			visibilities = []string{"all", "selected"}
		case scopeOrganization:
			if c.orgs[strings.ToLower(sec.Owner)] == nil {
				return c.errAt(at+".owner", "%s is not an organization of the world", quote(clip(sec.Owner)))
			}
			visibilities = []string{"all", "private", "selected"}
		case scopeRepository:
			if c.repo(sec.Owner) == nil {
				return c.errAt(at+".owner", "%s is not a repository of the world (OWNER/NAME)", quote(clip(sec.Owner)))
			}
		case "":
			return c.errAt(at+".scope", "is required: user, organization or repository")
		default:
			return c.errAt(at+".scope", "%s is not user, organization or repository", quote(clip(sec.Scope)))
		}
		if err := validSecretName(sec.Name); err != nil {
			return c.errAt(at+".name", "%s: %v", quote(clip(sec.Name)), err)
		}
		key := sec.Scope + "\x00" + strings.ToLower(sec.Owner) + "\x00" + strings.ToUpper(sec.Name)
		if names[key] != "" {
			return c.errAt(at+".name", "%s is %s already (names are not case sensitive)", quote(sec.Name), names[key])
		}
		names[key] = at
		switch {
		case sec.Visibility != "" && visibilities == nil:
			return c.errAt(at+".visibility", "a repository secret has none")
		case sec.Visibility != "" && !slices.Contains(visibilities, sec.Visibility):
			return c.errAt(at+".visibility", "%s is not %s", quote(clip(sec.Visibility)), strings.Join(visibilities, ", "))
		case len(sec.SelectedRepositories) > 0 && visibilities == nil:
			return c.errAt(at+".selected_repositories", "a repository secret selects none")
		case len(sec.SelectedRepositories) > 0 && sec.Visibility != "" && sec.Visibility != "selected":
			return c.errAt(at+".selected_repositories", "only visibility selected selects repositories")
		case sec.Scope == scopeOrganization && sec.Visibility == "" && len(sec.SelectedRepositories) == 0:
			return c.errAt(at+".visibility", "is required for an organization's secret: all, private or selected")
		}
		picked := map[string]bool{}
		for j, full := range sec.SelectedRepositories {
			item := fmt.Sprintf("%s.selected_repositories[%d]", at, j)
			r := c.repo(full)
			switch {
			case r == nil:
				return c.errAt(item, "%s is not a repository of the world (OWNER/NAME)", quote(clip(full)))
			case sec.Scope == scopeOrganization && !strings.EqualFold(r.Owner, sec.Owner):
				return c.errAt(item, "%s is not a repository of %s", full, sec.Owner)
			case sec.Scope == scopeUser && !c.canSee(sec.Owner, r):
				return c.errAt(item, "%s is private, and %s does not see it", full, sec.Owner)
			case picked[strings.ToLower(full)]:
				return c.errAt(item, "%s is named twice", full)
			}
			picked[strings.ToLower(full)] = true
		}
		if sec.CreatedAt != nil && sec.UpdatedAt != nil && sec.UpdatedAt.Before(*sec.CreatedAt) {
			return c.errAt(at+".updated_at", "is before created_at")
		}
	}
	return nil
}

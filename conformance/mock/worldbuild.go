package mock

import (
	"crypto/sha256"
	"encoding/base64"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/codespaces-go/codespaces/gen"
)

// worldEpoch is when the repositories of a world document that gives no
// created_at were made: Hello-World's date on the reference pages.
var worldEpoch = time.Date(2011, 1, 26, 19, 1, 12, 0, time.UTC)

// install makes doc, checked already, the Server's world, and sets
// everything else back to how New left it: the seeded generator, the keys,
// no user but the world's, no codespace or secret but the world's, no
// published repository, the configured faults only, every rate-limit
// budget whole, no create to retry or fail, an empty request log, the
// request count at 0. The report and the violations, a record of what was
// sent rather than the world, stay. Called with s.mu held (or before the Server is shared).
func (s *Server) install(doc *World) {
	s.rng = rand.New(rand.NewPCG(s.cfg.seed, s.cfg.seed^0x9e3779b97f4a7c15))
	// The users' key pair first, then each organization's: the order a
	// seeded mock has always drawn them in.
	s.keys = newKeyring(s.rng)
	w, residents := buildWorld(doc)
	for _, o := range w.orgs {
		o.secrets = newSecretScope(s.rng)
	}
	s.users = newUserIndex()
	s.primary = nil
	for i, u := range residents {
		s.users.addResident(u)
		if i == 0 && !u.hasToken {
			s.primary = u
		}
	}
	if p := s.primary; p != nil && s.cfg.octocatToken != "" {
		if key := sha256.Sum256([]byte(s.cfg.octocatToken)); s.users.byToken[key] == nil {
			s.users.claim(key, p)
		}
	}
	s.codespaces = make(map[string]*codespace)
	s.nextID = 1
	s.publishedRepos = nil
	s.repoScopes = make(map[int64]*secretScope)
	s.nextRepoID = firstPublishedRepoID
	s.faults = newFaultTable(s.cfg.faults)
	s.budgets = make(map[string]*budget)
	s.retryNext, s.failNext = 0, 0
	if s.requestLog != nil {
		s.requestLog.clear() // its own lock; the numbering goes on
	}
	s.requests.Store(0)
	s.doc = doc
	s.worldp.Store(w)
	s.loadCodespaces(doc.Codespaces)
	s.loadSecrets(doc.Secrets)
}

// loadCodespaces makes the world's codespaces, in the document's order, as
// creates would have: the seeded generator names those the document does
// not, a transitional state goes on along its path from now. Called with
// s.mu held, by install, once the world and its users are in place.
func (s *Server) loadCodespaces(docs []WorldCodespace) {
	now := s.now()
	w := s.world()
	for _, dc := range docs {
		owner := s.userNamed(dc.Owner)
		repoOwner, repoName, _ := strings.Cut(dc.Repository, "/")
		r := w.repoByName(repoOwner, repoName)
		cs := &codespace{
			id:               s.nextID,
			name:             dc.Name,
			owner:            owner,
			repo:             r,
			unpublished:      r.isTemplate,
			displayName:      dc.DisplayName,
			machine:          *w.defaultMachine(r),
			devcontainerPath: r.defaultDevcontainer(),
			ref:              r.defaultBranch,
			location:         defaultLocation,
			idleTimeout:      defaultIdleTime,
			recentFolders:    []string{},
			createdAt:        now,
			lastUsedAt:       now,
		}
		s.nextID++
		if cs.name == "" {
			cs.name = s.newCodespaceName(owner, r)
		}
		cs.environmentID = s.newUUID()
		if cs.displayName == "" {
			cs.displayName = s.newDisplayName()
		}
		if dc.Machine != "" {
			cs.machine = *w.machine(r, dc.Machine)
		}
		if dc.DevcontainerPath != "" {
			cs.devcontainerPath = dc.DevcontainerPath
		}
		if dc.Ref != "" {
			cs.ref = dc.Ref
		}
		if dc.Location != "" {
			cs.location = gen.CodespaceLocation(dc.Location)
		}
		if dc.IdleTimeoutMinutes != 0 {
			cs.idleTimeout = dc.IdleTimeoutMinutes
		}
		if dc.CreatedAt != nil {
			cs.createdAt = dc.CreatedAt.UTC().Truncate(time.Second)
			cs.lastUsedAt = cs.createdAt
		}
		if dc.LastUsedAt != nil {
			cs.lastUsedAt = dc.LastUsedAt.UTC().Truncate(time.Second)
		}
		cs.updatedAt = cs.lastUsedAt
		state := gen.CodespaceStateAvailable
		if dc.State != "" {
			state = gen.CodespaceState(dc.State)
		}
		cs.life.begin(s.cfg.clock(), pathFrom(state)...)
		s.addCodespace(cs)
	}
}

// pathFrom is the rest of the path a codespace in state is on: a
// transitional state goes on as it would after a create, start or stop;
// any other state is where it rests.
func pathFrom(state gen.CodespaceState) []gen.CodespaceState {
	for _, path := range [][]gen.CodespaceState{createPath, startPath, stopPath} {
		// Queued begins every path: it goes on as a create's.
		if i := slices.Index(path, state); i >= 0 && i < len(path)-1 {
			return path[i:]
		}
	}
	return []gen.CodespaceState{state}
}

// loadSecrets stores the world's secrets, names and settings without a
// value. A repository's key pair is made when its first secret is loaded.
// Called with s.mu held, by install.
func (s *Server) loadSecrets(docs []WorldSecret) {
	now := s.now()
	w := s.world()
	for _, ds := range docs {
		sec := &secret{name: strings.ToUpper(ds.Name), createdAt: now, updatedAt: now, noValue: true}
		if ds.CreatedAt != nil {
			sec.createdAt = ds.CreatedAt.UTC().Truncate(time.Second)
			sec.updatedAt = sec.createdAt
		}
		if ds.UpdatedAt != nil {
			sec.updatedAt = ds.UpdatedAt.UTC().Truncate(time.Second)
		}
		selected := func() []int64 {
			ids := []int64{}
			for _, full := range ds.SelectedRepositories {
				owner, name, _ := strings.Cut(full, "/")
				ids = append(ids, w.repoByName(owner, name).id)
			}
			slices.Sort(ids)
			return ids
		}
		switch ds.Scope {
		case scopeUser:
			if ds.Visibility == "selected" || len(ds.SelectedRepositories) > 0 {
				sec.selected = selected()
			}
			s.userNamed(ds.Owner).secrets[sec.name] = sec
		case scopeOrganization:
			sec.orgVisibility = gen.CodespacesOrgSecretVisibility(ds.Visibility)
			if len(ds.SelectedRepositories) > 0 {
				sec.orgVisibility = gen.CodespacesOrgSecretVisibilitySelected
			}
			sec.selected = []int64{}
			if sec.orgVisibility == gen.CodespacesOrgSecretVisibilitySelected {
				sec.selected = selected()
			}
			w.orgNamed(ds.Owner).secrets.secrets[sec.name] = sec
		case scopeRepository:
			owner, name, _ := strings.Cut(ds.Owner, "/")
			r := w.repoByName(owner, name)
			s.repoScope(r).secrets[sec.name] = sec
		}
	}
}

// buildWorld turns a checked document into the world and its users, in
// the document's order.
func buildWorld(doc *World) (*world, []*user) {
	w := &world{}
	accounts := map[string]*user{} // lower-case login → the user or the organization's account
	users := make([]*user, 0, len(doc.Users))
	for _, du := range doc.Users {
		u := newUser(du.ID, du.Login)
		u.resident = true
		if du.Token != "" {
			u.token, u.hasToken = sha256.Sum256([]byte(du.Token)), true
		}
		if du.Kind != "" || len(du.Scopes) > 0 || len(du.Permissions) > 0 {
			u.rights = Rights{Kind: du.kind(), Scopes: slices.Clone(du.Scopes), Permissions: maps.Clone(du.Permissions)}
		}
		users = append(users, u)
		accounts[strings.ToLower(du.Login)] = u
	}
	for _, do := range doc.Organizations {
		o := &organization{
			account:          newOrgAccount(do.ID, do.Login),
			admins:           lowerAll(do.Admins),
			members:          lowerAll(do.Members),
			everyoneIsMember: do.EveryoneIsMember,
			plan:             do.Plan,
			access:           orgAccess{visibility: gen.OrgCodespacesAccessVisibilityAllMembers},
		}
		if a := do.CodespacesAccess; a != nil {
			o.access.visibility = gen.OrgCodespacesAccessVisibility(a.Visibility)
			if len(a.SelectedUsernames) > 0 {
				o.access.selected = lowerAll(a.SelectedUsernames)
				slices.Sort(o.access.selected)
			}
		}
		w.orgs = append(w.orgs, o)
		accounts[strings.ToLower(do.Login)] = o.account
	}
	for _, dr := range doc.Repositories {
		account := accounts[strings.ToLower(dr.Owner)]
		r := &repository{
			id:            dr.ID,
			nodeID:        dr.NodeID,
			owner:         account.login, // as the account spells it
			account:       account,
			name:          dr.Name,
			description:   dr.Description,
			defaultBranch: dr.DefaultBranch,
			private:       dr.Private,
			isTemplate:    dr.Template,
			pulls:         map[int]string{},
			machines:      slices.Clone(dr.Machines),
			createdAt:     worldEpoch,
		}
		if r.nodeID == "" {
			r.nodeID = base64.StdEncoding.EncodeToString([]byte("010:Repository" + strconv.FormatInt(dr.ID, 10)))
		}
		if r.defaultBranch == "" {
			r.defaultBranch = "main"
		}
		if dr.CreatedAt != nil {
			r.createdAt = dr.CreatedAt.UTC()
		}
		for _, p := range dr.PullRequests {
			r.pulls[p.Number] = p.Head
		}
		for _, d := range dr.Devcontainers {
			r.devcontainers = append(r.devcontainers, devcontainer{path: d.Path, name: d.Name, displayName: d.DisplayName, permissions: d.Permissions})
		}
		if dr.Prebuilds != nil {
			r.prebuilds = make(map[string]gen.CodespaceMachinePrebuildAvailability, len(dr.Prebuilds))
			for m, state := range dr.Prebuilds {
				r.prebuilds[m] = gen.CodespaceMachinePrebuildAvailability(state)
			}
		}
		w.repos = append(w.repos, r)
	}
	for _, dm := range doc.Machines {
		os := dm.OperatingSystem
		if os == "" {
			os = "linux"
		}
		w.machines = append(w.machines, gen.CodespaceMachine{Name: dm.Name, DisplayName: dm.DisplayName, OperatingSystem: os,
			StorageInBytes: dm.StorageInBytes, MemoryInBytes: dm.MemoryInBytes, Cpus: dm.CPUs})
	}
	return w, users
}

func lowerAll(logins []string) []string {
	if len(logins) == 0 {
		return nil
	}
	out := make([]string, len(logins))
	for i, l := range logins {
		out[i] = strings.ToLower(l)
	}
	return out
}

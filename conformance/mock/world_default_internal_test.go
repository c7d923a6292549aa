package mock

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/codespaces-go/codespaces/gen"
)

// TestDefaultWorldIsTodays: the shipped default-world.yaml builds the world
// the mock had hard-coded until the world became a document (the code
// below, as it was), field by field.
func TestDefaultWorldIsTodays(t *testing.T) {
	got, users := buildWorld(DefaultWorld())
	want := legacyWorld()
	if g, w := describeWorld(got), describeWorld(want); g != w {
		t.Errorf("the default world differs from the hard-coded one:\n got %s\nwant %s", g, w)
	}
	if len(users) != 1 || users[0].login != OctocatLogin || users[0].id != 1 || users[0].hasToken || users[0].rights.Kind != "" {
		t.Errorf("the default world's users: %+v, want octocat (id 1) alone, without a token or a kind", users)
	}
}

// describeWorld writes out what a world holds, following pointers to what
// they name.
func describeWorld(w *world) string {
	var b strings.Builder
	acct := func(u *user) string { return fmt.Sprintf("%s/%d/%s/%s", u.login, u.id, u.kind, u.nodeID) }
	for _, r := range w.repos {
		fmt.Fprintf(&b, "repo %d %s %s %s %s %q %s private=%v template=%v %+v pulls=%v machines=%v prebuilds=%v created=%s\n",
			r.id, r.nodeID, r.owner, acct(r.account), r.name, r.description, r.defaultBranch, r.private, r.isTemplate,
			r.devcontainers, r.pulls, r.machines, r.prebuilds, r.createdAt.Format(time.RFC3339))
	}
	for _, o := range w.orgs {
		fmt.Fprintf(&b, "org %s admins=%v members=%v everyone=%v plan=%q access=%+v\n", acct(o.account), o.admins, o.members, o.everyoneIsMember, o.plan, o.access)
	}
	for _, m := range w.machines {
		fmt.Fprintf(&b, "machine %+v\n", m)
	}
	return b.String()
}

var _ = gen.CodespaceMachine{}

// helloWorldDevcontainers are Hello-World's, which octo-repo shares.
func helloWorldDevcontainers() []devcontainer {
	return []devcontainer{
		{path: ".devcontainer/foobar/devcontainer.json", name: "foobar", displayName: "foobar", permissions: true},
		{path: ".devcontainer/devcontainer.json", name: "kitchensink", displayName: "kitchensink"},
		{path: ".devcontainer.json"},
	}
}

func legacyWorld() *world {
	created := time.Date(2011, 1, 26, 19, 1, 12, 0, time.UTC)
	octocat := newUser(1, OctocatLogin)
	octoOrg := &organization{account: newOrgAccount(OrgID, OrgLogin), admins: []string{OctocatLogin}, everyoneIsMember: true,
		access: orgAccess{visibility: gen.OrgCodespacesAccessVisibilityAllMembers}}
	// GitHub, the organization, has no member among the mock's users: its
	// organization endpoints are 404 to all of them.
	github := &organization{account: newOrgAccount(9919, TemplateOwner),
		access: orgAccess{visibility: gen.OrgCodespacesAccessVisibilityDisabled}}
	return &world{
		orgs: []*organization{octoOrg, github},
		repos: []*repository{
			{
				id: HelloWorldID, nodeID: "MDEwOlJlcG9zaXRvcnkxMjk2MjY5", owner: OctocatLogin, account: octocat, name: HelloWorldRepo,
				description: "This your first repo!", defaultBranch: "master", createdAt: created,
				devcontainers: helloWorldDevcontainers(),
				pulls:         map[int]string{HelloWorldPull: "new-topic"},
				prebuilds: map[string]gen.CodespaceMachinePrebuildAvailability{
					"standardLinux": gen.CodespaceMachinePrebuildAvailabilityReady,
					"premiumLinux":  gen.CodespaceMachinePrebuildAvailabilityInProgress,
				},
			},
			{
				id: 1300192, nodeID: "MDEwOlJlcG9zaXRvcnkxMzAwMTky", owner: OctocatLogin, account: octocat, name: "Spoon-Knife",
				description: "This repo is for demonstration purposes only.", defaultBranch: "main", createdAt: created,
				devcontainers: []devcontainer{{path: ".devcontainer/devcontainer.json"}},
				pulls:         map[int]string{},
			},
			{
				id: OrgRepoID, nodeID: "MDEwOlJlcG9zaXRvcnkxMzAwMjEx", owner: OrgLogin, account: octoOrg.account, name: OrgRepo,
				description: "The organization's repository.", defaultBranch: "main", createdAt: created,
				devcontainers: helloWorldDevcontainers(),
				pulls:         map[int]string{},
			},
			{
				// The blank template has no devcontainer.json: its codespaces
				// run GitHub's default image.
				id: TemplateRepoID, nodeID: "R_kgDOIfmJUw", owner: TemplateOwner, account: github.account, name: TemplateRepo,
				description: "A blank template to start a new project in a codespace.", defaultBranch: "main", createdAt: created,
				isTemplate: true, pulls: map[int]string{},
			},
		},
		machines: []gen.CodespaceMachine{
			{Name: "standardLinux", DisplayName: "4 cores, 8 GB RAM, 64 GB storage", OperatingSystem: "linux",
				StorageInBytes: 68719476736, MemoryInBytes: 8589934592, Cpus: 4},
			{Name: "premiumLinux", DisplayName: "8 cores, 16 GB RAM, 64 GB storage", OperatingSystem: "linux",
				StorageInBytes: 68719476736, MemoryInBytes: 17179869184, Cpus: 8},
		},
	}
}

package mock_test

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/codespaces-go/codespaces/conformance/mock"
)

// minimalWorld is the least a world document needs: a machine.
const minimalWorld = `
machines:
  - {name: basicLinux, display_name: "2 cores", cpus: 2, memory_in_bytes: 4294967296, storage_in_bytes: 34359738368}
`

// TestParseWorldErrors: each kind of mistake is an error naming the line
// and the field.
func TestParseWorldErrors(t *testing.T) {
	for _, tc := range []struct {
		name, doc, want string
	}{
		{"empty", "", "the document: is empty"},
		{"not YAML", "users: [", "is not YAML"},
		{"two documents", minimalWorld + "---\nusers: []\n", "holds more than one YAML document"},
		{"a list at the top", "- a\n", "line 1: the document: is a list, not a mapping of fields"},
		{"unknown top field", minimalWorld + "people: []\n", "line 4: people: is not a field of a world document (it has codespaces, machines, organizations, repositories, secrets, users)"},
		{"unknown field", minimalWorld + "users:\n  - login: mona\n    id: 2\n    tokn: x\n", "line 7: users[0].tokn: is not a field of users[0]"},
		{"field twice", minimalWorld + "users:\n  - login: mona\n    login: lisa\n", "line 6: users[0].login: is given twice"},
		{"wrong type", minimalWorld + "users:\n  - login: mona\n    id: two\n", `line 6: users[0].id: "two" is not an integer`},
		{"a list for a string", minimalWorld + "users:\n  - login: [mona]\n", "line 5: users[0].login: is a list, not a single value"},
		{"a mapping for a list", "machines: {name: x}\n", "line 1: machines: is a mapping, not a list"},
		{"missing login", minimalWorld + "users:\n  - id: 2\n", "line 5: users[0].login: is required"},
		{"zero id", minimalWorld + "repositories:\n  - {owner: mona, name: r, id: 0}\nusers: [{login: mona, id: 2}]\n",
			"line 5: repositories[0].id: 0 is not a positive integer"},
		{"bad login", minimalWorld + "users: [{login: -mona, id: 2}]\n", `line 4: users[0].login: "-mona" is not a GitHub login`},
		{"duplicate login", minimalWorld + "users:\n  - {login: mona, id: 2}\n  - {login: Mona, id: 3}\n", `line 6: users[1].login: "Mona" is taken by users[0]`},
		{"an organization's login", minimalWorld + "users: [{login: mona, id: 2}]\norganizations: [{login: MONA, id: 3}]\n", `line 5: organizations[0].login: "MONA" is taken by users[0]`},
		{"duplicate id", minimalWorld + "users:\n  - {login: mona, id: 2}\n  - {login: lisa, id: 2}\n", "line 6: users[1].id: 2 is taken by users[0]"},
		{"a derived id", minimalWorld + "users: [{login: mona, id: 10000000001}]\n", "users[0].id: 10000000001 is among the ids of users the world does not name"},
		{"duplicate token", minimalWorld + "users:\n  - {login: mona, id: 2, token: t0ken-secret}\n  - {login: lisa, id: 3, token: t0ken-secret}\n", "line 6: users[1].token: is the same token as users[0]'s"},
		{"a token with a space", minimalWorld + "users: [{login: mona, id: 2, token: 'a b'}]\n", "users[0].token: is not a token a request could send"},
		{"bad kind", minimalWorld + "users: [{login: mona, id: 2, kind: oauth}]\n", `users[0].kind: "oauth" is not a kind of token`},
		{"scopes of a fine-grained token", minimalWorld + "users: [{login: mona, id: 2, token: github_pat_m, scopes: [repo]}]\n", "users[0].scopes: only a classic token has scopes, and this one is fine-grained"},
		{"permissions of a classic token", minimalWorld + "users: [{login: mona, id: 2, kind: classic, permissions: {codespaces: write}}]\n", "users[0].permissions: only a fine-grained or app token has permissions"},
		{"bad permission level", minimalWorld + "users:\n  - login: mona\n    id: 2\n    kind: fine-grained\n    permissions:\n      codespaces: all\n", `line 9: users[0].permissions.codespaces: "all" is not read, write or admin`},
		{"unknown admin", minimalWorld + "organizations: [{login: org, id: 5, admins: [ghost]}]\n", `line 4: organizations[0].admins[0]: "ghost" is not a user of the world`},
		{"members and everyone", minimalWorld + "users: [{login: mona, id: 2}]\norganizations: [{login: org, id: 5, members: [mona], everyone_is_member: true}]\n", "organizations[0].members: everyone_is_member already makes"},
		{"bad plan", minimalWorld + "organizations: [{login: org, id: 5, plan: gold}]\n", `organizations[0].plan: "gold" is not a plan (free, team, enterprise)`},
		{"bad access", minimalWorld + "organizations: [{login: org, id: 5, codespaces_access: {visibility: everyone}}]\n", `organizations[0].codespaces_access.visibility: "everyone" is not an access setting`},
		{"no machine", "users: []\n", "machines: a world needs at least one machine"},
		{"machine twice", minimalWorld + "  - {name: basicLinux, display_name: x, cpus: 1, memory_in_bytes: 1, storage_in_bytes: 1}\n", `line 4: machines[1].name: "basicLinux" is another machine's name`},
		{"machine without cpus", "machines:\n  - name: m\n    display_name: m\n", "line 2: machines[0].cpus: 0 is not a positive integer"},
		{"unknown owner", minimalWorld + "repositories: [{owner: ghost, name: r, id: 1}]\n", `line 4: repositories[0].owner: "ghost" is not a user or an organization of the world`},
		{"bad repository name", minimalWorld + "users: [{login: mona, id: 2}]\nrepositories: [{owner: mona, name: 'a b', id: 1}]\n", `repositories[0].name: "a b": name can only contain`},
		{"repository twice", minimalWorld + "users: [{login: mona, id: 2}]\nrepositories:\n  - {owner: mona, name: r, id: 1}\n  - {owner: MONA, name: R, id: 2}\n", "line 7: repositories[1].name: MONA/R is repositories[0] already"},
		{"repository id twice", minimalWorld + "users: [{login: mona, id: 2}]\nrepositories:\n  - {owner: mona, name: r, id: 1}\n  - {owner: mona, name: s, id: 1}\n", "line 7: repositories[1].id: 1 is taken by repositories[0]"},
		{"pull twice", minimalWorld + "users: [{login: mona, id: 2}]\nrepositories:\n  - owner: mona\n    name: r\n    id: 1\n    pull_requests: [{number: 1, head: a}, {number: 1, head: b}]\n", "line 9: repositories[0].pull_requests[1].number: pull request 1 is given twice"},
		{"devcontainer without a path", minimalWorld + "users: [{login: mona, id: 2}]\nrepositories: [{owner: mona, name: r, id: 1, devcontainers: [{name: x}]}]\n", "repositories[0].devcontainers[0].path: is required"},
		{"unknown machine", minimalWorld + "users: [{login: mona, id: 2}]\nrepositories: [{owner: mona, name: r, id: 1, machines: [hugeLinux]}]\n", `repositories[0].machines[0]: "hugeLinux" is not a machine of the world`},
		{"bad prebuild", minimalWorld + "users: [{login: mona, id: 2}]\nrepositories: [{owner: mona, name: r, id: 1, prebuilds: {basicLinux: soon}}]\n", `repositories[0].prebuilds.basicLinux: "soon" is not ready, in_progress or none`},
		{"bad date", minimalWorld + "users: [{login: mona, id: 2}]\nrepositories:\n  - owner: mona\n    name: r\n    id: 1\n    created_at: yesterday\n", `line 9: repositories[0].created_at: "yesterday" is not a date like 2026-01-02T03:04:05Z`},
		{"an alias", "m: &m {name: x}\nmachines: [*m]\n", "line 1: m: is not a field of a world document"},
		{"an alias where one fits", "machines:\n  - &m {name: x, display_name: x, cpus: 1, memory_in_bytes: 1, storage_in_bytes: 1}\n  - *m\n", "line 3: machines[1]: YAML aliases (*m) are not supported"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, err := mock.ParseWorld([]byte(tc.doc))
			if err == nil {
				t.Fatalf("parsed: %+v; want an error with %q", w, tc.want)
			}
			var we *mock.WorldError
			if !errors.As(err, &we) {
				t.Errorf("%T %v, want a *mock.WorldError", err, err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want one with %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "t0ken-secret") {
				t.Errorf("error %q gives a token away", err)
			}
		})
	}
}

// TestParseWorldJSON: JSON is YAML, with the same names.
func TestParseWorldJSON(t *testing.T) {
	w, err := mock.ParseWorld([]byte(`{"users": [{"login": "mona", "id": 2, "token": "mona-token", "kind": "fine-grained", "permissions": {"codespaces": "write"}}],
		"machines": [{"name": "m", "display_name": "M", "cpus": 2, "memory_in_bytes": 1, "storage_in_bytes": 1}]}`))
	if err != nil {
		t.Fatal(err)
	}
	u := w.Users[0]
	if u.Login != "mona" || u.ID != 2 || u.Token != "mona-token" || u.Kind != mock.TokenFineGrained || u.Permissions["codespaces"] != "write" {
		t.Errorf("user %+v", u)
	}
}

// TestWorldRoundTrips: Marshal writes what ParseWorld reads back, the
// default world among others.
func TestWorldRoundTrips(t *testing.T) {
	w := mock.DefaultWorld()
	data, err := w.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	again, err := mock.ParseWorld(data)
	if err != nil {
		t.Fatalf("the marshalled default world does not parse: %v\n%s", err, data)
	}
	a, _ := again.Marshal()
	if string(a) != string(data) {
		t.Errorf("marshalled twice, the default world differs:\n%s\n----\n%s", data, a)
	}
	if got := len(again.Repositories); got != 4 || again.Repositories[0].Name != mock.HelloWorldRepo || len(again.Repositories[0].Devcontainers) != 3 {
		t.Errorf("the default world read back has %d repositories: %+v", got, again.Repositories)
	}
}

// TestWithoutTokens: the copy shows no token and leaves the world as it was.
func TestWithoutTokens(t *testing.T) {
	w := mock.DefaultWorld()
	w.Users[0].Token = "octo-token"
	shown, _ := w.WithoutTokens().Marshal()
	if strings.Contains(string(shown), "octo-token") {
		t.Errorf("WithoutTokens shows the token:\n%s", shown)
	}
	if w.Users[0].Token != "octo-token" {
		t.Error("WithoutTokens changed the world it copied")
	}
}

// FuzzParseWorld: whatever the document, ParseWorld answers a world or a
// *WorldError, never panics, and a world it accepts is one a mock can be
// given.
func FuzzParseWorld(f *testing.F) {
	shipped, err := mock.DefaultWorld().Marshal()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(shipped)
	f.Add([]byte(minimalWorld))
	f.Add([]byte(`{"machines":[{"name":"m","display_name":"M","cpus":1,"memory_in_bytes":1,"storage_in_bytes":1}],"users":[{"login":"a","id":1,"kind":"app","permissions":{"codespaces":"write"}}]}`))
	f.Add([]byte("users: [{login: a, id: 1}]\nrepositories: [{owner: a, name: r, id: 2, created_at: 2026-01-02T03:04:05Z, prebuilds: {m: ready}}]\n" + minimalWorld))
	f.Add([]byte(monasWorld + "codespaces: [{owner: mona, repository: acme/tools, state: Starting}]\nsecrets: [{scope: organization, owner: acme, name: X, selected_repositories: [acme/tools]}]\n"))
	f.Add([]byte("a: &a [*a]\n"))
	f.Add([]byte("machines: !!binary aGVsbG8=\n"))
	srv := mock.New()
	f.Fuzz(func(t *testing.T, doc []byte) {
		w, err := mock.ParseWorld(doc)
		if err != nil {
			var we *mock.WorldError
			if !errors.As(err, &we) {
				t.Fatalf("%T %v, want a *mock.WorldError", err, err)
			}
			return
		}
		if err := srv.ReplaceWorld(w); err != nil {
			t.Fatalf("ParseWorld accepted a world ReplaceWorld refuses: %v", err)
		}
	})
}

// TestWorldErrorsClipLongValues: a long value quoted in an error is cut
// short, and not in the middle of a character.
func TestWorldErrorsClipLongValues(t *testing.T) {
	_, err := mock.ParseWorld([]byte(minimalWorld + "users: [{login: a" + strings.Repeat("é", 100) + ", id: 1}]\n"))
	if err == nil || len(err.Error()) > 200 || !utf8.ValidString(err.Error()) || !strings.Contains(err.Error(), "…") {
		t.Errorf("error %q, want the login cut short at a character's edge", err)
	}
}

package mock_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/codespaces-go/codespaces/conformance/mock"
)

// owner is the login and id of the user a token authenticates as, from
// the codespaces list's first codespace it makes.
func whoAmI(t *testing.T, base, token string) (string, int64) {
	t.Helper()
	var cs struct {
		Owner struct {
			Login string
			ID    int64
		}
	}
	body := send(t, http.MethodPost, base+"/repos/octocat/Hello-World/codespaces", token, `{}`, http.StatusCreated)
	if err := json.Unmarshal(body, &cs); err != nil {
		t.Fatal(err)
	}
	return cs.Owner.Login, cs.Owner.ID
}

// TestLoginsDoNotDependOnArrival: a token the world does not name gets a
// login and an id derived from the token, the same whichever order tokens
// arrive in; the first of them is still octocat when the world's first
// user has no token.
func TestLoginsDoNotDependOnArrival(t *testing.T) {
	srvA, _ := start(t, mock.WithOctocatToken("octo"))
	srvB, _ := start(t, mock.WithOctocatToken("octo"))
	tokens := []string{"ci-job-1", "ci-job-2", "ci-job-3"}
	var first []string
	for _, tok := range tokens {
		first = append(first, srvA.Login(tok))
	}
	for i := len(tokens) - 1; i >= 0; i-- {
		if got := srvB.Login(tokens[i]); got != first[i] {
			t.Errorf("%s is %s on one mock and %s on another that saw it first", tokens[i], first[i], got)
		}
	}
	shape := regexp.MustCompile(`^user-[0-9a-f]{8}$`)
	for i, login := range first {
		if !shape.MatchString(login) || strings.Contains(login, tokens[i]) {
			t.Errorf("the login of %s is %q, want user- and 8 hex digits", tokens[i], login)
		}
	}
	if first[0] == first[1] || first[1] == first[2] {
		t.Errorf("two tokens share a login: %v", first)
	}
	_, base := start(t)
	if login, id := whoAmI(t, base, "anything"); login != mock.OctocatLogin || id != 1 {
		t.Errorf("the first token is %s (%d), want octocat (1): clients that send any token rely on it", login, id)
	}
	if login, id := whoAmI(t, base, "ci-job-1"); login != first[0] || id < 10_000_000_000 {
		t.Errorf("the second token is %s (%d), want %s with an id from 10^10", login, id, first[0])
	}
}

// worldWith is the default world with mona, whose token the world names,
// and a private repository of hers.
func worldWith(t *testing.T) *mock.World {
	t.Helper()
	w, err := mock.ParseWorld([]byte(monasWorld))
	if err != nil {
		t.Fatal(err)
	}
	return w
}

const monasWorld = `
users:
  - login: octocat
    id: 1
    token: octo-token
  - login: mona
    id: 2
    token: mona-token
    kind: classic
    scopes: [admin:org, codespace, repo]
  - login: lisa
    id: 3
    token: lisa-token
    scopes: [repo] # no kind: scopes make it classic
  - login: fig
    id: 4
    token: github_pat_fig
    permissions: {codespaces_metadata: read} # no kind: the prefix makes it fine-grained
organizations:
  - login: acme
    id: 100
    admins: [mona]
    members: [octocat]
repositories:
  - owner: mona
    name: secret-sauce
    id: 42
    private: true
    default_branch: trunk
    machines: [bigLinux]
  - owner: acme
    name: tools
    id: 43
machines:
  - {name: smallLinux, display_name: small, cpus: 2, memory_in_bytes: 4294967296, storage_in_bytes: 34359738368}
  - {name: bigLinux, display_name: big, cpus: 16, memory_in_bytes: 68719476736, storage_in_bytes: 137438953472}
`

// TestWorldOfYourOwn: a world's users authenticate by their tokens, see
// what the world gives them, and run on its machines.
func TestWorldOfYourOwn(t *testing.T) {
	srv, base := start(t, mock.WithWorld(worldWith(t)))
	if got := srv.Login("mona-token"); got != "mona" {
		t.Errorf("mona-token is %s, want mona", got)
	}
	if got := srv.Login("octo-token"); got != "octocat" {
		t.Errorf("octo-token is %s, want octocat", got)
	}
	// The world's scopes are the token's (rights.go says what they mean).
	status, _, header := do(t, http.MethodGet, base+"/user/codespaces", "Bearer lisa-token", "")
	if status != http.StatusForbidden || header.Get("X-OAuth-Scopes") != "repo" {
		t.Errorf("lisa, with repo alone: %d with X-OAuth-Scopes %q, want 403 with repo", status, header.Get("X-OAuth-Scopes"))
	}
	// fig's token is fine-grained by its prefix, with the permissions the
	// world gives it and no other.
	status, _, header = do(t, http.MethodGet, base+"/user/codespaces", "Bearer github_pat_fig", "")
	if status != http.StatusForbidden || header.Get("X-Accepted-GitHub-Permissions") != "codespaces=read" || header.Get("X-OAuth-Scopes") != "" {
		t.Errorf("fig, fine-grained without codespaces: %d, X-Accepted-GitHub-Permissions %q, X-OAuth-Scopes %q; want 403, codespaces=read, none",
			status, header.Get("X-Accepted-GitHub-Permissions"), header.Get("X-OAuth-Scopes"))
	}
	status, _, _ = do(t, http.MethodGet, base+"/repos/acme/tools/codespaces/machines", "Bearer github_pat_fig", "")
	if status != http.StatusOK {
		t.Errorf("fig, with codespaces_metadata=read, asked a public repository's machines: %d, want 200", status)
	}
	// The first user has a token of its own, so no other becomes it.
	if got := srv.Login("stranger"); got == "octocat" {
		t.Error("a token the world does not name became octocat, who has a token")
	}
	var cs struct {
		Owner     struct{ Login string }
		Machine   struct{ Name string }
		GitStatus struct {
			Ref string
		} `json:"git_status"`
	}
	_ = json.Unmarshal(send(t, http.MethodPost, base+"/repos/mona/secret-sauce/codespaces", "mona-token", `{}`, http.StatusCreated), &cs)
	if cs.Owner.Login != "mona" || cs.Machine.Name != "bigLinux" || cs.GitStatus.Ref != "trunk" {
		t.Errorf("mona's codespace in her repository: %+v, want hers, on bigLinux (the one the repository allows), on trunk", cs)
	}
	send(t, http.MethodPost, base+"/repos/mona/secret-sauce/codespaces", "mona-token", `{"machine":"smallLinux"}`, http.StatusBadRequest)
	send(t, http.MethodPost, base+"/repos/mona/secret-sauce/codespaces", "octo-token", `{}`, http.StatusNotFound)
	send(t, http.MethodGet, base+"/repos/mona/secret-sauce/codespaces/machines", "octo-token", "", http.StatusNotFound)
	send(t, http.MethodGet, base+"/repos/octocat/Hello-World/codespaces/machines", "octo-token", "", http.StatusNotFound)
	// acme: mona administers it, octocat is a member, a stranger neither.
	send(t, http.MethodGet, base+"/orgs/acme/codespaces", "mona-token", "", http.StatusOK)
	send(t, http.MethodGet, base+"/orgs/acme/codespaces", "octo-token", "", http.StatusForbidden)
	send(t, http.MethodGet, base+"/orgs/acme/codespaces", "stranger", "", http.StatusNotFound)
	var made struct{ Machine struct{ Name string } }
	_ = json.Unmarshal(send(t, http.MethodPost, base+"/repos/acme/tools/codespaces", "octo-token", `{}`, http.StatusCreated), &made)
	if made.Machine.Name != "smallLinux" {
		t.Errorf("a codespace that names no machine runs on %s, want the world's first, smallLinux", made.Machine.Name)
	}
}

// TestResetGoesBackToTheStart: what requests and scripts did is gone after
// Reset, and the mock answers as a new one would.
func TestResetGoesBackToTheStart(t *testing.T) {
	srv, base := start(t)
	first := createIn(t, base, "octo", "octocat", "Hello-World")
	key, keyID := scopeKey(t, base, "/user/codespaces/secrets", "octo")
	send(t, http.MethodPut, base+"/user/codespaces/secrets/X", "octo", sealedBody(t, key, keyID, "v", ""), http.StatusCreated)
	member := srv.Login("member")
	if !srv.SetRateLimitRemaining(member, 0) {
		t.Fatal("SetRateLimitRemaining failed")
	}
	srv.InjectFault(mock.Fault{Kind: mock.FaultStatus, Operation: "codespaces/list-for-authenticated-user", Status: 500})
	srv.CreateRetriedNext(1)

	srv.Reset()
	// The first token after the reset is octocat again.
	send(t, http.MethodGet, base+"/user/codespaces/"+first, "someone-else", "", http.StatusNotFound)
	send(t, http.MethodGet, base+"/user/codespaces/secrets/X", "someone-else", "", http.StatusNotFound)
	if _, ok := srv.SecretValue(mock.OctocatLogin, "X"); ok {
		t.Error("octocat's secret survived the reset")
	}
	send(t, http.MethodGet, base+"/user/codespaces", "member", "", http.StatusOK) // no spent budget, no fault
	if again := createIn(t, base, "someone-else", "octocat", "Hello-World"); again != first {
		t.Errorf("the first codespace after a reset is %s, want %s as on a new mock", again, first)
	}
	if key2, keyID2 := scopeKey(t, base, "/user/codespaces/secrets", "member"); key2 != key || keyID2 != keyID {
		t.Error("the secrets key after a reset is not a new mock's")
	}
}

// TestReplaceWorld: a bad world changes nothing and says what is wrong;
// a good one replaces everything; Reset goes back to the world the mock
// started with.
func TestReplaceWorld(t *testing.T) {
	srv, base := start(t)
	name := createIn(t, base, "octo", "octocat", "Hello-World")
	bad := worldWith(t)
	bad.Repositories[1].Owner = "ghost"
	err := srv.ReplaceWorld(bad)
	if err == nil || !strings.Contains(err.Error(), `repositories[1].owner: "ghost" is not a user or an organization of the world`) {
		t.Errorf("ReplaceWorld of a bad world: %v", err)
	}
	send(t, http.MethodGet, base+"/user/codespaces/"+name, "octo", "", http.StatusOK)

	if err := srv.ReplaceWorld(worldWith(t)); err != nil {
		t.Fatal(err)
	}
	send(t, http.MethodGet, base+"/repos/octocat/Hello-World/codespaces/machines", "octo-token", "", http.StatusNotFound)
	send(t, http.MethodGet, base+"/repos/mona/secret-sauce/codespaces/machines", "mona-token", "", http.StatusOK)
	send(t, http.MethodGet, base+"/user/codespaces/"+name, "octo-token", "", http.StatusNotFound)
	if got := srv.World().Users[1].Login; got != "mona" {
		t.Errorf("World() after ReplaceWorld names %s second, want mona", got)
	}

	srv.Reset()
	send(t, http.MethodGet, base+"/repos/octocat/Hello-World/codespaces/machines", "octo", "", http.StatusOK)
	send(t, http.MethodGet, base+"/repos/mona/secret-sauce/codespaces/machines", "mona-token", "", http.StatusNotFound)
	if got := len(srv.World().Users); got != 1 {
		t.Errorf("World() after Reset has %d users, want the default world's one", got)
	}
}

// TestWithWorldKeepsItsOwnCopy: changing the World after New changes
// nothing in the mock.
func TestWithWorldKeepsItsOwnCopy(t *testing.T) {
	w := mock.DefaultWorld()
	srv, base := start(t, mock.WithWorld(w))
	w.Repositories[0].Name = "Goodbye-World"
	send(t, http.MethodGet, base+"/repos/octocat/Hello-World/codespaces/machines", "octo", "", http.StatusOK)
	srv.Reset()
	send(t, http.MethodGet, base+"/repos/octocat/Goodbye-World/codespaces/machines", "octo", "", http.StatusNotFound)
}

// TestWorldCodespacesAndSecrets: a world's codespaces are there, in the
// state and with the dates it gives, and go on from a transitional state;
// its secrets have their settings and no value.
func TestWorldCodespacesAndSecrets(t *testing.T) {
	w, err := mock.ParseWorld([]byte(monasWorld + `
codespaces:
  - name: mona-secret-sauce-abc123
    owner: mona
    repository: mona/secret-sauce
    state: Shutdown
    display_name: the sauce
    created_at: 2026-01-02T03:04:05Z
    last_used_at: 2026-02-03T04:05:06Z
  - owner: octocat
    repository: acme/tools
    state: Provisioning
    machine: bigLinux
    location: WestEurope
secrets:
  - {scope: user, owner: mona, name: gh_token, selected_repositories: [mona/secret-sauce], created_at: 2026-01-02T03:04:05Z}
  - {scope: organization, owner: acme, name: NPM_TOKEN, visibility: private}
  - {scope: repository, owner: acme/tools, name: DEPLOY_KEY}
`))
	if err != nil {
		t.Fatal(err)
	}
	srv, base := start(t, mock.WithWorld(w))

	var cs struct {
		Name        string
		State       string
		DisplayName string `json:"display_name"`
		CreatedAt   string `json:"created_at"`
		LastUsedAt  string `json:"last_used_at"`
	}
	_ = json.Unmarshal(send(t, http.MethodGet, base+"/user/codespaces/mona-secret-sauce-abc123", "mona-token", "", http.StatusOK), &cs)
	if cs.State != "Shutdown" || cs.DisplayName != "the sauce" || cs.CreatedAt != "2026-01-02T03:04:05Z" || cs.LastUsedAt != "2026-02-03T04:05:06Z" {
		t.Errorf("mona's codespace: %+v", cs)
	}
	send(t, http.MethodGet, base+"/user/codespaces/mona-secret-sauce-abc123", "octo-token", "", http.StatusNotFound)
	var list struct {
		Codespaces []struct {
			Name, State string
			Machine     struct{ Name string }
			Location    string
		}
	}
	_ = json.Unmarshal(send(t, http.MethodGet, base+"/user/codespaces", "octo-token", "", http.StatusOK), &list)
	if len(list.Codespaces) != 1 || list.Codespaces[0].State != "Available" || list.Codespaces[0].Machine.Name != "bigLinux" ||
		list.Codespaces[0].Location != "WestEurope" || !strings.HasPrefix(list.Codespaces[0].Name, "octocat-tools-") {
		t.Errorf("octocat's codespaces: %+v, want one made up, Provisioning gone on to Available on the instant timing", list.Codespaces)
	}

	var sec struct {
		Name       string
		Visibility string
		CreatedAt  string `json:"created_at"`
	}
	_ = json.Unmarshal(send(t, http.MethodGet, base+"/user/codespaces/secrets/GH_TOKEN", "mona-token", "", http.StatusOK), &sec)
	if sec.Name != "GH_TOKEN" || sec.Visibility != "selected" || sec.CreatedAt != "2026-01-02T03:04:05Z" {
		t.Errorf("mona's secret: %+v", sec)
	}
	if got := string(send(t, http.MethodGet, base+"/user/codespaces/secrets/GH_TOKEN/repositories", "mona-token", "", http.StatusOK)); !strings.Contains(got, `"full_name":"mona/secret-sauce"`) {
		t.Errorf("mona's secret's repositories: %s", got)
	}
	if _, ok := srv.SecretValue("mona", "GH_TOKEN"); ok {
		t.Error("a world's secret has a value")
	}
	if got := string(send(t, http.MethodGet, base+"/orgs/acme/codespaces/secrets/NPM_TOKEN", "mona-token", "", http.StatusOK)); !strings.Contains(got, `"visibility":"private"`) {
		t.Errorf("acme's secret: %s", got)
	}
	send(t, http.MethodGet, base+"/repos/acme/tools/codespaces/secrets/DEPLOY_KEY", "mona-token", "", http.StatusOK)
	if _, ok := srv.RepoSecretValue("acme", "tools", "DEPLOY_KEY"); ok {
		t.Error("a world's repository secret has a value")
	}
	// Stored through the API, it has one.
	key, keyID := scopeKey(t, base, "/user/codespaces/secrets", "mona-token")
	send(t, http.MethodPut, base+"/user/codespaces/secrets/GH_TOKEN", "mona-token", sealedBody(t, key, keyID, "s3cret", ""), http.StatusNoContent)
	if v, ok := srv.SecretValue("mona", "GH_TOKEN"); !ok || string(v) != "s3cret" {
		t.Errorf("after a PUT, the secret's value is %q, %v", v, ok)
	}
}

// TestWorldCodespaceErrors: a world's codespaces and secrets are checked
// like the rest.
func TestWorldCodespaceErrors(t *testing.T) {
	base := minimalWorld + "users: [{login: mona, id: 2}, {login: lisa, id: 3}]\nrepositories: [{owner: mona, name: r, id: 1, private: true}, {owner: lisa, name: s, id: 2}]\n"
	for _, tc := range []struct{ doc, want string }{
		{"codespaces: [{owner: ghost, repository: mona/r}]\n", `codespaces[0].owner: "ghost" is not a user of the world`},
		{"codespaces: [{owner: mona}]\n", "codespaces[0].repository: is required"},
		{"codespaces: [{owner: lisa, repository: mona/r}]\n", "codespaces[0].repository: mona/r is private, and lisa does not see it"},
		{"codespaces: [{owner: mona, repository: mona/r, state: Running}]\n", `line 6: codespaces[0].state: "Running" is not a codespace state`},
		{"codespaces: [{owner: mona, repository: mona/r, machine: hugeLinux}]\n", `codespaces[0].machine: "hugeLinux" is not a machine of the world`},
		{"codespaces: [{owner: mona, repository: mona/r, name: x}, {owner: mona, repository: mona/r, name: x}]\n", `codespaces[1].name: "x" is taken by codespaces[0]`},
		{"codespaces: [{owner: mona, repository: mona/r, created_at: 2026-02-01T00:00:00Z, last_used_at: 2026-01-01T00:00:00Z}]\n", "codespaces[0].last_used_at: is before created_at"},
		{"codespaces: [{owner: mona, repository: mona/r, location: Mars}]\n", `codespaces[0].location: "Mars" is not a location`},
		{"secrets: [{scope: team, owner: mona, name: X}]\n", `secrets[0].scope: "team" is not user, organization or repository`},
		{"secrets: [{scope: user, owner: mona, name: GITHUB_X}]\n", "secrets[0].name: \"GITHUB_X\": secret names must not start with the GITHUB_ prefix"},
		{"secrets: [{scope: user, owner: mona, name: X}, {scope: user, owner: mona, name: x}]\n", `secrets[1].name: "x" is secrets[0] already`},
		{"secrets: [{scope: repository, owner: mona/r, name: X, visibility: all}]\n", "secrets[0].visibility: a repository secret has none"},
		{"secrets: [{scope: user, owner: lisa, name: X, selected_repositories: [mona/r]}]\n", "secrets[0].selected_repositories[0]: mona/r is private, and lisa does not see it"},
		{"secrets: [{scope: user, owner: mona, name: X, value: hunter2}]\n", "secrets[0].value: is not a field of secrets[0]"},
	} {
		_, err := mock.ParseWorld([]byte(base + tc.doc))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", strings.TrimSpace(tc.doc), err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "hunter2") {
			t.Errorf("the error gives the value away: %v", err)
		}
	}
}

// TestResetWhileServing: requests in flight while the world is reset or
// replaced finish without a race (run with -race) or a 5xx.
func TestResetWhileServing(t *testing.T) {
	srv, base := start(t)
	other := worldWith(t)
	done := make(chan struct{})
	var wg sync.WaitGroup
	var served atomic.Int64
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tt := inGoroutine(t)
			token := fmt.Sprint("client-", g)
			for {
				select {
				case <-done:
					return
				default:
				}
				for _, req := range []struct{ method, path, body string }{
					{http.MethodPost, "/repos/octocat/Hello-World/codespaces", `{}`},
					{http.MethodGet, "/user/codespaces", ""},
					{http.MethodGet, "/orgs/octo-org/codespaces", ""},
					{http.MethodGet, "/repos/mona/secret-sauce/codespaces/machines", ""},
				} {
					if status, body, _ := do(tt, req.method, base+req.path, "Bearer "+token, req.body); status >= 500 {
						tt.Errorf("%s %s during resets: %d %s", req.method, req.path, status, body)
					}
					served.Add(1)
				}
			}
		}()
	}
	for i := range 20 {
		// Some requests between one reset and the next.
		for seen := served.Load(); served.Load() < seen+4 && !t.Failed(); {
			runtime.Gosched()
		}
		if i%2 == 0 {
			srv.Reset()
		} else if err := srv.ReplaceWorld(other); err != nil {
			t.Fatal(err)
		}
	}
	close(done)
	wg.Wait()
}

// BenchmarkReset: what POST /_mock/reset costs between two tests, with a
// codespace and a secret to clear: parsing is not part of it (the started
// world is kept parsed), building the world and the key pairs are.
func BenchmarkReset(b *testing.B) {
	srv, base := start(b)
	for b.Loop() {
		createIn(b, base, "octo", "octocat", "Hello-World")
		srv.Reset()
	}
}

// BenchmarkParseDefaultWorld: what reading a document the size of the
// default world costs (PUT /_mock/world, serve -world).
func BenchmarkParseDefaultWorld(b *testing.B) {
	data, err := mock.DefaultWorld().Marshal()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := mock.ParseWorld(data); err != nil {
			b.Fatal(err)
		}
	}
}

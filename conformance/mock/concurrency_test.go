package mock_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"reflect"
	"slices"
	"sort"
	"sync"
	"testing"

	"github.com/codespaces-go/codespaces/gen"
)

// TestConcurrentUsers runs 8 goroutines of 500 mixed operations each, two per
// user, against one mock. Each goroutine tracks what it made and removed; at
// the end every user's lists hold exactly the union of their goroutines'
// work, and nothing of another user's.
func TestConcurrentUsers(t *testing.T) {
	const (
		workers = 8
		ops     = 500
		users   = 4
	)
	if testing.Short() {
		t.Skip("8 × 500 requests")
	}
	ctx := context.Background()
	_, base := start(t)

	var names sync.Map // codespace name → token of its owner, for cross-user probes
	type result struct {
		token      string
		codespaces map[string]bool
		secrets    map[string]bool
	}
	results := make([]result, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := inGoroutine(t)
			token := fmt.Sprintf("user-%d", w%users)
			res := result{token: token, codespaces: map[string]bool{}, secrets: map[string]bool{}}
			defer func() { results[w] = res }()
			c := client(t, base, token)
			rng := rand.New(rand.NewPCG(uint64(w), 1))
			mine := func() string {
				if len(res.codespaces) == 0 {
					return ""
				}
				keys := make([]string, 0, len(res.codespaces))
				for k := range res.codespaces {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				return keys[rng.IntN(len(keys))]
			}
			fail := func(what string, r answer, err error) {
				t.Errorf("worker %d, %s: %s", w, what, outcome(r, err))
			}
			var sealed gen.CodespacesCreateOrUpdateSecretForAuthenticatedUserJSONRequestBody
			for i := range ops {
				switch p := rng.IntN(100); {
				case p < 25 || len(res.codespaces) == 0:
					r, err := c.CodespacesCreateWithRepoForAuthenticatedUserWithResponse(ctx, "octocat", "Hello-World", gen.CodespacesCreateWithRepoForAuthenticatedUserJSONRequestBody{})
					if err != nil || r.StatusCode() != http.StatusCreated {
						fail("create", r, err)
						return
					}
					res.codespaces[r.JSON201.Name] = true
					names.Store(r.JSON201.Name, token)
				case p < 45:
					name := mine()
					r, err := c.CodespacesGetForAuthenticatedUserWithResponse(ctx, name)
					if err != nil || r.StatusCode() != http.StatusOK || r.JSON200.Name != name {
						fail("get "+name, r, err)
					}
				case p < 55:
					name := mine()
					r, err := c.CodespacesStopForAuthenticatedUserWithResponse(ctx, name)
					if err != nil || r.JSON200 == nil || r.JSON200.State != gen.CodespaceStateShutdown {
						fail("stop "+name, r, err)
					}
					s, err := c.CodespacesStartForAuthenticatedUserWithResponse(ctx, name)
					if err != nil || s.JSON200 == nil || s.JSON200.State != gen.CodespaceStateAvailable {
						fail("start "+name, s, err)
					}
				case p < 65:
					name := mine()
					r, err := c.CodespacesDeleteForAuthenticatedUserWithResponse(ctx, name)
					if err != nil || r.StatusCode() != http.StatusAccepted {
						fail("delete "+name, r, err)
					}
					delete(res.codespaces, name)
				case p < 80:
					if sealed.KeyID == "" {
						sealed = seal(t, c, "value")
					}
					name := fmt.Sprintf("W%d_%d", w, rng.IntN(20))
					r, err := c.CodespacesCreateOrUpdateSecretForAuthenticatedUserWithResponse(ctx, name, sealed)
					want := http.StatusCreated
					if res.secrets[name] {
						want = http.StatusNoContent
					}
					if err != nil || r.StatusCode() != want {
						fail("put secret "+name, r, err)
					}
					res.secrets[name] = true
				case p < 85:
					name := fmt.Sprintf("W%d_%d", w, rng.IntN(20))
					r, err := c.CodespacesDeleteSecretForAuthenticatedUserWithResponse(ctx, name)
					if err == nil && r.StatusCode() == http.StatusNoContent != res.secrets[name] {
						fail("delete secret "+name, r, err)
					}
					delete(res.secrets, name)
				case p < 95:
					// Someone else's codespace, if one is known: always 404.
					names.Range(func(k, v any) bool {
						if v.(string) == token {
							return true
						}
						r, err := c.CodespacesGetForAuthenticatedUserWithResponse(ctx, k.(string))
						if err != nil || r.StatusCode() != http.StatusNotFound {
							fail("get another user's "+k.(string), r, err)
						}
						return false
					})
				default:
					r, err := c.CodespacesGetSecretForAuthenticatedUserWithResponse(ctx, fmt.Sprintf("W%d_%d", (w+1)%workers, i%20))
					if err != nil || r.StatusCode() != http.StatusNotFound {
						fail("get another worker's secret", r, err)
					}
				}
			}
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}

	for u := range users {
		token := fmt.Sprintf("user-%d", u)
		wantCodespaces, wantSecrets := []string{}, []string{}
		for _, r := range results {
			if r.token != token {
				continue
			}
			for n := range r.codespaces {
				wantCodespaces = append(wantCodespaces, n)
			}
			for n := range r.secrets {
				wantSecrets = append(wantSecrets, n)
			}
		}
		c := client(t, base, token)
		gotCodespaces, login := []string{}, ""
		for page := 1; ; page++ {
			r := must(c.CodespacesListForAuthenticatedUserWithResponse(ctx, &gen.CodespacesListForAuthenticatedUserParams{PerPage: ptr(100), Page: ptr(page)}))(t)
			for _, cs := range r.JSON200.Codespaces {
				gotCodespaces = append(gotCodespaces, cs.Name)
				if login == "" {
					login = cs.Owner.Login
				}
				if cs.Owner.Login != login {
					t.Errorf("%s's list holds %s of %s", token, cs.Name, cs.Owner.Login)
				}
			}
			if len(r.JSON200.Codespaces) < 100 {
				break
			}
		}
		gotSecrets := []string{}
		for page := 1; ; page++ {
			r := must(c.CodespacesListSecretsForAuthenticatedUserWithResponse(ctx, &gen.CodespacesListSecretsForAuthenticatedUserParams{PerPage: ptr(100), Page: ptr(page)}))(t)
			for _, s := range r.JSON200.Secrets {
				gotSecrets = append(gotSecrets, s.Name)
			}
			if len(r.JSON200.Secrets) < 100 {
				break
			}
		}
		for _, l := range [][]string{wantCodespaces, gotCodespaces, wantSecrets, gotSecrets} {
			slices.Sort(l)
		}
		if !slices.Equal(gotCodespaces, wantCodespaces) {
			t.Errorf("%s lists %d codespaces, made and kept %d:\n got %v\nwant %v", token, len(gotCodespaces), len(wantCodespaces), gotCodespaces, wantCodespaces)
		}
		if !slices.Equal(gotSecrets, wantSecrets) {
			t.Errorf("%s lists secrets %v, want %v", token, gotSecrets, wantSecrets)
		}
	}
}

// answer is what every generated response has.
type answer interface {
	StatusCode() int
	GetBody() []byte
}

// outcome describes a call's result for a failure message.
func outcome(r answer, err error) string {
	if err != nil {
		return err.Error()
	}
	if v := reflect.ValueOf(r); v.Kind() == reflect.Pointer && v.IsNil() {
		return "no response"
	}
	return fmt.Sprintf("%d %s", r.StatusCode(), r.GetBody())
}

// TestConcurrentOrganizationAndUsers: octocat administers octo-org while
// three members work at once: members create codespaces in octo-repo and
// Hello-World, publish private repositories from the template, and probe
// what is not theirs; octocat stops and deletes members' codespaces
// through the organization and keeps organization and repository secrets.
// At the end the organization lists exactly the members' octo-repo
// codespaces nobody deleted, the secrets are exactly octocat's, and no one
// saw another's private repository.
func TestConcurrentOrganizationAndUsers(t *testing.T) {
	const (
		members = 3
		ops     = 150
	)
	if testing.Short() {
		t.Skip("4 × 150 requests")
	}
	_, base := start(t)
	send(t, http.MethodGet, base+"/user", "admin", "", http.StatusNotFound) // the first token is octocat's

	var orgCodespaces sync.Map // name → login, the members' codespaces in octo-repo still alive
	var privateRepos sync.Map  // full name → token of its publisher
	var wg sync.WaitGroup
	adminSecrets := map[string]bool{}
	repoSecrets := map[string]bool{}
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := inGoroutine(t)
		key, keyID := scopeKey(t, base, "/orgs/octo-org/codespaces/secrets", "admin")
		rkey, rkeyID := scopeKey(t, base, "/repos/octo-org/octo-repo/codespaces/secrets", "admin")
		rng := rand.New(rand.NewPCG(99, 1))
		for i := range ops {
			switch p := rng.IntN(100); {
			case p < 30:
				name := fmt.Sprintf("ORG_%d", rng.IntN(10))
				want := http.StatusCreated
				if adminSecrets[name] {
					want = http.StatusNoContent
				}
				if status, body, _ := do(t, http.MethodPut, base+"/orgs/octo-org/codespaces/secrets/"+name, "Bearer admin",
					sealedBody(t, key, keyID, "v", `"visibility":"all"`)); status != want {
					t.Errorf("org secret %s: %d %s, want %d", name, status, body, want)
				}
				adminSecrets[name] = true
			case p < 50:
				name := fmt.Sprintf("REPO_%d", rng.IntN(10))
				if status, _, _ := do(t, http.MethodPut, base+"/repos/octo-org/octo-repo/codespaces/secrets/"+name, "Bearer admin",
					sealedBody(t, rkey, rkeyID, "v", "")); status != http.StatusCreated && status != http.StatusNoContent {
					t.Errorf("repo secret %s: %d", name, status)
				}
				repoSecrets[name] = true
			case p < 70:
				// Stop or delete one of the members' codespaces through the organization.
				orgCodespaces.Range(func(k, v any) bool {
					path := base + "/orgs/octo-org/members/" + v.(string) + "/codespaces/" + k.(string)
					if i%2 == 0 {
						if status, body, _ := do(t, http.MethodPost, path+"/stop", "Bearer admin", ""); status != http.StatusOK {
							t.Errorf("stop %s: %d %s", k, status, body)
						}
						return false
					}
					if status, body, _ := do(t, http.MethodDelete, path, "Bearer admin", ""); status != http.StatusAccepted {
						t.Errorf("delete %s: %d %s", k, status, body)
					}
					orgCodespaces.Delete(k)
					return false
				})
			default:
				orgList(t, base, "/orgs/octo-org/codespaces?per_page=100")
			}
		}
	}()
	for m := range members {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := inGoroutine(t)
			token := fmt.Sprintf("member-%d", m)
			login := ""
			rng := rand.New(rand.NewPCG(uint64(m), 7))
			for i := range ops {
				switch p := rng.IntN(100); {
				case p < 30:
					name := createIn(t, base, token, "octo-org", "octo-repo")
					if login == "" {
						var cs codespaceSeen
						_ = json.Unmarshal(send(t, http.MethodGet, base+"/user/codespaces/"+name, token, "", http.StatusOK), &cs)
						login = cs.Owner.Login
					}
					orgCodespaces.Store(name, login)
				case p < 40:
					createIn(t, base, token, "octocat", "Hello-World")
				case p < 50:
					name := createIn(t, base, token, "github", "codespaces-blank")
					repo := fmt.Sprintf("private-%d-%d", m, i)
					var got codespaceSeen
					if err := json.Unmarshal(send(t, http.MethodPost, base+"/user/codespaces/"+name+"/publish", token,
						`{"name":"`+repo+`","private":true}`, http.StatusCreated), &got); err != nil {
						t.Error(err)
					}
					privateRepos.Store(got.Repository.FullName, token)
				case p < 70:
					// Another's private repository is 404, however it is asked for.
					privateRepos.Range(func(k, v any) bool {
						if v.(string) == token {
							return true
						}
						for _, path := range []string{"/repos/" + k.(string), "/repos/" + k.(string) + "/codespaces/new", "/repos/" + k.(string) + "/codespaces/secrets/X"} {
							if status, body, _ := get(t, base+path, token); status != http.StatusNotFound {
								t.Errorf("%s sees %s: %d %s", token, path, status, body)
							}
						}
						return false
					})
				case p < 85:
					for _, path := range []string{"/orgs/octo-org/codespaces", "/orgs/octo-org/codespaces/secrets/ORG_1", "/repos/octo-org/octo-repo/codespaces/secrets"} {
						if status, _, _ := get(t, base+path, token); status != http.StatusForbidden {
							t.Errorf("%s reads %s: %d, want 403", token, path, status)
						}
					}
				default:
					orgCodespaces.Range(func(k, v any) bool {
						if v.(string) == login {
							return true
						}
						if status, _, _ := get(t, base+"/user/codespaces/"+k.(string), token); status != http.StatusNotFound {
							t.Errorf("%s gets another member's %s: %d", token, k, status)
						}
						return false
					})
				}
			}
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}

	var want []string
	orgCodespaces.Range(func(k, v any) bool {
		want = append(want, v.(string)+":"+k.(string))
		return true
	})
	var got []string
	for page := 1; ; page++ {
		list := orgList(t, base, fmt.Sprintf("/orgs/octo-org/codespaces?per_page=100&page=%d", page))
		for _, cs := range list {
			got = append(got, cs.Owner.Login+":"+cs.Name)
			if cs.BillableOwner.Login != "octo-org" || cs.Repository.FullName != "octo-org/octo-repo" {
				t.Errorf("the organization lists %+v", cs)
			}
		}
		if len(list) < 100 {
			break
		}
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("the organization lists %d codespaces, want %d:\n got %v\nwant %v", len(got), len(want), got, want)
	}
	for scope, names := range map[string]map[string]bool{"/orgs/octo-org/codespaces/secrets": adminSecrets, "/repos/octo-org/octo-repo/codespaces/secrets": repoSecrets} {
		var list struct {
			TotalCount int `json:"total_count"`
		}
		_ = json.Unmarshal(send(t, http.MethodGet, base+scope+"?per_page=100", "admin", "", http.StatusOK), &list)
		if list.TotalCount != len(names) {
			t.Errorf("%s holds %d secrets, octocat put %d", scope, list.TotalCount, len(names))
		}
	}
}

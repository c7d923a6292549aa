package client

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"iter"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/codespaces-go/codespaces/gen"
	"github.com/codespaces-go/codespaces/spec"
)

// Every operation of the spec against every status its description
// documents: the Client's method sends the request the operation expects,
// turns each documented 2xx into its typed result, a 304 into
// ErrNotModified, and any other status into an *APIError with that status.
// The statuses come from the spec, so a status the spec adds fails here
// until the table says what its method makes of it.

// opCase is one operation's method and what it must send and return.
type opCase struct {
	// req is the request the call must send: "METHOD /path?query".
	req string
	// body is the JSON the call must send, "" for none. An encrypted_value
	// is opened with the test key, compared with sealedPlaintext, and then
	// stands as "SEALED".
	body string
	// ok is, for each 2xx the operation documents, what the server answers
	// (nil: no body) and a check of the call's result.
	ok map[int]okCase
	// call runs the method.
	call func(context.Context, *Client) (any, error)
}

type okCase struct {
	answer any
	check  func(t *testing.T, got any)
}

const sealedPlaintext = "hunter2"

// The secret PUTs first fetch their scope's public key.
var keyPaths = map[string]bool{
	"/user/codespaces/secrets/public-key":                      true,
	"/orgs/octo-org/codespaces/secrets/public-key":             true,
	"/repos/octocat/Hello-World/codespaces/secrets/public-key": true,
}

func operationCases() map[string]opCase {
	cs := sampleCodespace("cs1", gen.CodespaceStateAvailable)
	csList := map[string]any{"total_count": 1, "codespaces": []any{cs}}
	key := map[string]any{"key_id": "k1", "key": base64.StdEncoding.EncodeToString(testPub[:])}
	userSecret := map[string]any{"name": "S", "created_at": "2019-08-10T14:59:22Z", "updated_at": "2020-01-10T14:59:22Z",
		"visibility": "selected", "selected_repositories_url": "https://api.github.com/user/codespaces/secrets/S/repositories"}
	orgSecret := map[string]any{"name": "S", "created_at": "2019-08-10T14:59:22Z", "updated_at": "2020-01-10T14:59:22Z",
		"visibility": "selected", "selected_repositories_url": "https://api.github.com/orgs/octo-org/codespaces/secrets/S/repositories"}
	repoSecret := map[string]any{"name": "S", "created_at": "2019-08-10T14:59:22Z", "updated_at": "2020-01-10T14:59:22Z"}
	repos := map[string]any{"total_count": 1, "repositories": []any{map[string]any{"id": 42, "name": "r", "full_name": "octo-org/r"}}}
	machines := map[string]any{"total_count": 1, "machines": []any{map[string]any{"name": "standardLinux", "cpus": 4}}}
	export := map[string]any{"state": "succeeded", "id": "latest"}
	list := ListOptions{PerPage: 2}

	isCodespace := func(t *testing.T, got any) {
		if cs, ok := got.(*gen.Codespace); !ok || cs.Name != "cs1" || cs.State != gen.CodespaceStateAvailable {
			t.Errorf("got %#v, want codespace cs1", got)
		}
	}
	isNil := func(t *testing.T, got any) {
		if got != nil {
			t.Errorf("got %#v, want nothing", got)
		}
	}
	isResult := func(want SecretOutcome, status int) func(*testing.T, any) {
		return func(t *testing.T, got any) {
			if r, ok := got.(*SecretResult); !ok || r.Outcome != want || r.StatusCode != status {
				t.Errorf("got %#v, want %v with status %d", got, want, status)
			}
		}
	}
	created := map[int]okCase{201: {map[string]any{}, isResult(SecretCreated, 201)}, 204: {nil, isResult(SecretUpdated, 204)}}
	isCreate := func(background bool) func(*testing.T, any) {
		return func(t *testing.T, got any) {
			if r, ok := got.(*CreateResult); !ok || r.Codespace.Name != "cs1" || r.RetryingInBackground != background {
				t.Errorf("got %#v, want cs1 with RetryingInBackground %v", got, background)
			}
		}
	}
	createOK := map[int]okCase{201: {cs, isCreate(false)}, 202: {cs, isCreate(true)}}
	isItems := func(n int, name func(any) string, want string) func(*testing.T, any) {
		return func(t *testing.T, got any) {
			v := reflect.ValueOf(got)
			if v.Kind() != reflect.Slice || v.Len() != n || name(v.Index(0).Interface()) != want {
				t.Errorf("got %#v, want %d item named %s", got, n, want)
			}
		}
	}
	codespaces := isItems(1, func(v any) string { return v.(*gen.Codespace).Name }, "cs1")
	repositories := isItems(1, func(v any) string { return v.(*gen.MinimalRepository).FullName }, "octo-org/r")
	noContent := map[int]okCase{204: {nil, isNil}}
	accepted := map[int]okCase{202: {map[string]any{}, isNil}}
	isKey := func(t *testing.T, got any) {
		if id := stringField(got, "KeyID"); id != "k1" {
			t.Errorf("got %#v, want key k1", got)
		}
	}
	secretNamed := func(t *testing.T, got any) {
		if name := stringField(got, "Name"); name != "S" {
			t.Errorf("got %#v, want secret S", got)
		}
	}
	secretItems := func(t *testing.T, got any) {
		v := reflect.ValueOf(got)
		if v.Kind() != reflect.Slice || v.Len() != 1 {
			t.Fatalf("got %#v, want one secret", got)
		}
		secretNamed(t, v.Index(0).Interface())
	}

	return map[string]opCase{
		// The user's codespaces.
		opListCodespaces: {req: "GET /user/codespaces?per_page=2&repository_id=7", ok: map[int]okCase{200: {csList, codespaces}},
			call: func(ctx context.Context, c *Client) (any, error) {
				return all(c.ListCodespaces(ctx, ListCodespacesOptions{ListOptions: ListOptions{PerPage: 2}, RepositoryID: 7}))
			}},
		opListRepositoryCodespaces: {req: "GET /repos/octocat/Hello-World/codespaces?per_page=2", ok: map[int]okCase{200: {csList, codespaces}},
			call: func(ctx context.Context, c *Client) (any, error) {
				return all(c.ListRepositoryCodespaces(ctx, "octocat", "Hello-World", list))
			}},
		opCreateCodespace: {req: "POST /user/codespaces", body: `{"repository_id":1296269}`, ok: createOK,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CreateCodespace(ctx, CreateCodespaceRequest{Repository: &gen.CreateCodespaceForRepository{RepositoryID: 1296269}})
			}},
		opCreateInRepository: {req: "POST /repos/octocat/Hello-World/codespaces", body: `{"ref":"main"}`, ok: createOK,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CreateCodespaceInRepository(ctx, "octocat", "Hello-World", gen.CreateCodespaceInRepositoryOptions{Ref: new("main")})
			}},
		opCreateFromPullRequest: {req: "POST /repos/octocat/Hello-World/pulls/1/codespaces", body: `{}`, ok: createOK,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CreateCodespaceFromPullRequest(ctx, "octocat", "Hello-World", 1, gen.CreateCodespaceFromPullRequestOptions{})
			}},
		opGetCodespace: {req: "GET /user/codespaces/cs1", ok: map[int]okCase{200: {cs, isCodespace}},
			call: func(ctx context.Context, c *Client) (any, error) { return c.GetCodespace(ctx, "cs1") }},
		opUpdateCodespace: {req: "PATCH /user/codespaces/cs1", body: `{"machine":"premiumLinux"}`, ok: map[int]okCase{200: {cs, isCodespace}},
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.UpdateCodespace(ctx, "cs1", gen.UpdateCodespaceOptions{Machine: new("premiumLinux")})
			}},
		opDeleteCodespace: {req: "DELETE /user/codespaces/cs1", ok: accepted,
			call: func(ctx context.Context, c *Client) (any, error) { return nil, c.DeleteCodespace(ctx, "cs1") }},
		opStartCodespace: {req: "POST /user/codespaces/cs1/start", ok: map[int]okCase{200: {cs, isCodespace}},
			call: func(ctx context.Context, c *Client) (any, error) { return c.StartCodespace(ctx, "cs1") }},
		opStopCodespace: {req: "POST /user/codespaces/cs1/stop", ok: map[int]okCase{200: {cs, isCodespace}},
			call: func(ctx context.Context, c *Client) (any, error) { return c.StopCodespace(ctx, "cs1") }},
		opExportCodespace: {req: "POST /user/codespaces/cs1/exports", ok: map[int]okCase{202: {export, func(t *testing.T, got any) {
			if e, ok := got.(*gen.CodespaceExportDetails); !ok || *e.ID != "latest" {
				t.Errorf("got %#v, want export latest", got)
			}
		}}}, call: func(ctx context.Context, c *Client) (any, error) { return c.ExportCodespace(ctx, "cs1") }},
		opGetExport: {req: "GET /user/codespaces/cs1/exports/latest", ok: map[int]okCase{200: {export, func(t *testing.T, got any) {
			if e, ok := got.(*gen.CodespaceExportDetails); !ok || *e.State != "succeeded" {
				t.Errorf("got %#v, want the succeeded export", got)
			}
		}}}, call: func(ctx context.Context, c *Client) (any, error) { return c.GetExport(ctx, "cs1", "latest") }},
		opCodespaceMachines: {req: "GET /user/codespaces/cs1/machines", ok: map[int]okCase{200: {machines, machineNamed}},
			call: func(ctx context.Context, c *Client) (any, error) { return c.CodespaceMachines(ctx, "cs1") }},
		opRepositoryMachines: {req: "GET /repos/octocat/Hello-World/codespaces/machines?client_ip=1.2.3.4", ok: map[int]okCase{200: {machines, machineNamed}},
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.RepositoryMachines(ctx, "octocat", "Hello-World", RepositoryMachinesOptions{ClientIP: "1.2.3.4"})
			}},
		opListDevcontainers: {req: "GET /repos/octocat/Hello-World/codespaces/devcontainers?per_page=2",
			ok: map[int]okCase{200: {map[string]any{"total_count": 1, "devcontainers": []any{map[string]any{"path": ".devcontainer/devcontainer.json"}}},
				isItems(1, func(v any) string { return v.(*gen.Devcontainer).Path }, ".devcontainer/devcontainer.json")}},
			call: func(ctx context.Context, c *Client) (any, error) {
				return all(c.ListDevcontainers(ctx, "octocat", "Hello-World", list))
			}},

		// The user's secrets.
		opListSecrets: {req: "GET /user/codespaces/secrets?per_page=2", ok: map[int]okCase{200: {map[string]any{"total_count": 1, "secrets": []any{userSecret}}, secretItems}},
			call: func(ctx context.Context, c *Client) (any, error) { return all(c.ListSecrets(ctx, list)) }},
		opGetPublicKey: {req: "GET /user/codespaces/secrets/public-key", ok: map[int]okCase{200: {key, isKey}},
			call: func(ctx context.Context, c *Client) (any, error) { return c.GetPublicKey(ctx) }},
		opGetSecret: {req: "GET /user/codespaces/secrets/S", ok: map[int]okCase{200: {userSecret, secretNamed}},
			call: func(ctx context.Context, c *Client) (any, error) { return c.GetSecret(ctx, "S") }},
		opPutSecret: {req: "PUT /user/codespaces/secrets/S", body: `{"encrypted_value":"SEALED","key_id":"k1","selected_repository_ids":[42]}`, ok: created,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.SetSecret(ctx, "S", []byte(sealedPlaintext), SetSecretOptions{SelectedRepositoryIDs: []int64{42}})
			}},
		opDeleteSecret: {req: "DELETE /user/codespaces/secrets/S", ok: noContent,
			call: func(ctx context.Context, c *Client) (any, error) { return nil, c.DeleteSecret(ctx, "S") }},
		opListSecretRepositories: {req: "GET /user/codespaces/secrets/S/repositories", ok: map[int]okCase{200: {repos, repositories}},
			call: func(ctx context.Context, c *Client) (any, error) { return all(c.ListSecretRepositories(ctx, "S")) }},
		opSetSecretRepositories: {req: "PUT /user/codespaces/secrets/S/repositories", body: `{"selected_repository_ids":[42]}`, ok: noContent,
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.SetSecretRepositories(ctx, "S", []int64{42})
			}},
		opAddSecretRepository: {req: "PUT /user/codespaces/secrets/S/repositories/42", ok: noContent,
			call: func(ctx context.Context, c *Client) (any, error) { return nil, c.AddSecretRepository(ctx, "S", 42) }},
		opRemoveSecretRepository: {req: "DELETE /user/codespaces/secrets/S/repositories/42", ok: noContent,
			call: func(ctx context.Context, c *Client) (any, error) { return nil, c.RemoveSecretRepository(ctx, "S", 42) }},

		// The organization's codespaces and their access.
		opListOrgCodespaces: {req: "GET /orgs/octo-org/codespaces?per_page=2", ok: map[int]okCase{200: {csList, codespaces}},
			call: func(ctx context.Context, c *Client) (any, error) {
				return all(c.ListOrgCodespaces(ctx, "octo-org", list))
			}},
		opListMemberCodespaces: {req: "GET /orgs/octo-org/members/monalisa/codespaces?per_page=2", ok: map[int]okCase{200: {csList, codespaces}},
			call: func(ctx context.Context, c *Client) (any, error) {
				return all(c.ListMemberCodespaces(ctx, "octo-org", "monalisa", list))
			}},
		opStopMemberCodespace: {req: "POST /orgs/octo-org/members/monalisa/codespaces/cs1/stop", ok: map[int]okCase{200: {cs, isCodespace}},
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.StopMemberCodespace(ctx, "octo-org", "monalisa", "cs1")
			}},
		opDeleteMemberCodespace: {req: "DELETE /orgs/octo-org/members/monalisa/codespaces/cs1", ok: accepted,
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.DeleteMemberCodespace(ctx, "octo-org", "monalisa", "cs1")
			}},
		opSetOrgCodespacesAccess: {req: "PUT /orgs/octo-org/codespaces/access", body: `{"selected_usernames":["monalisa"],"visibility":"selected_members"}`, ok: noContent,
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.SetOrgCodespacesAccess(ctx, "octo-org", gen.SetOrgCodespacesAccessRequest{
					Visibility: gen.OrgCodespacesAccessVisibilitySelectedMembers, SelectedUsernames: &[]string{"monalisa"}})
			}},
		opAddOrgCodespacesAccessUsers: {req: "POST /orgs/octo-org/codespaces/access/selected_users", body: `{"selected_usernames":["monalisa","hubot"]}`, ok: noContent,
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.AddOrgCodespacesAccessUsers(ctx, "octo-org", []string{"monalisa", "hubot"})
			}},
		opRemoveOrgCodespacesAccessUsers: {req: "DELETE /orgs/octo-org/codespaces/access/selected_users", body: `{"selected_usernames":["monalisa"]}`, ok: noContent,
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.RemoveOrgCodespacesAccessUsers(ctx, "octo-org", []string{"monalisa"})
			}},

		// The organization's secrets.
		opListOrgSecrets: {req: "GET /orgs/octo-org/codespaces/secrets?per_page=2", ok: map[int]okCase{200: {map[string]any{"total_count": 1, "secrets": []any{orgSecret}}, secretItems}},
			call: func(ctx context.Context, c *Client) (any, error) { return all(c.ListOrgSecrets(ctx, "octo-org", list)) }},
		opGetOrgPublicKey: {req: "GET /orgs/octo-org/codespaces/secrets/public-key", ok: map[int]okCase{200: {key, isKey}},
			call: func(ctx context.Context, c *Client) (any, error) { return c.GetOrgPublicKey(ctx, "octo-org") }},
		opGetOrgSecret: {req: "GET /orgs/octo-org/codespaces/secrets/S", ok: map[int]okCase{200: {orgSecret, func(t *testing.T, got any) {
			if s, ok := got.(*gen.CodespacesOrgSecret); !ok || s.Name != "S" || s.Visibility != gen.CodespacesOrgSecretVisibilitySelected {
				t.Errorf("got %#v, want the selected secret S", got)
			}
		}}}, call: func(ctx context.Context, c *Client) (any, error) { return c.GetOrgSecret(ctx, "octo-org", "S") }},
		opPutOrgSecret: {req: "PUT /orgs/octo-org/codespaces/secrets/S",
			body: `{"encrypted_value":"SEALED","key_id":"k1","selected_repository_ids":[42,43],"visibility":"selected"}`, ok: created,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.SetOrgSecret(ctx, "octo-org", "S", []byte(sealedPlaintext), gen.OrgSecretVisibilitySelected, SetOrgSecretOptions{SelectedRepositoryIDs: []int64{42, 43}})
			}},
		opDeleteOrgSecret: {req: "DELETE /orgs/octo-org/codespaces/secrets/S", ok: noContent,
			call: func(ctx context.Context, c *Client) (any, error) { return nil, c.DeleteOrgSecret(ctx, "octo-org", "S") }},
		opListOrgSecretRepositories: {req: "GET /orgs/octo-org/codespaces/secrets/S/repositories?per_page=2", ok: map[int]okCase{200: {repos, repositories}},
			call: func(ctx context.Context, c *Client) (any, error) {
				return all(c.ListOrgSecretRepositories(ctx, "octo-org", "S", list))
			}},
		opSetOrgSecretRepositories: {req: "PUT /orgs/octo-org/codespaces/secrets/S/repositories", body: `{"selected_repository_ids":[]}`, ok: noContent,
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.SetOrgSecretRepositories(ctx, "octo-org", "S", nil)
			}},
		opAddOrgSecretRepository: {req: "PUT /orgs/octo-org/codespaces/secrets/S/repositories/42", ok: noContent,
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.AddOrgSecretRepository(ctx, "octo-org", "S", 42)
			}},
		opRemoveOrgSecretRepository: {req: "DELETE /orgs/octo-org/codespaces/secrets/S/repositories/42", ok: noContent,
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.RemoveOrgSecretRepository(ctx, "octo-org", "S", 42)
			}},

		// The repository's secrets.
		opListRepoSecrets: {req: "GET /repos/octocat/Hello-World/codespaces/secrets?per_page=2", ok: map[int]okCase{200: {map[string]any{"total_count": 1, "secrets": []any{repoSecret}}, secretItems}},
			call: func(ctx context.Context, c *Client) (any, error) {
				return all(c.ListRepoSecrets(ctx, "octocat", "Hello-World", list))
			}},
		opGetRepoPublicKey: {req: "GET /repos/octocat/Hello-World/codespaces/secrets/public-key", ok: map[int]okCase{200: {key, isKey}},
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.GetRepoPublicKey(ctx, "octocat", "Hello-World")
			}},
		opGetRepoSecret: {req: "GET /repos/octocat/Hello-World/codespaces/secrets/S", ok: map[int]okCase{200: {repoSecret, secretNamed}},
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.GetRepoSecret(ctx, "octocat", "Hello-World", "S")
			}},
		opPutRepoSecret: {req: "PUT /repos/octocat/Hello-World/codespaces/secrets/S", body: `{"encrypted_value":"SEALED","key_id":"k1"}`, ok: created,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.SetRepoSecret(ctx, "octocat", "Hello-World", "S", []byte(sealedPlaintext), SetRepoSecretOptions{})
			}},
		opDeleteRepoSecret: {req: "DELETE /repos/octocat/Hello-World/codespaces/secrets/S", ok: noContent,
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.DeleteRepoSecret(ctx, "octocat", "Hello-World", "S")
			}},

		// Publish, the permissions check and the pre-flight.
		opPublishCodespace: {req: "POST /user/codespaces/cs1/publish", body: `{"name":"new-repo","private":true}`,
			ok: map[int]okCase{201: {map[string]any{"name": "cs1", "repository": map[string]any{"full_name": "octocat/new-repo", "private": true}},
				func(t *testing.T, got any) {
					if cs, ok := got.(*gen.CodespaceWithFullRepository); !ok || cs.Name != "cs1" || cs.Repository.FullName != "octocat/new-repo" || !cs.Repository.Private {
						t.Errorf("got %#v, want cs1 in the private octocat/new-repo", got)
					}
				}}},
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.PublishCodespace(ctx, "cs1", gen.PublishCodespaceOptions{Name: new("new-repo"), Private: new(true)})
			}},
		opCheckDevcontainerPermissions: {req: "GET /repos/octocat/Hello-World/codespaces/permissions_check?devcontainer_path=.devcontainer%2Fdevcontainer.json&ref=heads%2Fmain",
			ok: map[int]okCase{200: {map[string]any{"accepted": true}, func(t *testing.T, got any) {
				if got != true {
					t.Errorf("got %#v, want accepted", got)
				}
			}}},
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.DevcontainerPermissionsAccepted(ctx, "octocat", "Hello-World", "heads/main", ".devcontainer/devcontainer.json")
			}},
		opCodespaceDefaults: {req: "GET /repos/octocat/Hello-World/codespaces/new?client_ip=1.2.3.4&ref=main",
			ok: map[int]okCase{200: {map[string]any{"billable_owner": map[string]any{"login": "octo-org", "id": 6811672},
				"defaults": map[string]any{"location": "WestUs2", "devcontainer_path": ".devcontainer/devcontainer.json"}},
				func(t *testing.T, got any) {
					d, ok := got.(*CodespaceDefaultsResult)
					if !ok || d.BillableOwner == nil || d.BillableOwner.Login != "octo-org" || d.Location != "WestUs2" ||
						d.DevcontainerPath == nil || *d.DevcontainerPath != ".devcontainer/devcontainer.json" {
						t.Errorf("got %#v, want octo-org, WestUs2 and the devcontainer", got)
					}
				}}},
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CodespaceDefaults(ctx, "octocat", "Hello-World", CodespaceDefaultsOptions{Ref: "main", ClientIP: "1.2.3.4"})
			}},
	}
}

// stringField returns the string field of a pointer to a struct, "" if
// there is none: the scopes' keys and secrets are of different types.
func stringField(v any, field string) string {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return ""
	}
	f := rv.Elem().FieldByName(field)
	if f.Kind() != reflect.String {
		return ""
	}
	return f.String()
}

func machineNamed(t *testing.T, got any) {
	if m, ok := got.([]gen.CodespaceMachine); !ok || len(m) != 1 || m[0].Name != "standardLinux" {
		t.Errorf("got %#v, want standardLinux", got)
	}
}

// all collects a list for the table, as any.
func all[T any](seq iter.Seq2[*T, error]) (any, error) {
	items, err := Collect(seq)
	if err != nil {
		return nil, err
	}
	return items, nil
}

// documentedStatuses returns each operation's documented statuses, sorted.
func documentedStatuses(t *testing.T) map[string][]int {
	t.Helper()
	doc, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]int{}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			for code := range op.Responses.Map() {
				n, err := strconv.Atoi(code)
				if err != nil {
					t.Fatalf("%s documents the status %q, which this test cannot answer with", op.OperationID, code)
				}
				out[op.OperationID] = append(out[op.OperationID], n)
			}
			sort.Ints(out[op.OperationID])
		}
	}
	return out
}

func TestEveryOperationAtEveryDocumentedStatus(t *testing.T) {
	cases := operationCases()
	statuses := documentedStatuses(t)
	for id := range cases {
		if _, ok := statuses[id]; !ok {
			t.Errorf("the table has %q, which the spec does not", id)
		}
	}
	for id, codes := range statuses {
		tc, ok := cases[id]
		if !ok {
			t.Errorf("the spec's %s has no case in the table", id)
			continue
		}
		for ok := range tc.ok {
			if !slices.Contains(codes, ok) {
				t.Errorf("%s: the table expects a %d, which the spec does not document (%v)", id, ok, codes)
			}
		}
		for _, status := range codes {
			t.Run(id+"/"+strconv.Itoa(status), func(t *testing.T) {
				runAtStatus(t, tc, status)
			})
		}
	}
}

func runAtStatus(t *testing.T, tc opCase, status int) {
	var mu sync.Mutex
	var sent []string
	var bodies []string
	wantMethod, wantURI, _ := strings.Cut(tc.req, " ")
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && keyPaths[r.URL.Path] && r.URL.RequestURI() != wantURI {
			writeJSON(w, 200, map[string]any{"key_id": "k1", "key": base64.StdEncoding.EncodeToString(testPub[:])})
			return
		}
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		sent = append(sent, r.Method+" "+r.URL.RequestURI())
		bodies = append(bodies, string(b))
		mu.Unlock()
		switch ok, isOK := tc.ok[status]; {
		case isOK && ok.answer != nil:
			writeJSON(w, status, ok.answer)
		case status < 300 || status == http.StatusNotModified:
			w.WriteHeader(status)
		default:
			writeError(w, status, http.StatusText(status))
		}
	}))
	got, err := tc.call(context.Background(), c)

	if len(sent) == 0 {
		t.Fatalf("no request was sent (%v)", err)
	}
	if !sameRequest(sent[0], wantMethod+" "+wantURI) {
		t.Errorf("sent %q, want %q", sent[0], tc.req)
	}
	checkBody(t, bodies[0], tc.body)
	switch ok, isOK := tc.ok[status]; {
	case isOK:
		if err != nil {
			t.Fatalf("a documented %d failed: %v", status, err)
		}
		ok.check(t, got)
	case status < 300:
		t.Errorf("the spec documents a %d for this operation; the table says nothing of it (the call gave %#v, %v)", status, got, err)
	case status == http.StatusNotModified:
		if !errors.Is(err, ErrNotModified) {
			t.Errorf("got %v, want ErrNotModified", err)
		}
	default:
		var ae *APIError
		if !errors.As(err, &ae) || ae.StatusCode != status {
			t.Errorf("got %#v (%v), want an *APIError with status %d", got, err, status)
		}
		if !isNilResult(got) {
			t.Errorf("an error came with a result: %#v", got)
		}
	}
}

// sameRequest compares "METHOD /path?query" requests, in any query order.
func sameRequest(a, b string) bool {
	ua, errA := url.Parse(strings.SplitN(a, " ", 2)[1])
	ub, errB := url.Parse(strings.SplitN(b, " ", 2)[1])
	return errA == nil && errB == nil && strings.Fields(a)[0] == strings.Fields(b)[0] &&
		ua.EscapedPath() == ub.EscapedPath() && reflect.DeepEqual(ua.Query(), ub.Query())
}

// isNilResult reports whether a failed call's result is empty: nil, a nil
// pointer or slice, false or 0.
func isNilResult(got any) bool {
	if got == nil {
		return true
	}
	v := reflect.ValueOf(got)
	return v.IsZero()
}

// checkBody compares a sent JSON body with want, opening an
// encrypted_value first.
func checkBody(t *testing.T, sent, want string) {
	t.Helper()
	if want == "" {
		if sent != "" {
			t.Errorf("sent the body %s, want none", sent)
		}
		return
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(sent), &m); err != nil {
		t.Fatalf("the body %q is not a JSON object: %v", sent, err)
	}
	if v, ok := m["encrypted_value"].(string); ok {
		if got := string(openSealed(t, v)); got != sealedPlaintext {
			t.Errorf("the sealed value opens to %q, want %q", got, sealedPlaintext)
		}
		m["encrypted_value"] = "SEALED"
	}
	var w map[string]any
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("the table's body %q: %v", want, err)
	}
	if !reflect.DeepEqual(m, w) {
		t.Errorf("sent the body %s, want %s", sent, want)
	}
}

// TestUndecodableAnswers: for every operation whose 2xx answer carries a
// body the method decodes, a body that is not JSON, cut short, null, or of
// the wrong shape is a *DecodeError naming the operation, not a result.
func TestUndecodableAnswers(t *testing.T) {
	bodies := map[string]string{
		"not JSON":    `<html>oops</html>`,
		"truncated":   `{"name":"cs1","total_count":1,`,
		"null":        `null`,
		"wrong shape": `[1,2,3]`,
	}
	for id, tc := range operationCases() {
		for status, ok := range tc.ok {
			if m, isMap := ok.answer.(map[string]any); ok.answer == nil || isMap && len(m) == 0 {
				continue // nothing to decode
			}
			for what, body := range bodies {
				t.Run(id+"/"+strconv.Itoa(status)+"/"+what, func(t *testing.T) {
					wantMethod, wantURI, _ := strings.Cut(tc.req, " ")
					c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
						if r.Method == http.MethodGet && keyPaths[r.URL.Path] && !sameRequest(r.Method+" "+r.URL.RequestURI(), wantMethod+" "+wantURI) {
							writeJSON(w, 200, map[string]any{"key_id": "k1", "key": base64.StdEncoding.EncodeToString(testPub[:])})
							return
						}
						w.Header().Set("Content-Type", "application/json")
						w.WriteHeader(status)
						_, _ = io.WriteString(w, body)
					}))
					got, err := tc.call(context.Background(), c)
					var de *DecodeError
					if !errors.As(err, &de) || de.Operation != id || de.StatusCode != status {
						t.Fatalf("got %#v, %v; want a *DecodeError of %s at %d", got, err, id, status)
					}
					if !isNilResult(got) {
						t.Errorf("a result came with the error: %#v", got)
					}
				})
			}
		}
	}
}

// TestNamelessAnswers: a codespace without its name cannot be used by any
// later call, so a 2xx that carries one is a *DecodeError.
func TestNamelessAnswers(t *testing.T) {
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]any{"id": 1, "repository": map[string]any{"full_name": "o/r"}})
	}))
	ctx := context.Background()
	for name, call := range map[string]func() error{
		"StopMemberCodespace": func() error { _, err := c.StopMemberCodespace(ctx, "o", "u", "cs"); return err },
		"PublishCodespace":    func() error { _, err := c.PublishCodespace(ctx, "cs", gen.PublishCodespaceOptions{}); return err },
	} {
		var de *DecodeError
		if err := call(); !errors.As(err, &de) || !strings.Contains(err.Error(), "the codespace has no name") {
			t.Errorf("%s: %v, want a *DecodeError for the missing name", name, err)
		}
	}
	c, _, _ = newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]any{"key_id": "", "key": "abc"})
	}))
	for name, call := range map[string]func() error{
		"GetOrgPublicKey":  func() error { _, err := c.GetOrgPublicKey(ctx, "o"); return err },
		"GetRepoPublicKey": func() error { _, err := c.GetRepoPublicKey(ctx, "o", "r"); return err },
		"SetRepoSecret": func() error {
			_, err := c.SetRepoSecret(ctx, "o", "r", "S", []byte("x"), SetRepoSecretOptions{})
			return err
		},
	} {
		var de *DecodeError
		if err := call(); !errors.As(err, &de) || !strings.Contains(err.Error(), "the key or its key_id is missing") {
			t.Errorf("%s: %v, want a *DecodeError for the missing key_id", name, err)
		}
	}
}

// TestBadInputIsRefusedWithoutARequest: an empty name would address another
// resource (or none), and some bodies cannot mean anything; each is a clear
// error before anything is sent.
func TestBadInputIsRefusedWithoutARequest(t *testing.T) {
	ctx := context.Background()
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("a request was sent: %s %s", r.Method, r.URL)
	}))
	items := func(pages any) func() error {
		return func() error {
			switch p := pages.(type) {
			case iter.Seq2[*gen.Codespace, error]:
				_, err := Collect(p)
				return err
			case iter.Seq2[*gen.CodespacesOrgSecret, error]:
				_, err := Collect(p)
				return err
			case iter.Seq2[*gen.RepoCodespacesSecret, error]:
				_, err := Collect(p)
				return err
			case iter.Seq2[*gen.MinimalRepository, error]:
				_, err := Collect(p)
				return err
			}
			return errors.New("unknown list type")
		}
	}
	tests := map[string]struct {
		call func() error
		want string
	}{
		"ListOrgCodespaces":     {items(c.ListOrgCodespaces(ctx, "", ListOptions{})), "the organization is empty"},
		"ListMemberCodespaces":  {items(c.ListMemberCodespaces(ctx, "o", "", ListOptions{})), "the username is empty"},
		"StopMemberCodespace":   {func() error { _, err := c.StopMemberCodespace(ctx, "o", "u", ""); return err }, "the codespace name is empty"},
		"DeleteMemberCodespace": {func() error { return c.DeleteMemberCodespace(ctx, "", "u", "cs") }, "the organization is empty"},
		"SetOrgCodespacesAccess": {func() error {
			return c.SetOrgCodespacesAccess(ctx, "", gen.SetOrgCodespacesAccessRequest{Visibility: "disabled"})
		}, "the organization is empty"},
		"SetOrgCodespacesAccess/vis":      {func() error { return c.SetOrgCodespacesAccess(ctx, "o", gen.SetOrgCodespacesAccessRequest{}) }, "the visibility is required"},
		"AddOrgCodespacesAccessUsers":     {func() error { return c.AddOrgCodespacesAccessUsers(ctx, "o", nil) }, "no usernames given"},
		"AddOrgCodespacesAccessUsers/org": {func() error { return c.AddOrgCodespacesAccessUsers(ctx, "", []string{"u"}) }, "the organization is empty"},
		"RemoveOrgCodespacesAccessUsers":  {func() error { return c.RemoveOrgCodespacesAccessUsers(ctx, "o", []string{"u", ""}) }, "the username is empty"},
		"GetOrgPublicKey":                 {func() error { _, err := c.GetOrgPublicKey(ctx, ""); return err }, "the organization is empty"},
		"SetOrgSecret": {func() error {
			_, err := c.SetOrgSecret(ctx, "o", "", []byte("x"), gen.OrgSecretVisibilityAll, SetOrgSecretOptions{})
			return err
		}, "the secret name is empty"},
		"SetOrgSecret/visibility": {func() error {
			_, err := c.SetOrgSecret(ctx, "o", "S", []byte("x"), "", SetOrgSecretOptions{})
			return err
		}, "the visibility is required: all, private or selected"},
		"SetOrgSecret/ids without selected": {func() error {
			_, err := c.SetOrgSecret(ctx, "o", "S", []byte("x"), gen.OrgSecretVisibilityPrivate, SetOrgSecretOptions{SelectedRepositoryIDs: []int64{}})
			return err
		}, "selected repositories go only with the visibility selected, not private"},
		"GetOrgSecret":              {func() error { _, err := c.GetOrgSecret(ctx, "", "S"); return err }, "the organization is empty"},
		"ListOrgSecrets":            {items(c.ListOrgSecrets(ctx, "", ListOptions{})), "the organization is empty"},
		"ListOrgSecrets/per page":   {items(c.ListOrgSecrets(ctx, "o", ListOptions{PerPage: 101})), "per page must be between 1 and 100"},
		"DeleteOrgSecret":           {func() error { return c.DeleteOrgSecret(ctx, "o", "") }, "the secret name is empty"},
		"ListOrgSecretRepositories": {items(c.ListOrgSecretRepositories(ctx, "o", "", ListOptions{})), "the secret name is empty"},
		"SetOrgSecretRepositories":  {func() error { return c.SetOrgSecretRepositories(ctx, "", "S", nil) }, "the organization is empty"},
		"AddOrgSecretRepository":    {func() error { return c.AddOrgSecretRepository(ctx, "o", "", 1) }, "the secret name is empty"},
		"RemoveOrgSecretRepository": {func() error { return c.RemoveOrgSecretRepository(ctx, "", "S", 1) }, "the organization is empty"},
		"GetRepoPublicKey":          {func() error { _, err := c.GetRepoPublicKey(ctx, "o", ""); return err }, "the repository name is empty"},
		"SetRepoSecret":             {func() error { _, err := c.SetRepoSecret(ctx, "", "r", "S", nil, SetRepoSecretOptions{}); return err }, "the owner is empty"},
		"SetRepoSecret/name":        {func() error { _, err := c.SetRepoSecret(ctx, "o", "r", "", nil, SetRepoSecretOptions{}); return err }, "the secret name is empty"},
		"GetRepoSecret":             {func() error { _, err := c.GetRepoSecret(ctx, "o", "r", ""); return err }, "the secret name is empty"},
		"ListRepoSecrets":           {items(c.ListRepoSecrets(ctx, "o", "", ListOptions{})), "the repository name is empty"},
		"ListRepoSecrets/page":      {items(c.ListRepoSecrets(ctx, "o", "r", ListOptions{Page: -1})), "the page to start at counts from 1"},
		"DeleteRepoSecret":          {func() error { return c.DeleteRepoSecret(ctx, "", "r", "S") }, "the owner is empty"},
		"PublishCodespace":          {func() error { _, err := c.PublishCodespace(ctx, "", gen.PublishCodespaceOptions{}); return err }, "the codespace name is empty"},
		"DevcontainerPermissionsAccepted": {func() error {
			_, err := c.DevcontainerPermissionsAccepted(ctx, "o", "r", "main", "")
			return err
		}, "the devcontainer path is empty"},
		"DevcontainerPermissionsAccepted/ref": {func() error {
			_, err := c.DevcontainerPermissionsAccepted(ctx, "o", "r", "", "p")
			return err
		}, "the ref is empty"},
		"CodespaceDefaults": {func() error { _, err := c.CodespaceDefaults(ctx, "", "r", CodespaceDefaultsOptions{}); return err }, "the owner is empty"},
	}
	for name, tt := range tests {
		err := tt.call()
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want an error saying %q", name, err, tt.want)
		}
	}
}

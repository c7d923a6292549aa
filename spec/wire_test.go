package spec_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/codespaces-go/codespaces/gen"
)

// The values the wire cases send. Names that need escaping prove that a
// path parameter stays one segment: a space is %20 and a slash is %2F, never
// a separator (a name with a slash must not reach another endpoint).
const (
	owner         = "octocat"
	repo          = "hello-world"
	pullNumber    = 1
	repositoryID  = int64(1296269)
	bigID         = int64(9007199254740993) // 2^53+1: survives as an integer, never through a float64
	codespaceName = "monalisa octocat/hello-world"
	codespaceSeg  = "monalisa%20octocat%2Fhello-world"
	secretName    = "GH TOKEN/2"
	secretSeg     = "GH%20TOKEN%2F2"
)

// fields maps each documented status of an operation to the typed field the
// generated response decodes it into, or to nil when the status has no body.
type fields map[int]any

// exchange performs one operation through the generated client.
type exchange struct {
	run func(context.Context, *gen.ClientWithResponses) (resp any, typed fields, err error)
	// statuses are the keys of the operation's fields.
	statuses []int
}

// call binds a generated client method to the fields of its response type.
func call[R any](send func(context.Context, *gen.ClientWithResponses) (*R, error), typed func(*R) fields) exchange {
	return exchange{
		statuses: slices.Sorted(maps.Keys(typed(new(R)))),
		run: func(ctx context.Context, c *gen.ClientWithResponses) (any, fields, error) {
			r, err := send(ctx, c)
			if err != nil {
				return nil, nil, err
			}
			return r, typed(r), nil
		},
	}
}

// wireCase is one way of calling an operation and the request it must put
// on the wire.
type wireCase struct {
	op      string // operationId
	variant string // tells apart the cases of one operation
	method  string
	path    string // escaped, as sent
	query   url.Values
	body    string // the JSON the request must carry, "" for none
	exchange
}

func (c wireCase) name() string {
	if c.variant == "" {
		return c.op
	}
	return c.op + "/" + c.variant
}

func ptr[T any](v T) *T { return &v }

// wireCases holds a case for every operation of the spec; TestWireTableMatchesSpec
// keeps it so.
var wireCases = []wireCase{
	{
		op: "codespaces/list-in-repository-for-authenticated-user", method: http.MethodGet,
		path:  "/repos/octocat/hello-world/codespaces",
		query: url.Values{"per_page": {"100"}, "page": {"2"}},
		exchange: call(func(ctx context.Context, c *gen.ClientWithResponses) (*gen.CodespacesListInRepositoryForAuthenticatedUserResponse, error) {
			return c.CodespacesListInRepositoryForAuthenticatedUserWithResponse(ctx, owner, repo,
				&gen.CodespacesListInRepositoryForAuthenticatedUserParams{PerPage: ptr(100), Page: ptr(2)})
		}, func(r *gen.CodespacesListInRepositoryForAuthenticatedUserResponse) fields {
			return fields{200: r.JSON200, 401: r.JSON401, 403: r.JSON403, 404: r.JSON404, 500: r.JSON500}
		}),
	},
	{
		op: "codespaces/create-with-repo-for-authenticated-user", method: http.MethodPost,
		path: "/repos/octocat/hello-world/codespaces",
		body: `{"ref":"main","machine":"standardLinux","idle_timeout_minutes":30}`,
		exchange: call(func(ctx context.Context, c *gen.ClientWithResponses) (*gen.CodespacesCreateWithRepoForAuthenticatedUserResponse, error) {
			return c.CodespacesCreateWithRepoForAuthenticatedUserWithResponse(ctx, owner, repo,
				gen.CreateCodespaceInRepositoryRequest{Ref: ptr("main"), Machine: ptr("standardLinux"), IdleTimeoutMinutes: ptr(30)})
		}, func(r *gen.CodespacesCreateWithRepoForAuthenticatedUserResponse) fields {
			return fields{201: r.JSON201, 202: r.JSON202, 400: r.JSON400, 401: r.JSON401, 403: r.JSON403, 404: r.JSON404, 503: r.JSON503}
		}),
	},
	{
		op: "codespaces/list-devcontainers-in-repository-for-authenticated-user", method: http.MethodGet,
		path:  "/repos/octocat/hello-world/codespaces/devcontainers",
		query: url.Values{"per_page": {"5"}},
		exchange: call(func(ctx context.Context, c *gen.ClientWithResponses) (*gen.CodespacesListDevcontainersInRepositoryForAuthenticatedUserResponse, error) {
			return c.CodespacesListDevcontainersInRepositoryForAuthenticatedUserWithResponse(ctx, owner, repo,
				&gen.CodespacesListDevcontainersInRepositoryForAuthenticatedUserParams{PerPage: ptr(5)})
		}, func(r *gen.CodespacesListDevcontainersInRepositoryForAuthenticatedUserResponse) fields {
			return fields{200: r.JSON200, 400: r.JSON400, 401: r.JSON401, 403: r.JSON403, 404: r.JSON404, 500: r.JSON500}
		}),
	},
	{
		op: "codespaces/repo-machines-for-authenticated-user", method: http.MethodGet,
		path:  "/repos/octocat/hello-world/codespaces/machines",
		query: url.Values{"location": {"West Us2&x=1"}}, // escaped so that it stays one value
		exchange: call(func(ctx context.Context, c *gen.ClientWithResponses) (*gen.CodespacesRepoMachinesForAuthenticatedUserResponse, error) {
			return c.CodespacesRepoMachinesForAuthenticatedUserWithResponse(ctx, owner, repo,
				&gen.CodespacesRepoMachinesForAuthenticatedUserParams{Location: "West Us2&x=1"})
		}, func(r *gen.CodespacesRepoMachinesForAuthenticatedUserResponse) fields {
			return fields{200: r.JSON200, 304: nil, 401: r.JSON401, 403: r.JSON403, 404: r.JSON404, 500: r.JSON500}
		}),
	},
	{
		op: "codespaces/create-with-pr-for-authenticated-user", method: http.MethodPost,
		path: "/repos/octocat/hello-world/pulls/1/codespaces",
		body: `{"machine":"standardLinux","location":"WestUs2"}`,
		exchange: call(func(ctx context.Context, c *gen.ClientWithResponses) (*gen.CodespacesCreateWithPrForAuthenticatedUserResponse, error) {
			return c.CodespacesCreateWithPrForAuthenticatedUserWithResponse(ctx, owner, repo, pullNumber,
				gen.CreateCodespaceFromPullRequestRequest{Machine: ptr("standardLinux"), Location: ptr("WestUs2")})
		}, func(r *gen.CodespacesCreateWithPrForAuthenticatedUserResponse) fields {
			return fields{201: r.JSON201, 202: r.JSON202, 401: r.JSON401, 403: r.JSON403, 404: r.JSON404}
		}),
	},
	{
		op: "codespaces/list-for-authenticated-user", method: http.MethodGet,
		path:  "/user/codespaces",
		query: url.Values{"per_page": {"30"}, "page": {"1"}, "repository_id": {"9007199254740993"}},
		exchange: call(func(ctx context.Context, c *gen.ClientWithResponses) (*gen.CodespacesListForAuthenticatedUserResponse, error) {
			return c.CodespacesListForAuthenticatedUserWithResponse(ctx,
				&gen.CodespacesListForAuthenticatedUserParams{PerPage: ptr(30), Page: ptr(1), RepositoryID: ptr(bigID)})
		}, func(r *gen.CodespacesListForAuthenticatedUserResponse) fields {
			return fields{200: r.JSON200, 304: nil, 401: r.JSON401, 403: r.JSON403, 404: r.JSON404, 500: r.JSON500}
		}),
	},
	// The oneOf body, once per branch: oapi-codegen v2.8.2 sends an inline
	// oneOf as {} (upstream #2498); these prove the components/schemas
	// workaround puts the real body on the wire.
	{
		op: "codespaces/create-for-authenticated-user", variant: "repository", method: http.MethodPost,
		path: "/user/codespaces",
		body: `{"repository_id":1296269,"ref":"main"}`,
		exchange: call(func(ctx context.Context, c *gen.ClientWithResponses) (*gen.CodespacesCreateForAuthenticatedUserResponse, error) {
			var body gen.CreateCodespaceRequest
			if err := body.FromCreateCodespaceForRepository(gen.CreateCodespaceForRepository{RepositoryID: repositoryID, Ref: ptr("main")}); err != nil {
				return nil, err
			}
			return c.CodespacesCreateForAuthenticatedUserWithResponse(ctx, body)
		}, createForUserFields),
	},
	{
		op: "codespaces/create-for-authenticated-user", variant: "pull-request", method: http.MethodPost,
		path: "/user/codespaces",
		body: `{"pull_request":{"pull_request_number":1,"repository_id":1296269}}`,
		exchange: call(func(ctx context.Context, c *gen.ClientWithResponses) (*gen.CodespacesCreateForAuthenticatedUserResponse, error) {
			var body gen.CreateCodespaceRequest
			err := body.FromCreateCodespaceForPullRequest(gen.CreateCodespaceForPullRequest{
				PullRequest: gen.PullRequestReference{PullRequestNumber: pullNumber, RepositoryID: repositoryID},
			})
			if err != nil {
				return nil, err
			}
			return c.CodespacesCreateForAuthenticatedUserWithResponse(ctx, body)
		}, createForUserFields),
	},
	{
		op: "codespaces/get-for-authenticated-user", method: http.MethodGet,
		path: "/user/codespaces/" + codespaceSeg,
		exchange: call(func(ctx context.Context, c *gen.ClientWithResponses) (*gen.CodespacesGetForAuthenticatedUserResponse, error) {
			return c.CodespacesGetForAuthenticatedUserWithResponse(ctx, codespaceName)
		}, func(r *gen.CodespacesGetForAuthenticatedUserResponse) fields {
			return fields{200: r.JSON200, 304: nil, 401: r.JSON401, 403: r.JSON403, 404: r.JSON404, 500: r.JSON500}
		}),
	},
	{
		op: "codespaces/update-for-authenticated-user", method: http.MethodPatch,
		path: "/user/codespaces/" + codespaceSeg,
		body: `{"machine":"premiumLinux","display_name":"bookish space pancake","recent_folders":["/workspaces/hello-world"]}`,
		exchange: call(func(ctx context.Context, c *gen.ClientWithResponses) (*gen.CodespacesUpdateForAuthenticatedUserResponse, error) {
			return c.CodespacesUpdateForAuthenticatedUserWithResponse(ctx, codespaceName, gen.UpdateCodespaceRequest{
				Machine: ptr("premiumLinux"), DisplayName: ptr("bookish space pancake"), RecentFolders: &[]string{"/workspaces/hello-world"},
			})
		}, func(r *gen.CodespacesUpdateForAuthenticatedUserResponse) fields {
			return fields{200: r.JSON200, 401: r.JSON401, 403: r.JSON403, 404: r.JSON404}
		}),
	},
	{
		op: "codespaces/delete-for-authenticated-user", method: http.MethodDelete,
		path: "/user/codespaces/" + codespaceSeg,
		exchange: call(func(ctx context.Context, c *gen.ClientWithResponses) (*gen.CodespacesDeleteForAuthenticatedUserResponse, error) {
			return c.CodespacesDeleteForAuthenticatedUserWithResponse(ctx, codespaceName)
		}, func(r *gen.CodespacesDeleteForAuthenticatedUserResponse) fields {
			return fields{202: nil, 304: nil, 401: r.JSON401, 403: r.JSON403, 404: r.JSON404, 500: r.JSON500}
		}),
	},
	{
		op: "codespaces/export-for-authenticated-user", method: http.MethodPost,
		path: "/user/codespaces/" + codespaceSeg + "/exports",
		exchange: call(func(ctx context.Context, c *gen.ClientWithResponses) (*gen.CodespacesExportForAuthenticatedUserResponse, error) {
			return c.CodespacesExportForAuthenticatedUserWithResponse(ctx, codespaceName)
		}, func(r *gen.CodespacesExportForAuthenticatedUserResponse) fields {
			return fields{202: r.JSON202, 401: r.JSON401, 403: r.JSON403, 404: r.JSON404, 422: r.JSON422, 500: r.JSON500}
		}),
	},
	{
		op: "codespaces/get-export-details-for-authenticated-user", method: http.MethodGet,
		path: "/user/codespaces/" + codespaceSeg + "/exports/latest",
		exchange: call(func(ctx context.Context, c *gen.ClientWithResponses) (*gen.CodespacesGetExportDetailsForAuthenticatedUserResponse, error) {
			return c.CodespacesGetExportDetailsForAuthenticatedUserWithResponse(ctx, codespaceName, "latest")
		}, func(r *gen.CodespacesGetExportDetailsForAuthenticatedUserResponse) fields {
			return fields{200: r.JSON200, 401: r.JSON401, 404: r.JSON404}
		}),
	},
	{
		op: "codespaces/codespace-machines-for-authenticated-user", method: http.MethodGet,
		path: "/user/codespaces/" + codespaceSeg + "/machines",
		exchange: call(func(ctx context.Context, c *gen.ClientWithResponses) (*gen.CodespacesCodespaceMachinesForAuthenticatedUserResponse, error) {
			return c.CodespacesCodespaceMachinesForAuthenticatedUserWithResponse(ctx, codespaceName)
		}, func(r *gen.CodespacesCodespaceMachinesForAuthenticatedUserResponse) fields {
			return fields{200: r.JSON200, 304: nil, 401: r.JSON401, 403: r.JSON403, 404: r.JSON404, 500: r.JSON500}
		}),
	},
	{
		op: "codespaces/start-for-authenticated-user", method: http.MethodPost,
		path: "/user/codespaces/" + codespaceSeg + "/start",
		exchange: call(func(ctx context.Context, c *gen.ClientWithResponses) (*gen.CodespacesStartForAuthenticatedUserResponse, error) {
			return c.CodespacesStartForAuthenticatedUserWithResponse(ctx, codespaceName)
		}, func(r *gen.CodespacesStartForAuthenticatedUserResponse) fields {
			return fields{200: r.JSON200, 304: nil, 400: r.JSON400, 401: r.JSON401, 402: r.JSON402, 403: r.JSON403,
				404: r.JSON404, 409: r.JSON409, 500: r.JSON500}
		}),
	},
	{
		op: "codespaces/stop-for-authenticated-user", method: http.MethodPost,
		path: "/user/codespaces/" + codespaceSeg + "/stop",
		exchange: call(func(ctx context.Context, c *gen.ClientWithResponses) (*gen.CodespacesStopForAuthenticatedUserResponse, error) {
			return c.CodespacesStopForAuthenticatedUserWithResponse(ctx, codespaceName)
		}, func(r *gen.CodespacesStopForAuthenticatedUserResponse) fields {
			return fields{200: r.JSON200, 401: r.JSON401, 403: r.JSON403, 404: r.JSON404, 500: r.JSON500}
		}),
	},
	{
		// No params at all: nothing may be added to the query.
		op: "codespaces/list-secrets-for-authenticated-user", method: http.MethodGet,
		path: "/user/codespaces/secrets",
		exchange: call(func(ctx context.Context, c *gen.ClientWithResponses) (*gen.CodespacesListSecretsForAuthenticatedUserResponse, error) {
			return c.CodespacesListSecretsForAuthenticatedUserWithResponse(ctx, nil)
		}, func(r *gen.CodespacesListSecretsForAuthenticatedUserResponse) fields {
			return fields{200: r.JSON200, 401: r.JSON401}
		}),
	},
	{
		op: "codespaces/get-public-key-for-authenticated-user", method: http.MethodGet,
		path: "/user/codespaces/secrets/public-key",
		exchange: call(func(ctx context.Context, c *gen.ClientWithResponses) (*gen.CodespacesGetPublicKeyForAuthenticatedUserResponse, error) {
			return c.CodespacesGetPublicKeyForAuthenticatedUserWithResponse(ctx)
		}, func(r *gen.CodespacesGetPublicKeyForAuthenticatedUserResponse) fields {
			return fields{200: r.JSON200, 401: r.JSON401}
		}),
	},
	{
		op: "codespaces/get-secret-for-authenticated-user", method: http.MethodGet,
		path: "/user/codespaces/secrets/" + secretSeg,
		exchange: call(func(ctx context.Context, c *gen.ClientWithResponses) (*gen.CodespacesGetSecretForAuthenticatedUserResponse, error) {
			return c.CodespacesGetSecretForAuthenticatedUserWithResponse(ctx, secretName)
		}, func(r *gen.CodespacesGetSecretForAuthenticatedUserResponse) fields {
			return fields{200: r.JSON200, 401: r.JSON401, 404: r.JSON404}
		}),
	},
	{
		op: "codespaces/create-or-update-secret-for-authenticated-user", method: http.MethodPut,
		path: "/user/codespaces/secrets/" + secretSeg,
		body: `{"encrypted_value":"c2VjcmV0","key_id":"012345678912345678","selected_repository_ids":[1296269,9007199254740993]}`,
		exchange: call(func(ctx context.Context, c *gen.ClientWithResponses) (*gen.CodespacesCreateOrUpdateSecretForAuthenticatedUserResponse, error) {
			return c.CodespacesCreateOrUpdateSecretForAuthenticatedUserWithResponse(ctx, secretName, gen.CreateOrUpdateSecretRequest{
				EncryptedValue: "c2VjcmV0", KeyID: "012345678912345678", SelectedRepositoryIds: &[]int64{repositoryID, bigID},
			})
		}, func(r *gen.CodespacesCreateOrUpdateSecretForAuthenticatedUserResponse) fields {
			return fields{201: nil, 204: nil, 401: r.JSON401, 404: r.JSON404, 422: r.JSON422}
		}),
	},
	{
		op: "codespaces/delete-secret-for-authenticated-user", method: http.MethodDelete,
		path: "/user/codespaces/secrets/" + secretSeg,
		exchange: call(func(ctx context.Context, c *gen.ClientWithResponses) (*gen.CodespacesDeleteSecretForAuthenticatedUserResponse, error) {
			return c.CodespacesDeleteSecretForAuthenticatedUserWithResponse(ctx, secretName)
		}, func(r *gen.CodespacesDeleteSecretForAuthenticatedUserResponse) fields {
			return fields{204: nil, 401: r.JSON401, 404: r.JSON404}
		}),
	},
	{
		op: "codespaces/list-repositories-for-secret-for-authenticated-user", method: http.MethodGet,
		path: "/user/codespaces/secrets/" + secretSeg + "/repositories",
		exchange: call(func(ctx context.Context, c *gen.ClientWithResponses) (*gen.CodespacesListRepositoriesForSecretForAuthenticatedUserResponse, error) {
			return c.CodespacesListRepositoriesForSecretForAuthenticatedUserWithResponse(ctx, secretName)
		}, func(r *gen.CodespacesListRepositoriesForSecretForAuthenticatedUserResponse) fields {
			return fields{200: r.JSON200, 401: r.JSON401, 403: r.JSON403, 404: r.JSON404, 500: r.JSON500}
		}),
	},
	{
		op: "codespaces/set-repositories-for-secret-for-authenticated-user", method: http.MethodPut,
		path: "/user/codespaces/secrets/" + secretSeg + "/repositories",
		body: `{"selected_repository_ids":[1296269,9007199254740993]}`,
		exchange: call(func(ctx context.Context, c *gen.ClientWithResponses) (*gen.CodespacesSetRepositoriesForSecretForAuthenticatedUserResponse, error) {
			return c.CodespacesSetRepositoriesForSecretForAuthenticatedUserWithResponse(ctx, secretName,
				gen.SetSelectedRepositoriesRequest{SelectedRepositoryIds: []int64{repositoryID, bigID}})
		}, func(r *gen.CodespacesSetRepositoriesForSecretForAuthenticatedUserResponse) fields {
			return fields{204: nil, 401: r.JSON401, 403: r.JSON403, 404: r.JSON404, 500: r.JSON500}
		}),
	},
	{
		op: "codespaces/add-repository-for-secret-for-authenticated-user", method: http.MethodPut,
		path: "/user/codespaces/secrets/" + secretSeg + "/repositories/9007199254740993",
		exchange: call(func(ctx context.Context, c *gen.ClientWithResponses) (*gen.CodespacesAddRepositoryForSecretForAuthenticatedUserResponse, error) {
			return c.CodespacesAddRepositoryForSecretForAuthenticatedUserWithResponse(ctx, secretName, bigID)
		}, func(r *gen.CodespacesAddRepositoryForSecretForAuthenticatedUserResponse) fields {
			return fields{204: nil, 401: r.JSON401, 403: r.JSON403, 404: r.JSON404, 500: r.JSON500}
		}),
	},
	{
		op: "codespaces/remove-repository-for-secret-for-authenticated-user", method: http.MethodDelete,
		path: "/user/codespaces/secrets/" + secretSeg + "/repositories/9007199254740993",
		exchange: call(func(ctx context.Context, c *gen.ClientWithResponses) (*gen.CodespacesRemoveRepositoryForSecretForAuthenticatedUserResponse, error) {
			return c.CodespacesRemoveRepositoryForSecretForAuthenticatedUserWithResponse(ctx, secretName, bigID)
		}, func(r *gen.CodespacesRemoveRepositoryForSecretForAuthenticatedUserResponse) fields {
			return fields{204: nil, 401: r.JSON401, 403: r.JSON403, 404: r.JSON404, 500: r.JSON500}
		}),
	},
}

func createForUserFields(r *gen.CodespacesCreateForAuthenticatedUserResponse) fields {
	return fields{201: r.JSON201, 202: r.JSON202, 401: r.JSON401, 403: r.JSON403, 404: r.JSON404}
}

// operationsByID returns the operations of the spec by operationId.
func operationsByID(t *testing.T) map[string]specOperation {
	t.Helper()
	ops := map[string]specOperation{}
	for _, o := range operations(loadDoc(t)) {
		ops[o.id] = o
	}
	return ops
}

func TestWireTableMatchesSpec(t *testing.T) {
	ops := operationsByID(t)
	covered := map[string]bool{}
	for _, c := range wireCases {
		o, ok := ops[c.op]
		if !ok {
			t.Errorf("wire case %s: no such operation in the spec", c.name())
			continue
		}
		covered[c.op] = true
		if c.method != o.method {
			t.Errorf("wire case %s: method %s, the spec says %s", c.name(), c.method, o.method)
		}
		if !pathTemplate(o.path).MatchString(c.path) {
			t.Errorf("wire case %s: path %s does not fit the spec's %s", c.name(), c.path, o.path)
		}
		var want []int
		for _, s := range o.statuses() {
			code, err := strconv.Atoi(s)
			if err != nil {
				t.Fatalf("%s documents response %q; the wire test knows only numeric statuses", c.op, s)
			}
			want = append(want, code)
		}
		if !slices.Equal(c.statuses, want) {
			t.Errorf("wire case %s covers statuses %v, the spec documents %v", c.name(), c.statuses, want)
		}
	}
	for id := range ops {
		if !covered[id] {
			t.Errorf("operation %s is in the spec but has no wire case", id)
		}
	}
}

// pathTemplate turns /a/{b}/c into a pattern matching one escaped segment
// where each parameter is.
func pathTemplate(template string) *regexp.Regexp {
	pattern := regexp.MustCompile(`\\\{[^/]+\\\}`).ReplaceAllString(regexp.QuoteMeta(template), `[^/]+`)
	return regexp.MustCompile("^" + pattern + "$")
}

// TestWire drives every documented (operation, status) of the spec through
// the generated client against a recording server.
func TestWire(t *testing.T) {
	doc := loadDoc(t)
	byOp := map[string][]wireCase{}
	for _, c := range wireCases {
		byOp[c.op] = append(byOp[c.op], c)
	}
	var pairs int
	for _, o := range operations(doc) {
		cases := byOp[o.id]
		if len(cases) == 0 {
			t.Errorf("operation %s has no wire case", o.id)
			continue
		}
		for _, c := range cases {
			for _, status := range o.statuses() {
				code, err := strconv.Atoi(status)
				if err != nil {
					t.Fatalf("%s documents response %q; the wire test knows only numeric statuses", o.id, status)
				}
				pairs++
				t.Run(c.name()+"/"+status, func(t *testing.T) {
					t.Parallel()
					checkExchange(t, doc, o, c, code)
				})
			}
		}
	}
	t.Logf("%d operations, %d wire cases, %d (case, status) exchanges", len(byOp), len(wireCases), pairs)
}

// recorded is a request as the server saw it.
type recorded struct {
	method, path, rawQuery, contentType string
	body                                []byte
}

// reply is what the server answers with.
type reply struct {
	status int
	header http.Header
	body   []byte
}

// serve starts a server that answers every request with rep and hands each
// request it saw to the returned channel.
func serve(t *testing.T, rep reply) (*httptest.Server, <-chan recorded) {
	t.Helper()
	seen := make(chan recorded, 4)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			t.Errorf("server: reading the request body: %v", err)
		}
		path, query, _ := strings.Cut(r.RequestURI, "?")
		seen <- recorded{r.Method, path, query, r.Header.Get("Content-Type"), body}
		maps.Copy(w.Header(), rep.header)
		w.WriteHeader(rep.status)
		_, _ = w.Write(rep.body)
	}))
	t.Cleanup(srv.Close)
	return srv, seen
}

// checkExchange calls c against a server answering status as the spec
// documents it, then checks the request and the typed response.
func checkExchange(t *testing.T, doc *openapi3.T, o specOperation, c wireCase, status int) {
	ref := o.op.Responses.Status(status)
	if ref == nil {
		t.Fatalf("%s documents no %d", o.id, status)
	}
	specResp := ref.Value
	rep := reply{status: status, header: http.Header{}}
	mt := specResp.Content.Get("application/json")
	switch {
	case mt != nil:
		rep.body = responseBody(t, doc, mt, status)
		rep.header.Set("Content-Type", "application/json; charset=utf-8")
	case len(specResp.Content) > 0:
		t.Fatalf("%s %d documents only non-JSON content; the wire test knows JSON only", o.id, status)
	}
	if h := specResp.Headers["Link"]; h != nil {
		link, ok := h.Value.Example.(string)
		if !ok {
			link = `<https://api.github.com/user/codespaces?page=2>; rel="next"`
		}
		rep.header.Set("Link", link)
	}

	srv, seen := serve(t, rep)
	client, err := gen.NewClientWithResponses(srv.URL, gen.WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatalf("NewClientWithResponses: %v", err)
	}
	resp, typed, err := c.run(t.Context(), client)
	if err != nil {
		t.Fatalf("the call failed: %v", err)
	}
	checkRequest(t, o, c, seen)

	if got := resp.(interface{ StatusCode() int }).StatusCode(); got != status {
		t.Errorf("StatusCode() = %d, want %d", got, status)
	}
	for other, field := range typed {
		if other != status && !isNil(field) {
			t.Errorf("a %d answer filled the field for %d (%T)", status, other, field)
		}
	}
	field, listed := typed[status]
	switch {
	case !listed:
		t.Fatalf("the case lists no field for status %d", status)
	case mt == nil && field != nil:
		t.Errorf("the spec documents no body for %d, but the case names a typed field (%T)", status, field)
	case mt != nil && field == nil:
		t.Errorf("the spec documents a body for %d, but the case names no typed field", status)
	case mt != nil && isNil(field):
		t.Errorf("a %d answer left its typed field (%T) nil; body %s", status, field, rep.body)
	case mt != nil:
		checkTyped(t, field, status)
		checkRoundTrip(t, field, rep.body, mt.Schema.Value)
	}
	if link := rep.header.Get("Link"); link != "" {
		got := headerField(t, resp, status, "Link")
		if got == nil || *got != link {
			t.Errorf("Headers%d.Link = %v, want %q", status, derefOr(got, "nil"), link)
		}
	}
}

// checkRequest asserts that exactly one request reached the server and that
// it is the one the case expects.
func checkRequest(t *testing.T, o specOperation, c wireCase, seen <-chan recorded) {
	t.Helper()
	if len(seen) != 1 {
		t.Fatalf("the server saw %d requests, want 1", len(seen))
	}
	got := <-seen
	if got.method != c.method {
		t.Errorf("method = %s, want %s", got.method, c.method)
	}
	if got.path != c.path {
		t.Errorf("path = %s, want %s", got.path, c.path)
	}
	query, err := url.ParseQuery(got.rawQuery)
	if err != nil {
		t.Errorf("query %q does not parse: %v", got.rawQuery, err)
	}
	if len(query) != 0 || len(c.query) != 0 {
		if !reflect.DeepEqual(query, c.query) {
			t.Errorf("query = %v (raw %q), want %v", query, got.rawQuery, c.query)
		}
	}
	for name := range query {
		if o.param("query", name) == nil {
			t.Errorf("query parameter %s is not in the spec", name)
		}
	}

	if c.body == "" {
		if len(got.body) != 0 || got.contentType != "" {
			t.Errorf("sent body %q with Content-Type %q, want none", got.body, got.contentType)
		}
		if rb := o.op.RequestBody; rb != nil && rb.Value.Required {
			t.Errorf("the spec requires a request body, but the case expects none")
		}
		return
	}
	if got.contentType != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", got.contentType)
	}
	if gotJSON, wantJSON := decodeJSON(t, "sent body", got.body), decodeJSON(t, "wanted body", []byte(c.body)); !reflect.DeepEqual(gotJSON, wantJSON) {
		t.Errorf("sent body %s, want %s", got.body, c.body)
	}
	if o.op.RequestBody == nil {
		t.Fatalf("the case sends a body, but the spec documents none")
	}
	schema := o.op.RequestBody.Value.Content.Get("application/json").Schema.Value
	if err := schema.VisitJSON(decodeJSON(t, "sent body", got.body), openapi3.VisitAsRequest()); err != nil {
		t.Errorf("the sent body does not fit the spec's request schema: %v", err)
	}
}

// decodeJSON decodes b keeping numbers as written, so that 1296269 and
// 1.296269e+06 differ.
func decodeJSON(t *testing.T, what string, b []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("%s is not JSON: %v: %s", what, err, b)
	}
	return v
}

func isNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

func derefOr(s *string, or string) string {
	if s == nil {
		return or
	}
	return strconv.Quote(*s)
}

// headerField returns the generated HeadersNNN.Name of resp, failing when the
// response type has no such field.
func headerField(t *testing.T, resp any, status int, name string) *string {
	t.Helper()
	rv := reflect.ValueOf(resp).Elem()
	headers := rv.FieldByName(fmt.Sprintf("Headers%d", status))
	if !headers.IsValid() {
		t.Fatalf("%T has no Headers%d field for the documented %s header", resp, status, name)
	}
	if headers.IsNil() {
		return nil
	}
	f := headers.Elem().FieldByName(name)
	if !f.IsValid() {
		t.Fatalf("%T.Headers%d has no %s field", resp, status, name)
	}
	s, _ := f.Interface().(*string)
	return s
}

// responseBody is the body the server answers status with: the spec's own
// example when it has one, else a fixture for the schema. Either way it must
// fit the schema.
func responseBody(t *testing.T, doc *openapi3.T, mt *openapi3.MediaType, status int) []byte {
	t.Helper()
	var value any
	switch {
	case len(mt.Examples) > 0:
		name := "default"
		if mt.Examples[name] == nil {
			name = slices.Sorted(maps.Keys(mt.Examples))[0]
		}
		value = mt.Examples[name].Value.Value
	case mt.Example != nil:
		value = mt.Example
	default:
		schema := strings.TrimPrefix(mt.Schema.Ref, "#/components/schemas/")
		fixture, ok := fixtures[schema]
		if !ok {
			t.Fatalf("no example in the spec and no fixture for schema %q (%s): add one", schema, mt.Schema.Ref)
		}
		value = fixture(doc, status)
	}
	body, err := json.Marshal(value)
	if err != nil {
		t.Fatalf("encoding the answer: %v", err)
	}
	if err := mt.Schema.Value.VisitJSON(decodeJSON(t, "answer", body), openapi3.VisitAsResponse()); err != nil {
		t.Fatalf("the answer for %d does not fit the spec's schema: %v\n%s", status, err, body)
	}
	return body
}

// fixtures are answers for schemas whose responses carry no example. Error
// messages name the status so that a body decoded into the wrong status's
// field shows.
var fixtures = map[string]func(doc *openapi3.T, status int) any{
	"basic-error": func(_ *openapi3.T, status int) any {
		return map[string]any{"message": errorMessage(status), "documentation_url": "https://docs.github.com/rest"}
	},
	"validation-error": func(_ *openapi3.T, status int) any {
		return map[string]any{
			"message": errorMessage(status), "documentation_url": "https://docs.github.com/rest",
			"errors": []any{map[string]any{"resource": "Codespace", "field": "name", "code": "invalid", "value": 7}},
		}
	},
	"service-unavailable-error": func(_ *openapi3.T, status int) any {
		return map[string]any{"code": "service_unavailable", "message": errorMessage(status), "documentation_url": "https://docs.github.com/rest"}
	},
}

func errorMessage(status int) string { return fmt.Sprintf("%d %s", status, http.StatusText(status)) }

// The values of the spec's examples that the typed checks look for.
const (
	exampleCodespaceName = "monalisa-octocat-hello-world-g4wpq6h95q"
	storageInBytes       = int64(68719476736)
	standardMemory       = int64(8589934592)
	premiumMemory        = int64(17179869184)
)

// checkTyped asserts values of the typed field that the generic round trip
// cannot: Go types (int64, enums) and the exact numbers of the examples.
func checkTyped(t *testing.T, field any, status int) {
	t.Helper()
	switch v := field.(type) {
	case *gen.Codespace:
		checkCodespace(t, v)
	case *gen.CodespaceList:
		if v.TotalCount != 2 || len(v.Codespaces) != 2 {
			t.Fatalf("total_count %d with %d codespaces, want 2 and 2", v.TotalCount, len(v.Codespaces))
		}
		// The spec's list example: the codespace example, then a stopped
		// codespace with no pull request.
		checkCodespace(t, &v.Codespaces[0])
		if cs := v.Codespaces[1]; cs.ID != 2 || cs.State != gen.CodespaceStateShutdown || cs.PullsURL != nil {
			t.Errorf("second codespace = id %d state %s pulls_url %v, want 2, Shutdown and null", cs.ID, cs.State, cs.PullsURL)
		}
	case *gen.CodespaceMachineList:
		if v.TotalCount != 2 || len(v.Machines) != 2 {
			t.Fatalf("total_count %d with %d machines, want 2 and 2", v.TotalCount, len(v.Machines))
		}
		checkMachine(t, v.Machines[0], "standardLinux", standardMemory)
		checkMachine(t, v.Machines[1], "premiumLinux", premiumMemory)
	case *gen.DevcontainerList:
		if v.TotalCount != 3 || len(v.Devcontainers) != 3 {
			t.Fatalf("total_count %d with %d devcontainers, want 3 and 3", v.TotalCount, len(v.Devcontainers))
		}
		if v.Devcontainers[2].Path != ".devcontainer.json" || v.Devcontainers[2].Name != nil {
			t.Errorf("third devcontainer = %+v, want path .devcontainer.json and no name", v.Devcontainers[2])
		}
	case *gen.CodespaceExportDetails:
		if v.State == nil || *v.State != gen.CodespaceExportStateSucceeded || v.ID == nil || *v.ID != "latest" {
			t.Errorf("export = state %v id %s, want succeeded and latest", v.State, derefOr(v.ID, "nil"))
		}
	case *gen.CodespacesSecret:
		if v.Name != "CODESPACE_GH_SECRET" || v.Visibility != gen.CodespacesSecretVisibilitySelected {
			t.Errorf("secret = %s %s, want CODESPACE_GH_SECRET selected", v.Name, v.Visibility)
		}
	case *gen.CodespacesSecretList:
		if v.TotalCount != 2 || len(v.Secrets) != 2 || v.Secrets[0].Visibility != gen.CodespacesSecretVisibilityAll {
			t.Errorf("secrets = %+v, want 2 with the first visible to all", v)
		}
	case *gen.CodespacesUserPublicKey:
		if v.KeyID != "012345678912345678" || len(v.Key) != 44 {
			t.Errorf("public key = %+v, want key_id 012345678912345678 and a 44-character key", v)
		}
	case *gen.RepositoryList:
		if v.TotalCount != 1 || len(v.Repositories) != 1 {
			t.Fatalf("total_count %d with %d repositories, want 1 and 1", v.TotalCount, len(v.Repositories))
		}
		if r := v.Repositories[0]; r.ID != repositoryID || r.Owner.ID != 1 || r.FullName != "octocat/Hello-World" {
			t.Errorf("repository = %d %d %s, want 1296269, owner 1, octocat/Hello-World", r.ID, r.Owner.ID, r.FullName)
		}
	case *gen.BasicError:
		// The exact text is the round trip's business; this proves the
		// status's own field got an error body.
		if v.Message == nil || *v.Message == "" || derefOr(v.DocumentationURL, "") != `"https://docs.github.com/rest"` {
			t.Errorf("error = message %s documentation_url %s, want a message and the docs URL", derefOr(v.Message, "nil"), derefOr(v.DocumentationURL, "nil"))
		}
	case *gen.ValidationError:
		if v.Message != errorMessage(status) || v.Errors == nil || len(*v.Errors) != 1 || (*v.Errors)[0].Code != "invalid" {
			t.Errorf("validation error = %+v, want the fixture's message and one invalid field", v)
		}
	case *gen.ServiceUnavailableError:
		if derefOr(v.Code, "") != `"service_unavailable"` || derefOr(v.Message, "") != strconv.Quote(errorMessage(status)) {
			t.Errorf("service unavailable = %+v, want the fixture's code and message", v)
		}
	default:
		t.Errorf("no typed check for %T: add one to checkTyped", field)
	}
}

func checkCodespace(t *testing.T, cs *gen.Codespace) {
	t.Helper()
	if cs.ID != 1 || cs.Name != exampleCodespaceName {
		t.Errorf("codespace = id %d name %s, want 1 and %s", cs.ID, cs.Name, exampleCodespaceName)
	}
	if cs.State != gen.CodespaceStateAvailable || cs.Location != gen.CodespaceLocationWestUs2 {
		t.Errorf("codespace state %s location %s, want Available and WestUs2", cs.State, cs.Location)
	}
	if cs.Repository.ID != repositoryID || cs.Owner.ID != 1 || cs.BillableOwner.ID != 1 {
		t.Errorf("codespace repository %d owner %d billable owner %d, want 1296269, 1, 1", cs.Repository.ID, cs.Owner.ID, cs.BillableOwner.ID)
	}
	if cs.Machine == nil {
		t.Fatal("codespace machine is nil")
	}
	checkMachine(t, *cs.Machine, "standardLinux", standardMemory)
}

func checkMachine(t *testing.T, m gen.CodespaceMachine, name string, memory int64) {
	t.Helper()
	if m.Name != name || m.StorageInBytes != storageInBytes || m.MemoryInBytes != memory {
		t.Errorf("machine = %s storage %d memory %d, want %s %d %d", m.Name, m.StorageInBytes, m.MemoryInBytes, name, storageInBytes, memory)
	}
}

// checkRoundTrip asserts that the typed field holds everything that was sent:
// encoded again, it must give the sent JSON back, nulls aside (absent and null
// are the same to the models) and members the schema does not declare aside
// (the models drop those by design; TestExamplesUseDeclaredProperties reports
// them).
func checkRoundTrip(t *testing.T, field any, sent []byte, schema *openapi3.Schema) {
	t.Helper()
	again, err := json.Marshal(field)
	if err != nil {
		t.Fatalf("encoding the typed field again: %v", err)
	}
	var undeclared []string
	want := dropNulls(pruneToSchema("$", decodeJSON(t, "answer", sent), schema, &undeclared))
	got := dropNulls(decodeJSON(t, "typed field encoded again", again))
	for _, d := range jsonDiff("$", got, want) {
		t.Errorf("the typed field lost or changed a value: %s", d)
	}
}

func dropNulls(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range v {
			if e != nil {
				out[k] = dropNulls(e)
			}
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = dropNulls(e)
		}
		return out
	default:
		return v
	}
}

// jsonDiff lists where got and want differ, by JSON path.
func jsonDiff(at string, got, want any) []string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: got %v, want an object", at, got)}
		}
		var diffs []string
		for _, k := range slices.Sorted(maps.Keys(w)) {
			if _, ok := g[k]; !ok {
				diffs = append(diffs, fmt.Sprintf("%s.%s: missing, want %v", at, k, w[k]))
				continue
			}
			diffs = append(diffs, jsonDiff(at+"."+k, g[k], w[k])...)
		}
		for _, k := range slices.Sorted(maps.Keys(g)) {
			if _, ok := w[k]; !ok {
				diffs = append(diffs, fmt.Sprintf("%s.%s: got %v, not sent", at, k, g[k]))
			}
		}
		return diffs
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return []string{fmt.Sprintf("%s: got %v, want %v", at, got, want)}
		}
		var diffs []string
		for i := range w {
			diffs = append(diffs, jsonDiff(fmt.Sprintf("%s[%d]", at, i), g[i], w[i])...)
		}
		return diffs
	default:
		if !reflect.DeepEqual(got, want) {
			return []string{fmt.Sprintf("%s: got %v, want %v", at, got, want)}
		}
		return nil
	}
}

// TestRequiredNullableFieldsDecode proves that each field the spec marks
// required and nullable decodes when null and when absent, and keeps its
// value when present. GitHub sends both forms.
func TestRequiredNullableFieldsDecode(t *testing.T) {
	doc := loadDoc(t)
	schema := doc.Components.Schemas["codespace"].Value
	var fromSpec []string
	for _, name := range schema.Required {
		if schema.Properties[name].Value.Nullable {
			fromSpec = append(fromSpec, name)
		}
	}
	slices.Sort(fromSpec)
	want := []string{"environment_id", "idle_timeout_minutes", "machine", "prebuild", "pulls_url"}
	if !slices.Equal(fromSpec, want) {
		t.Errorf("the spec's required nullable codespace fields are %v, the test covers %v", fromSpec, want)
	}

	example := doc.Components.Examples["codespace"].Value.Value.(map[string]any)
	for _, name := range fromSpec {
		for _, form := range []string{"null", "absent", "present"} {
			t.Run(name+"/"+form, func(t *testing.T) {
				doc := maps.Clone(example)
				switch form {
				case "null":
					doc[name] = nil
				case "absent":
					delete(doc, name)
				}
				if doc[name] == nil && form == "present" {
					t.Fatalf("the codespace example has no value for %s", name)
				}
				var cs gen.Codespace
				if err := unmarshal(doc, &cs); err != nil {
					t.Fatalf("decoding a codespace with %s %s: %v", name, form, err)
				}
				if got := fieldByJSONName(t, &cs, name); got.IsNil() != (form != "present") {
					t.Errorf("%s %s decoded to %v", name, form, got)
				}
				if cs.ID != 1 || cs.State != gen.CodespaceStateAvailable {
					t.Errorf("the rest of the codespace was lost: id %d state %s", cs.ID, cs.State)
				}
			})
		}
	}
}

func unmarshal(v any, into any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, into)
}

// fieldByJSONName returns the field of *ptr whose json tag names name; it
// must be a pointer so that null has a Go value.
func fieldByJSONName(t *testing.T, ptr any, name string) reflect.Value {
	t.Helper()
	rv := reflect.ValueOf(ptr).Elem()
	for i := range rv.NumField() {
		tag, _, _ := strings.Cut(rv.Type().Field(i).Tag.Get("json"), ",")
		if tag == name {
			if rv.Field(i).Kind() != reflect.Pointer {
				t.Fatalf("%s.%s is a %s, want a pointer", rv.Type(), rv.Type().Field(i).Name, rv.Field(i).Type())
			}
			return rv.Field(i)
		}
	}
	t.Fatalf("%s has no field for %s", rv.Type(), name)
	return reflect.Value{}
}

// TestUnknownEnumValuesDecode proves that values GitHub may add later decode
// without error and are told apart from the known ones by Valid.
func TestUnknownEnumValuesDecode(t *testing.T) {
	doc := loadDoc(t)
	for _, v := range doc.Components.Schemas["codespace-state"].Value.Enum {
		if !gen.CodespaceState(fmt.Sprint(v)).Valid() {
			t.Errorf("the spec's state %v is not Valid() in gen", v)
		}
	}
	for _, v := range doc.Components.Schemas["codespace-export-state"].Value.Enum {
		if v != nil && !gen.CodespaceExportState(fmt.Sprint(v)).Valid() {
			t.Errorf("the spec's export state %v is not Valid() in gen", v)
		}
	}

	cs := maps.Clone(doc.Components.Examples["codespace"].Value.Value.(map[string]any))
	cs["state"] = "Hibernating"
	cs["location"] = "CentralIndia"
	var got gen.Codespace
	if err := unmarshal(cs, &got); err != nil {
		t.Fatalf("decoding a codespace in an unknown state: %v", err)
	}
	if got.State != "Hibernating" || got.State.Valid() {
		t.Errorf("state = %q, Valid() = %v; want Hibernating, false", got.State, got.State.Valid())
	}
	if got.Location != "CentralIndia" || got.Location.Valid() {
		t.Errorf("location = %q, Valid() = %v; want CentralIndia, false", got.Location, got.Location.Valid())
	}

	for body, want := range map[string]*gen.CodespaceExportState{
		`{"state":"cancelled","id":"latest"}`: ptr(gen.CodespaceExportState("cancelled")),
		`{"state":null,"id":"latest"}`:        nil,
	} {
		var export gen.CodespaceExportDetails
		if err := json.Unmarshal([]byte(body), &export); err != nil {
			t.Errorf("decoding %s: %v", body, err)
			continue
		}
		if !reflect.DeepEqual(export.State, want) || (want != nil && export.State.Valid()) {
			t.Errorf("%s decoded to state %v, want %v and not Valid()", body, export.State, want)
		}
	}
}

package validate

import (
	"maps"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// GitHub as it answers, where it departs from its own description (issue 17).

// GitHub's Links on repository and organization lists lead to id-based
// paths, e.g. https://api.github.com/repositories/670312779/codespaces/secrets?per_page=1&page=2:
// they reach the named operations.
func TestGitHubsIDBasedPathsReachTheNamedOperations(t *testing.T) {
	v := testValidator(t)
	for _, tc := range []struct {
		method, path string
		op, alias    string
		params       map[string]string
	}{
		{"GET", "/repositories/670312779/codespaces/secrets", "codespaces/list-repo-secrets", "/repositories/{repository_id}",
			map[string]string{"repository_id": "670312779"}},
		{"GET", "/organizations/64329988/codespaces/secrets", "codespaces/list-org-secrets", "/organizations/{org_id}",
			map[string]string{"org_id": "64329988"}},
		{"PUT", "/organizations/64329988/codespaces/secrets/GH%20TOKEN/repositories/1300211", "codespaces/add-selected-repo-to-org-secret", "/organizations/{org_id}",
			map[string]string{"org_id": "64329988", "secret_name": "GH TOKEN", "repository_id": "1300211"}},
		{"GET", "/organizations/6811672/members/octocat/codespaces", "codespaces/get-codespaces-for-user-in-org", "/organizations/{org_id}",
			map[string]string{"org_id": "6811672", "username": "octocat"}},
		{"POST", "/repositories/1296269/pulls/1/codespaces", "codespaces/create-with-pr-for-authenticated-user", "/repositories/{repository_id}",
			map[string]string{"repository_id": "1296269", "pull_number": "1"}},
		{"GET", "/repos/octocat/hello-world/codespaces/secrets", "codespaces/list-repo-secrets", "",
			map[string]string{"owner": "octocat", "repo": "hello-world"}},
	} {
		op, err := v.Find(tc.method, &url.URL{Path: mustUnescape(t, tc.path), RawPath: tc.path})
		if err != nil {
			t.Errorf("%s %s: %v", tc.method, tc.path, err)
			continue
		}
		if op.ID != tc.op || op.Alias != tc.alias || !maps.Equal(op.PathParams, tc.params) {
			t.Errorf("%s %s = %s via %q %v; want %s via %q %v", tc.method, tc.path, op.ID, op.Alias, op.PathParams, tc.op, tc.alias, tc.params)
		}
	}
}

func TestAnIDBasedPathWithoutAnIDNamesNothing(t *testing.T) {
	v := testValidator(t)
	for _, path := range []string{
		"/repositories/octocat/codespaces/secrets",
		"/repositories/0/codespaces/secrets",
		"/repositories/-1/codespaces/secrets",
		"/repositories/99999999999999999999/codespaces/secrets", // past 64 bits
		"/repositories/1",                                       // the repository itself: no operation of the spec
		"/repositories/1/orgs/x/codespaces",                     // the rest must follow the named prefix
		"/organizations/1/repos/o/r/codespaces",                 // idem
		"/organizations/1/codespaces/secrets/x/y/z",             // no such operation
		"/user/1/codespaces",
	} {
		if op, err := v.Find("GET", &url.URL{Path: path}); err == nil {
			t.Errorf("GET %s routed to %s", path, op.ID)
		}
	}
	if _, err := v.Find("POST", &url.URL{Path: "/repositories/1/codespaces/secrets"}); err == nil || !strings.Contains(err.Error(), ErrMethodNotAllowed.Error()) {
		t.Errorf("POST of a list through an alias: %v, want %v", err, ErrMethodNotAllowed)
	}
}

func TestARequestThroughAnIDBasedPathIsCheckedAsTheNamedOne(t *testing.T) {
	v := testValidator(t)
	// GitHub's own next page, followed as it stands: nothing to report.
	op, vs, err := v.CheckRequest(request("GET", "https://api.github.com/repositories/670312779/codespaces/secrets?per_page=1&page=2", nil))
	if err != nil || op.ID != "codespaces/list-repo-secrets" || len(vs) != 0 {
		t.Errorf("GitHub's next page: %s, %v:%s", op.ID, err, describe(vs))
	}
	// The operation's own checks still apply.
	_, vs, err = v.CheckRequest(request("GET", "https://api.github.com/organizations/64329988/codespaces/secrets?perPage=1", nil))
	if err != nil || len(vs) != 1 || vs[0].Param != "perPage" {
		t.Errorf("an undocumented query parameter through an alias: %v:%s", err, describe(vs))
	}
	_, vs, err = v.CheckRequest(request("PUT", "https://api.github.com/repositories/1296269/codespaces/secrets/S", []byte(`{"encrypted_value":5}`)))
	if err != nil || len(vs) != 1 || vs[0].Pointer != "/encrypted_value" {
		t.Errorf("a body of the wrong type through an alias: %v:%s", err, describe(vs))
	}
}

func TestALinkToAnIDBasedPathIsALinkToTheSameOperation(t *testing.T) {
	v := testValidator(t)
	page := mustJSON(t, map[string]any{"total_count": 3, "secrets": []any{map[string]any{
		"name": "GH_TOKEN", "created_at": "2019-08-10T14:59:22Z", "updated_at": "2020-01-10T14:59:22Z"}}})
	orgPage := mustJSON(t, map[string]any{"total_count": 3, "secrets": []any{map[string]any{
		"name": "GH_TOKEN", "created_at": "2019-08-10T14:59:22Z", "updated_at": "2020-01-10T14:59:22Z", "visibility": "all"}}})
	for _, tc := range []struct {
		name, url, link string
		body            []byte
		want            string // a phrase of the one violation, "" for none
	}{
		{"GitHub's repository Link, from the named path", "https://api.github.com/repos/octocat/hello-world/codespaces/secrets?per_page=1",
			`<https://api.github.com/repositories/670312779/codespaces/secrets?per_page=1&page=2>; rel="next", <https://api.github.com/repositories/670312779/codespaces/secrets?per_page=1&page=3>; rel="last"`, page, ""},
		{"GitHub's organization Link, from the id-based path", "https://api.github.com/organizations/64329988/codespaces/secrets?per_page=1&page=2",
			`<https://api.github.com/organizations/64329988/codespaces/secrets?per_page=1&page=1>; rel="prev", <https://api.github.com/organizations/64329988/codespaces/secrets?per_page=1&page=3>; rel="next", <https://api.github.com/organizations/64329988/codespaces/secrets?per_page=1&page=3>; rel="last", <https://api.github.com/organizations/64329988/codespaces/secrets?per_page=1&page=1>; rel="first"`, orgPage, ""},
		{"an id-based Link to another operation", "https://api.github.com/repos/octocat/hello-world/codespaces/secrets?per_page=1",
			`<https://api.github.com/organizations/64329988/codespaces/secrets?per_page=1&page=2>; rel="next"`, page, "not to this operation"},
		{"an id-based Link without an id", "https://api.github.com/repos/octocat/hello-world/codespaces/secrets?per_page=1",
			`<https://api.github.com/repositories/hello-world/codespaces/secrets?per_page=1&page=2>; rel="next"`, page, "not to this operation"},
	} {
		header := jsonHeader()
		header.Set("Link", tc.link)
		vs := v.CheckResponse(request("GET", tc.url, nil), 200, header, tc.body)
		switch {
		case tc.want == "" && len(vs) != 0:
			t.Errorf("%s: %s", tc.name, describe(vs))
		case tc.want != "" && (len(vs) != 1 || !strings.Contains(vs[0].Message, tc.want)):
			t.Errorf("%s: want one violation saying %q, got:%s", tc.name, tc.want, describe(vs))
		}
	}
}

// Octokit.rb sends {} with a DELETE, and GitHub answers 204: a body on an
// operation that takes none is a warning, never an error.
func TestABodyOnABodilessOperationIsAWarning(t *testing.T) {
	v := testValidator(t)
	for _, tc := range []struct{ method, url, body string }{
		{"DELETE", "https://api.github.com/user/codespaces/secrets/GH_TOKEN", `{}`},
		{"DELETE", "https://api.github.com/repos/octocat/hello-world/codespaces/secrets/GH_TOKEN", `{}`},
		{"POST", "https://api.github.com/user/codespaces/x/start", `{"force":true}`},
		{"GET", "https://api.github.com/user/codespaces", `not even JSON`},
	} {
		_, vs, err := v.CheckRequest(request(tc.method, tc.url, []byte(tc.body)))
		if err != nil {
			t.Fatal(err)
		}
		if len(vs) != 1 || vs[0].Severity != SeverityWarning || vs[0].Kind != KindRequestBody || !vs[0].Extra ||
			!strings.Contains(vs[0].Message, "GitHub ignores") || tc.body != "{}" && strings.Contains(vs[0].Message, tc.body) {
			t.Errorf("%s %s with %s: want one warning that GitHub ignores the body, without the body:%s", tc.method, tc.url, tc.body, describe(vs))
		}
	}
	// Through a Strict transport the DELETE goes out and the run goes on.
	_, srv := serve(t, http.StatusNoContent, nil)
	report := NewReport(v)
	client := &http.Client{Transport: v.Transport(nil, Strict, report)}
	resp, err := client.Do(request("DELETE", srv.URL+"/user/codespaces/secrets/GH_TOKEN", []byte(`{}`)))
	if err != nil {
		t.Fatalf("a Strict transport refused Octokit.rb's DELETE: %v", err)
	}
	resp.Body.Close()
	if s := report.Summary(); s.Errors != 0 || s.Warnings != 1 {
		t.Errorf("summary %+v, want one warning and no error", s)
	}
}

// GitHub's 5xx answers sometimes have no body, with Content-Length: 0 and a
// JSON Content-Type (cli/cli issues 7819, 9003, 9922): the server error is
// the one finding.
func TestA5xxWithoutABodyIsOnlyAServerError(t *testing.T) {
	v := testValidator(t)
	for _, tc := range []struct {
		method, url string
		status      int
		header      http.Header
	}{
		{"GET", "https://api.github.com/user/codespaces", 500, jsonHeader()},
		{"POST", "https://api.github.com/user/codespaces/x/start", 500, http.Header{"Content-Type": {"application/json; charset=utf-8"}, "Content-Length": {"0"}}},
		{"POST", "https://api.github.com/user/codespaces", 503, jsonHeader()},
		{"GET", "https://api.github.com/user/codespaces/secrets", 502, http.Header{}}, // undocumented, and no media type
	} {
		vs := v.CheckResponse(request(tc.method, tc.url, nil), tc.status, tc.header, nil)
		if len(vs) != 1 || vs[0].Kind != KindServerError || !strings.Contains(vs[0].Message, "without a body") {
			t.Errorf("%s %s → %d without a body: want the server error alone:%s", tc.method, tc.url, tc.status, describe(vs))
		}
	}
	// A 5xx body that breaks its schema is still reported beside it.
	vs := v.CheckResponse(request("GET", "https://api.github.com/user/codespaces", nil), 500, jsonHeader(), []byte(`{"message":5}`))
	if len(vs) != 2 || vs[1].Kind != KindBody {
		t.Errorf("a 500 whose body breaks basic-error:%s", describe(vs))
	}
}

// Where the description documents an error answer without a body (the 409
// of an organization secret's repositories), GitHub still sends its error
// body: a warning. A body on a 204 stays an error.
func TestAnErrorBodyTheDescriptionLacksIsAWarning(t *testing.T) {
	v := testValidator(t)
	body := []byte(`{"message":"Conflict","documentation_url":"https://docs.github.com/rest/codespaces/organization-secrets","status":"409"}`)
	vs := v.CheckResponse(request("PUT", "https://api.github.com/orgs/octo-org/codespaces/secrets/S/repositories", []byte(`{"selected_repository_ids":[]}`)), 409, jsonHeader(), body)
	if len(vs) != 1 || vs[0].Severity != SeverityWarning || vs[0].Kind != KindBody {
		t.Errorf("409 with GitHub's error body: want one warning:%s", describe(vs))
	}
	vs = v.CheckResponse(request("DELETE", "https://api.github.com/user/codespaces/secrets/S", nil), 204, jsonHeader(), []byte(`{}`))
	if len(vs) != 1 || vs[0].Severity != SeverityError {
		t.Errorf("204 with a body: want one error:%s", describe(vs))
	}
}

func mustUnescape(t *testing.T, p string) string {
	t.Helper()
	u, err := url.PathUnescape(p)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

package mock_test

import (
	"net/http"
	"strings"
	"testing"
)

// The default world's ids (doc.go): octocat/Hello-World 1296269,
// octo-org/octo-repo 1300211, octo-org 6811672.

// TestIDBasedPathsReachTheNamedOperations: GitHub's
// /repositories/{repository_id}/… and /organizations/{org_id}/… are the
// named paths' operations, on the same state; an id of nothing is 404.
func TestIDBasedPathsReachTheNamedOperations(t *testing.T) {
	_, base := orgWorld(t)
	for _, scope := range []struct{ named, byID string }{
		{"/repos/octocat/Hello-World/codespaces/secrets", "/repositories/1296269/codespaces/secrets"},
		{"/repos/octo-org/octo-repo/codespaces/secrets", "/repositories/1300211/codespaces/secrets"},
		{"/orgs/octo-org/codespaces/secrets", "/organizations/6811672/codespaces/secrets"},
	} {
		key, keyID := scopeKey(t, base, scope.byID, "admin")
		if k, id := scopeKey(t, base, scope.named, "admin"); k != key || id != keyID {
			t.Errorf("%s has another key than %s", scope.byID, scope.named)
		}
		extra := ""
		if strings.HasPrefix(scope.named, "/orgs/") {
			extra = `"visibility":"all"`
		}
		send(t, http.MethodPut, base+scope.byID+"/BY_ID", "admin", sealedBody(t, key, keyID, "v", extra), http.StatusCreated)
		send(t, http.MethodGet, base+scope.named+"/BY_ID", "admin", "", http.StatusOK)
		if list := string(send(t, http.MethodGet, base+scope.byID, "admin", "", http.StatusOK)); !strings.Contains(list, `"name":"BY_ID"`) {
			t.Errorf("GET %s: %s, want BY_ID listed", scope.byID, list)
		}
		send(t, http.MethodDelete, base+scope.byID+"/BY_ID", "admin", "{}", http.StatusNoContent) // Octokit.rb's DELETE
		send(t, http.MethodGet, base+scope.named+"/BY_ID", "admin", "", http.StatusNotFound)
		// The rights are the named path's: a member is refused alike.
		send(t, http.MethodGet, base+scope.byID, "member", "", http.StatusForbidden)
	}
	for _, path := range []string{
		"/repositories/42/codespaces/secrets",  // no such repository
		"/organizations/42/codespaces/secrets", // no such organization
		"/repositories/Hello-World/codespaces/secrets",
		"/repositories/01296269/codespaces/secrets",
		"/organizations/6811672/repos/octocat/Hello-World/codespaces", // the rest follows the id
	} {
		send(t, http.MethodGet, base+path, "admin", "", http.StatusNotFound)
	}
	// GitHub's "get a repository" by id, which the mock serves by name.
	if repo := string(send(t, http.MethodGet, base+"/repositories/1296269", "admin", "", http.StatusOK)); !strings.Contains(repo, `"full_name":"octocat/Hello-World"`) {
		t.Errorf("GET /repositories/1296269: %s", repo)
	}
}

// TestLinksInGitHubsForm: a repository's or an organization's list links to
// its id-based path, a user's list to /user/…, and the query keeps the
// request's order with only page set (GitHub's Links in
// cassettes/github/octokit-rb-*-list-secrets--*.yaml).
func TestLinksInGitHubsForm(t *testing.T) {
	_, base := orgWorld(t)
	for _, scope := range []string{"/repos/octocat/Hello-World/codespaces/secrets", "/orgs/octo-org/codespaces/secrets", "/user/codespaces/secrets"} {
		key, keyID := scopeKey(t, base, scope, "admin")
		extra := ""
		if strings.HasPrefix(scope, "/orgs/") {
			extra = `"visibility":"all"`
		}
		for _, name := range []string{"A", "B", "C"} {
			send(t, http.MethodPut, base+scope+"/"+name, "admin", sealedBody(t, key, keyID, "v", extra), http.StatusCreated)
		}
	}
	for _, tc := range []struct{ url, want string }{
		{"/repos/octocat/Hello-World/codespaces/secrets?per_page=1",
			`<B/repositories/1296269/codespaces/secrets?per_page=1&page=2>; rel="next", <B/repositories/1296269/codespaces/secrets?per_page=1&page=3>; rel="last"`},
		{"/repositories/1296269/codespaces/secrets?page=2&per_page=1",
			`<B/repositories/1296269/codespaces/secrets?page=1&per_page=1>; rel="prev", <B/repositories/1296269/codespaces/secrets?page=3&per_page=1>; rel="next", <B/repositories/1296269/codespaces/secrets?page=3&per_page=1>; rel="last", <B/repositories/1296269/codespaces/secrets?page=1&per_page=1>; rel="first"`},
		{"/orgs/octo-org/codespaces/secrets?per_page=2",
			`<B/organizations/6811672/codespaces/secrets?per_page=2&page=2>; rel="next", <B/organizations/6811672/codespaces/secrets?per_page=2&page=2>; rel="last"`},
		{"/organizations/6811672/codespaces/secrets?page=2&per_page=2",
			`<B/organizations/6811672/codespaces/secrets?page=1&per_page=2>; rel="prev", <B/organizations/6811672/codespaces/secrets?page=1&per_page=2>; rel="first"`},
		{"/user/codespaces/secrets?per_page=2",
			`<B/user/codespaces/secrets?per_page=2&page=2>; rel="next", <B/user/codespaces/secrets?per_page=2&page=2>; rel="last"`},
		// A page that is no number, written twice: the first is set where
		// it stood, the second dropped.
		{"/user/codespaces/secrets?page=x&per_page=2&page=1",
			`<B/user/codespaces/secrets?page=2&per_page=2>; rel="next", <B/user/codespaces/secrets?page=2&per_page=2>; rel="last"`},
	} {
		status, body, header := get(t, base+tc.url, "admin")
		if status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", tc.url, status, body)
		}
		if got, want := header.Get("Link"), strings.ReplaceAll(tc.want, "<B/", "<"+base+"/"); got != want {
			t.Errorf("GET %s: Link\n  %s\nwant\n  %s", tc.url, got, want)
		}
	}
}

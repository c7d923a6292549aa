package mock_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"testing"

	"github.com/codespaces-go/codespaces/conformance/mock"
)

// ghDefaultScopes are the scopes gh asked for at login when cli/cli #5491
// was filed ("repo", "read:org", "gist": cli/cli's minimum scopes), with
// which GET /user/codespaces answered 403.
var ghDefaultScopes = mock.Rights{Kind: mock.TokenClassic, Scopes: []string{"repo", "read:org", "gist"}}

// message is the message of a GitHub error body.
func message(t *testing.T, body []byte) string {
	t.Helper()
	var e struct {
		Message string `json:"message"`
		Status  string `json:"status"`
	}
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("the answer is no error body: %v: %s", err, body)
	}
	return e.Message
}

// refused checks a 403 for the token's rights: GitHub's message, and the
// answer's headers about the rights.
func refused(t *testing.T, what string, status int, body []byte, h http.Header, wantMessage string, want headerWant) {
	t.Helper()
	wantStatus(t, what, status, http.StatusForbidden, body)
	if got := message(t, body); got != wantMessage {
		t.Errorf("%s: message %q, want %q", what, got, wantMessage)
	}
	checkHeaders(t, what, h, want)
}

// TestMissingScopeIsForbidden: a classic token without any scope the
// operation accepts gets GitHub's 403 "Must have admin rights to
// Repository." (cli/cli #5491 for GET /user/codespaces without codespace;
// cli/cli #2845 for an organization's secrets without admin:org), with
// the token's scopes, sorted, and those accepted; what it has a scope for
// still works.
func TestMissingScopeIsForbidden(t *testing.T) {
	const gh, secretsOnly = "gh-login-token", "secrets-only-token"
	_, base := start(t,
		mock.WithOctocatToken(gh),
		mock.WithTokenRights(gh, ghDefaultScopes),
		mock.WithTokenRights(secretsOnly, mock.Rights{Kind: mock.TokenClassic, Scopes: []string{"codespace:secrets"}}))

	status, body, h := get(t, base+"/user/codespaces?per_page=30", gh)
	refused(t, "codespaces without codespace", status, body, h, "Must have admin rights to Repository.",
		headerWant{"X-OAuth-Scopes": "gist, read:org, repo", "X-Accepted-OAuth-Scopes": "codespace", "X-Accepted-GitHub-Permissions": ""})

	status, body, h = get(t, base+"/orgs/octo-org/codespaces/secrets", gh)
	refused(t, "organization secrets without admin:org", status, body, h, "Must have admin rights to Repository.",
		headerWant{"X-Accepted-OAuth-Scopes": "admin:org", "X-RateLimit-Resource": "codespaces"})

	status, body, h = get(t, base+"/repos/octocat/Hello-World/codespaces/secrets", gh)
	wantStatus(t, "repository secrets with repo", status, http.StatusOK, body)
	checkHeaders(t, "repository secrets with repo", h, headerWant{"X-OAuth-Scopes": "gist, read:org, repo", "X-Accepted-OAuth-Scopes": "repo"})

	status, body, _ = get(t, base+"/user/codespaces/secrets", secretsOnly)
	wantStatus(t, "user secrets with codespace:secrets", status, http.StatusOK, body)
	status, body, h = get(t, base+"/user/codespaces", secretsOnly)
	refused(t, "codespaces with codespace:secrets only", status, body, h, "Must have admin rights to Repository.",
		headerWant{"X-OAuth-Scopes": "codespace:secrets", "X-Accepted-OAuth-Scopes": "codespace"})
}

// TestRightsAreCheckedBeforeTheBody: GitHub refuses a token before it reads
// what the token sent, so a bad body from a token without the scope is a
// 403, not a 422; and the refused request is charged to the rate limit.
func TestRightsAreCheckedBeforeTheBody(t *testing.T) {
	const gh = "gh-login-token"
	_, base := start(t, mock.WithOctocatToken(gh), mock.WithTokenRights(gh, ghDefaultScopes))
	_, _, first := get(t, base+"/repos/octocat/Hello-World/codespaces/machines", gh)
	status, body, h := do(t, http.MethodPost, base+"/user/codespaces", "Bearer "+gh, `{"repository_id": "not a number"}`)
	refused(t, "bad create without codespace", status, body, h, "Must have admin rights to Repository.", headerWant{})
	used := func(h http.Header) int {
		n, err := strconv.Atoi(h.Get("X-RateLimit-Used"))
		if err != nil {
			t.Fatalf("X-RateLimit-Used %q: %v", h.Get("X-RateLimit-Used"), err)
		}
		return n
	}
	if got, want := used(h), used(first)+1; got != want {
		t.Errorf("X-RateLimit-Used after the refusal = %d, want %d: a refused request counts", got, want)
	}
}

// TestFineGrainedPermissions: a fine-grained token's answers name the
// permissions the operation needs (X-Accepted-GitHub-Permissions) and no
// scopes; one without them gets "Resource not accessible by personal
// access token"; a github_pat_ token the world does not name may do
// everything.
func TestFineGrainedPermissions(t *testing.T) {
	const readOnly, full = "github_pat_read_only", "github_pat_everything"
	_, base := start(t,
		mock.WithOctocatToken(readOnly),
		mock.WithTokenRights(readOnly, mock.Rights{Kind: mock.TokenFineGrained, Permissions: map[string]string{"codespaces": "read"}}))

	status, body, h := get(t, base+"/user/codespaces", readOnly)
	wantStatus(t, "list with codespaces=read", status, http.StatusOK, body)
	checkHeaders(t, "list with codespaces=read", h, headerWant{
		"X-Accepted-GitHub-Permissions": "codespaces=read", "X-OAuth-Scopes": "", "X-Accepted-OAuth-Scopes": ""})

	create := `{"repository_id": 1296269}`
	status, body, h = do(t, http.MethodPost, base+"/user/codespaces", "Bearer "+readOnly, create)
	refused(t, "create with codespaces=read", status, body, h, "Resource not accessible by personal access token",
		headerWant{"X-Accepted-GitHub-Permissions": "codespaces=write", "X-OAuth-Scopes": ""})

	status, body, h = get(t, base+"/orgs/octo-org/codespaces", readOnly)
	refused(t, "organization's codespaces without organization_codespaces", status, body, h,
		"Resource not accessible by personal access token",
		headerWant{"X-Accepted-GitHub-Permissions": "codespaces=read,organization_codespaces=read"})

	status, body, _ = do(t, http.MethodPost, base+"/user/codespaces", "Bearer "+full, create)
	wantStatus(t, "create with a default fine-grained token", status, http.StatusCreated, body)
}

// TestInstallationTokenOnUserEndpoints: a GitHub App installation token
// acts as the app, which has no codespaces or secrets of its own: the
// user's endpoints answer 403 "Resource not accessible by integration"
// (google/go-github #3000) whatever its permissions, while a repository's
// machines, which the table lists for installation tokens, answer. A user
// access token (ghu_) acts for its user and may.
func TestInstallationTokenOnUserEndpoints(t *testing.T) {
	const installation, userToken = "ghs_installation", "ghu_user"
	_, base := start(t, mock.WithOctocatToken(userToken))

	status, body, h := get(t, base+"/user/codespaces/secrets/public-key", installation)
	refused(t, "user's public key, installation token", status, body, h, "Resource not accessible by integration",
		headerWant{"X-Accepted-GitHub-Permissions": "codespaces_user_secrets=read", "X-OAuth-Scopes": ""})
	if got, want := docsURL(t, body), "https://docs.github.com/rest/codespaces/secrets#get-public-key-for-the-authenticated-user"; got != want {
		t.Errorf("documentation_url %q, want the operation's page %q", got, want)
	}

	status, body, _ = get(t, base+"/repos/octocat/Hello-World/codespaces/machines", installation)
	wantStatus(t, "repository's machines, installation token", status, http.StatusOK, body)

	status, body, h = get(t, base+"/user/codespaces/secrets/public-key", userToken)
	wantStatus(t, "user's public key, user access token", status, http.StatusOK, body)
	checkHeaders(t, "user access token", h, headerWant{"X-Accepted-GitHub-Permissions": "codespaces_user_secrets=read"})

	const lacking = "ghu_lacking"
	_, base = start(t, mock.WithTokenRights(lacking, mock.Rights{Kind: mock.TokenAppUser}))
	status, body, h = get(t, base+"/user/codespaces", lacking)
	refused(t, "user access token without codespaces", status, body, h, "Resource not accessible by integration",
		headerWant{"X-Accepted-GitHub-Permissions": "codespaces=read"})
}

func docsURL(t *testing.T, body []byte) string {
	t.Helper()
	var e struct {
		URL string `json:"documentation_url"`
	}
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatal(err)
	}
	return e.URL
}

package evidence

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/codespaces-go/codespaces/client"
	"github.com/codespaces-go/codespaces/conformance/mock"
	"github.com/codespaces-go/codespaces/gen"
)

// clientFor serves a mock on which token has rights, and a client with
// that token.
func clientFor(t *testing.T, token string, rights mock.Rights) *client.Client {
	t.Helper()
	srv := mock.New(mock.WithOctocatToken(token), mock.WithTokenRights(token, rights))
	base, stop := srv.Start()
	t.Cleanup(stop)
	c, err := client.New(client.WithBaseURL(base), client.WithToken(token))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if v := srv.Violations(); len(v) > 0 {
			t.Errorf("the mock's answers broke the spec: %v", v)
		}
	})
	return c
}

// apiError is the *client.APIError of err.
func apiError(t *testing.T, err error) *client.APIError {
	t.Helper()
	var e *client.APIError
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T), want a *client.APIError", err, err)
	}
	return e
}

// TestMissingScopeReachesTheClient: listing codespaces with gh's login
// token (no codespace scope) gets GitHub's answer of cli/cli issue 5491
// from the mock, with both scope headers, and the client's MissingScopes
// names codespace from that answer.
func TestMissingScopeReachesTheClient(t *testing.T) {
	c := clientFor(t, "gh-login-token", ghLoginScopes)
	var err error
	for _, err = range c.ListCodespaces(context.Background(), client.ListCodespacesOptions{}) {
		if err != nil {
			break
		}
	}
	if err == nil {
		t.Fatal("listing codespaces without the codespace scope succeeded")
	}
	e := apiError(t, err)
	if e.StatusCode != 403 || e.Message != "Must have admin rights to Repository." {
		t.Errorf("answer %d %q, want GitHub's 403 \"Must have admin rights to Repository.\"", e.StatusCode, e.Message)
	}
	if want := []string{"gist", "read:org", "repo"}; !slices.Equal(e.OAuthScopes, want) {
		t.Errorf("OAuthScopes %q, want %q (X-OAuth-Scopes)", e.OAuthScopes, want)
	}
	if want := []string{"codespace"}; !slices.Equal(e.AcceptedOAuthScopes, want) {
		t.Errorf("AcceptedOAuthScopes %q, want %q (X-Accepted-OAuth-Scopes)", e.AcceptedOAuthScopes, want)
	}
	if got, want := e.MissingScopes(), []string{"codespace"}; !slices.Equal(got, want) {
		t.Errorf("MissingScopes() = %q, want %q", got, want)
	}
	if !strings.Contains(e.Error(), "lacks the scope codespace") {
		t.Errorf("Error() = %q, want it to say the scope codespace is missing", e.Error())
	}
}

// TestMissingPermissionReachesTheClient: a fine-grained token that may only
// read codespaces gets "Resource not accessible by personal access token"
// creating one, and the client reads the permission it needs from
// X-Accepted-GitHub-Permissions; it reports no missing scope, as the token
// has none.
func TestMissingPermissionReachesTheClient(t *testing.T) {
	c := clientFor(t, "github_pat_read_only", mock.Rights{Kind: mock.TokenFineGrained, Permissions: map[string]string{"codespaces": "read"}})
	_, err := c.CreateCodespace(context.Background(), client.CreateCodespaceRequest{
		Repository: &gen.CreateCodespaceForRepository{RepositoryID: mock.HelloWorldID},
	})
	e := apiError(t, err)
	if e.StatusCode != 403 || e.Message != "Resource not accessible by personal access token" {
		t.Errorf("answer %d %q, want 403 \"Resource not accessible by personal access token\"", e.StatusCode, e.Message)
	}
	want := [][]client.Permission{{{Name: "codespaces", Access: "write"}}}
	if !slices.EqualFunc(e.AcceptedPermissions, want, slices.Equal) {
		t.Errorf("AcceptedPermissions %v, want %v", e.AcceptedPermissions, want)
	}
	if e.MissingScopes() != nil || e.OAuthScopes != nil {
		t.Errorf("MissingScopes() %q, OAuthScopes %q: a fine-grained token's answer names no scopes", e.MissingScopes(), e.OAuthScopes)
	}
}

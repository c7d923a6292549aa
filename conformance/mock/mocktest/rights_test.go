package mocktest_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/codespaces-go/codespaces/client"
	"github.com/codespaces-go/codespaces/conformance/mock"
	"github.com/codespaces-go/codespaces/conformance/mock/mocktest"
)

// TestMissingScope: a test gives octocat's token the scopes of a `gh auth
// login` (no codespace) and sees what its code would see from GitHub: a
// 403 whose headers name the token's scopes and the accepted ones, which
// MissingScopes compares.
func TestMissingScope(t *testing.T) {
	c, _ := mocktest.New(t, mocktest.WithMock(mock.WithTokenRights(mocktest.Token,
		mock.Rights{Kind: mock.TokenClassic, Scopes: []string{"repo", "read:org", "gist"}})))
	_, err := c.GetCodespace(context.Background(), "any-codespace")
	var e *client.APIError
	if !errors.As(err, &e) {
		t.Fatalf("error %v, want a *client.APIError", err)
	}
	if e.StatusCode != 403 || e.Message != "Must have admin rights to Repository." {
		t.Errorf("answer %d %q, want 403 \"Must have admin rights to Repository.\"", e.StatusCode, e.Message)
	}
	if got, want := e.MissingScopes(), []string{"codespace"}; !slices.Equal(got, want) {
		t.Errorf("MissingScopes() = %q, want %q", got, want)
	}
	if got, want := e.OAuthScopes, []string{"gist", "read:org", "repo"}; !slices.Equal(got, want) {
		t.Errorf("OAuthScopes = %q, want %q", got, want)
	}
}

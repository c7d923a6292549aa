package mock_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/codespaces-go/codespaces/conformance/mock"
	"github.com/codespaces-go/codespaces/gen"
)

// TestUnauthenticated checks GitHub's 401s: no Authorization, and headers
// that carry no usable token.
func TestUnauthenticated(t *testing.T) {
	_, base := start(t)
	for _, tc := range []struct {
		name, auth, path, message string
	}{
		{"no header", "", "/user/codespaces", "Requires authentication"},
		{"basic", "Basic b2N0b2NhdDpwdw==", "/user/codespaces", "Bad credentials"},
		{"scheme only", "Bearer", "/user/codespaces/x", "Bad credentials"},
		{"two tokens", "Bearer a b", "/repos/octocat/Hello-World/codespaces", "Bad credentials"},
		{"secrets, no header", "", "/user/codespaces/secrets", "Requires authentication"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body, _ := do(t, http.MethodGet, base+tc.path, tc.auth, "")
			if status != http.StatusUnauthorized {
				t.Fatalf("status %d, want 401", status)
			}
			var e gen.BasicError
			if err := json.Unmarshal(body, &e); err != nil || e.Message == nil || *e.Message != tc.message || e.DocumentationURL == nil {
				t.Errorf("body %s, want GitHub's {message: %q, documentation_url}", body, tc.message)
			}
		})
	}
}

// TestUsersAreIsolated checks that each token is its own user, and that one
// user's codespaces and secrets are 404 to another.
func TestUsersAreIsolated(t *testing.T) {
	ctx := context.Background()
	srv, base := start(t, mock.WithOctocatToken("octo"))
	mona := client(t, base, "mona-token")
	octo := client(t, base, "octo")

	cs := createInRepo(t, mona)
	if cs.Owner.Login == "octocat" || cs.Owner.ID == 1 {
		t.Errorf("the first token seen is octocat although another was configured: %s (%d)", cs.Owner.Login, cs.Owner.ID)
	}
	if srv.Login("octo") != "octocat" || srv.Login("mona-token") != cs.Owner.Login {
		t.Errorf("Login: octo → %s, mona-token → %s", srv.Login("octo"), srv.Login("mona-token"))
	}
	put := must(mona.CodespacesCreateOrUpdateSecretForAuthenticatedUserWithResponse(ctx, "MONA", seal(t, mona, "v")))(t)
	wantStatus(t, "mona's secret", put.StatusCode(), http.StatusCreated, put.Body)

	for what, status := range map[string]int{
		"get":          must(octo.CodespacesGetForAuthenticatedUserWithResponse(ctx, cs.Name))(t).StatusCode(),
		"stop":         must(octo.CodespacesStopForAuthenticatedUserWithResponse(ctx, cs.Name))(t).StatusCode(),
		"start":        must(octo.CodespacesStartForAuthenticatedUserWithResponse(ctx, cs.Name))(t).StatusCode(),
		"update":       must(octo.CodespacesUpdateForAuthenticatedUserWithResponse(ctx, cs.Name, gen.CodespacesUpdateForAuthenticatedUserJSONRequestBody{DisplayName: ptr("mine")}))(t).StatusCode(),
		"machines":     must(octo.CodespacesCodespaceMachinesForAuthenticatedUserWithResponse(ctx, cs.Name))(t).StatusCode(),
		"export":       must(octo.CodespacesExportForAuthenticatedUserWithResponse(ctx, cs.Name))(t).StatusCode(),
		"delete":       must(octo.CodespacesDeleteForAuthenticatedUserWithResponse(ctx, cs.Name))(t).StatusCode(),
		"get secret":   must(octo.CodespacesGetSecretForAuthenticatedUserWithResponse(ctx, "MONA"))(t).StatusCode(),
		"del secret":   must(octo.CodespacesDeleteSecretForAuthenticatedUserWithResponse(ctx, "MONA"))(t).StatusCode(),
		"secret repos": must(octo.CodespacesListRepositoriesForSecretForAuthenticatedUserWithResponse(ctx, "MONA"))(t).StatusCode(),
	} {
		if status != http.StatusNotFound {
			t.Errorf("octocat's %s of mona's resource: %d, want 404", what, status)
		}
	}
	if n := must(octo.CodespacesListForAuthenticatedUserWithResponse(ctx, nil))(t).JSON200.TotalCount; n != 0 {
		t.Errorf("octocat lists %d codespaces, want none", n)
	}
	if n := must(octo.CodespacesListSecretsForAuthenticatedUserWithResponse(ctx, nil))(t).JSON200.TotalCount; n != 0 {
		t.Errorf("octocat lists %d secrets, want none", n)
	}
	// What octocat tried changed nothing of mona's.
	got := must(mona.CodespacesGetForAuthenticatedUserWithResponse(ctx, cs.Name))(t)
	if got.StatusCode() != http.StatusOK || got.JSON200.State != gen.CodespaceStateAvailable || *got.JSON200.DisplayName == "mine" {
		t.Errorf("mona's codespace after octocat's attempts: %s", got.Body)
	}
	if _, ok := srv.SecretValue(cs.Owner.Login, "MONA"); !ok {
		t.Error("mona's secret is gone after octocat's delete")
	}
}

// TestTokenScheme checks GitHub's older "token" scheme is the same user as
// Bearer with the same token.
func TestTokenScheme(t *testing.T) {
	_, base := start(t)
	cs := createInRepo(t, client(t, base, "abc"))
	status, body, _ := do(t, http.MethodGet, cs.URL, "token abc", "")
	if status != http.StatusOK {
		t.Fatalf("GET with the token scheme: %d %s", status, body)
	}
}

package mock

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
)

// TestEveryOperationHasItsPermissions: the table of permissions names every
// operation of the spec, and nothing else, so a new operation cannot slip
// through the fine-grained checks unnoticed.
func TestEveryOperationHasItsPermissions(t *testing.T) {
	ids := OperationIDs()
	if len(ids) == 0 {
		t.Fatal("no operations")
	}
	for _, id := range ids {
		n, ok := operationNeeds[id]
		if !ok || len(n.perms) == 0 {
			t.Errorf("%s has no permissions in operationNeeds", id)
		}
		for _, p := range n.perms {
			if levels[p.level] == 0 {
				t.Errorf("%s needs %s at unknown level %q", id, p.name, p.level)
			}
		}
	}
	for id := range operationNeeds {
		if !slices.Contains(ids, id) {
			t.Errorf("operationNeeds names %s, which the spec does not have", id)
		}
	}
}

// TestDefaultRightsArePermissive: a token the world does not name may call
// every operation its kind may: all of them for classic, fine-grained and
// user access tokens, and for an installation token all those the table
// lists for installations (none of the user's own).
func TestDefaultRightsArePermissive(t *testing.T) {
	ops, err := loadOperations()
	if err != nil {
		t.Fatal(err)
	}
	installations := 0
	for _, token := range []string{"ghp_classic", "gho_oauth", "plain-test-token", "github_pat_fine", "ghu_user", "ghs_installation"} {
		rt := DefaultRights(token)
		for id, op := range ops {
			refused := op.refusal(rt) != nil
			want := rt.Kind == TokenApp && !operationNeeds[id].installation
			if refused != want {
				t.Errorf("%s (%s) on %s: refused %v, want %v", token, rt.Kind, id, refused, want)
			}
			if rt.Kind == TokenApp && !refused {
				installations++
			}
		}
	}
	if installations != 23 {
		t.Errorf("an installation token may call %d operations, want 23 (the organization's 16, repository secrets 5, devcontainers and a repository's machines)", installations)
	}
}

func TestDefaultRightsByPrefix(t *testing.T) {
	for token, want := range map[string]TokenKind{
		"ghp_x": TokenClassic, "gho_x": TokenClassic, "anything": TokenClassic, "": TokenClassic,
		"github_pat_x": TokenFineGrained, "ghs_x": TokenApp, "ghu_x": TokenAppUser,
	} {
		if got := DefaultRights(token).Kind; got != want {
			t.Errorf("DefaultRights(%q).Kind = %q, want %q", token, got, want)
		}
	}
	if got, want := DefaultRights("ghp_x").Scopes, []string{"admin:org", "codespace", "repo"}; !slices.Equal(got, want) {
		t.Errorf("a classic token's scopes %q, want %q", got, want)
	}
}

// TestWorldRightsApply: rights the world gives a user (user.rights) are
// what its token may do; a user without them gets its token's defaults.
func TestWorldRightsApply(t *testing.T) {
	s := New(WithOctocatToken("octocat-token"))
	u := s.userFor("octocat-token")
	s.mu.Lock()
	u.rights = Rights{Kind: TokenClassic, Scopes: []string{"repo"}}
	s.mu.Unlock()
	if got := serve(t, s, http.MethodGet, "/user/codespaces", "octocat-token"); got.Code != http.StatusForbidden {
		t.Errorf("world rights without codespace: %d %s, want 403", got.Code, got.Body)
	}
	if got := serve(t, s, http.MethodGet, "/user/codespaces", "another-token"); got.Code != http.StatusOK {
		t.Errorf("a token with default rights: %d %s, want 200", got.Code, got.Body)
	}
}

// serve sends one request through the mock's handler, failing the test for
// any violation of the spec in the answer.
func serve(t *testing.T, s *Server, method, path, token string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("User-Agent", "rights-test")
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	for _, v := range s.Violations() {
		t.Errorf("the answer to %s %s breaks the spec: %v", method, path, v)
	}
	return rec
}

func bodyMessage(t *testing.T, rec *httptest.ResponseRecorder) string {
	t.Helper()
	var e struct {
		Message string `json:"message"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil {
		t.Fatalf("%v: %s", err, rec.Body)
	}
	return e.Message
}

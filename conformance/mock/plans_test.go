package mock

import (
	"net/http"
	"testing"
)

// TestFreePlanHasNoOrgSecrets: an organization on GitHub Free answers 404
// to every organization secrets endpoint, even its admin's (google/go-github
// #3000); its other endpoints answer, and so do a paid plan's secrets.
func TestFreePlanHasNoOrgSecrets(t *testing.T) {
	s := New(WithOctocatToken("admin"))
	secrets := []string{
		"/orgs/octo-org/codespaces/secrets",
		"/orgs/octo-org/codespaces/secrets/public-key",
		"/orgs/octo-org/codespaces/secrets/NAME",
		"/organizations/6811672/codespaces/secrets/public-key",
	}
	for _, plan := range []string{"", PlanTeam, PlanEnterprise, PlanFree} {
		// The plan comes from the world document, as a user gives it.
		w := DefaultWorld()
		w.Organizations[0].Plan = plan
		if err := s.ReplaceWorld(w); err != nil {
			t.Fatal(err)
		}
		for _, path := range secrets {
			want := http.StatusOK
			if path == "/orgs/octo-org/codespaces/secrets/NAME" || plan == PlanFree {
				want = http.StatusNotFound // no such secret; or no secrets at all
			}
			got := serve(t, s, http.MethodGet, path, "admin")
			if got.Code != want {
				t.Errorf("plan %q: GET %s answered %d %s, want %d", plan, path, got.Code, got.Body, want)
			}
			if got.Code == http.StatusNotFound && bodyMessage(t, got) != "Not Found" {
				t.Errorf("plan %q: GET %s: %s, want GitHub's Not Found", plan, path, got.Body)
			}
		}
		if got := serve(t, s, http.MethodGet, "/orgs/octo-org/codespaces", "admin"); got.Code != http.StatusOK {
			t.Errorf("plan %q: the organization's codespaces answered %d, want 200: only secrets depend on the plan", plan, got.Code)
		}
	}
	s.mu.Lock()
	s.world().orgNamed(OrgLogin).plan = PlanFree
	s.mu.Unlock()
	if got := serve(t, s, http.MethodGet, "/orgs/octo-org/codespaces/secrets", "member"); got.Code != http.StatusForbidden {
		t.Errorf("a member of a free organization: %d, want the admin check's 403 first", got.Code)
	}
}

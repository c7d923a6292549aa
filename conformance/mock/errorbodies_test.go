package mock_test

import (
	"encoding/json"
	"net/http"
	"testing"
)

// gitHubError is GitHub's error body as its recent answers have it: the
// status as a string (magit/forge#748).
type gitHubError struct {
	Message          string `json:"message"`
	DocumentationURL string `json:"documentation_url"`
	Status           string `json:"status"`
}

// TestErrorBodiesAsGitHubSendsThem: a body that breaks the schema is a 422
// "Invalid request." naming the property, the value and the type
// (magit/forge#748: "For 'properties/body', false is not a string or
// null."), or the member that is missing ("\"sha\" wasn't supplied.");
// unparsable JSON is a 400 "Problems parsing JSON"; an error about an
// operation points at the operation's own page, and the status is a string.
func TestErrorBodiesAsGitHubSendsThem(t *testing.T) {
	_, base := start(t)
	get(t, base+"/user/codespaces", "tok")
	const (
		update   = "https://docs.github.com/rest/codespaces/codespaces#update-a-codespace-for-the-authenticated-user"
		inRepo   = "https://docs.github.com/rest/codespaces/codespaces#create-a-codespace-in-a-repository"
		orgPut   = "https://docs.github.com/rest/codespaces/organization-secrets#create-or-update-an-organization-secret"
		orgList  = "https://docs.github.com/rest/codespaces/organization-secrets#list-organization-secrets"
		create   = "https://docs.github.com/rest/codespaces/codespaces#create-a-codespace-for-the-authenticated-user"
		anywhere = "https://docs.github.com/rest"
	)
	for _, tc := range []struct {
		name, method, path, body string
		status                   int
		want                     gitHubError
	}{
		{"a boolean for a string", "PATCH", "/user/codespaces/nope", `{"display_name":false}`, 422,
			gitHubError{"Invalid request.\n\nFor 'properties/display_name', false is not a string.", update, "422"}},
		{"a number for a string", "POST", "/repos/octocat/hello-world/codespaces", `{"ref":5}`, 422,
			gitHubError{"Invalid request.\n\nFor 'properties/ref', 5 is not a string.", inRepo, "422"}},
		{"null for a string", "POST", "/repos/octocat/hello-world/codespaces", `{"ref":null}`, 422,
			gitHubError{"Invalid request.\n\nFor 'properties/ref', nil is not a string.", inRepo, "422"}},
		{"a required member missing", "PUT", "/orgs/octo-org/codespaces/secrets/X", `{"key_id":"1","encrypted_value":"abcd"}`, 422,
			gitHubError{"Invalid request.\n\n\"visibility\" wasn't supplied.", orgPut, "422"}},
		{"not JSON", "POST", "/user/codespaces", `{`, 400,
			gitHubError{"Problems parsing JSON", create, "400"}},
		{"an unknown organization", "GET", "/orgs/nope/codespaces/secrets", ``, 404,
			gitHubError{"Not Found", orgList, "404"}},
		{"an unknown path", "GET", "/nope", ``, 404,
			gitHubError{"Not Found", anywhere, "404"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body, _ := do(t, tc.method, base+tc.path, "Bearer tok", tc.body)
			var got gitHubError
			if err := json.Unmarshal(body, &got); err != nil || status != tc.status || got != tc.want {
				t.Errorf("%s %s %s: %d %s\nwant %d %+v", tc.method, tc.path, tc.body, status, body, tc.status, tc.want)
			}
		})
	}
}

// TestValidationFailedCarriesItsStatus: the operation's own refusals
// (GitHub's "Validation Failed" with errors) carry the status as a string too.
func TestValidationFailedCarriesItsStatus(t *testing.T) {
	_, base := start(t)
	status, body, _ := do(t, http.MethodPut, base+"/user/codespaces/secrets/X", "Bearer tok", `{"key_id":"1"}`)
	var got gitHubError
	if err := json.Unmarshal(body, &got); err != nil || status != 422 || got.Message != "Validation Failed" || got.Status != "422" ||
		got.DocumentationURL != "https://docs.github.com/rest/codespaces/secrets#create-or-update-a-secret-for-the-authenticated-user" {
		t.Errorf("%d %s, want 422 Validation Failed with status \"422\" on the operation's page", status, body)
	}
}

// TestDeleteWithAnEmptyObjectBody: octokit.rb sends DELETE with {}, and
// GitHub answers 204 (its cassette
// with_an_org_with_a_secret/_delete_org_codespaces_secret/delete_existing_secret.json).
func TestDeleteWithAnEmptyObjectBody(t *testing.T) {
	srv, base := start(t)
	get(t, base+"/user/codespaces", "tok")
	key, keyID := srv.PublicKey()
	put := `{"encrypted_value":"` + sealTo(t, key, "v") + `","key_id":"` + keyID + `"}`
	if status, body, _ := do(t, http.MethodPut, base+"/user/codespaces/secrets/GONE", "Bearer tok", put); status != http.StatusCreated {
		t.Fatalf("PUT: %d %s", status, body)
	}
	if status, body, _ := do(t, http.MethodDelete, base+"/user/codespaces/secrets/GONE", "Bearer tok", `{}`); status != http.StatusNoContent {
		t.Errorf("DELETE with {}: %d %s, want 204", status, body)
	}
}

package mock

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestGetARepositoryForTheRunnersCheck(t *testing.T) {
	srv := httptest.NewServer(New().Handler())
	defer srv.Close()
	get := func(path, token string) (*http.Response, map[string]any) {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		req.Header.Set("User-Agent", "test")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var body map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&body)
		return resp, body
	}
	resp, body := get("/repos/OCTOCAT/hello-world", "t")
	if resp.StatusCode != 200 || body["id"] != float64(HelloWorldID) || body["full_name"] != "octocat/Hello-World" {
		t.Errorf("GET /repos/OCTOCAT/hello-world: %d %v", resp.StatusCode, body)
	}
	if resp, _ := get("/repos/octocat/nope", "t"); resp.StatusCode != 404 {
		t.Errorf("an unknown repository: %d, want 404", resp.StatusCode)
	}
	if resp, _ := get("/repos/octocat/Hello-World", ""); resp.StatusCode != 401 {
		t.Errorf("without a token: %d, want 401", resp.StatusCode)
	}
}

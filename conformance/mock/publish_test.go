package mock_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/codespaces-go/codespaces/conformance/mock"
)

// TestPublish: a codespace made from the blank template is unpublished
// (publish_url set, billed to its user) until publish creates {login}/{name},
// private as asked, and moves it there; it cannot be published twice, and
// a private repository is nobody else's to see.
func TestPublish(t *testing.T) {
	_, base := orgWorld(t)
	name := createIn(t, base, "member", mock.TemplateOwner, mock.TemplateRepo)
	var cs codespaceSeen
	_ = json.Unmarshal(send(t, http.MethodGet, base+"/user/codespaces/"+name, "member", "", 200), &cs)
	if cs.PublishURL == nil || *cs.PublishURL != base+"/user/codespaces/"+name+"/publish" ||
		cs.Repository.FullName != "github/codespaces-blank" || cs.BillableOwner.Login != "mona" {
		t.Fatalf("a codespace from the template: %+v", cs)
	}

	send(t, http.MethodPost, base+"/user/codespaces/"+name+"/publish", "admin", `{"name":"mine"}`, http.StatusNotFound)
	for _, bad := range []string{`{"name":""}`, `{"name":"has space"}`, `{"name":".."}`, `{"name":"x.git"}`, `{"name":"` + strings.Repeat("n", 101) + `"}`} {
		send(t, http.MethodPost, base+"/user/codespaces/"+name+"/publish", "member", bad, http.StatusUnprocessableEntity)
	}
	body := send(t, http.MethodPost, base+"/user/codespaces/"+name+"/publish", "member", `{"name":"my-project","private":true}`, http.StatusCreated)
	var published struct {
		codespaceSeen
		Repository struct {
			FullName    string `json:"full_name"`
			Private     bool
			Visibility  string
			Permissions struct{ Admin bool }
			Owner       struct{ Login string }
		}
	}
	if err := json.Unmarshal(body, &published); err != nil {
		t.Fatal(err)
	}
	if r := published.Repository; r.FullName != "mona/my-project" || !r.Private || r.Visibility != "private" || !r.Permissions.Admin || r.Owner.Login != "mona" {
		t.Errorf("published repository %+v", r)
	}
	if !strings.Contains(string(body), `"publish_url":null`) {
		t.Errorf("publish_url after publishing is not null: %s", body)
	}
	send(t, http.MethodPost, base+"/user/codespaces/"+name+"/publish", "member", `{"name":"again"}`, http.StatusUnprocessableEntity)

	_ = json.Unmarshal(send(t, http.MethodGet, base+"/user/codespaces/"+name, "member", "", 200), &cs)
	if cs.Repository.FullName != "mona/my-project" || !cs.Repository.Private || cs.PublishURL != nil {
		t.Errorf("the codespace after publishing: %+v", cs)
	}
	send(t, http.MethodGet, base+"/repos/mona/my-project", "member", "", 200)
	send(t, http.MethodGet, base+"/repos/mona/my-project", "admin", "", http.StatusNotFound)
	send(t, http.MethodGet, base+"/repos/mona/my-project/codespaces/devcontainers", "admin", "", http.StatusNotFound)
	// The publisher administers it: its secrets are theirs.
	key, keyID := scopeKey(t, base, "/repos/mona/my-project/codespaces/secrets", "member")
	send(t, http.MethodPut, base+"/repos/mona/my-project/codespaces/secrets/X", "member", sealedBody(t, key, keyID, "v", ""), 201)
	send(t, http.MethodGet, base+"/repos/mona/my-project/codespaces/secrets", "admin", "", http.StatusNotFound)

	// A name the user has already, and a codespace that has a repository.
	again := createIn(t, base, "member", mock.TemplateOwner, mock.TemplateRepo)
	send(t, http.MethodPost, base+"/user/codespaces/"+again+"/publish", "member", `{"name":"MY-PROJECT"}`, http.StatusUnprocessableEntity)
	octo := createIn(t, base, "admin", mock.TemplateOwner, mock.TemplateRepo)
	send(t, http.MethodPost, base+"/user/codespaces/"+octo+"/publish", "admin", `{"name":"hello-world"}`, http.StatusUnprocessableEntity)
	regular := createIn(t, base, "admin", mock.OctocatLogin, mock.HelloWorldRepo)
	send(t, http.MethodPost, base+"/user/codespaces/"+regular+"/publish", "admin", `{}`, http.StatusUnprocessableEntity)

	// Without a name the repository is named after the codespace; public by
	// default, and so everyone's to see.
	_ = json.Unmarshal(send(t, http.MethodPost, base+"/user/codespaces/"+again+"/publish", "member", `{}`, http.StatusCreated), &published)
	if published.Repository.FullName != "mona/"+again || published.Repository.Private {
		t.Errorf("published without a name: %+v", published.Repository)
	}
	send(t, http.MethodGet, base+"/repos/mona/"+again, "admin", "", 200)
}

package mock_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/codespaces-go/codespaces/conformance/mock"
)

// A world of your own: mona's token is hers, and her private repository
// only hers. The document is YAML; JSON works too.
func ExampleWithWorld() {
	w, err := mock.ParseWorld([]byte(`
users:
  - {login: mona, id: 2, token: mona-token, kind: classic, scopes: [codespace, repo]}
repositories:
  - {owner: mona, name: lab, id: 7, private: true, default_branch: trunk}
machines:
  - {name: basicLinux, display_name: "2 cores", cpus: 2, memory_in_bytes: 4294967296, storage_in_bytes: 34359738368}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	srv := mock.New(mock.WithWorld(w))
	for _, token := range []string{"mona-token", "someone-else"} {
		r := httptest.NewRequest(http.MethodGet, "/repos/mona/lab/codespaces/machines", nil)
		r.Header.Set("Authorization", "Bearer "+token)
		r.Header.Set("User-Agent", "example")
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, r)
		fmt.Println(srv.Login(token), rec.Code)
	}
	// Output:
	// mona 200
	// user-2cd7e476 404
}

// A bad document's error names the line and the field.
func ExampleParseWorld() {
	_, err := mock.ParseWorld([]byte(`
machines:
  - {name: basicLinux, display_name: "2 cores", cpus: 2, memory_in_bytes: 4294967296, storage_in_bytes: 34359738368}
repositories:
  - owner: octocat
    name: Hello-World
    id: 1296269
`))
	fmt.Println(err)
	// Output:
	// line 5: repositories[0].owner: "octocat" is not a user or an organization of the world
}

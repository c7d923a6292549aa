package mock_test

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/codespaces-go/codespaces/gen"
)

var linkPart = regexp.MustCompile(`<([^>]+)>; rel="([a-z]+)"`)

// links parses a Link header into rel → URL.
func links(h string) map[string]string {
	out := map[string]string{}
	for _, m := range linkPart.FindAllStringSubmatch(h, -1) {
		out[m[2]] = m[1]
	}
	return out
}

// follow GETs a list page by page along rel="next" and returns the bodies.
func follow(t testing.TB, first, token string) [][]byte {
	t.Helper()
	var bodies [][]byte
	for next := first; next != ""; {
		status, body, header := get(t, next, token)
		if status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", next, status, body)
		}
		bodies = append(bodies, body)
		next = links(header.Get("Link"))["next"]
	}
	return bodies
}

// TestPaginationFollowsLinks lists seven codespaces three at a time by
// following rel="next", as a paginating client does.
func TestPaginationFollowsLinks(t *testing.T) {
	_, base := start(t)
	c := client(t, base, "tok")
	want := map[string]bool{}
	for range 7 {
		want[createInRepo(t, c).Name] = true
	}

	next := base + "/user/codespaces?per_page=3&repository_id=1296269"
	var pages []map[string]string
	seen := map[string]bool{}
	for next != "" {
		status, body, header := get(t, next, "tok")
		if status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", next, status, body)
		}
		list := decode[codespaceList](t, body)
		if list.TotalCount != 7 {
			t.Errorf("page %d: total_count %d, want 7", len(pages)+1, list.TotalCount)
		}
		for _, cs := range list.Codespaces {
			if seen[cs.Name] {
				t.Errorf("%s listed twice", cs.Name)
			}
			seen[cs.Name] = true
		}
		l := links(header.Get("Link"))
		for rel, u := range l {
			if !strings.HasPrefix(u, base+"/user/codespaces?") || !strings.Contains(u, "per_page=3") || !strings.Contains(u, "repository_id=1296269") {
				t.Errorf("rel=%s %s does not keep the query on the mock's base", rel, u)
			}
		}
		pages = append(pages, l)
		next = l["next"]
	}
	if len(pages) != 3 || len(seen) != 7 {
		t.Fatalf("%d pages, %d codespaces; want 3 pages of all 7", len(pages), len(seen))
	}
	for name := range want {
		if !seen[name] {
			t.Errorf("%s never listed", name)
		}
	}
	relsOf := func(l map[string]string) string {
		var rels []string
		for _, r := range []string{"prev", "next", "last", "first"} {
			if _, ok := l[r]; ok {
				rels = append(rels, r)
			}
		}
		return strings.Join(rels, ",")
	}
	for i, wantRels := range []string{"next,last", "prev,next,last,first", "prev,first"} {
		if got := relsOf(pages[i]); got != wantRels {
			t.Errorf("page %d links %s, want %s", i+1, got, wantRels)
		}
	}
	if !strings.Contains(pages[0]["last"], "page=3") || !strings.Contains(pages[2]["prev"], "page=2") {
		t.Errorf("last %s, prev of the last page %s", pages[0]["last"], pages[2]["prev"])
	}

	status, body, header := get(t, base+"/user/codespaces?per_page=100", "tok")
	if status != http.StatusOK || header.Get("Link") != "" || decode[codespaceList](t, body).TotalCount != 7 {
		t.Errorf("one page of 100: %d, Link %q", status, header.Get("Link"))
	}
	status, body, _ = get(t, base+"/user/codespaces?per_page=3&page=9", "tok")
	if l := decode[codespaceList](t, body); status != http.StatusOK || len(l.Codespaces) != 0 || l.TotalCount != 7 {
		t.Errorf("a page past the end: %d %s, want 200, empty, total 7", status, body)
	}
}

// TestPaginationOfSecretsAndDevcontainers checks the two other paginated lists.
func TestPaginationOfSecretsAndDevcontainers(t *testing.T) {
	ctx := context.Background()
	_, base := start(t)
	c := client(t, base, "tok")
	for _, name := range []string{"E", "D", "C", "B", "A"} {
		wantStatus(t, "put "+name, must(c.CodespacesCreateOrUpdateSecretForAuthenticatedUserWithResponse(ctx, name, seal(t, c, name)))(t).StatusCode(), http.StatusCreated, nil)
	}
	var names []string
	for _, body := range follow(t, base+"/user/codespaces/secrets?per_page=2", "tok") {
		for _, s := range decode[secretList](t, body).Secrets {
			names = append(names, s.Name)
		}
	}
	if got := strings.Join(names, ""); got != "ABCDE" {
		t.Errorf("secrets over pages: %s, want ABCDE", got)
	}

	var paths []string
	for _, body := range follow(t, base+"/repos/octocat/hello-world/codespaces/devcontainers?per_page=1", "tok") {
		for _, d := range decode[devcontainerList](t, body).Devcontainers {
			paths = append(paths, d.Path)
		}
	}
	if len(paths) != 3 || paths[1] != ".devcontainer/devcontainer.json" {
		t.Errorf("devcontainers over pages: %v, want the three of the reference page", paths)
	}
}

// TestETags checks conditional GETs: a matching If-None-Match is a 304 where
// the spec documents one, and a change makes a new ETag.
func TestETags(t *testing.T) {
	ctx := context.Background()
	_, base := start(t)
	c := client(t, base, "tok")
	cs := createInRepo(t, c)

	status, _, header := get(t, cs.URL, "tok")
	etag := header.Get("ETag")
	if status != http.StatusOK || etag == "" {
		t.Fatalf("GET: %d with ETag %q", status, etag)
	}
	status, body, header := get(t, cs.URL, "tok", "If-None-Match", etag)
	if status != http.StatusNotModified || len(body) != 0 || header.Get("ETag") != etag {
		t.Errorf("matching If-None-Match: %d, %d bytes, ETag %q; want 304, none, %q", status, len(body), header.Get("ETag"), etag)
	}
	if status, _, _ := get(t, cs.URL, "tok", "If-None-Match", `"other", `+strings.TrimPrefix(etag, "W/")); status != http.StatusNotModified {
		t.Errorf("a list holding the strong form of the ETag: %d, want 304", status)
	}
	must(c.CodespacesStopForAuthenticatedUserWithResponse(ctx, cs.Name))(t)
	status, _, header = get(t, cs.URL, "tok", "If-None-Match", etag)
	if status != http.StatusOK || header.Get("ETag") == etag {
		t.Errorf("after a stop: %d with ETag %q; want 200 and a new ETag", status, header.Get("ETag"))
	}

	_, _, header = get(t, base+"/user/codespaces", "tok")
	if status, _, _ := get(t, base+"/user/codespaces", "tok", "If-None-Match", header.Get("ETag")); status != http.StatusNotModified {
		t.Errorf("list with its ETag: %d, want 304", status)
	}
	// Machines of a repository document 304 too; the public key does not.
	machines := base + "/repos/octocat/Hello-World/codespaces/machines?location=WestUs2"
	_, _, header = get(t, machines, "tok")
	if status, _, _ := get(t, machines, "tok", "If-None-Match", header.Get("ETag")); status != http.StatusNotModified {
		t.Errorf("repository machines with their ETag: %d, want 304", status)
	}
	key := base + "/user/codespaces/secrets/public-key"
	_, _, header = get(t, key, "tok")
	if status, _, _ := get(t, key, "tok", "If-None-Match", header.Get("ETag")); status != http.StatusOK {
		t.Errorf("public key with its ETag: %d, want 200: the spec documents no 304 there", status)
	}
	// ETags are per user: another user's identical request is not a 304 of mine.
	if status, _, _ := get(t, cs.URL, "other", "If-None-Match", etag); status != http.StatusNotFound {
		t.Errorf("another user's conditional GET of my codespace: %d, want 404", status)
	}
}

func decode[T any](t testing.TB, body []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("decode %T from %s: %v", v, body, err)
	}
	return v
}

// The lists' bodies; the description declares them inline, so gen has no
// named types for them.
type (
	codespaceList struct {
		TotalCount int             `json:"total_count"`
		Codespaces []gen.Codespace `json:"codespaces"`
	}
	secretList struct {
		TotalCount int                    `json:"total_count"`
		Secrets    []gen.CodespacesSecret `json:"secrets"`
	}
	devcontainerList struct {
		TotalCount    int `json:"total_count"`
		Devcontainers []struct {
			Path string `json:"path"`
		} `json:"devcontainers"`
	}
)

// TestPaginationOutOfRange: GitHub's docs give per_page a default of 30 and
// a maximum of 100, and page a default of 1, and refuse neither: a larger
// per_page is read as 100, a zero or non-numeric one as the default, and a
// page 0 as the first.
func TestPaginationOutOfRange(t *testing.T) {
	_, base := start(t)
	for range 101 {
		status, body, _ := do(t, http.MethodPost, base+"/repos/octocat/Hello-World/codespaces", "Bearer tok", `{}`)
		wantStatus(t, "create", status, http.StatusCreated, body)
	}
	firstOf := func(query string) (names []string, next string) {
		t.Helper()
		status, body, header := get(t, base+"/user/codespaces?"+query, "tok")
		wantStatus(t, query, status, http.StatusOK, body)
		for _, cs := range decode[codespaceList](t, body).Codespaces {
			names = append(names, cs.Name)
		}
		return names, links(header.Get("Link"))["next"]
	}
	for query, want := range map[string]int{"per_page=500": 100, "per_page=100": 100, "per_page=0": 30, "per_page=abc": 30, "": 30} {
		if names, next := firstOf(query); len(names) != want || next == "" {
			t.Errorf("?%s: %d codespaces, next %q; want %d and a next page", query, len(names), next, want)
		}
	}
	first, _ := firstOf("per_page=5")
	zero, _ := firstOf("per_page=5&page=0")
	if strings.Join(zero, ",") != strings.Join(first, ",") {
		t.Errorf("page=0 is not the first page: %v, want %v", zero, first)
	}
}

package client

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/codespaces-go/codespaces/gen"
)

// pager serves n items a page at a time, like GitHub: per_page (default 30)
// and page query parameters, and a Link header to the next and last pages.
type pager struct {
	n    int
	key  string                   // the list's field, such as "codespaces"
	item func(i int) any          // the i-th item (0-based)
	hook func(page int) (ok bool) // if set and false, the page is not served
	mu   sync.Mutex
	got  []string // the query of each request
}

func (p *pager) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.got = append(p.got, r.URL.RawQuery)
	p.mu.Unlock()
	q := r.URL.Query()
	per, page := 30, 1
	if v := q.Get("per_page"); v != "" {
		per, _ = strconv.Atoi(v)
	}
	if v := q.Get("page"); v != "" {
		page, _ = strconv.Atoi(v)
	}
	if p.hook != nil && !p.hook(page) {
		writeError(w, 404, "Not Found")
		return
	}
	last := max(1, (p.n+per-1)/per)
	var items []any
	for i := (page - 1) * per; i < min(page*per, p.n); i++ {
		items = append(items, p.item(i))
	}
	if items == nil {
		items = []any{}
	}
	link := func(pg int) string {
		u := *r.URL
		u.Scheme, u.Host = "http", r.Host
		q := u.Query()
		q.Set("page", strconv.Itoa(pg))
		u.RawQuery = q.Encode()
		return u.String()
	}
	var links []string
	if page < last {
		links = append(links, fmt.Sprintf(`<%s>; rel="next"`, link(page+1)))
	}
	links = append(links, fmt.Sprintf(`<%s>; rel="last"`, link(last)))
	if page > 1 {
		links = append(links, fmt.Sprintf(`<%s>; rel="prev"`, link(page-1)))
	}
	w.Header().Set("Link", strings.Join(links, ", "))
	w.Header().Set("ETag", fmt.Sprintf(`W/"page-%d"`, page))
	w.Header().Set("X-RateLimit-Remaining", strconv.Itoa(5000-page))
	writeJSON(w, 200, map[string]any{"total_count": p.n, p.key: items})
}

func (p *pager) queries() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.got...)
}

func codespaceItem(i int) any {
	return sampleCodespace(fmt.Sprintf("cs-%d", i), gen.CodespaceStateAvailable)
}

func TestListCodespacesThreePages(t *testing.T) {
	p := &pager{n: 7, key: "codespaces", item: codespaceItem}
	mux := http.NewServeMux()
	mux.Handle("GET /user/codespaces", p)
	c, _, _ := newTestClient(t, mux)
	got, err := Collect(c.ListCodespaces(context.Background(), ListCodespacesOptions{ListOptions: ListOptions{PerPage: 3}, RepositoryID: 1296269}))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, cs := range got {
		names = append(names, cs.Name)
	}
	if want := []string{"cs-0", "cs-1", "cs-2", "cs-3", "cs-4", "cs-5", "cs-6"}; !reflect.DeepEqual(names, want) {
		t.Errorf("names %v, want %v", names, want)
	}
	wantQ := []string{"per_page=3&repository_id=1296269", "page=2&per_page=3&repository_id=1296269", "page=3&per_page=3&repository_id=1296269"}
	if q := p.queries(); !reflect.DeepEqual(q, wantQ) {
		t.Errorf("queries %q, want %q", q, wantQ)
	}
}

// TestEveryListPaginates runs each list operation over three pages.
func TestEveryListPaginates(t *testing.T) {
	ctx := context.Background()
	secret := func(i int) any {
		return map[string]any{"name": fmt.Sprintf("S%d", i), "created_at": "2019-08-10T14:59:22Z", "updated_at": "2020-01-10T14:59:22Z",
			"visibility": "all", "selected_repositories_url": "https://api.github.com/user/codespaces/secrets/S/repositories"}
	}
	repo := func(i int) any { r := sampleCodespace("x", "").Repository; r.ID = int64(i); return r }
	dc := func(i int) any { return gen.Devcontainer{Path: fmt.Sprintf(".devcontainer/%d/devcontainer.json", i)} }
	tests := []struct {
		name, pattern, key string
		item               func(int) any
		perPage            string // the per_page the request must carry
		list               func(c *Client) (int, error)
	}{
		{"user codespaces", "GET /user/codespaces", "codespaces", codespaceItem, "3", func(c *Client) (int, error) {
			l, err := Collect(c.ListCodespaces(ctx, ListCodespacesOptions{ListOptions: ListOptions{PerPage: 3}}))
			return len(l), err
		}},
		{"repository codespaces", "GET /repos/octocat/hello-world/codespaces", "codespaces", codespaceItem, "3", func(c *Client) (int, error) {
			l, err := Collect(c.ListRepositoryCodespaces(ctx, "octocat", "hello-world", ListOptions{PerPage: 3}))
			return len(l), err
		}},
		{"secrets", "GET /user/codespaces/secrets", "secrets", secret, "3", func(c *Client) (int, error) {
			l, err := Collect(c.ListSecrets(ctx, ListOptions{PerPage: 3}))
			return len(l), err
		}},
		{"devcontainers", "GET /repos/octocat/hello-world/codespaces/devcontainers", "devcontainers", dc, "3", func(c *Client) (int, error) {
			l, err := Collect(c.ListDevcontainers(ctx, "octocat", "hello-world", ListOptions{PerPage: 3}))
			return len(l), err
		}},
		{"secret repositories", "GET /user/codespaces/secrets/S/repositories", "repositories", repo, "", func(c *Client) (int, error) {
			l, err := Collect(c.ListSecretRepositories(ctx, "S"))
			return len(l), err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &pager{n: 7, key: tt.key, item: tt.item}
			mux := http.NewServeMux()
			mux.Handle(tt.pattern, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tt.perPage == "" && r.URL.Query().Get("per_page") == "" {
					// The operation takes no per_page: page by 3 the way a
					// server might, with its own links.
					q := r.URL.Query()
					q.Set("per_page", "3")
					r.URL.RawQuery = q.Encode()
				}
				p.ServeHTTP(w, r)
			}))
			c, _, _ := newTestClient(t, mux)
			n, err := tt.list(c)
			if err != nil || n != 7 {
				t.Fatalf("listed %d items, error %v; want 7", n, err)
			}
			q := p.queries()
			if len(q) != 3 {
				t.Fatalf("%d requests (%q), want 3", len(q), q)
			}
			if tt.perPage != "" && !strings.Contains(q[0], "per_page="+tt.perPage) {
				t.Errorf("the first request's query %q lacks per_page=%s", q[0], tt.perPage)
			}
		})
	}
}

func TestListStopsOnError(t *testing.T) {
	p := &pager{n: 9, key: "codespaces", item: codespaceItem, hook: func(page int) bool { return page != 2 }}
	c, _, _ := newTestClient(t, p)
	var names []string
	var errs []error
	for cs, err := range c.ListCodespaces(context.Background(), ListCodespacesOptions{ListOptions: ListOptions{PerPage: 3}}) {
		if err != nil {
			errs = append(errs, err)
			continue // the iterator must end by itself
		}
		names = append(names, cs.Name)
	}
	if len(names) != 3 || len(errs) != 1 || !IsNotFound(errs[0]) {
		t.Errorf("got %v and errors %v; want page 1, then the 404 once", names, errs)
	}
	if len(p.queries()) != 2 {
		t.Errorf("%d requests, want 2", len(p.queries()))
	}
}

func TestListStopsWhenTheLoopBreaks(t *testing.T) {
	p := &pager{n: 9, key: "codespaces", item: codespaceItem}
	c, _, _ := newTestClient(t, p)
	n := 0
	for _, err := range c.ListCodespaces(context.Background(), ListCodespacesOptions{ListOptions: ListOptions{PerPage: 3}}) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 4 {
			break
		}
	}
	if q := p.queries(); len(q) != 2 {
		t.Errorf("%d requests after breaking on the 4th item, want 2", len(q))
	}
}

func TestListSinglePage(t *testing.T) {
	p := &pager{n: 2, key: "codespaces", item: codespaceItem}
	c, _, _ := newTestClient(t, p)
	got, err := Collect(c.ListCodespaces(context.Background(), ListCodespacesOptions{}))
	if err != nil || len(got) != 2 {
		t.Fatalf("got %d, %v; want 2 codespaces", len(got), err)
	}
	if q := p.queries(); len(q) != 1 || q[0] != "" {
		t.Errorf("queries %q, want one without parameters", q)
	}
}

func TestListRefusesBadLinks(t *testing.T) {
	tests := []struct {
		name, link, want string
	}{
		{"another origin", `<https://evil.example.com/user/codespaces?page=2>; rel="next"`, "leaves the API"},
		{"back to the first page", `<%s/user/codespaces>; rel="next"`, "leads back to a page already read"},
		{"not a URL", `<http://[::1>; rel="next"`, "not a URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls counter
			var base string
			c, _, srv := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				calls.add(r)
				link := tt.link
				if strings.Contains(link, "%s") {
					link = fmt.Sprintf(link, base)
				}
				w.Header().Set("Link", link)
				writeJSON(w, 200, map[string]any{"total_count": 1, "codespaces": []any{codespaceItem(0)}})
			}))
			base = srv.URL
			got, err := Collect(c.ListCodespaces(context.Background(), ListCodespacesOptions{}))
			if len(got) != 1 || err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %d items and %v; want 1 and an error saying %q", len(got), err, tt.want)
			}
			if n := calls.get("GET /user/codespaces"); n != 1 {
				t.Errorf("%d requests, want 1", n)
			}
		})
	}
}

func TestListEmptyPageEnds(t *testing.T) {
	var calls counter
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := calls.add(r)
		w.Header().Set("Link", fmt.Sprintf(`<http://%s/user/codespaces?page=%d>; rel="next"`, r.Host, n+1))
		writeJSON(w, 200, map[string]any{"total_count": 0, "codespaces": []any{}})
	}))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second) // fail, not hang, if the list never ends
	defer cancel()
	got, err := Collect(c.ListCodespaces(ctx, ListCodespacesOptions{}))
	if len(got) != 0 || err != nil || calls.get("GET /user/codespaces") != 1 {
		t.Errorf("got %d, %v after %d requests; want an empty list after 1", len(got), err, calls.get("GET /user/codespaces"))
	}
}

func TestListBadArguments(t *testing.T) {
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("a request was sent: %s %s", r.Method, r.URL)
	}))
	ctx := context.Background()
	checks := map[string]error{}
	_, checks["per page 101"] = Collect(c.ListCodespaces(ctx, ListCodespacesOptions{ListOptions: ListOptions{PerPage: 101}}))
	_, checks["per page -1"] = Collect(c.ListSecrets(ctx, ListOptions{PerPage: -1}))
	_, checks["no owner"] = Collect(c.ListRepositoryCodespaces(ctx, "", "r", ListOptions{}))
	_, checks["no repo"] = Collect(c.ListDevcontainers(ctx, "o", "", ListOptions{}))
	_, checks["no secret"] = Collect(c.ListSecretRepositories(ctx, ""))
	for name, err := range checks {
		if err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if err := checks["per page 101"]; err != nil && err.Error() != "codespaces/list-for-authenticated-user: per page must be between 1 and 100, not 101" {
		t.Errorf("per page 101: %v", err)
	}
}

func TestListDecodeError(t *testing.T) {
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"total_count":1,"codespaces":{}}`))
	}))
	_, err := Collect(c.ListCodespaces(context.Background(), ListCodespacesOptions{}))
	var de *DecodeError
	if !errors.As(err, &de) || de.Operation != "codespaces/list-for-authenticated-user" {
		t.Errorf("got %v, want a *DecodeError of the list", err)
	}
}

// TestNextPageWithTheDefaultPort: GitHub's links never spell the default
// port, so a base URL that does must still accept them, and the token must
// go along to page two.
func TestNextPageWithTheDefaultPort(t *testing.T) {
	var pages []string
	var auth []string
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		pages = append(pages, r.URL.String())
		auth = append(auth, r.Header.Get("Authorization"))
		rec := httptest.NewRecorder()
		if r.URL.Query().Get("page") == "" {
			rec.Header().Set("Link", `<https://api.github.com/user/codespaces?page=2>; rel="next"`)
		}
		writeJSON(rec, 200, map[string]any{"total_count": 2, "codespaces": []any{codespaceItem(len(pages))}})
		resp := rec.Result()
		resp.Request = r
		return resp, nil
	})}
	c, err := New(WithBaseURL("https://api.github.com:443"), WithToken(testToken), WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	got, err := Collect(c.ListCodespaces(context.Background(), ListCodespacesOptions{}))
	if err != nil || len(got) != 2 {
		t.Fatalf("got %d codespaces and %v, want both pages", len(got), err)
	}
	if want := []string{"https://api.github.com:443/user/codespaces", "https://api.github.com/user/codespaces?page=2"}; !reflect.DeepEqual(pages, want) {
		t.Errorf("requests %q, want %q", pages, want)
	}
	if auth[1] != "Bearer "+testToken {
		t.Errorf("page two went without the token")
	}
}

// TestPages: each list also comes a page at a time, with total_count, the
// page's number and its answer (ETag, rate limit), from a page given.
func TestPages(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name, pattern, key string
		item               func(int) any
		pages              func(c *Client, start int) []summary
	}{
		{"user codespaces", "GET /user/codespaces", "codespaces", codespaceItem, func(c *Client, start int) []summary {
			return summarize(t, c.ListCodespacesPages(ctx, ListCodespacesOptions{ListOptions: ListOptions{PerPage: 3, Page: start}}))
		}},
		{"repository codespaces", "GET /repos/o/r/codespaces", "codespaces", codespaceItem, func(c *Client, start int) []summary {
			return summarize(t, c.ListRepositoryCodespacesPages(ctx, "o", "r", ListOptions{PerPage: 3, Page: start}))
		}},
		{"secrets", "GET /user/codespaces/secrets", "secrets", func(i int) any { return map[string]any{"name": fmt.Sprint("S", i)} }, func(c *Client, start int) []summary {
			return summarize(t, c.ListSecretsPages(ctx, ListOptions{PerPage: 3, Page: start}))
		}},
		{"devcontainers", "GET /repos/o/r/codespaces/devcontainers", "devcontainers", func(i int) any { return gen.Devcontainer{Path: fmt.Sprint(i)} }, func(c *Client, start int) []summary {
			return summarize(t, c.ListDevcontainersPages(ctx, "o", "r", ListOptions{PerPage: 3, Page: start}))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &pager{n: 7, key: tt.key, item: tt.item}
			mux := http.NewServeMux()
			mux.Handle(tt.pattern, p)
			c, _, _ := newTestClient(t, mux)
			want := []summary{{3, 7, 1, `W/"page-1"`, 4999}, {3, 7, 2, `W/"page-2"`, 4998}, {1, 7, 3, `W/"page-3"`, 4997}}
			if got := tt.pages(c, 0); !reflect.DeepEqual(got, want) {
				t.Errorf("pages %+v, want %+v", got, want)
			}
			if got := tt.pages(c, 2); !reflect.DeepEqual(got, want[1:]) {
				t.Errorf("from page 2: %+v, want %+v", got, want[1:])
			}
			if q := p.queries(); !strings.Contains(q[3], "page=2") {
				t.Errorf("the list from page 2 asked for %q", q[3])
			}
		})
	}
	t.Run("secret repositories", func(t *testing.T) {
		repo := func(i int) any { r := sampleCodespace("x", "").Repository; r.ID = int64(i); return r }
		p := &pager{n: 2, key: "repositories", item: repo}
		c, _, _ := newTestClient(t, p)
		if got := summarize(t, c.ListSecretRepositoriesPages(ctx, "S")); !reflect.DeepEqual(got, []summary{{2, 2, 1, `W/"page-1"`, 4999}}) {
			t.Errorf("pages %+v", got)
		}
		if _, err := Collect(itemsOf(c.ListSecretRepositoriesPages(ctx, ""))); err == nil {
			t.Error("no error for an empty secret name")
		}
	})
	t.Run("bad start", func(t *testing.T) {
		c, _, _ := newTestClient(t, http.NotFoundHandler())
		_, err := Collect(c.ListCodespaces(ctx, ListCodespacesOptions{ListOptions: ListOptions{Page: -1}}))
		if err == nil || err.Error() != "codespaces/list-for-authenticated-user: the page to start at counts from 1, not -1" {
			t.Errorf("got %v", err)
		}
	})
}

// summary is what TestPages checks of a page.
type summary struct {
	Items, Total, Number int
	ETag                 string
	Remaining            int
}

func summarize[T any](t *testing.T, pages iter.Seq2[*Page[T], error]) []summary {
	t.Helper()
	var out []summary
	for page, err := range pages {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, summary{len(page.Items), page.TotalCount, page.Number, page.Response.ETag, page.Response.RateLimit.Remaining})
	}
	return out
}

// endlessList serves a list whose every page links onward with a new URL
// (?page=1&x=N), as in issue 18, for at most 1,000 requests. page gives the
// n-th answer's items (n from 0) and total_count.
type endlessList struct {
	mu   sync.Mutex
	n    int
	page func(n int) ([]gen.Codespace, int)
}

func (e *endlessList) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	n := e.n
	e.n++
	e.mu.Unlock()
	if n >= 1000 {
		writeJSON(w, 200, codespaceList{Codespaces: []gen.Codespace{}})
		return
	}
	items, total := e.page(n)
	w.Header().Set("Link", fmt.Sprintf(`<http://%s/user/codespaces?page=1&x=%d>; rel="next"`, r.Host, n+1))
	writeJSON(w, 200, codespaceList{Codespaces: items, TotalCount: total})
}

func (e *endlessList) requests() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.n
}

func codespacesNamed(names ...string) []gen.Codespace {
	var out []gen.Codespace
	for _, name := range names {
		out = append(out, sampleCodespace(name, gen.CodespaceStateAvailable))
	}
	return out
}

// TestListEndsWithoutProgress is issue 18's acceptance test: a next link
// that changes on every page ends the list with an error that names what
// happened, within 1,000 requests, whether the pages repeat themselves or
// bring more items than total_count allows.
func TestListEndsWithoutProgress(t *testing.T) {
	for _, tt := range []struct {
		name      string
		page      func(n int) ([]gen.Codespace, int)
		want      string
		wantItems int
		requests  int
	}{
		{"the same page again and again", func(int) ([]gen.Codespace, int) { return codespacesNamed("a", "b"), 40 },
			"adds nothing: its 2 items all came on earlier pages", 2, 2},
		{"new items past total_count", func(n int) ([]gen.Codespace, int) { return codespacesNamed(fmt.Sprint("cs-", n)), 5 },
			"brings the list to 6 items, more than its total_count of 5", 5, 6},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := &endlessList{page: tt.page}
			c, _, _ := newTestClient(t, srv)
			got, err := Collect(c.ListCodespaces(context.Background(), ListCodespacesOptions{}))
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "codespaces/list-for-authenticated-user: the page at http://") {
				t.Errorf("got %v, want an error saying %q", err, tt.want)
			}
			if len(got) != tt.wantItems || srv.requests() != tt.requests {
				t.Errorf("%d items in %d requests, want %d in %d", len(got), srv.requests(), tt.wantItems, tt.requests)
			}
		})
	}
}

// TestListToleratesChangeWhileRead: items that shift across pages while the
// list is read (one added at the front repeats an item on the next page, and
// total_count grows) are no reason to fail.
func TestListToleratesChangeWhileRead(t *testing.T) {
	pages := [][]string{{"c", "b"}, {"b", "a"}} // "c" created between the two reads
	srv := &endlessList{page: func(n int) ([]gen.Codespace, int) {
		if n >= len(pages) {
			return []gen.Codespace{}, 3
		}
		return codespacesNamed(pages[n]...), 2 + n
	}}
	c, _, _ := newTestClient(t, srv)
	got, err := Collect(c.ListCodespaces(context.Background(), ListCodespacesOptions{}))
	if err != nil || len(got) != 4 {
		t.Errorf("got %d items, %v; want the 4 served and no error", len(got), err)
	}
}

// TestItemIDs: what tells a list's items apart. Two devcontainer
// configurations may share a path under different names.
func TestItemIDs(t *testing.T) {
	name := "python"
	ids := map[string]bool{}
	for _, d := range []gen.Devcontainer{{Path: ".devcontainer/devcontainer.json"}, {Path: ".devcontainer/devcontainer.json", Name: &name}} {
		ids[devcontainerID(&d)] = true
	}
	ids[repositoryID(&gen.MinimalRepository{ID: 1296269})] = true
	ids[codespaceID(&gen.Codespace{Name: "x"})] = true
	if len(ids) != 4 {
		t.Errorf("ids %v, want 4 distinct", ids)
	}
}

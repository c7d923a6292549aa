package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/codespaces-go/codespaces/gen"
)

// versioned serves each codespace GET with an ETag of its version, 304 to
// a GET that names it, and counts both answers.
type versioned struct {
	mu          sync.Mutex
	version     map[string]int
	full, n304  int
	conditional []string // If-None-Match of each GET
	remaining   int
}

func (v *versioned) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	v.mu.Lock()
	defer v.mu.Unlock()
	name := r.PathValue("name")
	ver, ok := v.version[name]
	if !ok {
		writeError(w, 404, "Not Found")
		return
	}
	v.remaining--
	w.Header().Set("X-RateLimit-Remaining", fmt.Sprint(v.remaining))
	etag := fmt.Sprintf(`"%s-%d"`, name, ver)
	w.Header().Set("ETag", etag)
	v.conditional = append(v.conditional, r.Header.Get("If-None-Match"))
	if r.Header.Get("If-None-Match") == etag {
		v.n304++
		w.WriteHeader(http.StatusNotModified)
		return
	}
	v.full++
	writeJSON(w, 200, sampleCodespace(name, stateOf(ver)))
}

// stateOf names a state per version, so that a change shows.
func stateOf(ver int) gen.CodespaceState {
	return []gen.CodespaceState{"Provisioning", "Available", "Shutdown"}[ver%3]
}

func newVersioned(t *testing.T, entries int, names ...string) (*Client, *versioned) {
	v := &versioned{version: map[string]int{}, remaining: 5000}
	for _, n := range names {
		v.version[n] = 0
	}
	mux := http.NewServeMux()
	mux.Handle("GET /user/codespaces/{name}", v)
	opts := []Option{}
	if entries > 0 {
		opts = append(opts, withETagCache(entries))
	}
	c, _, _ := newTestClient(t, mux, opts...)
	return c, v
}

func TestETagCache(t *testing.T) {
	ctx := context.Background()
	c, v := newVersioned(t, 8, "x")
	for i := range 3 {
		cs, err := c.GetCodespace(ctx, "x")
		if err != nil || cs.Name != "x" || cs.State != "Provisioning" {
			t.Fatalf("read %d: %v, %v", i, cs, err)
		}
	}
	if v.full != 1 || v.n304 != 2 || v.conditional[1] != `"x-0"` {
		t.Errorf("%d full answers and %d 304s (If-None-Match %q), want 1 and 2", v.full, v.n304, v.conditional)
	}
	if rl, _ := c.RateLimit(); rl.Remaining != 4997 {
		t.Errorf("RateLimit().Remaining = %d, want the 304's 4997", rl.Remaining)
	}
	var r Response
	if _, err := c.GetCodespace(ctx, "x", SaveResponse(&r)); err != nil || r.StatusCode != 200 || r.RateLimit.Remaining != 4996 || r.ETag != `"x-0"` {
		t.Errorf("a replayed answer: %v, saved %+v", err, r)
	}

	v.mu.Lock()
	v.version["x"] = 1
	v.mu.Unlock()
	if cs, err := c.GetCodespace(ctx, "x"); err != nil || cs.State != "Available" {
		t.Errorf("after a change: %v, %v; want the new state", cs, err)
	}

	// The caller's own condition passes through, and its 304 reaches it.
	if _, err := c.GetCodespace(ctx, "x", IfNoneMatch(`"x-1"`)); !errors.Is(err, ErrNotModified) {
		t.Errorf("the caller's If-None-Match: %v, want ErrNotModified", err)
	}

	// A 404 forgets the URL.
	v.mu.Lock()
	delete(v.version, "x")
	v.mu.Unlock()
	if _, err := c.GetCodespace(ctx, "x"); !IsNotFound(err) {
		t.Errorf("got %v, want the 404", err)
	}
	v.mu.Lock()
	v.version["x"] = 1
	v.conditional = nil
	v.mu.Unlock()
	if _, err := c.GetCodespace(ctx, "x"); err != nil || v.conditional[0] != "" {
		t.Errorf("after the 404: %v, If-None-Match %q; want an unconditional GET", err, v.conditional)
	}
}

func TestETagCacheEvictsTheLeastRecentlyUsed(t *testing.T) {
	ctx := context.Background()
	c, v := newVersioned(t, 2, "a", "b", "c")
	for _, name := range []string{"a", "b", "a", "c", "b", "a"} {
		if _, err := c.GetCodespace(ctx, name); err != nil {
			t.Fatal(err)
		}
	}
	// a and b kept; a read again (a 304) becomes the most recent, so c
	// pushes b out; b, read again, pushes a out; a's last read is
	// unconditional again.
	want := []string{"", "", `"a-0"`, "", "", ""}
	if got := v.conditional; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("If-None-Match %q, want %q", got, want)
	}
}

func TestWithoutETagCacheNothingIsConditional(t *testing.T) {
	c, v := newVersioned(t, 0, "x")
	for range 2 {
		if _, err := c.GetCodespace(context.Background(), "x"); err != nil {
			t.Fatal(err)
		}
	}
	if v.full != 2 || v.n304 != 0 {
		t.Errorf("%d full answers and %d 304s, want 2 and 0", v.full, v.n304)
	}
}

// withETagCache adds an ETagCache of entries under the Client, as users do.
func withETagCache(entries int) Option {
	return WithHTTPClient(&http.Client{Transport: &ETagCache{MaxEntries: entries}})
}

// TestETagCacheZeroValue: a zero ETagCache caches, DefaultETagCacheEntries
// answers, and keeps answers apart per credential: one user's kept answer
// is never replayed to another.
func TestETagCacheZeroValue(t *testing.T) {
	v := &versioned{version: map[string]int{"x": 0}, remaining: 5000}
	mux := http.NewServeMux()
	mux.Handle("GET /user/codespaces/{name}", v)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	cache := &ETagCache{}
	for _, token := range []string{"ghp_first", "ghp_second", "ghp_first"} {
		c, err := New(WithBaseURL(srv.URL), WithToken(token), WithHTTPClient(&http.Client{Transport: cache}))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.GetCodespace(context.Background(), "x"); err != nil {
			t.Fatal(err)
		}
	}
	if v.full != 2 || v.n304 != 1 {
		t.Errorf("%d full answers and %d 304s, want 2 (one per token) and 1", v.full, v.n304)
	}
}

// TestETagCacheLists: a list read again costs 304s for every page.
func TestETagCacheLists(t *testing.T) {
	p := &pager{n: 5, key: "codespaces", item: codespaceItem}
	var n304 int
	var mu sync.Mutex
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The pager tags each page W/"page-N".
		etag := fmt.Sprintf(`W/"page-%d"`, max(1, atoi(r.URL.Query().Get("page"))))
		if r.Header.Get("If-None-Match") == etag {
			mu.Lock()
			n304++
			mu.Unlock()
			w.WriteHeader(http.StatusNotModified)
			return
		}
		p.ServeHTTP(w, r)
	}), withETagCache(16))
	for range 2 {
		got, err := Collect(c.ListCodespaces(context.Background(), ListCodespacesOptions{ListOptions: ListOptions{PerPage: 2}}))
		if err != nil || len(got) != 5 {
			t.Fatalf("got %d, %v", len(got), err)
		}
	}
	if n304 != 3 {
		t.Errorf("%d 304s, want the second reading's 3 pages", n304)
	}
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// TestETagCacheSkips: writes, large answers and answers without an ETag are
// not kept.
func TestETagCacheSkips(t *testing.T) {
	var conditional []string
	var mu sync.Mutex
	big := strings.Repeat("x", maxCachedBody)
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		conditional = append(conditional, r.Method+" "+r.URL.Path+" "+r.Header.Get("If-None-Match"))
		mu.Unlock()
		switch r.URL.Path {
		case "/user/codespaces/big":
			w.Header().Set("ETag", `"big"`)
			cs := sampleCodespace("big", "Available")
			cs.RecentFolders = []string{big}
			writeJSON(w, 200, cs)
		case "/user/codespaces/untagged":
			okCodespace(w, r)
		default:
			w.Header().Set("ETag", `"w"`)
			okCodespace(w, r)
		}
	}), withETagCache(4))
	ctx := context.Background()
	for range 2 {
		if cs, err := c.GetCodespace(ctx, "big"); err != nil || len(cs.RecentFolders[0]) != len(big) {
			t.Fatalf("big: %v", err)
		}
		if _, err := c.GetCodespace(ctx, "untagged"); err != nil {
			t.Fatal(err)
		}
		if _, err := c.StartCodespace(ctx, "w"); err != nil {
			t.Fatal(err)
		}
	}
	for _, line := range conditional {
		if !strings.HasSuffix(line, " ") {
			t.Errorf("a conditional request: %q", line)
		}
	}
}

func TestETagCacheConcurrent(t *testing.T) {
	c, v := newVersioned(t, 4, "a", "b", "c", "d", "e")
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Go(func() {
			name := string(rune('a' + i%5))
			if cs, err := c.GetCodespace(context.Background(), name); err != nil || cs.Name != name {
				t.Errorf("%s: %v, %v", name, cs, err)
			}
		})
	}
	wg.Wait()
	if v.full+v.n304 != 40 {
		t.Errorf("%d answers, want 40", v.full+v.n304)
	}
}

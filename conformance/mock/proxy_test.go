package mock_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"

	"github.com/codespaces-go/codespaces/conformance/mock"
	"github.com/codespaces-go/codespaces/internal/linkheader"
)

// TestPaginationBehindAReverseProxy puts httputil.ReverseProxy between a
// plain net/http client and the mock and pages through a list by its Link
// headers: every URL in the answers must lead back through the proxy. The
// proxy reports its address in X-Forwarded-Host (no configuration), or
// serves the API under a path the mock is told of with WithBaseURL, which
// it either strips or forwards.
func TestPaginationBehindAReverseProxy(t *testing.T) {
	for _, tc := range []struct {
		name   string
		prefix string // where the proxy serves the API
		strip  bool   // whether the proxy strips the prefix before the mock
	}{
		{"X-Forwarded-Host", "", false},
		{"public URL with a path, stripped", "/github", true},
		{"public URL with a path, forwarded", "/github", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// The proxy's address comes first: the mock may need to know it.
			proxy := httptest.NewServer(nil)
			defer proxy.Close()
			var opts []mock.Option
			if tc.prefix != "" {
				opts = append(opts, mock.WithBaseURL(proxy.URL+tc.prefix))
			}
			_, target := start(t, opts...) // fails the test on any violation of the spec
			upstream, err := url.Parse(target)
			if err != nil {
				t.Fatal(err)
			}
			proxy.Config.Handler = &httputil.ReverseProxy{Rewrite: func(pr *httputil.ProxyRequest) {
				pr.SetURL(upstream)
				pr.SetXForwarded()
				if tc.strip {
					pr.Out.URL.Path = strings.TrimPrefix(pr.In.URL.Path, tc.prefix)
					pr.Out.URL.RawPath = ""
				}
			}}

			c := client(t, proxy.URL+tc.prefix, "tok")
			const n = 5
			for range n {
				createInRepo(t, c)
			}
			next := proxy.URL + tc.prefix + "/user/codespaces?per_page=2"
			var names []string
			for pages := 0; next != ""; pages++ {
				if pages > n {
					t.Fatalf("more pages than codespaces: the Links loop (%s)", next)
				}
				if !strings.HasPrefix(next, proxy.URL+tc.prefix+"/") {
					t.Fatalf("Link %s does not lead through the proxy at %s", next, proxy.URL+tc.prefix)
				}
				status, body, header := get(t, next, "tok")
				wantStatus(t, next, status, http.StatusOK, body)
				var page codespaceList
				if err := json.Unmarshal(body, &page); err != nil {
					t.Fatal(err)
				}
				for _, cs := range page.Codespaces {
					names = append(names, cs.Name)
					if !strings.HasPrefix(cs.URL, proxy.URL+tc.prefix+"/user/codespaces/") || !strings.HasPrefix(cs.MachinesURL, proxy.URL+tc.prefix+"/") {
						t.Errorf("url %s, machines_url %s: not through the proxy", cs.URL, cs.MachinesURL)
					}
				}
				next = ""
				links, err := linkheader.ParseStrict(header.Get("Link"))
				if header.Get("Link") != "" && err != nil {
					t.Fatal(err)
				}
				for _, l := range links {
					for _, rel := range l.Rels {
						if rel == "next" {
							next = l.URL
						}
					}
				}
			}
			if len(names) != n {
				t.Errorf("paged through %d codespaces, want %d: %v", len(names), n, names)
			}
		})
	}
}

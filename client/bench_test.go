package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/codespaces-go/codespaces/gen"
)

// BenchmarkList100Codespaces lists one page of 100 full codespaces (about
// 1.2 MB of JSON) through the wrapper's iterator, and the same request made
// with bare net/http and encoding/json, against the same server in the same
// run. The wrapper's overhead is the ratio of the two.
func BenchmarkList100Codespaces(b *testing.B) {
	list := codespaceList{TotalCount: 100}
	for i := range 100 {
		list.Codespaces = append(list.Codespaces, sampleCodespace(fmt.Sprintf("codespace-%03d", i), gen.CodespaceStateAvailable))
	}
	page, err := json.Marshal(list)
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("X-RateLimit-Limit", "5000")
		w.Header().Set("X-RateLimit-Remaining", "4999")
		w.Header().Set("X-RateLimit-Reset", "1700000000")
		_, _ = w.Write(page)
	}))
	defer srv.Close()
	ctx := context.Background()

	b.Run("bare", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(page)))
		hc := &http.Client{}
		for b.Loop() {
			var got codespaceList
			bareGet(b, hc, srv.URL+"/user/codespaces?per_page=100", &got)
			n := 0
			for i := range got.Codespaces {
				n += len(got.Codespaces[i].Name)
			}
			if n == 0 {
				b.Fatal("no codespaces")
			}
		}
	})

	b.Run("wrapper", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(page)))
		c, err := New(WithBaseURL(srv.URL), WithToken(testToken))
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			n := 0
			for cs, err := range c.ListCodespaces(ctx, ListCodespacesOptions{PerPage: 100}) {
				if err != nil {
					b.Fatal(err)
				}
				n += len(cs.Name)
			}
			if n == 0 {
				b.Fatal("no codespaces")
			}
		}
	})
}

// BenchmarkGetCodespace is the same comparison for one small answer, where
// the wrapper's fixed costs (header copy, retry layer, rate-limit parsing,
// typed error path) weigh the most.
func BenchmarkGetCodespace(b *testing.B) {
	body, err := json.Marshal(sampleCodespace("x", gen.CodespaceStateAvailable))
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("X-RateLimit-Remaining", "4999")
		_, _ = w.Write(body)
	}))
	defer srv.Close()
	ctx := context.Background()

	b.Run("bare", func(b *testing.B) {
		b.ReportAllocs()
		hc := &http.Client{}
		for b.Loop() {
			var cs gen.Codespace
			if bareGet(b, hc, srv.URL+"/user/codespaces/x", &cs); cs.Name != "x" {
				b.Fatal("no codespace")
			}
		}
	})
	b.Run("wrapper", func(b *testing.B) {
		b.ReportAllocs()
		c, err := New(WithBaseURL(srv.URL), WithToken(testToken))
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if cs, err := c.GetCodespace(ctx, "x"); err != nil || cs.Name != "x" {
				b.Fatal(err)
			}
		}
	})
}

// bareGet is the baseline: the request the wrapper makes, done by hand with
// net/http and encoding/json, decoding into v.
func bareGet(b *testing.B, hc *http.Client, url string, v any) {
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+testToken)
	req.Header.Set("Accept", "application/vnd.github+json")
	req.Header.Set("X-GitHub-Api-Version", DefaultAPIVersion)
	resp, err := hc.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	err = json.NewDecoder(resp.Body).Decode(v)
	_ = resp.Body.Close()
	if err != nil || resp.StatusCode != 200 {
		b.Fatal(resp.Status, err)
	}
}

package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/codespaces-go/codespaces/gen"
)

// BenchmarkList100Codespaces lists one page of 100 full codespaces (about
// 1.2 MB of JSON) through the wrapper's iterator, and the same request made
// with bare net/http and encoding/json, against the same server in the same
// run. The wrapper's overhead is the ratio of the two.
func BenchmarkList100Codespaces(b *testing.B) {
	page := pageOf100Codespaces(b)
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
			for cs, err := range c.ListCodespaces(ctx, ListCodespacesOptions{ListOptions: ListOptions{PerPage: 100}}) {
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

// pageOf100Codespaces is the JSON of a list's page of 100 full codespaces.
func pageOf100Codespaces(b *testing.B) []byte {
	list := codespaceList{TotalCount: 100}
	for i := range 100 {
		list.Codespaces = append(list.Codespaces, sampleCodespace(fmt.Sprintf("codespace-%03d", i), gen.CodespaceStateAvailable))
	}
	page, err := json.Marshal(list)
	if err != nil {
		b.Fatal(err)
	}
	return page
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

// BenchmarkWaitForProvisioning waits for a codespace that provisions for
// 60 s, with every duration compressed 100-fold (600 ms of real time, polls
// every 10 to 100 ms for the waiter's 1 to 10 s), on a real clock against a
// server that answers conditional GETs with 304 as GitHub does. It reports
// the answers that cost rate limit (non-304) and how late Available was
// seen, for WaitForCodespace and, in the same run, for a plain 1 s ticker
// (10 ms here) that GETs without If-None-Match. Goal (issue 10): at most 2
// non-304 answers, and Available seen within one poll interval.
func BenchmarkWaitForProvisioning(b *testing.B) {
	const (
		scale     = 100
		provision = 60 * time.Second / scale
		minPoll   = DefaultMinInterval / scale
		maxPoll   = DefaultMaxInterval / scale
		tick      = time.Second / scale
	)
	serve := func() (*httptest.Server, *atomic.Int64, *atomic.Int64, func() time.Time) {
		var full, notModified atomic.Int64
		var readyAt atomic.Int64
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Unix(0, readyAt.Load()).Add(-provision)
			state := gen.CodespaceStateProvisioning
			if time.Since(start) >= provision {
				state = gen.CodespaceStateAvailable
			}
			etag := `"` + string(state) + `"`
			w.Header().Set("ETag", etag)
			if r.Header.Get("If-None-Match") == etag {
				notModified.Add(1)
				w.WriteHeader(http.StatusNotModified)
				return
			}
			full.Add(1)
			writeJSON(w, 200, sampleCodespace("x", state))
		}))
		readyAt.Store(time.Now().Add(provision).UnixNano())
		return srv, &full, &notModified, func() time.Time { return time.Unix(0, readyAt.Load()) }
	}
	ctx := context.Background()
	var waiterFull, waiter304, tickerFull int64
	var waiterLate, tickerLate time.Duration
	for b.Loop() {
		srv, full, notModified, ready := serve()
		c, err := New(WithBaseURL(srv.URL), WithToken(testToken))
		if err != nil {
			b.Fatal(err)
		}
		cs, err := c.WaitForCodespace(ctx, "x", WaitOptions{PollOptions: PollOptions{MinInterval: minPoll, MaxInterval: maxPoll}})
		late := time.Since(ready())
		srv.Close()
		if err != nil || cs.State != gen.CodespaceStateAvailable {
			b.Fatal(cs, err)
		}
		waiterFull, waiter304, waiterLate = waiterFull+full.Load(), waiter304+notModified.Load(), waiterLate+late

		srv, full, _, ready = serve()
		hc := &http.Client{}
		t := time.NewTicker(tick)
		for range t.C {
			var got gen.Codespace
			bareGet(b, hc, srv.URL+"/user/codespaces/x", &got)
			if got.State == gen.CodespaceStateAvailable {
				break
			}
		}
		t.Stop()
		tickerLate += time.Since(ready())
		srv.Close()
		tickerFull += full.Load()
	}
	n := float64(b.N)
	b.ReportMetric(float64(waiterFull)/n, "waiter-non304/op")
	b.ReportMetric(float64(waiter304)/n, "waiter-304/op")
	b.ReportMetric(float64(tickerFull)/n, "ticker-non304/op")
	b.ReportMetric(float64(waiterLate.Milliseconds())/n, "waiter-late-ms/op")
	b.ReportMetric(float64(tickerLate.Milliseconds())/n, "ticker-late-ms/op")
	if float64(waiterFull)/n > 2 {
		b.Errorf("the waiter needed %.1f non-304 answers a wait, want at most 2", float64(waiterFull)/n)
	}
	if waiterLate/time.Duration(b.N) > maxPoll {
		b.Errorf("the waiter saw Available %v late on average, want within one poll interval (%v)", waiterLate/time.Duration(b.N), maxPoll)
	}
}

package mock_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"

	"github.com/codespaces-go/codespaces/conformance/mock"
)

// liveHeap is the heap in use after a collection.
func liveHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestReportStaysSmallUnderHugeUniqueNames: issue 18 sent 200 requests with
// a 500 kB parameter name each; the report kept every name whole, RSS went
// from 24 to 331 MB and GET /_mock/report was 200 MB. Undocumented names are
// now one entry per operation with a count and a few examples cut short.
func TestReportStaysSmallUnderHugeUniqueNames(t *testing.T) {
	srv := mock.New()
	h := srv.Handler()
	serve := func(method, target, body string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, target, strings.NewReader(body))
		req.Header.Set("User-Agent", "t")
		req.Header.Set("Authorization", "Bearer t")
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	serve(http.MethodGet, "/user/codespaces", "") // octocat, the verdict memory and the report's maps exist
	before := liveHeap()
	const names = 200
	size := 500 << 10
	if raceEnabled {
		size = 50 << 10 // the race detector makes reading each name some ten times dearer
	}
	for i := range names {
		name := fmt.Sprintf("n%03d%s", i, strings.Repeat("x", size))
		var rec *httptest.ResponseRecorder
		if i%2 == 0 {
			rec = serve(http.MethodGet, "/user/codespaces?"+name+"=1", "")
		} else {
			rec = serve(http.MethodPatch, "/user/codespaces/nope", `{"`+name+`":1}`)
		}
		if rec.Code >= 500 {
			t.Fatalf("request %d answered %d", i, rec.Code)
		}
	}
	grown := int64(liveHeap()) - int64(before)

	for _, target := range []string{mock.ReportPath, mock.ReportPath + "?format=markdown"} {
		rec := serve(http.MethodGet, target, "")
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s answered %d", target, rec.Code)
		}
		t.Logf("GET %s: %d bytes", target, rec.Body.Len())
		if got := rec.Body.Len(); got > 64<<10 {
			t.Errorf("GET %s is %d bytes after %d names of %d kB, want under 64 KiB", target, got, names, size>>10)
		}
		if !bytes.Contains(rec.Body.Bytes(), []byte("n000xxxx")) {
			t.Errorf("GET %s lost the examples of the names", target)
		}
	}
	t.Logf("live heap grew by %d kB", grown>>10)
	if grown > 8<<20 {
		t.Errorf("the live heap grew by %d MB over %d names of %d kB, want under 8 MB", grown>>20, names, size>>10)
	}
	var totals int
	for _, v := range srv.Report().Violations() {
		if v.Extra {
			totals += v.Count
			if len(v.Examples) > 5 {
				t.Errorf("an entry keeps %d examples, want at most 5", len(v.Examples))
			}
		}
	}
	if totals != names {
		t.Errorf("the report counted %d undocumented names, want %d", totals, names)
	}
}

package mock

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// The soak's knobs. It runs only as a benchmark, so never in go test ./...:
//
//	go test ./conformance/mock -run '^$' -bench Soak -benchtime 1x
//	go test ./conformance/mock -run '^$' -bench Soak -benchtime 1x -soak.jobs 1000 -soak.limit 10s
var (
	soakJobs    = flag.Int("soak.jobs", 100_000, "CI jobs the soak plays, each with a fresh token and ten requests")
	soakLimit   = flag.Duration("soak.limit", 6*time.Minute, "how long the soak may run; it stops there, however many jobs are left")
	soakWorkers = flag.Int("soak.workers", 8, "jobs played at once")
	soakQuick   = flag.Bool("soak.quick", false, "two reads a job instead of ten, to reach many tokens sooner")
)

// BenchmarkSoak serves the mock on loopback (Serve, as `conformance serve`
// does) and plays CI jobs against it, each with a token of its own, as a CI
// system that hands out a token per job: ten requests a job, reads of every
// kind, a 404, and for one job in five a codespace created, read, read
// again conditionally, stopped and deleted. It reports the requests per
// second and, before, during and after, the RSS of the process (the load
// generator included) and the live heap after a collection, and fails on
// any 5xx or transport error.
func BenchmarkSoak(b *testing.B) {
	for range b.N {
		soak(b)
	}
}

type soakSample struct {
	at       string
	requests int64
	rss      uint64 // bytes; 0 where /proc/self/status is not there
	heap     uint64 // live heap after a collection
	users    int
}

func soak(b *testing.B) {
	srv := New(WithOctocatToken("octocat-of-the-soak"))
	base, stop := srv.Start()
	defer stop()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *soakWorkers}, Timeout: time.Minute}

	var requests, failures atomic.Int64
	var firstFailure atomic.Value
	fail := func(err error) {
		if failures.Add(1) == 1 {
			firstFailure.Store(err.Error())
		}
	}
	do := func(token, method, path, body string, header ...string) (int, http.Header, []byte) {
		req, err := http.NewRequest(method, base+path, strings.NewReader(body))
		if err != nil {
			fail(err)
			return 0, nil, nil
		}
		req.Header.Set("User-Agent", "soak")
		req.Header.Set("Authorization", "Bearer "+token)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		requests.Add(1)
		resp, err := client.Do(req)
		if err != nil {
			fail(err)
			return 0, nil, nil
		}
		data, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode >= 500 {
			fail(fmt.Errorf("%s %s: %d %v", method, path, resp.StatusCode, err))
		}
		return resp.StatusCode, resp.Header, data
	}
	job := func(n int) {
		token := "ci-job-" + strconv.Itoa(n)
		do(token, http.MethodGet, "/user/codespaces", "")
		if *soakQuick {
			do(token, http.MethodGet, "/user/codespaces/no-such-codespace", "")
			return
		}
		do(token, http.MethodGet, "/repos/octocat/Hello-World/codespaces/machines", "")
		do(token, http.MethodGet, "/user/codespaces/secrets/public-key", "")
		do(token, http.MethodGet, "/user/codespaces/secrets", "")
		do(token, http.MethodGet, "/user/codespaces/no-such-codespace", "")
		if n%5 != 0 {
			do(token, http.MethodGet, "/user/codespaces?per_page=5", "")
			do(token, http.MethodGet, "/repos/octocat/Hello-World/codespaces/devcontainers", "")
			do(token, http.MethodGet, "/repos/octocat/Hello-World/codespaces/new", "")
			do(token, http.MethodGet, "/repos/octocat/Hello-World/codespaces/permissions_check?ref=master&devcontainer_path=.devcontainer.json", "")
			do(token, http.MethodGet, "/user/codespaces?page=2", "")
			return
		}
		status, _, body := do(token, http.MethodPost, "/user/codespaces", `{"repository_id":1296269}`)
		var cs struct{ Name string }
		if status != http.StatusCreated || json.Unmarshal(body, &cs) != nil || cs.Name == "" {
			fail(fmt.Errorf("create: %d %s", status, bytes.TrimSpace(body[:min(len(body), 200)])))
			return
		}
		_, h, _ := do(token, http.MethodGet, "/user/codespaces/"+cs.Name, "")
		do(token, http.MethodGet, "/user/codespaces/"+cs.Name, "", "If-None-Match", h.Get("ETag"))
		do(token, http.MethodPost, "/user/codespaces/"+cs.Name+"/stop", "")
		do(token, http.MethodDelete, "/user/codespaces/"+cs.Name, "")
	}

	var samples []soakSample
	sample := func(at string) {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		srv.mu.Lock()
		users := srv.users.len()
		srv.mu.Unlock()
		samples = append(samples, soakSample{at: at, requests: requests.Load(), rss: rss(), heap: m.HeapAlloc, users: users})
	}
	sample("before")
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range *soakWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range jobs {
				job(n)
			}
		}()
	}
	b.ResetTimer()
	start := time.Now()
	deadline := time.After(*soakLimit)
	played := 0
feed:
	for n := range *soakJobs {
		select {
		case jobs <- n:
			played++
		case <-deadline:
			break feed
		}
		if n > 0 && n%(max(1, *soakJobs/4)) == 0 {
			sample(fmt.Sprintf("during, %d jobs", n))
		}
	}
	close(jobs)
	wg.Wait()
	took := time.Since(start)
	b.StopTimer()
	sample("after")
	client.CloseIdleConnections()
	stop()
	sample("stopped")

	total := requests.Load()
	rate := float64(total) / took.Seconds()
	b.ReportMetric(rate, "req/s")
	b.ReportMetric(float64(total), "requests")
	b.ReportMetric(float64(samples[len(samples)-2].rss)/(1<<20), "MiB-RSS-after")
	b.ReportMetric(float64(samples[len(samples)-2].heap)/(1<<20), "MiB-heap-after")
	b.Logf("%d jobs (fresh tokens) of %d, %d requests in %v: %.0f requests/s, %d failed", played, *soakJobs, total, took.Round(time.Millisecond), rate, failures.Load())
	for _, s := range samples {
		b.Logf("%-20s %8d requests  RSS %6.1f MiB  live heap %6.1f MiB  users %d", s.at, s.requests, float64(s.rss)/(1<<20), float64(s.heap)/(1<<20), s.users)
	}
	if n := failures.Load(); n > 0 {
		b.Errorf("%d requests failed; the first: %v", n, firstFailure.Load())
	}
	// Issue 18's acceptance: RSS under 100 MB at 100k tokens.
	if after := samples[len(samples)-2].rss; after > 100<<20 {
		b.Errorf("RSS after the soak is %.1f MiB, want under 100 MB", float64(after)/(1<<20))
	}
	if played < *soakJobs {
		b.Logf("the soak stopped at -soak.limit %v with %d jobs left", *soakLimit, *soakJobs-played)
	}
}

// rss is the process's resident set size, from /proc/self/status (Linux), or
// 0 where there is none.
func rss() uint64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}

package mock_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/codespaces-go/codespaces/conformance/mock"
)

// BenchmarkMock measures requests per second over real loopback HTTP, for GET
// of one codespace, a list of 30 and the secrets public key: with every
// request and response checked against the spec ("validated", the
// validator remembering its verdicts, validate.WithMemory), the same without
// remembered verdicts ("validated-fresh": every response walks the schema),
// and unchecked ("baseline").
func BenchmarkMock(b *testing.B) {
	for _, m := range []struct {
		mode string
		opts []mock.Option
	}{
		{"validated", nil},
		{"validated-fresh", []mock.Option{mock.WithVerdictMemory(0)}},
		{"baseline", []mock.Option{mock.WithValidation(false)}},
	} {
		mode := m.mode
		// Unthrottled: b.N runs past any hourly budget, and the rate limit's
		// 403s are not what is measured.
		srv := mock.New(append(m.opts, mock.WithRateLimit(mock.RateLimit{Unthrottled: true}))...)
		ts := httptest.NewServer(srv.Handler())
		c := client(b, ts.URL, "bench")
		var one string
		for range 30 {
			one = createInRepo(b, c).URL
		}
		transport := &http.Transport{MaxIdleConnsPerHost: 64}
		hc := &http.Client{Transport: transport}

		b.Run("get-codespace/"+mode, func(b *testing.B) { throughput(b, hc, one) })
		b.Run("list-30/"+mode, func(b *testing.B) { throughput(b, hc, ts.URL+"/user/codespaces?per_page=30") })
		b.Run("public-key/"+mode, func(b *testing.B) { throughput(b, hc, ts.URL+"/user/codespaces/secrets/public-key") })

		transport.CloseIdleConnections()
		ts.Close()
		if v := srv.Violations(); len(v) > 0 {
			b.Fatalf("the mock broke the spec: %v", v[0])
		}
	}
}

func throughput(b *testing.B, hc *http.Client, url string) {
	b.ReportAllocs()
	began := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		req.Header.Set("Authorization", "Bearer bench")
		for pb.Next() {
			resp, err := hc.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(began).Seconds(), "req/s")
}

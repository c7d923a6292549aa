package mock_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/codespaces-go/codespaces/conformance/mock"
)

// TestFreshTokensGrowTheHeapLittle: a CI system hands out a token per job,
// and every new token is a user. Issue 18 measured about 1.8 kB a user for
// good (23k tokens took the live heap from 5 to 46 MB; a week at 100 req/s
// about 12 GB). Idle users are dropped past WithIdleUsers' bound, so
// 100,000 fresh tokens grow the live heap, and the resident set where Linux
// shows it, by less than 64 MiB. The mock is driven in process, each token
// making one request as a job's first would.
func TestFreshTokensGrowTheHeapLittle(t *testing.T) {
	tokens := 100_000
	if raceEnabled || testing.Short() {
		tokens = 20_000 // the race detector makes each request some ten times dearer
	}
	srv := mock.New()
	h := srv.Handler()
	req := httptest.NewRequest(http.MethodGet, "/user/codespaces", nil)
	req.Header.Set("User-Agent", "t")
	serve := func(token string) int {
		r := req.Clone(req.Context())
		r.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		return rec.Code
	}
	serve("octocat")
	before, rssBefore := liveHeap(), mock.ResidentSet()
	for i := range tokens {
		if code := serve("job-" + strconv.Itoa(i)); code != http.StatusOK {
			t.Fatalf("token %d answered %d", i, code)
		}
	}
	grown := int64(liveHeap()) - int64(before)
	t.Logf("%d fresh tokens grew the live heap by %.1f MiB", tokens, float64(grown)/(1<<20))
	if grown >= 64<<20 {
		t.Errorf("%d fresh tokens grew the live heap by %d MiB, want less than 64 MiB", tokens, grown>>20)
	}
	// The race detector's shadow memory is resident too, and not the mock's.
	if rssAfter := mock.ResidentSet(); rssBefore != 0 && !raceEnabled {
		rssGrown := int64(rssAfter) - int64(rssBefore)
		t.Logf("and the resident set by %.1f MiB", float64(rssGrown)/(1<<20))
		if rssGrown >= 64<<20 {
			t.Errorf("%d fresh tokens grew the resident set by %d MiB, want less than 64 MiB", tokens, rssGrown>>20)
		}
	}
	if got := srv.Login("octocat"); got != mock.OctocatLogin {
		t.Errorf("octocat's token is %s after the fresh ones, want octocat kept", got)
	}
}

package mock_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/codespaces-go/codespaces/conformance/mock"
)

// BenchmarkMemberCodespacesByUsers: an admin's list of a member's codespaces
// with few users and with 21,000, each a token that made one request (CI
// hands out a token a job). Issue 18 measured 0.7 ms growing to 2.8-5 ms at
// 21k users, when the lookups scanned every user and codespace under the
// lock; with users and organizations' codespaces indexed, the two sizes
// should cost alike (compare their ns/op in the same run).
func BenchmarkMemberCodespacesByUsers(b *testing.B) {
	for _, users := range []int{100, 21_000} {
		b.Run("users="+strconv.Itoa(users), func(b *testing.B) {
			srv := mock.New(mock.WithIdleUsers(2*users), mock.WithRateLimit(mock.RateLimit{Unthrottled: true}))
			h := srv.Handler()
			serve := func(method, path, token string) int {
				r := httptest.NewRequest(method, path, strings.NewReader("{}"))
				r.Header.Set("User-Agent", "bench")
				r.Header.Set("Authorization", "Bearer "+token)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, r)
				return rec.Code
			}
			serve(http.MethodGet, "/user/codespaces", "admin")  // octocat, octo-org's admin
			serve(http.MethodGet, "/user/codespaces", "member") // a member
			member := srv.Login("member")
			if code := serve(http.MethodPost, "/repos/octo-org/octo-repo/codespaces", "member"); code != http.StatusCreated {
				b.Fatalf("the member's create answered %d", code)
			}
			for i := range users - 2 {
				serve(http.MethodGet, "/user/codespaces", "job-"+strconv.Itoa(i))
			}
			b.ResetTimer()
			for range b.N {
				if code := serve(http.MethodGet, "/orgs/octo-org/members/"+member+"/codespaces", "admin"); code != http.StatusOK {
					b.Fatalf("the member's codespaces answered %d", code)
				}
			}
		})
	}
}

package mock

import (
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestIdleUsersAreDroppedAndHoldersKept: past the bound, the least recently
// seen users that hold nothing go; octocat, a user with accepted
// permissions, one with a secret and one who spent the rate limit stay, and
// so does a user seen again recently.
func TestIdleUsersAreDroppedAndHoldersKept(t *testing.T) {
	const bound = 10
	s := New(WithIdleUsers(bound))
	octocat := s.Login("octocat-token")
	accepted := s.Login("accepted")
	if !s.AcceptDevcontainerPermissions(accepted, OctocatLogin, HelloWorldRepo, ".devcontainer/foobar/devcontainer.json") {
		t.Fatal("AcceptDevcontainerPermissions failed")
	}
	withSecret := s.Login("secret")
	s.mu.Lock()
	s.userNamed(withSecret).secrets["X"] = &secret{name: "X"}
	s.mu.Unlock()
	spent := s.Login("spent")
	if !s.SetRateLimitRemaining(spent, 0) {
		t.Fatal("SetRateLimitRemaining failed")
	}
	idle := s.Login("idle")
	recent := s.Login("recent")
	for i := range 1000 {
		s.Login(fmt.Sprint("fresh", i))
		if i%5 == 0 {
			s.Login("recent") // seen again now and then
		}
	}
	for token, want := range map[string]string{"octocat-token": octocat, "accepted": accepted, "secret": withSecret, "spent": spent, "recent": recent} {
		if got := s.Login(token); got != want {
			t.Errorf("the user of %q is %s after 1000 fresh tokens, want %s kept", token, got, want)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.users.byToken[sha256.Sum256([]byte("idle"))] != nil || s.userNamed(idle) != nil {
		t.Errorf("the idle user %s was kept past the bound", idle)
	}
	if n := s.users.len(); n > bound+evictionScan {
		t.Errorf("%d users kept, want about %d", n, bound)
	}
	// The world's one user, octocat, is indexed but not listed.
	if len(s.users.byLogin) != s.users.len()+1 || len(s.budgets) > s.users.len()+1 {
		t.Errorf("%d users by token, %d by login, %d budgets: the indexes disagree", s.users.len(), len(s.users.byLogin), len(s.budgets))
	}
	n := 0
	for u := s.users.newest; u != nil; u = u.older {
		if s.users.byToken[u.token] != u {
			t.Fatalf("user %s is listed but not indexed", u.login)
		}
		n++
	}
	if n != s.users.len() {
		t.Errorf("%d users listed, %d indexed", n, s.users.len())
	}
}

// TestFaultsAskedForByHeaderAreBounded: each user, operation and header
// value makes an entry that counts a count=N fault; clients choose all
// three, so the entries are bounded.
func TestFaultsAskedForByHeaderAreBounded(t *testing.T) {
	s := New()
	r := httptest.NewRequest(http.MethodGet, "/user/codespaces", nil)
	c := &call{op: s.route(r), user: s.userFor("t")}
	for i := range maxHeaderFaults + 100 {
		r.Header.Set(FaultHeader, fmt.Sprintf("latency=%dus;count=1", i+1))
		if _, err := s.pickFault(r, c); err != nil {
			t.Fatal(err)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if n := len(s.faults.byHeader); n > maxHeaderFaults {
		t.Errorf("%d faults by header remembered, want at most %d", n, maxHeaderFaults)
	}
}

package scenario

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/codespaces-go/codespaces/client"
)

// deleting answers a codespace that is still Deleted for the first n reads,
// then 404, as GitHub does while it carries out a deletion.
func deleting(t *testing.T, n int32) (*Env, *atomic.Int32) {
	t.Helper()
	var reads atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if reads.Add(1) > n {
			http.Error(w, `{"message":"Not Found"}`, http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"name":"cs","state":"Deleted"}`))
	}))
	t.Cleanup(srv.Close)
	c, err := client.New(client.WithBaseURL(srv.URL), client.WithToken("t"))
	if err != nil {
		t.Fatal(err)
	}
	return &Env{Client: c, poll: client.PollOptions{MinInterval: time.Millisecond}, waitTimeout: 200 * time.Millisecond}, &reads
}

func TestWaitGonePollsUntil404(t *testing.T) {
	e, reads := deleting(t, 3)
	if err := e.waitGone(context.Background(), "cs"); err != nil {
		t.Fatal(err)
	}
	if got := reads.Load(); got != 4 {
		t.Errorf("%d reads, want 3 that still show the codespace and the 404", got)
	}
}

func TestWaitGoneGivesUp(t *testing.T) {
	e, _ := deleting(t, 1<<30)
	err := e.waitGone(context.Background(), "cs")
	if err == nil || !strings.Contains(err.Error(), "codespace cs is still Deleted after deletion") {
		t.Errorf("error %v, want one saying the codespace is still there", err)
	}
}

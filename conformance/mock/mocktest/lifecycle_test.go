package mocktest_test

import (
	"context"
	"flag"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/codespaces-go/codespaces/client"
	"github.com/codespaces-go/codespaces/conformance/mock"
	"github.com/codespaces-go/codespaces/conformance/mock/mocktest"
	"github.com/codespaces-go/codespaces/gen"
)

// provisioning is how long the mock provisions a codespace in these tests:
// about the minute GitHub takes.
const provisioning = time.Minute

func provisionFor(d time.Duration) mocktest.Option {
	return mocktest.WithMock(mock.WithTiming(mock.Timing{States: map[string]time.Duration{"Provisioning": d}}))
}

// TestLifecycleUnderSynctest: create, wait through a minute of
// provisioning, stop, wait for Shutdown, delete, on synctest's fake clock:
// the minute passes without real waiting.
func TestLifecycleUnderSynctest(t *testing.T) {
	wall := time.Now()
	var fake time.Duration
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		c, _ := mocktest.New(t, provisionFor(provisioning))
		states := lifecycle(t, c)
		fake = time.Since(start)
		want := []gen.CodespaceState{gen.CodespaceStateProvisioning, gen.CodespaceStateAvailable, gen.CodespaceStateShutdown}
		if !slices.Equal(states, want) {
			t.Errorf("states seen: %v, want %v", states, want)
		}
	})
	took := time.Since(wall)
	t.Logf("%v of provisioning: %v of fake time, %v of wall time", provisioning, fake, took)
	if fake < provisioning {
		t.Errorf("the lifecycle took %v of fake time, less than the %v of provisioning", fake, provisioning)
	}
	// In real time it takes the minute; the bound is loose for slow,
	// shared and -race machines.
	if took > 10*time.Second {
		t.Errorf("the lifecycle took %v of wall time", took)
	}
}

// BenchmarkLifecycleUnderSynctest measures the wall time of the lifecycle
// of TestLifecycleUnderSynctest (a minute of provisioning) under synctest,
// and, as the baseline in the same run, of the same lifecycle with the
// client reaching the mock over loopback (Mock.URL) in real time, as
// mocktest did before it reached the mock in process. The baseline takes
// over a minute per operation:
//
//	go test -run '^$' -bench LifecycleUnderSynctest ./conformance/mock/mocktest/
func BenchmarkLifecycleUnderSynctest(b *testing.B) {
	b.Run("synctest", func(b *testing.B) {
		for b.Loop() {
			inBubble(b, func(t *testing.T) {
				c, _ := mocktest.New(t, provisionFor(provisioning))
				lifecycle(t, c)
			})
		}
	})
	b.Run("loopback-realtime", func(b *testing.B) {
		for b.Loop() {
			_, m := mocktest.New(b, provisionFor(provisioning))
			c, err := client.New(client.WithBaseURL(m.URL()), client.WithToken(mocktest.Token))
			if err != nil {
				b.Fatal(err)
			}
			lifecycle(b, c)
		}
	})
}

// inBubble runs f in a synctest bubble from a benchmark. synctest.Test
// needs a *testing.T, which a benchmark has not; testing.RunTests makes
// one. Its filter is -test.run's, which a benchmark run sets to match no
// test: the match function lets f through, and honours -test.skip.
func inBubble(b *testing.B, f func(t *testing.T)) {
	b.Helper()
	var skip []string
	if fl := flag.Lookup("test.skip"); fl != nil && fl.Value.String() != "" {
		skip = strings.Split(fl.Value.String(), "/")
	}
	match := func(pat, _ string) (bool, error) { return !slices.Contains(skip, pat), nil }
	if !testing.RunTests(match, []testing.InternalTest{{Name: b.Name(), F: func(t *testing.T) { synctest.Test(t, f) }}}) {
		b.Fatal("the lifecycle failed in its bubble")
	}
}

// lifecycle runs create → wait for Available → stop → wait for Shutdown
// → delete with c, and returns the states the client saw, in order.
func lifecycle(t testing.TB, c *client.Client) []gen.CodespaceState {
	t.Helper()
	ctx := context.Background()
	res, err := c.CreateCodespace(ctx, client.CreateCodespaceRequest{Repository: &gen.CreateCodespaceForRepository{RepositoryID: mock.HelloWorldID}})
	if err != nil {
		t.Fatal(err)
	}
	states := []gen.CodespaceState{res.Codespace.State}
	name := res.Codespace.Name
	cs, err := c.WaitForCodespace(ctx, name, client.WaitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	states = append(states, cs.State)
	cs, err = c.StopCodespaceAndWait(ctx, name, client.ActionWaitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	states = append(states, cs.State)
	if err := c.DeleteCodespace(ctx, name); err != nil {
		t.Fatal(err)
	}
	return states
}

package mocktest_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/codespaces-go/codespaces/client"
	"github.com/codespaces-go/codespaces/conformance/mock"
	"github.com/codespaces-go/codespaces/conformance/mock/mocktest"
	"github.com/codespaces-go/codespaces/gen"
)

// provision is how long the mock provisions a codespace, in real time: the
// minute GitHub takes, so a run of these benchmarks takes about two.
//
//	go test -run '^$' -bench WaitForAProvision -benchtime 1x ./conformance/mock/mocktest/
const provision = time.Minute

// BenchmarkWaitForAProvision measures, against the mock with a real
// minute's provisioning (outside synctest, so the minute is real), what a
// wait costs: the answers that count against
// GitHub's primary rate limit (200s; 304s to conditional requests are free)
// and how long after the codespace became Available the wait saw it. The
// baseline, in the same run, is a loop that GETs every second.
func BenchmarkWaitForAProvision(b *testing.B) {
	for _, tc := range []struct {
		name string
		wait func(ctx context.Context, c *client.Client, name string) error
	}{
		{"waiter", func(ctx context.Context, c *client.Client, name string) error {
			_, err := c.WaitForCodespace(ctx, name, client.WaitOptions{})
			return err
		}},
		{"ticker-1s", func(ctx context.Context, c *client.Client, name string) error {
			tick := time.NewTicker(time.Second)
			defer tick.Stop()
			for range tick.C {
				cs, err := c.GetCodespace(ctx, name)
				if err != nil {
					return err
				}
				if cs.State == gen.CodespaceStateAvailable {
					return nil
				}
			}
			return nil
		}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			c, m := mocktest.New(b, mocktest.WithMock(mock.WithTiming(mock.Timing{States: map[string]time.Duration{"Provisioning": provision}})))
			ctx := context.Background()
			var counted, free int
			var late time.Duration
			for b.Loop() {
				before := getStatuses(m)
				start := time.Now()
				res, err := c.CreateCodespace(ctx, client.CreateCodespaceRequest{Repository: &gen.CreateCodespaceForRepository{RepositoryID: mock.HelloWorldID}})
				if err != nil {
					b.Fatal(err)
				}
				if err := tc.wait(ctx, c, res.Codespace.Name); err != nil {
					b.Fatal(err)
				}
				late += time.Since(start) - provision
				after := getStatuses(m)
				counted += after[http.StatusOK] - before[http.StatusOK]
				free += after[http.StatusNotModified] - before[http.StatusNotModified]
			}
			b.ReportMetric(float64(counted)/float64(b.N), "counted/op")
			b.ReportMetric(float64(free)/float64(b.N), "304s/op")
			b.ReportMetric(late.Seconds()/float64(b.N), "late-s/op")
		})
	}
}

// getStatuses counts the mock's answers to GET a codespace, by status.
func getStatuses(m *mocktest.Mock) map[int]int {
	for _, op := range m.Report().Operations() {
		if op.ID == "codespaces/get-for-authenticated-user" {
			return op.Statuses
		}
	}
	return nil
}

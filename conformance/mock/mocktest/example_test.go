package mocktest_test

import (
	"context"
	"fmt"
	"log"
	"slices"

	"github.com/codespaces-go/codespaces/client"
	"github.com/codespaces-go/codespaces/conformance/mock"
	"github.com/codespaces-go/codespaces/conformance/mock/mocktest"
	"github.com/codespaces-go/codespaces/gen"
)

// stopRunning is a user's own function: it stops each of the user's
// codespaces that is running and returns their display names.
func stopRunning(ctx context.Context, c *client.Client) ([]string, error) {
	list, err := c.API().CodespacesListForAuthenticatedUserWithResponse(ctx, nil)
	if err != nil {
		return nil, err
	}
	if list.JSON200 == nil {
		return nil, fmt.Errorf("list codespaces: %s", list.Status())
	}
	var stopped []string
	for _, cs := range list.JSON200.Codespaces {
		if cs.State != gen.CodespaceStateAvailable {
			continue
		}
		resp, err := c.API().CodespacesStopForAuthenticatedUserWithResponse(ctx, cs.Name)
		if err != nil {
			return stopped, err
		}
		if resp.JSON200 == nil {
			return stopped, fmt.Errorf("stop %s: %s", cs.Name, resp.Status())
		}
		stopped = append(stopped, *cs.DisplayName)
	}
	slices.Sort(stopped)
	return stopped, nil
}

// A test of stopRunning against the mock. In a _test.go file it reads
//
//	synctest.Test(t, func(t *testing.T) {
//		c, m := mocktest.New(t)
//		...
//	})
//
// and t.Cleanup closes both and fails the test on any violation of the spec
// (synctest is needed only by tests that wait: the client's waits and the
// mock's timed states then run on the fake clock). Start, used here
// because an Example has no *testing.T, does the same for programs and
// TestMain; its options are New's, such as
// mocktest.WithMock(mock.WithSeed(7)).
func Example() {
	ctx := context.Background()
	c, m, err := mocktest.Start(mocktest.WithMock(mock.WithSeed(7)))
	if err != nil {
		log.Fatal(err)
	}
	defer func() {
		if err := m.Close(); err != nil { // the spec's verdict on the traffic
			log.Fatal(err)
		}
	}()

	// Three codespaces; one stops by itself, as after its idle timeout.
	var names []string
	for _, display := range []string{"docs", "api", "idle"} {
		resp, err := c.API().CodespacesCreateWithRepoForAuthenticatedUserWithResponse(ctx, "octocat", "Hello-World",
			gen.CodespacesCreateWithRepoForAuthenticatedUserJSONRequestBody{DisplayName: &display})
		if err != nil || resp.JSON201 == nil {
			log.Fatal(err, resp.Status())
		}
		names = append(names, resp.JSON201.Name)
	}
	m.StopCodespaceIdle(names[2])

	stopped, err := stopRunning(ctx, c)
	fmt.Println(stopped, err)
	// Output: [api docs] <nil>
}

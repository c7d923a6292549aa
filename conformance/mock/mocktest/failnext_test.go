package mocktest_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"

	"github.com/codespaces-go/codespaces/client"
	"github.com/codespaces-go/codespaces/conformance/mock"
	"github.com/codespaces-go/codespaces/conformance/mock/mocktest"
	"github.com/codespaces-go/codespaces/gen"
)

// TestCreateAndWaitReachesFailed: issue 20 found no way for
// CreateCodespaceAndWait to meet a Failed codespace, as FailCodespace needs
// the name the create has yet to give. FailNextCreated fails the next
// create's codespace after a minute of provisioning, on synctest's clock;
// the wait ends with ErrTerminalState and the codespace in its error.
func TestCreateAndWaitReachesFailed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, m := mocktest.New(t, provisionFor(provisioning))
		m.FailNextCreated(1)
		_, err := c.CreateCodespaceInRepositoryAndWait(context.Background(), mock.OctocatLogin, mock.HelloWorldRepo,
			gen.CreateCodespaceInRepositoryOptions{}, client.ActionWaitOptions{})
		var we *client.WaitError
		if !errors.Is(err, client.ErrTerminalState) || !errors.As(err, &we) || we.Codespace == nil || we.Codespace.State != gen.CodespaceStateFailed {
			t.Fatalf("CreateCodespaceInRepositoryAndWait: %v, want ErrTerminalState with the Failed codespace", err)
		}
		m.Called(t, "codespaces/get-for-authenticated-user")

		// The next create is not failed.
		cs, err := c.CreateCodespaceInRepositoryAndWait(context.Background(), mock.OctocatLogin, mock.HelloWorldRepo,
			gen.CreateCodespaceInRepositoryOptions{}, client.ActionWaitOptions{})
		if err != nil || cs.State != gen.CodespaceStateAvailable {
			t.Fatalf("the create after: %v, %v; want Available", err, cs)
		}
	})
}

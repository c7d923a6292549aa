package mock_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/codespaces-go/codespaces/conformance/mock"
	"github.com/codespaces-go/codespaces/gen"
)

// pendingMessage is GitHub's 422 to a PATCH while a machine change was
// pending, quoted in cli/cli commit 7ca31e02b4feb25c903b7811fec0745815742320
// (PR #5319).
const pendingMessage = "your codespace has an operation pending: updating to a sku with a different amount of storage; please wait until this operation is complete"

// actions are the four calls GitHub refuses while an operation is pending:
// each returns the status and the body.
func actions(ctx context.Context, t *testing.T, c *gen.ClientWithResponses, name string) map[string]func() (int, []byte) {
	return map[string]func() (int, []byte){
		"start": func() (int, []byte) {
			r := must(c.CodespacesStartForAuthenticatedUserWithResponse(ctx, name))(t)
			return r.StatusCode(), r.Body
		},
		"stop": func() (int, []byte) {
			r := must(c.CodespacesStopForAuthenticatedUserWithResponse(ctx, name))(t)
			return r.StatusCode(), r.Body
		},
		"update": func() (int, []byte) {
			r := must(c.CodespacesUpdateForAuthenticatedUserWithResponse(ctx, name, gen.CodespacesUpdateForAuthenticatedUserJSONRequestBody{DisplayName: ptr("renamed")}))(t)
			return r.StatusCode(), r.Body
		},
		"export": func() (int, []byte) {
			r := must(c.CodespacesExportForAuthenticatedUserWithResponse(ctx, name))(t)
			return r.StatusCode(), r.Body
		},
	}
}

// wantRefusedWhilePending checks that each action answers GitHub's 422.
func wantRefusedWhilePending(t *testing.T, acts map[string]func() (int, []byte)) {
	t.Helper()
	for name, do := range acts {
		status, body := do()
		wantStatus(t, name+" while an operation is pending", status, http.StatusUnprocessableEntity, body)
		if e := decode[struct{ Message string }](t, body); e.Message != pendingMessage {
			t.Errorf("%s: message %q, want GitHub's %q", name, e.Message, pendingMessage)
		}
	}
}

// TestPendingOperation: while an operation is pending the codespace shows
// pending_operation and its reason, start, stop, update and export are 422,
// and reads and DELETE still work.
func TestPendingOperation(t *testing.T) {
	ctx := context.Background()
	srv, base := start(t)
	c := client(t, base, "tok")
	cs := createInRepo(t, c)
	if got := cs.PendingOperation; got == nil || *got {
		t.Errorf("a new codespace shows pending_operation %v, want false", got)
	}
	if srv.BeginPendingOperation("no-such-codespace", mock.PendingOperation{}) {
		t.Error("BeginPendingOperation found a codespace that does not exist")
	}
	if !srv.BeginPendingOperation(cs.Name, mock.PendingOperation{}) {
		t.Fatal("BeginPendingOperation found no codespace")
	}
	got := must(c.CodespacesGetForAuthenticatedUserWithResponse(ctx, cs.Name))(t).JSON200
	if got.PendingOperation == nil || !*got.PendingOperation || got.PendingOperationDisabledReason == nil || *got.PendingOperationDisabledReason != "Changing machine types..." {
		t.Errorf("pending: pending_operation %v, reason %v; want true and cli/cli's \"Changing machine types...\"", got.PendingOperation, got.PendingOperationDisabledReason)
	}
	listed := must(c.CodespacesListForAuthenticatedUserWithResponse(ctx, nil))(t).JSON200.Codespaces[0]
	if listed.PendingOperation == nil || !*listed.PendingOperation {
		t.Errorf("the list shows pending_operation %v, want true", listed.PendingOperation)
	}
	wantRefusedWhilePending(t, actions(ctx, t, c, cs.Name))

	if !srv.EndPendingOperation(cs.Name) {
		t.Fatal("EndPendingOperation found no codespace")
	}
	got = must(c.CodespacesGetForAuthenticatedUserWithResponse(ctx, cs.Name))(t).JSON200
	if *got.PendingOperation || got.PendingOperationDisabledReason != nil {
		t.Errorf("ended: pending_operation %v, reason %v; want false and none", *got.PendingOperation, got.PendingOperationDisabledReason)
	}
	stop := must(c.CodespacesStopForAuthenticatedUserWithResponse(ctx, cs.Name))(t)
	wantStatus(t, "stop once the operation ended", stop.StatusCode(), http.StatusOK, stop.Body)

	// Deleting is the one thing GitHub's description allows meanwhile.
	srv.BeginPendingOperation(cs.Name, mock.PendingOperation{Reason: "Rebuilding...", Operation: "rebuilding"})
	del := must(c.CodespacesDeleteForAuthenticatedUserWithResponse(ctx, cs.Name))(t)
	wantStatus(t, "delete while an operation is pending", del.StatusCode(), http.StatusAccepted, del.Body)
}

// TestPendingOperationWording: Reason and Operation replace cli/cli's
// example texts.
func TestPendingOperationWording(t *testing.T) {
	ctx := context.Background()
	srv, base := start(t)
	c := client(t, base, "tok")
	cs := createInRepo(t, c)
	srv.BeginPendingOperation(cs.Name, mock.PendingOperation{Reason: "Rebuilding...", Operation: "rebuilding the container"})
	got := must(c.CodespacesGetForAuthenticatedUserWithResponse(ctx, cs.Name))(t).JSON200
	if got.PendingOperationDisabledReason == nil || *got.PendingOperationDisabledReason != "Rebuilding..." {
		t.Errorf("reason %v, want Rebuilding...", got.PendingOperationDisabledReason)
	}
	resp := must(c.CodespacesStopForAuthenticatedUserWithResponse(ctx, cs.Name))(t)
	e := decode[struct{ Message string }](t, resp.Body)
	if want := "your codespace has an operation pending: rebuilding the container; please wait until this operation is complete"; e.Message != want {
		t.Errorf("message %q, want %q", e.Message, want)
	}
}

// TestPendingOperationEndsByItself: Polls and Duration end an operation as
// a Timing ends a state.
func TestPendingOperationEndsByItself(t *testing.T) {
	ctx := context.Background()
	clock := &fakeClock{now: time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)}
	srv, base := start(t, mock.WithClock(clock.Now))
	c := client(t, base, "tok")
	pending := func(name string) bool {
		return *must(c.CodespacesGetForAuthenticatedUserWithResponse(ctx, name))(t).JSON200.PendingOperation
	}

	byPolls := createInRepo(t, c)
	srv.BeginPendingOperation(byPolls.Name, mock.PendingOperation{Polls: 2})
	if got := []bool{pending(byPolls.Name), pending(byPolls.Name), pending(byPolls.Name)}; got[0] != true || got[1] != true || got[2] != false {
		t.Errorf("Polls 2, three reads: pending %v, want [true true false]", got)
	}

	byTime := createInRepo(t, c)
	srv.BeginPendingOperation(byTime.Name, mock.PendingOperation{Duration: time.Minute})
	clock.advance(59 * time.Second)
	if !pending(byTime.Name) {
		t.Error("after 59s of a minute's operation: not pending")
	}
	clock.advance(time.Second)
	if pending(byTime.Name) {
		t.Error("after a minute's operation: still pending")
	}
	stop := must(c.CodespacesStopForAuthenticatedUserWithResponse(ctx, byTime.Name))(t)
	wantStatus(t, "stop after the operation", stop.StatusCode(), http.StatusOK, stop.Body)
}

// TestMachineChangePending: with WithMachineChangePending an update that
// moves the codespace to another machine begins the operation, as GitHub's
// did in cli/cli's example; one that keeps the machine does not.
func TestMachineChangePending(t *testing.T) {
	ctx := context.Background()
	_, base := start(t, mock.WithMachineChangePending(mock.PendingOperation{Polls: 1}))
	c := client(t, base, "tok")
	cs := createInRepo(t, c)

	same := must(c.CodespacesUpdateForAuthenticatedUserWithResponse(ctx, cs.Name, gen.CodespacesUpdateForAuthenticatedUserJSONRequestBody{Machine: ptr("standardLinux")}))(t)
	wantStatus(t, "update to the same machine", same.StatusCode(), http.StatusOK, same.Body)
	if *same.JSON200.PendingOperation {
		t.Error("an update to the machine the codespace is on began an operation")
	}
	moved := must(c.CodespacesUpdateForAuthenticatedUserWithResponse(ctx, cs.Name, gen.CodespacesUpdateForAuthenticatedUserJSONRequestBody{Machine: ptr("premiumLinux")}))(t)
	wantStatus(t, "update to another machine", moved.StatusCode(), http.StatusOK, moved.Body)
	if !*moved.JSON200.PendingOperation {
		t.Error("the update to another machine answered pending_operation false")
	}
	wantRefusedWhilePending(t, actions(ctx, t, c, cs.Name))
	for _, want := range []bool{true, false} {
		if got := *must(c.CodespacesGetForAuthenticatedUserWithResponse(ctx, cs.Name))(t).JSON200.PendingOperation; got != want {
			t.Fatalf("read: pending %v, want %v (the operation lasts one read)", got, want)
		}
	}
	stop := must(c.CodespacesStopForAuthenticatedUserWithResponse(ctx, cs.Name))(t)
	wantStatus(t, "stop after the operation", stop.StatusCode(), http.StatusOK, stop.Body)
}

package mock

import (
	"net/http"
	"time"
)

// PendingOperation is work GitHub does on a codespace by itself, during
// which the codespace shows pending_operation: true with
// pending_operation_disabled_reason, and start, stop, update and export are
// refused with 422 "your codespace has an operation pending: …". GET, the
// lists and DELETE still work: GitHub's description says that deleting is
// the only thing one can do with such a codespace.
//
// The evidence is cli/cli pull request 5319, by GitHub's Codespaces team:
// "When a codespace has a pending operation, it can't be started, stopped,
// updated or exported"; its description quotes a start answered "HTTP 422:
// your codespace has an operation pending: updating to a sku with a
// different amount of storage; please wait until this operation is
// complete" while the codespace showed the reason "Changing machine
// types...", and its commit 7ca31e02b4feb25c903b7811fec0745815742320 the
// same 422 to a PATCH. Those texts are the defaults.
type PendingOperation struct {
	// Reason is pending_operation_disabled_reason: "Changing machine
	// types..." if empty.
	Reason string
	// Operation completes the 422's message "your codespace has an
	// operation pending: …; please wait until this operation is complete":
	// "updating to a sku with a different amount of storage" if empty.
	Operation string
	// Polls and Duration end the operation by itself, as a Timing ends a
	// state: after that many reads of the codespace (GETs, or lists that
	// include it), after that long on the mock's clock, or when both are
	// over. With neither, it lasts until EndPendingOperation.
	Polls    int
	Duration time.Duration
}

const (
	defaultPendingReason    = "Changing machine types..."
	defaultPendingOperation = "updating to a sku with a different amount of storage"
)

// pendingOp is a pending operation under way: when it began and how many
// reads have shown it.
type pendingOp struct {
	PendingOperation
	begun time.Time
	seen  int
}

func newPendingOp(op PendingOperation, now time.Time) *pendingOp {
	if op.Reason == "" {
		op.Reason = defaultPendingReason
	}
	if op.Operation == "" {
		op.Operation = defaultPendingOperation
	}
	return &pendingOp{PendingOperation: op, begun: now}
}

// over reports whether the operation has ended by itself at now.
func (p *pendingOp) over(now time.Time) bool {
	if p.Polls <= 0 && p.Duration <= 0 {
		return false
	}
	return p.seen >= p.Polls && !now.Before(p.begun.Add(p.Duration))
}

// refusal is GitHub's 422 to an action on a codespace while p is pending.
func (p *pendingOp) refusal() response {
	return errorResponse(http.StatusUnprocessableEntity,
		"your codespace has an operation pending: "+p.Operation+"; please wait until this operation is complete")
}

// busy is the 422 that refuses an action on cs while an operation is
// pending on it. Called with s.mu held, after s.advance(cs).
func busy(cs *codespace) (response, bool) {
	if cs.pending == nil {
		return response{}, false
	}
	return cs.pending.refusal(), true
}

package mock

import "github.com/codespaces-go/codespaces/gen"

// What tests script beyond the API: things that happen to a codespace on
// GitHub's side, not at a client's request. Each reports false when no
// codespace has the name. See also CreateRetriedNext, InjectFault and
// SetRateLimitRemaining.

// FailCodespace puts a codespace in the state Failed, where it stays, as
// when GitHub cannot provision or start it: for tests of a waiter that must
// give up rather than poll on.
func (s *Server) FailCodespace(name string) bool {
	return s.onAnyCodespace(name, func(cs *codespace) {
		cs.life.begin(s.cfg.clock(), gen.CodespaceStateFailed)
		cs.updatedAt = s.now()
	})
}

// StopCodespaceIdle stops a codespace by itself, as GitHub does when its
// idle timeout passes: Queued, ShuttingDown, then Shutdown, at the Timing's
// pace.
// A codespace already stopped or stopping is left as it is.
func (s *Server) StopCodespaceIdle(name string) bool {
	return s.onAnyCodespace(name, func(cs *codespace) {
		if !stopping(cs) {
			s.setOut(cs, stopPath)
		}
	})
}

// BeginPendingOperation puts a codespace into a pending operation, as GitHub
// does while it moves one to a machine with another amount of storage (see
// PendingOperation); one already pending is replaced. It reports false when
// no codespace has the name.
func (s *Server) BeginPendingOperation(name string, op PendingOperation) bool {
	return s.onAnyCodespace(name, func(cs *codespace) {
		cs.pending = newPendingOp(op, s.cfg.clock())
		cs.updatedAt = s.now()
	})
}

// EndPendingOperation ends a codespace's pending operation, if it has one.
// It reports false when no codespace has the name.
func (s *Server) EndPendingOperation(name string) bool {
	return s.onAnyCodespace(name, func(cs *codespace) {
		if cs.pending != nil {
			cs.pending = nil
			cs.updatedAt = s.now()
		}
	})
}

// onAnyCodespace runs f under the lock on the codespace of that name,
// whoever owns it, with its state brought up to date.
func (s *Server) onAnyCodespace(name string, f func(*codespace)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.codespaces[name]
	if cs == nil {
		return false
	}
	s.advance(cs)
	f(cs)
	return true
}

// FailNextCreated makes the codespaces the next n creates that succeed make
// fail while they provision: Queued, Provisioning, then Failed instead of
// Available, at the Timing's pace, so that a waiter such as the client's
// CreateCodespaceAndWait reaches Failed. FailCodespace needs a name, which a
// codespace has only once it is created.
func (s *Server) FailNextCreated(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failNext += max(0, n)
}

package mock

import "time"

// Timing says how long a codespace or an export stays in each transitional
// state (Queued, Provisioning, Starting, ShuttingDown; an export's
// in_progress). The zero Timing is instant: the answer to create, start or
// stop already shows the state the action ends in.
//
// With Polls, a transitional state is shown by that many reads (GETs of the
// codespace or export, or lists that include it) before the next one. With
// Duration, it lasts that long on the mock's clock (WithClock). With both, it
// ends when both are over. The mock moves states on when they are looked at,
// never in the background, so tests decide when time passes.
type Timing struct {
	Polls    int
	Duration time.Duration
	// States sets the duration of single states, by name (for codespaces
	// "Queued", "Provisioning", "Starting", "ShuttingDown"; for exports
	// "in_progress"), over Duration: {"Provisioning": time.Minute} measures
	// a waiter against a minute's provisioning and leaves the rest instant.
	States map[string]time.Duration
}

// duration is how long state lasts.
func (t Timing) duration(state string) time.Duration {
	if d, ok := t.States[state]; ok {
		return d
	}
	return t.Duration
}

// progress is where something is on a path of states, and how long it has
// been in the current one.
type progress[S ~string] struct {
	state   S
	next    []S       // states still to come; the last is where the path ends
	entered time.Time // when state began
	seen    int       // reads that have shown state
}

// begin sets out on a path: the first state now, the rest to come.
func (p *progress[S]) begin(now time.Time, path ...S) {
	p.state, p.next = path[0], append([]S(nil), path[1:]...)
	p.entered, p.seen = now, 0
}

// settled reports whether the path has ended.
func (p *progress[S]) settled() bool { return len(p.next) == 0 }

// end is the state the path ends in: where it is bound, or where it rests.
func (p *progress[S]) end() S {
	if n := len(p.next); n > 0 {
		return p.next[n-1]
	}
	return p.state
}

// advance moves along the path as far as t allows at now. A state that ended
// long ago hands over at the moment it ended, so a codespace nobody looked at
// for a while catches up on every state it went through.
func (p *progress[S]) advance(now time.Time, t Timing) {
	for len(p.next) > 0 {
		if t.Polls > 0 && p.seen < t.Polls {
			return
		}
		entered := now
		if d := t.duration(string(p.state)); d > 0 {
			end := p.entered.Add(d)
			if now.Before(end) {
				return
			}
			entered = end
		}
		p.state, p.next = p.next[0], p.next[1:]
		p.entered, p.seen = entered, 0
	}
}

// observe counts a read of the current state.
func (p *progress[S]) observe() { p.seen++ }

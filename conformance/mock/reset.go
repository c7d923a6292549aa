package mock

import (
	"encoding/json"
	"maps"
)

// Reset sets the mock back to the world it started with (WithWorld's, or
// the default): every codespace, secret, user, published repository,
// accepted permission, organization setting, fault added since, rate-limit
// budget and pending script is gone, the keys and the generator that names
// codespaces start again from the seed, and the request count from 0, so
// that what follows answers as a new mock built alike would. The report
// and the violations (Report, Violations), a record of what was sent, are
// kept. Requests in flight finish against the world they began in.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.install(s.start)
}

// ReplaceWorld is Reset with another world: w is checked first, and if it
// is not valid the error (a *WorldError) is returned and nothing changes.
// Reset still goes back to the world the mock started with. The mock keeps
// its own copy of w.
func (s *Server) ReplaceWorld(w *World) error {
	if w == nil {
		return &WorldError{Problem: "is missing"}
	}
	doc := w.clone()
	if err := doc.check(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.install(doc)
	return nil
}

// World returns a copy of the document the mock's world was made from:
// the one it started with, or the last ReplaceWorld's. What requests did
// since (codespaces made, secrets stored) is not in it.
func (s *Server) World() *World {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.doc.clone()
}

// world is the world requests see now.
func (s *Server) world() *world { return s.worldp.Load() }

// clone is a deep copy of w, with the lines of the document it was parsed
// from. World's fields are all JSON, so the copy cannot fail.
func (w *World) clone() *World {
	if w == nil {
		return nil
	}
	data, err := json.Marshal(w)
	if err != nil {
		panic("mock: copy a world: " + err.Error())
	}
	out := &World{}
	if err := json.Unmarshal(data, out); err != nil {
		panic("mock: copy a world: " + err.Error())
	}
	out.lines = maps.Clone(w.lines)
	return out
}

package mock

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"sort"
	"strings"
	"time"
)

// The three scopes of Codespaces secrets (a user's, an organization's, a
// repository's) store and open secrets the same way; they differ in who may
// use them and in how a secret is shown. Each organization and repository
// has a key pair of its own, as on GitHub; users share the Server's.

// secretScope is the secrets of one scope with the key pair their values
// are sealed to. Guarded by Server.mu.
type secretScope struct {
	keys    *keyring
	secrets map[string]*secret // by upper-case name
}

func newSecretScope(rng *rand.Rand) *secretScope {
	k := newKeyring(rng)
	return &secretScope{keys: &k, secrets: make(map[string]*secret)}
}

// repoScope is the repository's secrets scope, made with its key pair when
// first used (by a request or by a world's secret). Called with s.mu held.
func (s *Server) repoScope(r *repository) *secretScope {
	sc := s.repoScopes[r.id]
	if sc == nil {
		sc = newSecretScope(s.rng)
		s.repoScopes[r.id] = sc
	}
	return sc
}

// userSecrets is the caller's scope, which nobody else reaches. Called with
// s.mu held, like every scope finder.
func (s *Server) userSecrets(c *call) (*secretScope, *response) {
	return &secretScope{keys: &s.keys, secrets: c.user.secrets}, nil
}

// inScope runs f under the lock on the secret scope find gives the caller,
// or answers find's refusal (403, 404).
func inScope[R any](ctx context.Context, s *Server, find func(*call) (*secretScope, *response), f func(*call, *secretScope) R) R {
	c := callFrom(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	sc, refused := find(c)
	if refused != nil {
		return any(*refused).(R)
	}
	return f(c, sc)
}

// onScopeSecret is inScope on the secret of that name, 404 when the scope
// has none. Names are looked up without regard to case, as GitHub does.
func onScopeSecret[R any](ctx context.Context, s *Server, find func(*call) (*secretScope, *response), name string, f func(*call, *secretScope, *secret) R) R {
	return inScope(ctx, s, find, func(c *call, sc *secretScope) R {
		sec := sc.secrets[strings.ToUpper(name)]
		if sec == nil {
			return any(notFound()).(R)
		}
		return f(c, sc, sec)
	})
}

// page is the sorted names of a page of the scope's secrets, and the
// window for its Link header.
func (sc *secretScope) page(p, perPage *int) ([]string, window) {
	names := make([]string, 0, len(sc.secrets))
	for name := range sc.secrets {
		names = append(names, name)
	}
	sort.Strings(names)
	win := paginate(len(names), p, perPage)
	return names[win.start:win.end], win
}

// checkSealed refuses a secret PUT whose name GitHub does not allow or
// that lacks its value or key_id. The descriptions make encrypted_value
// (and, but for the user scope, key_id) optional; a secret still needs a
// value to store, and GitHub refuses a PUT without one.
func checkSealed(op *operation, name string, encrypted, keyID *string) *response {
	if err := validSecretName(name); err != nil {
		return ptr(badSecret(op, "name", "invalid", err.Error()))
	}
	switch {
	case encrypted == nil || *encrypted == "":
		return ptr(badSecret(op, "encrypted_value", "missing_field", "encrypted_value is required"))
	case keyID == nil || *keyID == "":
		return ptr(badSecret(op, "key_id", "missing_field", "key_id is required"))
	}
	return nil
}

// store opens a value sealed to the scope's key and stores it under name,
// reporting whether the secret is new; a value that does not open, or one
// sealed to a key that is unknown or was rotated out, is refused naming the
// field. Called with s.mu held, after checkSealed.
func (sc *secretScope) store(op *operation, name, keyID, encrypted string, now time.Time) (*secret, bool, *response) {
	value, err := sc.keys.open(keyID, encrypted)
	if err != nil {
		field := "encrypted_value"
		if errors.Is(err, errStaleKey) || errors.Is(err, errUnknownKey) {
			field = "key_id"
		}
		return nil, false, ptr(badSecret(op, field, "invalid", err.Error()))
	}
	name = strings.ToUpper(name)
	sec, exists := sc.secrets[name]
	if !exists {
		sec = &secret{name: name, createdAt: now}
		sc.secrets[name] = sec
	}
	sec.value, sec.updatedAt, sec.noValue = value, now, false
	return sec, !exists, nil
}

// badSecret refuses a secret PUT with a validation error: 422 where the
// operation documents it, else its 400 (the repository-secret PUT documents
// neither 422 nor 404, so a stale key_id is a 400 there).
func badSecret(op *operation, field, code, message string) response {
	return invalid(op.pick(http.StatusUnprocessableEntity, http.StatusBadRequest), "Secret", field, code, message)
}

// rotate replaces the scope's key pair. Called with s.mu held.
func (sc *secretScope) rotate(rng *rand.Rand) { sc.keys.rotate(rng) }

// value returns a copy of the plaintext a secret was stored with.
func (sc *secretScope) value(name string) ([]byte, bool) {
	if sec := sc.secrets[strings.ToUpper(name)]; sec != nil && !sec.noValue {
		return append([]byte(nil), sec.value...), true
	}
	return nil, false
}

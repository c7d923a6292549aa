package mock

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"net/http"

	"github.com/codespaces-go/codespaces/conformance/validate"
)

// authenticate finds the user a request's token belongs to, making one up the
// first time a token is seen, and returns the token too, for what its kind
// may do (rights.go). Like GitHub it takes "Bearer TOKEN" and "token
// TOKEN"; anything else is a 401.
func (s *Server) authenticate(r *http.Request) (*user, string, *response) {
	h := r.Header.Get("Authorization")
	if h == "" {
		resp := errorResponse(http.StatusUnauthorized, "Requires authentication")
		return nil, "", &resp
	}
	token, problem := validate.Token(h)
	if problem != "" {
		resp := errorResponse(http.StatusUnauthorized, "Bad credentials")
		return nil, "", &resp
	}
	return s.userFor(token), token, nil
}

// userFor returns the token's user. Tokens are kept only as SHA-256 digests.
// A token the world does not name is the world's first user if that has no
// token yet (install gives it WithOctocatToken's), else a user of its own,
// whose login and id the token decides, so that they do not depend on the
// order tokens arrive in. A new user may make the mock drop idle ones
// (users.go).
func (s *Server) userFor(token string) *user {
	key := sha256.Sum256([]byte(token))
	s.mu.Lock()
	defer s.mu.Unlock()
	if u := s.users.seen(key); u != nil {
		return u
	}
	if p := s.primary; p != nil && !p.hasToken && s.cfg.octocatToken == "" {
		s.users.claim(key, p)
		return p
	}
	u := s.derivedUser(key)
	s.users.add(key, u)
	s.dropIdleUsers()
	return u
}

// derivedIDBase is where the ids of users the world does not name start:
// above any GitHub has given, so that they never meet a world's.
const derivedIDBase = 10_000_000_000

// derivedUser is the user of a token the world does not name: login
// user-XXXXXXXX, 32 bits of the token's digest in hex, and id
// derivedIDBase plus the same bits. Should another user have that login
// (one in four billion), the next 32 bits are tried, and so on. Its rights
// are zero: rightsOf (rights.go) gives it those the token's prefix implies.
// Called with s.mu held.
func (s *Server) derivedUser(key [32]byte) *user {
	for i := 0; i+4 <= len(key); i += 4 {
		v := binary.BigEndian.Uint32(key[i:])
		login := fmt.Sprintf("user-%08x", v)
		if s.userNamed(login) == nil {
			return newUser(derivedIDBase+int64(v), login)
		}
	}
	// Unreachable in practice: every window of the digest taken. The whole
	// digest is unique to the token.
	return newUser(derivedIDBase+1<<32, fmt.Sprintf("user-%x", key[:16]))
}

// Login returns the login of the user a token authenticates as, creating the
// user as a request would. The runner uses it to name users in its report.
func (s *Server) Login(token string) string { return s.userFor(token).login }

// authStage finds who the request is from. Missing or bad credentials are
// refused, but only after the rate-limit stage has charged the request to the
// client's IP, and a spent budget is answered first. A request for no
// operation is a 404 whoever sends it.
func (s *Server) authStage(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := callFrom(r.Context())
		var denied *response
		c.user, c.token, denied = s.authenticate(r)
		if c.op != nil {
			c.denied = denied
		}
		next.ServeHTTP(w, r)
	})
}

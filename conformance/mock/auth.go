package mock

import (
	"crypto/sha256"
	"fmt"
	"net/http"

	"github.com/codespaces-go/codespaces/conformance/validate"
)

// authenticate finds the user a request's token belongs to, making one up the
// first time a token is seen. Like GitHub it takes "Bearer TOKEN" and
// "token TOKEN"; anything else is a 401.
func (s *Server) authenticate(r *http.Request) (*user, *response) {
	h := r.Header.Get("Authorization")
	if h == "" {
		resp := errorResponse(http.StatusUnauthorized, "Requires authentication")
		return nil, &resp
	}
	token, problem := validate.Token(h)
	if problem != "" {
		resp := errorResponse(http.StatusUnauthorized, "Bad credentials")
		return nil, &resp
	}
	return s.userFor(token), nil
}

// userFor returns the token's user. Tokens are kept only as SHA-256 digests.
// A new user may make the mock drop idle ones (users.go).
func (s *Server) userFor(token string) *user {
	key := sha256.Sum256([]byte(token))
	s.mu.Lock()
	defer s.mu.Unlock()
	if u := s.users.seen(key); u != nil {
		return u
	}
	var u *user
	if s.isOctocat(token) {
		u = newUser(1, OctocatLogin)
	} else {
		id := s.nextUserID
		s.nextUserID++
		u = newUser(id, fmt.Sprintf("user%d", id))
	}
	s.users.add(key, u)
	s.dropIdleUsers()
	return u
}

// isOctocat reports whether a token seen for the first time is octocat's: the
// configured one, or else the first token of all. Called with s.mu held.
func (s *Server) isOctocat(token string) bool {
	if s.cfg.octocatToken != "" {
		return token == s.cfg.octocatToken
	}
	return s.users.len() == 0
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
		c.user, denied = s.authenticate(r)
		if c.op != nil {
			c.denied = denied
		}
		next.ServeHTTP(w, r)
	})
}

package mock

import (
	"net/http"
	"strings"
)

// serveRepository answers GET /repos/{owner}/{repo}, GitHub's "get a
// repository", which is not a Codespaces operation and so not in the spec:
// a live run asks it before it creates anything, to check that the
// repository ID it was given is the repository's, and a runner pointed at
// the served mock asks the mock. The answer is the repository as the mock's
// codespaces embed it (id, full_name, owner, URLs). It needs a token, like
// the rest, and is not counted in the report. It reports whether r was for
// it.
func (s *Server) serveRepository(w http.ResponseWriter, r *http.Request) bool {
	rest, ok := strings.CutPrefix(r.URL.Path, "/repos/")
	parts := strings.Split(rest, "/")
	if !ok || len(parts) != 2 || parts[0] == "" || parts[1] == "" || r.Method != http.MethodGet {
		return false
	}
	u, _, refused := s.authenticate(r)
	if refused != nil {
		_ = refused.write(w)
		return true
	}
	// A published repository is there too, for its publisher; a private one
	// is 404 to everyone else.
	repo := s.repoNamed(u, parts[0], parts[1])
	if repo == nil {
		_ = notFound().write(w)
		return true
	}
	s.mu.Lock()
	view := showRepository(s.baseURL(r), repo)
	s.mu.Unlock()
	_ = response{status: http.StatusOK, body: view}.write(w)
	return true
}

package mock

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/codespaces-go/codespaces/internal/idalias"
)

// GitHub's id-based paths (package idalias): /repositories/{repository_id}/…
// reaches what /repos/{owner}/{repo}/… reaches, and
// /organizations/{org_id}/… what /orgs/{org}/… reaches, and GitHub's Links on
// a repository's or an organization's lists lead there
// (cassettes/github/octokit-rb-*-list-secrets--*.yaml). The mock serves them
// by turning the id into the name before routing, so every stage and
// operation sees the named path, and builds its Links on the id-based one.

// resolveAlias turns an id-based path in r into the named one. An id of no
// repository or organization in the world is left as it came: it routes to
// nothing, a 404, as on GitHub. Whether the caller may see the repository is
// the operation's to decide, as for the named path.
func (s *Server) resolveAlias(r *http.Request) {
	escaped := r.URL.EscapedPath()
	a, ok := idalias.Parse(escaped)
	if !ok {
		return
	}
	var named string
	switch a.Kind {
	case idalias.Repository:
		s.mu.Lock()
		repo := s.anyRepoWithID(a.ID)
		s.mu.Unlock()
		if repo == nil {
			return
		}
		named = "/repos/" + url.PathEscape(repo.owner) + "/" + url.PathEscape(repo.name)
	case idalias.Organization:
		o := s.world().orgWithID(a.ID)
		if o == nil {
			return
		}
		named = "/orgs/" + url.PathEscape(o.account.login)
	}
	setEscapedPath(r.URL, named+a.Rest) // not validly escaped, it stays as it came: routes to nothing
}

// setEscapedPath gives u the escaped path raw, keeping raw's escaping where
// u's default would differ; a raw that does not unescape leaves u as it is.
func setEscapedPath(u *url.URL, raw string) {
	path, err := url.PathUnescape(raw)
	if err != nil {
		return
	}
	u.Path, u.RawPath = path, ""
	if raw != u.EscapedPath() {
		u.RawPath = raw
	}
}

// linkURL is the URL the Link headers of an answer to r are built on, as
// GitHub builds them: for an operation on a repository or an organization,
// the id-based path (https://api.github.com/repositories/670312779/codespaces/secrets?per_page=1&page=2);
// for the user's own lists, the path as it came. The query is the request's,
// in its order (paginate.go changes only page).
func (s *Server) linkURL(r *http.Request, op *operation) *url.URL {
	u := *r.URL
	if op == nil {
		return &u
	}
	kind, _, ok := idalias.Of(op.pattern)
	if !ok {
		return &u
	}
	// The named prefix's segments: "", "repos", owner, repo or "", "orgs", org.
	segments := strings.SplitN(u.EscapedPath(), "/", len(kind.NamedParams())+3)
	if len(segments) < len(kind.NamedParams())+2 {
		return &u
	}
	names := make([]string, len(kind.NamedParams()))
	for i := range names {
		name, err := url.PathUnescape(segments[2+i])
		if err != nil {
			return &u
		}
		names[i] = name
	}
	var id int64
	switch kind {
	case idalias.Repository:
		s.mu.Lock()
		repo := s.anyRepoNamed(names[0], names[1])
		s.mu.Unlock()
		if repo == nil {
			return &u // the operation answers 404, with no Link
		}
		id = repo.id
	case idalias.Organization:
		o := s.world().orgNamed(names[0])
		if o == nil {
			return &u
		}
		id = o.account.id
	}
	rest := ""
	if len(segments) == len(kind.NamedParams())+3 {
		rest = "/" + segments[len(segments)-1]
	}
	setEscapedPath(&u, idalias.Path(kind, id, rest))
	return &u
}

// orgWithID is the organization whose account has that id.
func (w *world) orgWithID(id int64) *organization {
	for _, o := range w.orgs {
		if o.account.id == id {
			return o
		}
	}
	return nil
}

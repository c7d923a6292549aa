package mock

import "slices"

// The repositories a user can see: the world's and those publishing
// created, which are the Server's (guarded by s.mu). A private one is its
// owner's alone, or its organization's members': to anyone else it is as
// missing as one that does not exist, as on GitHub.

func (s *Server) visibleTo(u *user, r *repository) bool {
	if !r.private || r.account == u {
		return true
	}
	o := s.world().orgOf(r)
	return o != nil && o.isMember(u)
}

// worldRepo is r if u may see it, for the lookups in the world's
// repositories, which end with r whether u may see it or not.
func (s *Server) worldRepo(u *user, r *repository) *repository {
	if s.visibleTo(u, r) {
		return r
	}
	return nil
}

// repoNamed finds a repository u can see by owner and name, which are not
// case sensitive.
func (s *Server) repoNamed(u *user, owner, name string) *repository {
	if r := s.world().repoByName(owner, name); r != nil {
		return s.worldRepo(u, r)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.publishedNamed(u, owner, name)
}

// publishedNamed is repoNamed among the published repositories. Called with
// s.mu held.
func (s *Server) publishedNamed(u *user, owner, name string) *repository {
	return findRepo(s.publishedRepos, func(r *repository) bool { return r.named(owner, name) && s.visibleTo(u, r) })
}

// repoWithID finds a repository u can see by its ID.
func (s *Server) repoWithID(u *user, id int64) *repository {
	if r := s.world().repoByID(id); r != nil {
		return s.worldRepo(u, r)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.repoWithIDLocked(u, id)
}

// repoWithIDLocked is repoWithID with s.mu held.
func (s *Server) repoWithIDLocked(u *user, id int64) *repository {
	if r := s.world().repoByID(id); r != nil {
		return s.worldRepo(u, r)
	}
	if r := s.publishedWithID(id); r != nil && s.visibleTo(u, r) {
		return r
	}
	return nil
}

// publishedWithID is the published repository of that ID, whoever may see
// it. Called with s.mu held.
func (s *Server) publishedWithID(id int64) *repository {
	return findRepo(s.publishedRepos, func(r *repository) bool { return r.id == id })
}

// anyRepoWithID and anyRepoNamed find a repository of the world's or a
// published one whoever may see it, for the id-based paths (aliases.go),
// which are resolved before anyone is authenticated. Called with s.mu held.
func (s *Server) anyRepoWithID(id int64) *repository {
	if r := s.world().repoByID(id); r != nil {
		return r
	}
	return s.publishedWithID(id)
}

func (s *Server) anyRepoNamed(owner, name string) *repository {
	if r := s.world().repoByName(owner, name); r != nil {
		return r
	}
	return findRepo(s.publishedRepos, func(r *repository) bool { return r.named(owner, name) })
}

// repoIDs returns ids sorted and without repeats, or false if one names no
// repository u can see.
func (s *Server) repoIDs(u *user, ids []int64) ([]int64, bool) {
	out := make([]int64, 0, len(ids))
	for _, id := range ids {
		if s.repoWithID(u, id) == nil {
			return nil, false
		}
		out = append(out, id)
	}
	slices.Sort(out)
	return slices.Compact(out), true
}

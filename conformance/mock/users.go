package mock

import (
	"slices"
	"strings"
)

// Every token the mock has not seen becomes a user (auth.go), and CI
// systems hand out a token per job: users come without end, at about 2 kB
// each (issue 18: 23k tokens took the live heap from 5 to 46 MB). The mock
// keeps every user that holds something (see holds) and, of the others, the
// idle users, about WithIdleUsers' number (10,000 by default): past it, the
// least recently seen of them are dropped, at most a few per new user, so
// that no request pays for all. A dropped user's token, seen again, is a
// user again, with the same login and id (the token decides them); it
// loses nothing but its rate-limit budget, which starts afresh.

// defaultIdleUsers is how many users that hold nothing the mock keeps.
const defaultIdleUsers = 10000

// evictionScan bounds how many of the least recently seen users one new
// user makes the mock look at: the work per request stays constant even
// when the oldest users all hold something.
const evictionScan = 16

// userIndex finds users by token and by login, and lists the users tokens
// made, from the most to the least recently seen; the world's users are
// found but not listed, as they are never dropped. Guarded by Server.mu.
type userIndex struct {
	byToken map[[32]byte]*user // by the SHA-256 digest of the token
	byLogin map[string]*user   // by lower-case login
	// newest and oldest are the ends of the list the users' newer and
	// older fields link, of listed users.
	newest, oldest *user
	listed         int
}

func newUserIndex() userIndex {
	return userIndex{byToken: make(map[[32]byte]*user), byLogin: make(map[string]*user)}
}

// len is how many users tokens made: the listed ones.
func (ix *userIndex) len() int { return ix.listed }

// seen returns the token's user, now the most recently seen, or nil.
func (ix *userIndex) seen(token [32]byte) *user {
	u := ix.byToken[token]
	if u != nil && !u.resident && u != ix.newest {
		ix.unlink(u)
		ix.pushNewest(u)
	}
	return u
}

func (ix *userIndex) add(token [32]byte, u *user) {
	u.token, u.hasToken = token, true
	ix.byToken[token] = u
	ix.byLogin[strings.ToLower(u.login)] = u
	ix.pushNewest(u)
	ix.listed++
}

// addResident indexes a user of the world, by its token if it has one.
func (ix *userIndex) addResident(u *user) {
	ix.byLogin[strings.ToLower(u.login)] = u
	if u.hasToken {
		ix.byToken[u.token] = u
	}
}

// claim gives a resident user that had none the token it is known by from
// now on.
func (ix *userIndex) claim(token [32]byte, u *user) {
	u.token, u.hasToken = token, true
	ix.byToken[token] = u
}

func (ix *userIndex) remove(u *user) {
	delete(ix.byToken, u.token)
	delete(ix.byLogin, strings.ToLower(u.login))
	ix.unlink(u)
	ix.listed--
}

func (ix *userIndex) pushNewest(u *user) {
	u.older, u.newer = ix.newest, nil
	if ix.newest != nil {
		ix.newest.newer = u
	}
	ix.newest = u
	if ix.oldest == nil {
		ix.oldest = u
	}
}

func (ix *userIndex) unlink(u *user) {
	if u.newer != nil {
		u.newer.older = u.older
	} else {
		ix.newest = u.older
	}
	if u.older != nil {
		u.older.newer = u.newer
	} else {
		ix.oldest = u.newer
	}
	u.newer, u.older = nil, nil
}

// dropIdleUsers drops the least recently seen users that hold nothing while
// there are more users than the bound allows, looking at no more than
// evictionScan of them: one that holds something is moved to the front, so
// the next look starts past it. Called with s.mu held.
func (s *Server) dropIdleUsers() {
	ix := &s.users
	for range evictionScan {
		u := ix.oldest
		if ix.len() <= s.cfg.idleUsers || u == nil {
			return
		}
		if s.holds(u) {
			ix.unlink(u)
			ix.pushNewest(u)
			continue
		}
		ix.remove(u)
		for _, res := range resources {
			delete(s.budgets, inResource(budgetKeyOf(u), res))
		}
	}
}

// holds reports whether dropping u would lose something: it is the
// world's, owns codespaces, secrets, accepted permissions or a published
// repository, is one of an organization's selected members, or has spent
// its rate limit (a client waiting for the reset must not be let off).
// Called with s.mu held.
func (s *Server) holds(u *user) bool {
	if u.resident || len(u.codespaces) > 0 || len(u.secrets) > 0 || len(u.accepted) > 0 || u.published {
		return true
	}
	login := strings.ToLower(u.login)
	for _, o := range s.world().orgs {
		if _, found := slices.BinarySearch(o.access.selected, login); found {
			return true
		}
	}
	for _, res := range resources {
		b := s.budgets[inResource(budgetKeyOf(u), res)]
		if b != nil && b.used >= b.limit && s.cfg.clock().Before(b.reset) {
			return true
		}
	}
	return false
}

// userNamed is the user with that login, which is not case sensitive, or nil
// when the world has none of that login and no token has authenticated as
// it. Called with s.mu held.
func (s *Server) userNamed(login string) *user {
	return s.users.byLogin[strings.ToLower(login)]
}

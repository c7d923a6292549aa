package mock

import (
	"context"
	"net/http"
	"slices"
	"sort"
	"strings"

	"github.com/codespaces-go/codespaces/gen"
	"github.com/codespaces-go/codespaces/gen/server"
)

// Organizations, as GitHub documents them (docs.github.com/rest/codespaces/organizations
// and "Choosing who owns and pays for codespaces in your organization"):
//
//   - The organization endpoints are for its owners (admins): a member is
//     answered 403, anyone else, like a request for an organization that
//     does not exist, 404. octo-org's admin is octocat and every other user
//     is a member; the github organization has no member among the mock's
//     users.
//   - "A codespace is paid for by the account that owns it", and an
//     organization manages, through this API, only the codespaces it owns
//     ("If a user owns a codespace, your organization does not have any of
//     these options ... even if the codespace was created from one of your
//     organization's repositories"). octo-org is organization-owned: it
//     owns (bills) the codespaces made in its repositories by the users its
//     access setting enables, and lists, stops and deletes only those.
//   - Codespaces are "always available in an organization's public
//     repositories, and any user can create a codespace from these" at
//     their own expense: octo-repo is public, so a user the access setting
//     does not enable still creates codespaces there, billed to themselves.
//   - Ownership follows the setting: when it stops enabling a user, the
//     organization's codespaces of that user "transfer" to the user, and
//     back when it enables them again. billedTo decides it at every answer.
//   - The setting starts as all_members (the choice of the mock: GitHub's
//     default depends on the plan), so that members' codespaces in
//     octo-repo are the organization's from the start.
//   - Codespaces made from a template are "always billed to your personal
//     account" (docs: "Creating a codespace from a template").

// organization is an organization of the world. access and secrets are
// guarded by Server.mu.
type organization struct {
	account          *user    // as the organization shows: a simple-user of type Organization
	admins           []string // lower-case logins
	members          []string // lower-case logins, besides the admins
	everyoneIsMember bool
	// plan is the organization's GitHub plan ("free", "team",
	// "enterprise"), which decides what its endpoints offer; "" is the
	// default world's, which offers everything.
	plan    string
	access  orgAccess
	secrets *secretScope
	// made are the codespaces made in its repositories, which it may own
	// (billedTo decides), so that listing them scans no other.
	made map[*codespace]bool
}

func (o *organization) isAdmin(u *user) bool {
	return slices.Contains(o.admins, strings.ToLower(u.login))
}

func (o *organization) isMember(u *user) bool {
	return o.everyoneIsMember || o.isAdmin(u) || slices.Contains(o.members, strings.ToLower(u.login))
}

// orgAccess is who may create codespaces the organization pays for
// (PUT /orgs/{org}/codespaces/access).
type orgAccess struct {
	visibility gen.OrgCodespacesAccessVisibility
	selected   []string // lower-case logins, sorted; with selected_members only
}

// enables reports whether the setting lets a member's codespaces be billed to
// the organization. Every user of the mock is a member, so the outside
// collaborators of all_members_and_outside_collaborators add nobody.
func (a orgAccess) enables(u *user) bool {
	switch a.visibility {
	case gen.OrgCodespacesAccessVisibilityAllMembers,
		gen.OrgCodespacesAccessVisibilityAllMembersAndOutsideCollaborators:
		return true
	case gen.OrgCodespacesAccessVisibilitySelectedMembers:
		return slices.Contains(a.selected, strings.ToLower(u.login))
	}
	return false
}

// orgNamed is the organization of that login, which is not case sensitive.
func (w *world) orgNamed(login string) *organization {
	for _, o := range w.orgs {
		if strings.EqualFold(o.account.login, login) {
			return o
		}
	}
	return nil
}

// orgOf is the organization that owns r, or nil for a user's repository.
func (w *world) orgOf(r *repository) *organization {
	for _, o := range w.orgs {
		if r.account == o.account {
			return o
		}
	}
	return nil
}

// billingOrg is the organization that pays for u's codespaces in r, or nil
// when u pays. Called with s.mu held.
func (s *Server) billingOrg(u *user, r *repository) *organization {
	if r.isTemplate {
		return nil
	}
	if o := s.world().orgOf(r); o != nil && o.isMember(u) && o.access.enables(u) {
		return o
	}
	return nil
}

// billableOwner is who pays for u's codespaces in r, as the pre-flight and
// every codespace show it. Called with s.mu held.
func (s *Server) billableOwner(u *user, r *repository) *user {
	if o := s.billingOrg(u, r); o != nil {
		return o.account
	}
	return u
}

func (s *Server) billedTo(cs *codespace) *user {
	if cs.unpublished {
		return cs.owner
	}
	return s.billableOwner(cs.owner, cs.repo)
}

// adminOf finds the organization the caller administers: 404 when there is
// none of that login or the caller is no member, as GitHub answers (the
// overlay documents the 404 where GitHub's description lacks it), 403 for a
// member. Called with s.mu held.
func (s *Server) adminOf(c *call, login string) (*organization, *response) {
	o := s.world().orgNamed(login)
	if o == nil || !o.isMember(c.user) {
		return nil, ptr(notFound())
	}
	if !o.isAdmin(c.user) {
		return nil, ptr(errorResponse(http.StatusForbidden, "Must have admin rights to the organization "+o.account.login+"."))
	}
	return o, nil
}

// asAdmin runs f under the lock on the organization the caller administers,
// or answers adminOf's refusal.
func asAdmin[R any](ctx context.Context, s *Server, login string, f func(*call, *organization) R) R {
	c := callFrom(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	o, refused := s.adminOf(c, login)
	if refused != nil {
		return any(*refused).(R)
	}
	return f(c, o)
}

// orgCodespaces are the codespaces o owns, of member when it is not nil, in
// the order they were made. Only those made in o's repositories, or the
// member's, are looked at. Called with s.mu held.
func (s *Server) orgCodespaces(o *organization, member *user) []*codespace {
	var out []*codespace
	if member != nil {
		for _, cs := range member.codespaces { // in creation order
			if s.billedTo(cs) == o.account {
				out = append(out, cs)
			}
		}
		return out
	}
	for cs := range o.made {
		if s.billedTo(cs) == o.account {
			out = append(out, cs)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

// addCodespace records a new codespace everywhere it is looked for: by
// name, in its owner's list and where its organization looks for it;
// remove (codespaces.go) undoes it, forgetCodespace being its
// organization's part. Called with s.mu held.
func (s *Server) addCodespace(cs *codespace) {
	s.codespaces[cs.name] = cs
	cs.owner.codespaces = append(cs.owner.codespaces, cs)
	if o := s.world().orgOf(cs.repo); o != nil && !cs.unpublished {
		if o.made == nil {
			o.made = make(map[*codespace]bool)
		}
		o.made[cs] = true
	}
}

func (s *Server) forgetCodespace(cs *codespace) {
	if o := s.world().orgOf(cs.repo); o != nil {
		delete(o.made, cs)
	}
}

func (a *api) CodespacesListInOrganization(ctx context.Context, req server.CodespacesListInOrganizationRequestObject) (server.CodespacesListInOrganizationResponseObject, error) {
	s := a.s
	return asAdmin(ctx, s, req.Org, func(c *call, o *organization) server.CodespacesListInOrganizationResponseObject {
		return s.codespacePage(c, s.orgCodespaces(o, nil), req.Params.Page, req.Params.PerPage)
	}), nil
}

func (a *api) CodespacesGetCodespacesForUserInOrg(ctx context.Context, req server.CodespacesGetCodespacesForUserInOrgRequestObject) (server.CodespacesGetCodespacesForUserInOrgResponseObject, error) {
	s := a.s
	return asAdmin(ctx, s, req.Org, func(c *call, o *organization) server.CodespacesGetCodespacesForUserInOrgResponseObject {
		member := s.userNamed(req.Username)
		if member == nil || !o.isMember(member) {
			return notFound()
		}
		return s.codespacePage(c, s.orgCodespaces(o, member), req.Params.Page, req.Params.PerPage)
	}), nil
}

// onMemberCodespace runs f on a codespace of the member's that the
// organization the caller administers owns; any other is 404.
func onMemberCodespace[R any](ctx context.Context, s *Server, org, username, name string, f func(*call, *codespace) R) R {
	return asAdmin(ctx, s, org, func(c *call, o *organization) R {
		cs := s.codespaces[name]
		if cs == nil || !strings.EqualFold(cs.owner.login, username) || s.billedTo(cs) != o.account {
			return any(notFound()).(R)
		}
		s.advance(cs)
		return f(c, cs)
	})
}

func (a *api) CodespacesStopInOrganization(ctx context.Context, req server.CodespacesStopInOrganizationRequestObject) (server.CodespacesStopInOrganizationResponseObject, error) {
	s := a.s
	return onMemberCodespace(ctx, s, req.Org, req.Username, req.CodespaceName, func(c *call, cs *codespace) server.CodespacesStopInOrganizationResponseObject {
		s.stop(cs)
		return ok(s.render(c, cs))
	}), nil
}

func (a *api) CodespacesDeleteFromOrganization(ctx context.Context, req server.CodespacesDeleteFromOrganizationRequestObject) (server.CodespacesDeleteFromOrganizationResponseObject, error) {
	s := a.s
	return onMemberCodespace(ctx, s, req.Org, req.Username, req.CodespaceName, func(_ *call, cs *codespace) server.CodespacesDeleteFromOrganizationResponseObject {
		return s.remove(cs)
	}), nil
}

package mock

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/codespaces-go/codespaces/gen"
	"github.com/codespaces-go/codespaces/gen/server"
)

// Access control decides whose codespaces the organization pays for (see
// orgs.go). GitHub's docs (docs.github.com/rest/codespaces/organizations):
//
//   - PUT .../codespaces/access sets the visibility; selected_usernames is
//     "Required when visibility is selected_members" and "will replace any
//     existing value". The mock refuses it with any other visibility too
//     (422): it would select nobody.
//   - POST and DELETE .../access/selected_users add and remove users, and
//     "the access settings for the organization must be set to
//     selected_members"; otherwise the mock answers 422, the validation
//     failure the description documents (it names no other status).
//   - A username that is no member is the documented 400, "Users are
//     neither members nor collaborators of this organization.", which the
//     description documents without a body, and so the mock sends none.
//
// Every mock user is a member, but only once GitHub (the mock) has seen a
// token for it: a login no token has used is no one's.

func (a *api) CodespacesSetCodespacesAccess(ctx context.Context, req server.CodespacesSetCodespacesAccessRequestObject) (server.CodespacesSetCodespacesAccessResponseObject, error) {
	s := a.s
	return asAdmin(ctx, s, req.Org, func(c *call, o *organization) server.CodespacesSetCodespacesAccessResponseObject {
		b := req.Body
		if b == nil || !b.Visibility.Valid() {
			return badAccess(c, "visibility", "invalid", "visibility must be disabled, selected_members, all_members or all_members_and_outside_collaborators")
		}
		selectedMembers := b.Visibility == gen.OrgCodespacesAccessVisibilitySelectedMembers
		switch {
		case selectedMembers && b.SelectedUsernames == nil:
			return badAccess(c, "selected_usernames", "missing_field", "selected_usernames is required when visibility is selected_members")
		case !selectedMembers && b.SelectedUsernames != nil && len(*b.SelectedUsernames) > 0:
			return badAccess(c, "selected_usernames", "invalid", "selected_usernames can only be given when visibility is selected_members")
		}
		var selected []string
		if selectedMembers {
			var refused *response
			if selected, refused = s.members(o, *b.SelectedUsernames); refused != nil {
				return *refused
			}
		}
		o.access = orgAccess{visibility: b.Visibility, selected: selected}
		return server.CodespacesSetCodespacesAccess204Response{}
	}), nil
}

func (a *api) CodespacesSetCodespacesAccessUsers(ctx context.Context, req server.CodespacesSetCodespacesAccessUsersRequestObject) (server.CodespacesSetCodespacesAccessUsersResponseObject, error) {
	var usernames []string
	if req.Body != nil {
		usernames = req.Body.SelectedUsernames
	}
	return a.s.changeSelected(ctx, req.Org, usernames, true), nil
}

func (a *api) CodespacesDeleteCodespacesAccessUsers(ctx context.Context, req server.CodespacesDeleteCodespacesAccessUsersRequestObject) (server.CodespacesDeleteCodespacesAccessUsersResponseObject, error) {
	var usernames []string
	if req.Body != nil {
		usernames = req.Body.SelectedUsernames
	}
	return a.s.changeSelected(ctx, req.Org, usernames, false), nil
}

// changeSelected adds users to the selected members, which only
// selected_members has, or removes them.
func (s *Server) changeSelected(ctx context.Context, org string, usernames []string, add bool) response {
	return asAdmin(ctx, s, org, func(c *call, o *organization) response {
		return s.changeSelectedOf(c, o, usernames, add)
	})
}

// changeSelectedOf is changeSelected in o. Called with s.mu held.
func (s *Server) changeSelectedOf(c *call, o *organization, usernames []string, add bool) response {
	if o.access.visibility != gen.OrgCodespacesAccessVisibilitySelectedMembers {
		return badAccess(c, "selected_usernames", "invalid",
			"users can be added or removed only while the organization's codespaces access is selected_members (it is "+string(o.access.visibility)+")")
	}
	logins, refused := s.members(o, usernames)
	if refused != nil {
		return *refused
	}
	selected := slices.Clone(o.access.selected)
	if add {
		selected = append(selected, logins...)
	} else {
		selected = slices.DeleteFunc(selected, func(l string) bool { return slices.Contains(logins, l) })
	}
	slices.Sort(selected)
	o.access.selected = slices.Compact(selected)
	return response{status: http.StatusNoContent}
}

// members returns usernames as lower-case logins, sorted and without
// repeats, or the documented 400 if one is no member. Called with s.mu held.
func (s *Server) members(o *organization, usernames []string) ([]string, *response) {
	out := make([]string, 0, len(usernames))
	for _, name := range usernames {
		u := s.userNamed(strings.TrimSpace(name))
		if u == nil || !o.isMember(u) {
			return nil, ptr(errorResponse(http.StatusBadRequest, "Users are neither members nor collaborators of this organization."))
		}
		out = append(out, strings.ToLower(u.login))
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

func badAccess(c *call, field, code, message string) response {
	return invalid(c.op.pick(http.StatusUnprocessableEntity, http.StatusBadRequest), "Codespaces access", field, code, message)
}

package client

import (
	"net/http"
	"slices"
	"strings"

	"github.com/codespaces-go/codespaces/internal/oauthscopes"
)

// What GitHub's answers say about the token's rights, so that a 403 or 404
// can say what was missing.
//
// Classic tokens and OAuth apps' tokens have scopes. GitHub's "Scopes for
// OAuth apps" (docs.github.com/apps/oauth-apps/building-oauth-apps/
// scopes-for-oauth-apps): "X-OAuth-Scopes lists the scopes your token has
// authorized. X-Accepted-OAuth-Scopes lists the scopes that the action
// checks for", both as comma-separated lists ("X-OAuth-Scopes: repo, user").
// The accepted scopes are alternatives: an answer recorded from GitHub reads
// "X-Accepted-Oauth-Scopes: notifications, repo" and succeeded for a token
// whose X-OAuth-Scopes had repo but not notifications. An empty
// X-Accepted-OAuth-Scopes means the action checks for no scope.
//
// GitHub Apps and fine-grained tokens have permissions. GitHub's
// "Troubleshooting the REST API" (docs.github.com/rest/using-the-rest-api/
// troubleshooting-the-rest-api#resource-not-accessible): "The value of the
// X-Accepted-GitHub-Permissions header is a comma separated list of the
// permissions that are required to use the endpoint. Occasionally, you can
// choose from multiple permission sets. In these cases, multiple
// comma-separated lists will be separated by a semicolon", as in
// "pull_requests=read,contents=read; issues=read,contents=read". No header
// tells which permissions the token has.

// Permission is one fine-grained permission, such as
// organization_codespaces=write.
type Permission struct {
	// Name is the permission, such as "organization_codespaces".
	Name string
	// Access is the level needed: "read", "write" or "admin".
	Access string
}

// String reads like "organization_codespaces=write".
func (p Permission) String() string {
	if p.Access == "" {
		return p.Name
	}
	return p.Name + "=" + p.Access
}

// parseScopes reads an X-OAuth-Scopes or X-Accepted-OAuth-Scopes value. It
// returns nil when the header is absent and an empty, non-nil slice when it
// is present but empty (no scopes), so that the two can be told apart.
func parseScopes(h http.Header, key string) []string {
	values, ok := h[http.CanonicalHeaderKey(key)]
	if !ok {
		return nil
	}
	scopes := []string{}
	for _, v := range values {
		for s := range strings.SplitSeq(v, ",") {
			if s = strings.TrimSpace(s); s != "" && !slices.Contains(scopes, s) {
				scopes = append(scopes, s)
			}
		}
	}
	return scopes
}

// parsePermissions reads an X-Accepted-GitHub-Permissions value: the sets of
// permissions of which any one suffices, each set needing all of its
// permissions. It returns nil without the header; empty sets and entries are
// dropped.
func parsePermissions(h http.Header) [][]Permission {
	var sets [][]Permission
	for _, v := range h.Values("X-Accepted-Github-Permissions") {
		for set := range strings.SplitSeq(v, ";") {
			var perms []Permission
			for entry := range strings.SplitSeq(set, ",") {
				name, access, _ := strings.Cut(entry, "=")
				p := Permission{Name: strings.TrimSpace(name), Access: strings.TrimSpace(access)}
				if p.Name != "" {
					perms = append(perms, p)
				}
			}
			if len(perms) > 0 {
				sets = append(sets, perms)
			}
		}
	}
	return sets
}

// MissingScopes returns the scopes the operation accepts when the token has
// none of them (any one would do), and nil when the token has one, when the
// operation checks for none, or when the answer did not carry both
// X-Accepted-OAuth-Scopes and X-OAuth-Scopes (a fine-grained token or an
// app's: see AcceptedPermissions).
func (e *APIError) MissingScopes() []string {
	if len(e.AcceptedOAuthScopes) == 0 || e.OAuthScopes == nil {
		return nil
	}
	if oauthscopes.HasAny(e.OAuthScopes, e.AcceptedOAuthScopes) {
		return nil
	}
	return slices.Clone(e.AcceptedOAuthScopes)
}

// accessSentence says what the token lacked, for Error: the missing scopes
// of a classic token, else the permissions a fine-grained one needs. It is
// empty when the answer says neither.
func (e *APIError) accessSentence() string {
	if missing := e.MissingScopes(); len(missing) > 0 {
		has := "none"
		if len(e.OAuthScopes) > 0 {
			has = strings.Join(e.OAuthScopes, ", ")
		}
		what := "the scope " + missing[0]
		if len(missing) > 1 {
			what = "any of the scopes " + strings.Join(missing, ", ")
		}
		return "the token lacks " + what + " (accepted: " + strings.Join(e.AcceptedOAuthScopes, ", ") + "; token has: " + has + ")"
	}
	if len(e.AcceptedPermissions) == 0 || e.OAuthScopes != nil {
		return ""
	}
	sets := make([]string, len(e.AcceptedPermissions))
	for i, set := range e.AcceptedPermissions {
		perms := make([]string, len(set))
		for j, p := range set {
			perms[j] = p.String()
		}
		sets[i] = strings.Join(perms, ", ")
	}
	switch {
	case len(sets) == 1 && len(e.AcceptedPermissions[0]) == 1:
		return "the operation needs the permission " + sets[0] + " (if the token has it, the user or app lacks the rights)"
	case len(sets) == 1:
		return "the operation needs the permissions " + sets[0] + " (if the token has them, the user or app lacks the rights)"
	}
	return "the operation needs one of the permission sets [" + strings.Join(sets, "] or [") + "] (if the token has one, the user or app lacks the rights)"
}

package mock

import (
	"crypto/sha256"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/codespaces-go/codespaces/gen"
	"github.com/codespaces-go/codespaces/internal/oauthscopes"
)

// What a token's Rights mean in GitHub's answers. The package doc's Rights
// section says it for users of the mock; the evidence for each rule is
// here, where the rule is made.
//
// Classic tokens (OAuth apps' and personal access tokens (classic)):
//
//   - Every answer carries X-OAuth-Scopes, the token's scopes sorted and
//     joined by ", " ("admin:org, repo" in octokit.rb's recorded answers,
//     cassettes/github), and X-Accepted-OAuth-Scopes, the scopes the
//     operation's description names (operations.go).
//   - A token with none of the accepted scopes, nor a scope that includes
//     one (internal/oauthscopes), is answered 403 "Must have admin rights to
//     Repository.": GitHub's answer to GET /user/codespaces without the
//     codespace scope (cli/cli #5491, cassettes/github; github/gh-net #16),
//     and to the organization secrets endpoints of Actions without admin:org
//     (cli/cli #2845: GET /orgs/{org}/actions/secrets/public-key;
//     turbot/steampipe-plugin-github #139: GET /orgs/{org}/actions/secrets).
//     For the repository secrets without repo no answer was found: the mock
//     answers the same.
//
// Fine-grained personal access tokens and GitHub Apps' tokens:
//
//   - Every answer to an operation carries X-Accepted-GitHub-Permissions,
//     the permissions the operation needs, as "name=level" joined by ","
//     (GitHub's changelog of 2023-08-10, "X-Accepted-GitHub-Permissions
//     header for fine-grained permission actors": sent "to API callers that
//     use the fine-grained permission model ... used in the same way as the
//     x-accepted-oauth-scopes header"; "X-Accepted-Github-Permissions:
//     metadata=read" in integrations/terraform-provider-github #2103).
//     octokit.rb's recordings of July 2023, made with a fine-grained token,
//     predate the header and carry none.
//   - The permissions per operation are GitHub's table "Permissions
//     required for GitHub Apps" as octokit/app-permissions cached it
//     (cache/api.github.com.html at a91488bfb3d8a82de286e8244cbfb282d4257199,
//     2023-11-01), with the additional permission it names where the
//     reference pages now list both in one set ("codespaces:read and
//     organization_codespaces:read" for the organization's codespaces,
//     docs.github.com/rest/codespaces/organizations). Metadata, which every
//     fine-grained token holds (read, mandatory), is named where the table
//     names it. The Administration permission the table adds to a
//     repository secret's PUT and DELETE is left out: the table gives no
//     level and the reference page lists codespaces_secrets=write alone.
//   - A level suffices for itself and below: admin > write > read.
//   - A token without them is answered 403 "Resource not accessible by
//     personal access token" (fine-grained: terraform-provider-github
//     #2103, octokit/octokit.js #2758) or "Resource not accessible by
//     integration" (an app's token: actions/create-github-app-token #258,
//     with the endpoint's documentation_url, as the mock's).
//   - GitHub App installation tokens (ghs_) work only where the table
//     lists "IAT" among the token types: not on the user's own endpoints
//     (/user/..., and creating or listing one's codespaces in a
//     repository), which answer 403 "Resource not accessible by
//     integration" whatever the installation's permissions
//     (google/go-github #3000: GET /user/codespaces/secrets/public-key with
//     an installation token). User access tokens (ghu_, "UAT") work
//     everywhere the permissions allow; refused, they are answered "by
//     integration" too, a choice: no refusal of a user access token was
//     found on record, and "integration" is GitHub's word for an app.

// permission is one fine-grained permission an operation needs.
type permission struct {
	name, level string
}

// need is what the fine-grained model asks of a token for an operation:
// every one of perms, and whether installation tokens may call it at all.
type need struct {
	perms        []permission
	installation bool
}

func needs(installation bool, perms ...string) need {
	n := need{installation: installation}
	for _, p := range perms {
		name, level, _ := strings.Cut(p, "=")
		n.perms = append(n.perms, permission{name, level})
	}
	return n
}

// accepted is the X-Accepted-GitHub-Permissions value: one set, its
// permissions joined by ",", in the order the reference pages list them.
func (n need) accepted() string {
	parts := make([]string, len(n.perms))
	for i, p := range n.perms {
		parts[i] = p.name + "=" + p.level
	}
	return strings.Join(parts, ",")
}

// The permissions of "Permissions required for GitHub Apps" (see above),
// by operationId. true: installation tokens may call it too.
var operationNeeds = map[string]need{
	// Organization permissions for "Organization codespaces", with the
	// repository's "Codespaces" or "Codespaces lifecycle admin".
	"codespaces/list-in-organization":           needs(true, "codespaces=read", "organization_codespaces=read"),
	"codespaces/get-codespaces-for-user-in-org": needs(true, "codespaces=read", "organization_codespaces=read"),
	"codespaces/delete-from-organization":       needs(true, "codespaces=write", "organization_codespaces=write"),
	"codespaces/stop-in-organization":           needs(true, "codespaces_lifecycle_admin=write", "organization_codespaces=write"),
	// "Organization codespaces settings".
	"codespaces/set-codespaces-access":          needs(true, "organization_codespaces_settings=write"),
	"codespaces/set-codespaces-access-users":    needs(true, "organization_codespaces_settings=write"),
	"codespaces/delete-codespaces-access-users": needs(true, "organization_codespaces_settings=write"),
	// "Organization codespaces secrets".
	"codespaces/list-org-secrets":                     needs(true, "organization_codespaces_secrets=read"),
	"codespaces/get-org-public-key":                   needs(true, "organization_codespaces_secrets=read"),
	"codespaces/get-org-secret":                       needs(true, "organization_codespaces_secrets=read"),
	"codespaces/list-selected-repos-for-org-secret":   needs(true, "organization_codespaces_secrets=read"),
	"codespaces/create-or-update-org-secret":          needs(true, "organization_codespaces_secrets=write"),
	"codespaces/delete-org-secret":                    needs(true, "organization_codespaces_secrets=write"),
	"codespaces/set-selected-repos-for-org-secret":    needs(true, "organization_codespaces_secrets=write"),
	"codespaces/add-selected-repo-to-org-secret":      needs(true, "organization_codespaces_secrets=write", "metadata=read"),
	"codespaces/remove-selected-repo-from-org-secret": needs(true, "organization_codespaces_secrets=write", "metadata=read"),
	// Repository permissions for "Codespaces secrets": write, even to read.
	"codespaces/list-repo-secrets":            needs(true, "codespaces_secrets=write"),
	"codespaces/get-repo-public-key":          needs(true, "codespaces_secrets=write"),
	"codespaces/get-repo-secret":              needs(true, "codespaces_secrets=write"),
	"codespaces/create-or-update-repo-secret": needs(true, "codespaces_secrets=write"),
	"codespaces/delete-repo-secret":           needs(true, "codespaces_secrets=write"),
	// Repository permissions for "Codespaces": user access tokens only.
	"codespaces/create-with-repo-for-authenticated-user":                 needs(false, "codespaces=write"),
	"codespaces/pre-flight-with-repo-for-authenticated-user":             needs(false, "codespaces=write"),
	"codespaces/check-permissions-for-devcontainer":                      needs(false, "codespaces=write"),
	"codespaces/create-with-pr-for-authenticated-user":                   needs(false, "codespaces=write"),
	"codespaces/create-for-authenticated-user":                           needs(false, "codespaces=write"),
	"codespaces/update-for-authenticated-user":                           needs(false, "codespaces=write"),
	"codespaces/delete-for-authenticated-user":                           needs(false, "codespaces=write"),
	"codespaces/publish-for-authenticated-user":                          needs(false, "codespaces=write"),
	"codespaces/list-in-repository-for-authenticated-user":               needs(false, "codespaces=read"),
	"codespaces/list-for-authenticated-user":                             needs(false, "codespaces=read"),
	"codespaces/get-for-authenticated-user":                              needs(false, "codespaces=read"),
	"codespaces/export-for-authenticated-user":                           needs(false, "codespaces_lifecycle_admin=write"),
	"codespaces/start-for-authenticated-user":                            needs(false, "codespaces_lifecycle_admin=write"),
	"codespaces/stop-for-authenticated-user":                             needs(false, "codespaces_lifecycle_admin=write"),
	"codespaces/get-export-details-for-authenticated-user":               needs(false, "codespaces_lifecycle_admin=read"),
	"codespaces/list-devcontainers-in-repository-for-authenticated-user": needs(true, "codespaces_metadata=read"),
	"codespaces/repo-machines-for-authenticated-user":                    needs(true, "codespaces_metadata=read"),
	"codespaces/codespace-machines-for-authenticated-user":               needs(false, "codespaces_metadata=read"),
	// User permissions for "Codespaces user secrets".
	"codespaces/list-secrets-for-authenticated-user":                 needs(false, "codespaces_user_secrets=read"),
	"codespaces/get-public-key-for-authenticated-user":               needs(false, "codespaces_user_secrets=read"),
	"codespaces/get-secret-for-authenticated-user":                   needs(false, "codespaces_user_secrets=read"),
	"codespaces/list-repositories-for-secret-for-authenticated-user": needs(false, "codespaces_user_secrets=read"),
	"codespaces/create-or-update-secret-for-authenticated-user":      needs(false, "codespaces_user_secrets=write"),
	"codespaces/delete-secret-for-authenticated-user":                needs(false, "codespaces_user_secrets=write"),
	"codespaces/set-repositories-for-secret-for-authenticated-user":  needs(false, "codespaces_user_secrets=write"),
	"codespaces/add-repository-for-secret-for-authenticated-user":    needs(false, "codespaces_user_secrets=write", "metadata=read"),
	"codespaces/remove-repository-for-secret-for-authenticated-user": needs(false, "codespaces_user_secrets=write", "metadata=read"),
}

// levels orders the access levels: each includes those below it.
var levels = map[string]int{"read": 1, "write": 2, "admin": 3}

// allPermissions holds every permission an operation of the mock needs, at
// the highest level any needs: the rights of a fine-grained or app token
// the world does not name. Shared: never changed.
var allPermissions = func() map[string]string {
	all := map[string]string{}
	for _, n := range operationNeeds {
		for _, p := range n.perms {
			if levels[p.level] > levels[all[p.name]] {
				all[p.name] = p.level
			}
		}
	}
	return all
}()

// classicScopes are the scopes of a classic token the world does not name:
// every scope the Codespaces operations accept, so that such a token may
// do everything (what it may reach is another matter: auth.go, orgs.go).
var classicScopes = []string{"admin:org", "codespace", "repo"}

// DefaultRights are the rights of a token the world does not name, by the
// prefix GitHub gives each kind of token ("About authentication to
// GitHub", docs.github.com: ghp_ personal access token (classic), gho_
// OAuth app, ghu_ GitHub App user access token, ghs_ installation access
// token, github_pat_ fine-grained personal access token). Each may do
// everything its kind may: a classic token (ghp_, gho_, and any token
// without a known prefix, as tests send) has admin:org, codespace and repo;
// a fine-grained token and an app's token every permission the operations
// need. So a default token is refused only what its kind is refused: an
// installation token the user's own endpoints.
func DefaultRights(token string) Rights {
	switch {
	case strings.HasPrefix(token, "github_pat_"):
		return Rights{Kind: TokenFineGrained, Permissions: allPermissions}
	case strings.HasPrefix(token, "ghs_"):
		return Rights{Kind: TokenApp, Permissions: allPermissions}
	case strings.HasPrefix(token, "ghu_"):
		return Rights{Kind: TokenAppUser, Permissions: allPermissions}
	}
	return Rights{Kind: TokenClassic, Scopes: classicScopes}
}

// WithTokenRights gives the user a token authenticates as the rights r
// instead of DefaultRights(token): a classic token without the codespace
// scope, say, or a fine-grained token with fewer permissions. The world a
// Server starts with may name rights too; these win for that token.
func WithTokenRights(token string, r Rights) Option {
	return func(c *config) {
		if c.tokenRights == nil {
			c.tokenRights = map[[32]byte]Rights{}
		}
		c.tokenRights[sha256.Sum256([]byte(token))] = r
	}
}

// rightsOf is what the request's token may do: those WithTokenRights
// gives it, else its user's (the world's), else DefaultRights. The answer
// is kept on the call. ok is false for a request without a user (no or a
// malformed token).
func (s *Server) rightsOf(c *call) (Rights, bool) {
	if c.rights != nil {
		return *c.rights, true
	}
	if c.user == nil {
		return Rights{}, false
	}
	token := c.token
	var rt Rights
	given := false
	if len(s.cfg.tokenRights) > 0 {
		rt, given = s.cfg.tokenRights[sha256.Sum256([]byte(token))]
	}
	if !given {
		s.mu.Lock()
		rt = c.user.rights
		s.mu.Unlock()
		if rt.Kind == "" {
			rt = DefaultRights(token)
		}
	}
	c.rights = &rt
	return rt, true
}

// refusal is GitHub's 403 for a token that may not call the operation, or
// nil.
func (op *operation) refusal(rt Rights) *response {
	var message string
	switch rt.Kind {
	case TokenClassic:
		if !oauthscopes.HasAny(rt.Scopes, op.scopes) {
			message = "Must have admin rights to Repository."
		}
	case TokenFineGrained:
		if !holds(rt.Permissions, operationNeeds[op.id].perms, true) {
			message = "Resource not accessible by personal access token"
		}
	case TokenApp:
		if n := operationNeeds[op.id]; !n.installation || !holds(rt.Permissions, n.perms, false) {
			message = "Resource not accessible by integration"
		}
	case TokenAppUser:
		if !holds(rt.Permissions, operationNeeds[op.id].perms, false) {
			message = "Resource not accessible by integration"
		}
	}
	if message == "" {
		return nil
	}
	status := http.StatusForbidden
	return &response{status: status, body: gen.BasicError{
		Message: ptr(message), DocumentationURL: ptr(op.page()), Status: ptr(strconv.Itoa(status)),
	}}
}

// holds reports whether granted covers every permission of perms at its
// level. A fine-grained personal access token always has metadata=read
// ("Metadata: Read-only (mandatory)" when one is made).
func holds(granted map[string]string, perms []permission, fineGrained bool) bool {
	for _, p := range perms {
		have := levels[granted[p.name]]
		if fineGrained && p.name == "metadata" {
			have = max(have, levels["read"])
		}
		if have < levels[p.level] {
			return false
		}
	}
	return true
}

// rightsStage refuses a request whose token may not call the operation, as
// GitHub does once it knows who is asking: after the rate-limit stage has
// charged the request, and before anything looks at the request's body or
// the operation runs, so a 403 for rights comes before a 422 for a bad body.
// Both are choices, for no recorded refusal for rights shows its rate-limit
// headers or answers a bad body: the mock counts it as it counts its other
// 4xx answers, and looks at who asks before what is asked.
func (s *Server) rightsStage(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := callFrom(r.Context())
		if c.op != nil {
			if rt, ok := s.rightsOf(c); ok {
				if refused := c.op.refusal(rt); refused != nil {
					_ = refused.write(w)
					return
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}

// rightsHeaders are the headers that tell a client about the token's
// rights: a classic token's scopes and those the operation accepts, or the
// permissions the operation needs for any other kind.
func (s *Server) rightsHeaders(h http.Header, c *call) {
	rt, ok := s.rightsOf(c)
	if !ok {
		return
	}
	if rt.Kind == TokenClassic {
		scopes := slices.Clone(rt.Scopes)
		slices.Sort(scopes)
		h.Set("X-OAuth-Scopes", strings.Join(slices.Compact(scopes), ", "))
		accepted := ""
		if c.op != nil {
			accepted = strings.Join(c.op.scopes, ", ")
		}
		h.Set("X-Accepted-OAuth-Scopes", accepted)
		return
	}
	if c.op != nil {
		h.Set("X-Accepted-GitHub-Permissions", operationNeeds[c.op.id].accepted())
	}
}

package mock

// The kinds of token GitHub issues, and the rights each carries. A user of
// the mock is the holder of one token (auth.go); what the token may do is
// its Rights. The world document (world.go) names them per user; a token
// the world does not name gets the rights its prefix implies.

// TokenKind is the kind of a token, which decides how GitHub checks it.
type TokenKind string

const (
	// TokenClassic is an OAuth app token or a personal access token
	// (classic), ghp_ or gho_: it carries OAuth scopes, which answers
	// report in X-OAuth-Scopes.
	TokenClassic TokenKind = "classic"
	// TokenFineGrained is a fine-grained personal access token
	// (github_pat_): it carries permissions, not scopes.
	TokenFineGrained TokenKind = "fine-grained"
	// TokenApp is a GitHub App installation token (ghs_): it acts as the
	// app, not as a user.
	TokenApp TokenKind = "app"
	// TokenAppUser is a GitHub App's user access token (ghu_): the app
	// acting for a user, with the app's permissions (rights.go).
	TokenAppUser TokenKind = "app-user"
)

// Rights are what a token may do: a classic token's scopes, or a
// fine-grained or app token's permissions (permission name → "read" or
// "write", as GitHub names them in X-Accepted-GitHub-Permissions, e.g.
// "codespaces": "write").
type Rights struct {
	Kind        TokenKind
	Scopes      []string
	Permissions map[string]string
}

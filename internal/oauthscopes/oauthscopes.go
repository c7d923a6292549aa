// Package oauthscopes is GitHub's hierarchy of OAuth scopes, which the
// client reads answers with (which scope did the token lack?) and the mock
// checks tokens with (does the token have a scope the operation accepts?).
// One table serves both, so that the two cannot disagree.
package oauthscopes

import "slices"

// implied is which scopes each scope includes, from the table of "Scopes
// for OAuth apps" (docs.github.com/apps/oauth-apps/building-oauth-apps/
// scopes-for-oauth-apps), where a scope's indented rows are included in it
// ("requesting user,gist,user:email will result in a token with user and
// gist scopes only since the access granted with user:email scope is
// included in the user scope"). GitHub lists a token's scopes normalized
// that way, so X-OAuth-Scopes: admin:org means write:org and read:org too.
var implied = map[string][]string{
	"repo":             {"repo:status", "repo_deployment", "public_repo", "repo:invite", "security_events"},
	"admin:repo_hook":  {"write:repo_hook", "read:repo_hook"},
	"admin:org":        {"write:org", "read:org"},
	"admin:public_key": {"write:public_key", "read:public_key"},
	"user":             {"read:user", "user:email", "user:follow"},
	"project":          {"read:project"},
	"admin:gpg_key":    {"write:gpg_key", "read:gpg_key"},
	"admin:enterprise": {"manage_runners:enterprise", "manage_billing:enterprise", "read:enterprise"},
}

// Has reports whether a token with scopes has scope, itself or through a
// scope that includes it.
func Has(scopes []string, scope string) bool {
	for _, s := range scopes {
		if s == scope || slices.Contains(implied[s], scope) {
			return true
		}
	}
	return false
}

// HasAny reports whether a token with scopes has one of accepted, the
// alternatives an operation checks for (X-Accepted-OAuth-Scopes); an
// operation that checks for none accepts any token.
func HasAny(scopes, accepted []string) bool {
	if len(accepted) == 0 {
		return true
	}
	for _, a := range accepted {
		if Has(scopes, a) {
			return true
		}
	}
	return false
}

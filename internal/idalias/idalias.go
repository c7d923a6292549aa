// Package idalias knows GitHub's id-based paths: /repositories/{repository_id}/…
// reaches what /repos/{owner}/{repo}/… reaches, and /organizations/{org_id}/…
// what /orgs/{org}/… reaches. GitHub's own Link headers lead there, e.g.
// https://api.github.com/repositories/670312779/codespaces/secrets?per_page=1&page=2
// and https://api.github.com/organizations/64329988/codespaces/secrets?per_page=1&page=2,
// so a client that pages through a repository's or an organization's list
// requests them (cli/cli's ListDevContainers requests
// /repositories/{id}/codespaces/devcontainers itself).
//
// The aliases are not operations of GitHub's description, and the spec does
// not gain them: they are a fact of GitHub's URL space, and this table is where
// the validator and the mock learn it. The validator routes them to the named
// operation and accepts them as Link targets; the mock serves them and builds
// its Links with them, as GitHub does.
package idalias

import (
	"strconv"
	"strings"
)

// Kind is what an id names.
type Kind int

// The two kinds of id-based path.
const (
	Repository   Kind = iota + 1 // /repositories/{repository_id} for /repos/{owner}/{repo}
	Organization                 // /organizations/{org_id} for /orgs/{org}
)

type form struct {
	idPrefix string   // "/repositories/"
	param    string   // the id's parameter name
	named    string   // the named prefix, as the spec's templates spell it
	params   []string // the named prefix's parameters
}

var forms = map[Kind]form{
	Repository:   {"/repositories/", "repository_id", "/repos/{owner}/{repo}", []string{"owner", "repo"}},
	Organization: {"/organizations/", "org_id", "/orgs/{org}", []string{"org"}},
}

// Param is the name the id's path parameter goes by: repository_id or org_id.
func (k Kind) Param() string { return forms[k].param }

// Template is the id-based prefix as a path template:
// /repositories/{repository_id} or /organizations/{org_id}.
func (k Kind) Template() string { return forms[k].idPrefix + "{" + forms[k].param + "}" }

// Named is the prefix the id stands for, as the spec's path templates spell
// it: /repos/{owner}/{repo} or /orgs/{org}.
func (k Kind) Named() string { return forms[k].named }

// NamedParams are the parameters of Named: owner and repo, or org.
func (k Kind) NamedParams() []string { return forms[k].params }

// Alias is an id-based path taken apart.
type Alias struct {
	Kind Kind
	ID   int64
	// Rest is what follows the id, as it came (escaped if the path was):
	// "/codespaces/secrets", or "" for the repository or organization itself.
	Rest string
}

// Parse takes apart a path that starts with an id-based prefix. The id is a
// positive decimal integer that fits 64 bits, written without a sign or
// leading zeros; anything else names no repository or organization, and
// Parse reports false.
func Parse(path string) (Alias, bool) {
	for _, k := range []Kind{Repository, Organization} {
		rest, ok := strings.CutPrefix(path, forms[k].idPrefix)
		if !ok {
			continue
		}
		digits, tail, _ := strings.Cut(rest, "/")
		id, ok := parseID(digits)
		if !ok {
			return Alias{}, false
		}
		if tail != "" || strings.HasSuffix(rest, "/") {
			tail = "/" + tail
		}
		return Alias{Kind: k, ID: id, Rest: tail}, true
	}
	return Alias{}, false
}

func parseID(s string) (int64, bool) {
	if s == "" || s[0] == '0' || strings.TrimLeft(s, "0123456789") != "" {
		return 0, false
	}
	id, err := strconv.ParseInt(s, 10, 64)
	return id, err == nil
}

// Path is the id-based path for a kind, an id and what follows.
func Path(k Kind, id int64, rest string) string {
	return forms[k].idPrefix + strconv.FormatInt(id, 10) + rest
}

// Of tells whether a spec path template is a repository's or an
// organization's (starts with Named), and returns what follows the prefix.
func Of(template string) (Kind, string, bool) {
	for _, k := range []Kind{Repository, Organization} {
		if rest, ok := strings.CutPrefix(template, forms[k].named); ok && (rest == "" || rest[0] == '/') {
			return k, rest, true
		}
	}
	return 0, "", false
}

package evidence

import (
	"net/url"
	"strings"

	"github.com/codespaces-go/codespaces/internal/linkheader"
)

// linkShape renders a Link header as what a client following it sees: for
// each link, in order, its rel, the form of its path and its query's keys
// in order, e.g. `next id-based ?per_page&page, last id-based ?per_page&page`.
// Hosts and ids are left out: they belong to the world, not the behaviour.
func linkShape(h string) string {
	if strings.TrimSpace(h) == "" {
		return none
	}
	links := linkheader.Parse(h)
	if len(links) == 0 {
		return "unparsable"
	}
	var parts []string
	for _, l := range links {
		rel := strings.Join(l.Rels, " ")
		u, err := url.Parse(l.URL)
		if err != nil {
			parts = append(parts, rel+" unparsable")
			continue
		}
		parts = append(parts, rel+" "+pathForm(u.Path)+" ?"+queryKeys(u.RawQuery))
	}
	return strings.Join(parts, ", ")
}

// pathForm tells GitHub's two ways of naming a repository or organization
// apart, by the first of the prefixes the path holds (a base path such as
// /api/v3 may come before it).
func pathForm(p string) string {
	form, at := "other", len(p)
	for _, f := range []struct{ prefix, form string }{
		{"/repositories/", "id-based"}, {"/organizations/", "id-based"},
		{"/repos/", "name-based"}, {"/orgs/", "name-based"}, {"/user/", "user"},
	} {
		if i := strings.Index(p, f.prefix); i >= 0 && i < at {
			form, at = f.form, i
		}
	}
	return form
}

// queryKeys lists a raw query's keys in the order they appear.
func queryKeys(raw string) string {
	var keys []string
	for _, kv := range strings.Split(raw, "&") {
		if kv == "" {
			continue
		}
		k, _, _ := strings.Cut(kv, "=")
		keys = append(keys, k)
	}
	return strings.Join(keys, "&")
}

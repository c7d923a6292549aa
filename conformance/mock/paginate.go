package mock

import (
	"net/url"
	"strconv"
	"strings"
)

const (
	defaultPerPage = 30
	maxPerPage     = 100
)

// window is one page of a list.
type window struct {
	page, perPage, last int
	start, end          int // the page's items are [start, end)
}

// paginate cuts a list of total items into pages like GitHub: per_page
// defaults to 30 and is at most 100; a page past the end is empty.
func paginate(total int, page, perPage *int) window {
	w := window{page: 1, perPage: defaultPerPage}
	if page != nil && *page > 0 {
		w.page = *page
	}
	if perPage != nil && *perPage > 0 {
		w.perPage = min(*perPage, maxPerPage)
	}
	w.last = max(1, (total+w.perPage-1)/w.perPage)
	w.start = total
	if w.page-1 <= total/w.perPage { // else the product could overflow
		w.start = min(total, (w.page-1)*w.perPage)
	}
	w.end = min(total, w.start+w.perPage)
	return w
}

// link is the RFC 8288 Link header for the page, with absolute URLs on base
// and u's path (GitHub's form: call.url), rels in GitHub's order (prev,
// next, last, first); empty when one page holds everything.
func (w window) link(base string, u *url.URL) string {
	if w.last == 1 && w.page == 1 {
		return ""
	}
	at := func(page int) string {
		return "<" + base + u.EscapedPath() + "?" + withPage(u.RawQuery, page) + ">"
	}
	var rels []string
	if w.page > 1 {
		rels = append(rels, at(min(w.page-1, w.last))+`; rel="prev"`)
	}
	if w.page < w.last {
		rels = append(rels, at(w.page+1)+`; rel="next"`, at(w.last)+`; rel="last"`)
	}
	if w.page > 1 {
		rels = append(rels, at(1)+`; rel="first"`)
	}
	return strings.Join(rels, ", ")
}

// withPage is a raw query with page set the way GitHub sets it in its
// Links: the request's parameters stay as they came and in their order, a
// page among them takes the new value where it stood, and one that was not
// there comes last. A request for ?per_page=1 leads on to ?per_page=1&page=2,
// one for ?page=2&per_page=1 back to ?page=1&per_page=1
// (cassettes/github/octokit-rb-*-list-secrets--auto-paginates-the-results.yaml).
func withPage(rawQuery string, page int) string {
	set := "page=" + strconv.Itoa(page)
	var out []string
	placed := false
	for _, kv := range strings.Split(rawQuery, "&") {
		if kv == "" {
			continue
		}
		key, _, _ := strings.Cut(kv, "=")
		if k, err := url.QueryUnescape(key); err == nil && k == "page" {
			if !placed {
				out, placed = append(out, set), true
			}
			continue
		}
		out = append(out, kv)
	}
	if !placed {
		out = append(out, set)
	}
	return strings.Join(out, "&")
}

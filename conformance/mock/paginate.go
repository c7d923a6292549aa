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
// that keep the request's other query parameters; empty when one page holds
// everything.
func (w window) link(base string, u *url.URL) string {
	if w.last == 1 && w.page == 1 {
		return ""
	}
	at := func(page int) string {
		q := u.Query()
		q.Set("page", strconv.Itoa(page))
		return "<" + base + u.EscapedPath() + "?" + q.Encode() + ">"
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

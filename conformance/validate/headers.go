package validate

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"

	"github.com/codespaces-go/codespaces/internal/linkheader"
	"github.com/codespaces-go/codespaces/internal/origin"
)

// checkHeaders checks the headers the response documents. value is the
// decoded body, or nil when there is none.
func (v *Validator) checkHeaders(resp *openapi3.Response, route *routers.Route, reqURL *url.URL, base Violation, status int, header http.Header, value any) []Violation {
	var out []Violation
	add := func(format string, args ...any) {
		vi := base
		vi.Kind, vi.Message = KindHeader, fmt.Sprintf(format, args...)
		out = append(out, vi)
	}
	// GitHub paginates every list that takes page the same way, with a Link
	// header; its description documents the header on some lists only
	// (secrets), so Link is checked on every paginated list, documented or not.
	paginated := route.Operation.Parameters.GetByInAndName(openapi3.ParameterInQuery, "page") != nil
	linkDocumented := false
	names := make([]string, 0, len(resp.Headers))
	for name := range resp.Headers {
		names = append(names, name)
		linkDocumented = linkDocumented || strings.EqualFold(name, "Link")
	}
	slices.Sort(names)
	if paginated && !linkDocumented && status/100 == 2 {
		names = append(names, "Link")
	}
	for _, name := range names {
		ref := resp.Headers[name]
		if strings.EqualFold(name, "Link") && ref == nil {
			ref = &openapi3.HeaderRef{Value: &openapi3.Header{}}
		}
		if ref == nil || ref.Value == nil {
			continue
		}
		values := header.Values(name)
		if len(values) == 0 {
			if ref.Value.Required {
				add("documented header %s is missing", name)
			}
			if strings.EqualFold(name, "Link") {
				if msg := incompletePage(value); msg != "" {
					add("%s", msg)
				}
			}
			continue
		}
		if strings.EqualFold(name, "Link") {
			for _, msg := range v.checkLink(strings.Join(values, ", "), route, reqURL) {
				add("Link: %s", msg)
			}
			continue
		}
		if s := ref.Value.Schema; s != nil && s.Value != nil {
			if err := s.Value.VisitJSON(headerValue(values[0], s.Value), v.schemaOpts...); err != nil {
				leaves, _ := flatten(err)
				for _, se := range leaves {
					add("header %s: %s", name, schemaMessage(se))
				}
			}
		}
	}
	return out
}

// incompletePage says why a list response without a Link header cannot be
// the whole list: its total_count is larger than the items it holds.
func incompletePage(value any) string {
	obj, ok := value.(map[string]any)
	if !ok {
		return ""
	}
	total, ok := obj["total_count"].(float64)
	if !ok {
		return ""
	}
	var items []any
	var field string
	for k, v := range obj {
		if a, ok := v.([]any); ok {
			if items != nil {
				return "" // more than one list: not a page
			}
			items, field = a, k
		}
	}
	if items == nil || float64(len(items)) >= total {
		return ""
	}
	return fmt.Sprintf("total_count is %v but %s holds %d, and no Link header leads to the rest", total, field, len(items))
}

// checkLink checks an RFC 8288 Link header of a paginated list: it parses,
// every link has a rel, and every link leads to the same operation.
func (v *Validator) checkLink(header string, route *routers.Route, reqURL *url.URL) []string {
	links, err := linkheader.ParseStrict(header)
	if err != nil {
		return []string{err.Error()}
	}
	var out []string
	for _, l := range links {
		if len(l.Rels) == 0 {
			out = append(out, fmt.Sprintf("<%s> has no rel", l.URL))
			continue
		}
		rel := strings.Join(l.Rels, " ")
		u, err := url.Parse(l.URL)
		if err != nil || !u.IsAbs() {
			out = append(out, fmt.Sprintf("rel=%q: %q is not an absolute URL", rel, l.URL))
			continue
		}
		// A server checking its own answer passes the request as received,
		// whose URL has no host: then there is no origin to hold the link to.
		if reqURL != nil && reqURL.Host != "" && !origin.Same(u, reqURL) {
			out = append(out, fmt.Sprintf("rel=%q leads to %s, off the origin %s://%s the request went to", rel, l.URL, reqURL.Scheme, reqURL.Host))
			continue
		}
		_, op, err := v.route(route.Method, u)
		if err != nil || op.ID != route.Operation.OperationID {
			out = append(out, fmt.Sprintf("rel=%q leads to %s, not to this operation", rel, u.Path))
		}
	}
	return out
}

// headerValue reads a header's text as its schema's type says (an
// X-RateLimit-Remaining of "0" is the integer 0), so that the schema judges
// the value, not its spelling. Text that does not read as that type stays
// text, and the schema then says what is wrong with it.
func headerValue(raw string, s *openapi3.Schema) any {
	switch {
	case s.Type.Is(openapi3.TypeInteger):
		if n, err := strconv.ParseInt(strings.TrimSpace(raw), 10, 64); err == nil {
			return n
		}
	case s.Type.Is(openapi3.TypeNumber):
		if f, err := strconv.ParseFloat(strings.TrimSpace(raw), 64); err == nil {
			return f
		}
	case s.Type.Is(openapi3.TypeBoolean):
		if b, err := strconv.ParseBool(strings.TrimSpace(raw)); err == nil {
			return b
		}
	}
	return raw
}

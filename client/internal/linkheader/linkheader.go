// Package linkheader parses HTTP Link headers (RFC 8288), the way GitHub
// announces the next page of a list.
//
// The parser is lenient in what it skips and strict in what it returns: a
// malformed link-value is dropped rather than guessed at, so a caller never
// follows a URL that was cut out of the wrong place.
package linkheader

import "strings"

// Link is one link-value of a Link header.
type Link struct {
	// URL is the target, exactly as written between the angle brackets.
	URL string
	// Rels holds the relation types of the rel parameter, lower-cased
	// (rel="next last" gives two).
	Rels []string
}

// HasRel reports whether the link has the relation type rel (compared
// case-insensitively).
func (l Link) HasRel(rel string) bool {
	for _, r := range l.Rels {
		if strings.EqualFold(r, rel) {
			return true
		}
	}
	return false
}

// Parse returns the well-formed links of every given header value, in order.
func Parse(values ...string) []Link {
	var links []Link
	for _, v := range values {
		p := parser{s: v}
		for {
			l, ok, more := p.next()
			if ok {
				links = append(links, l)
			}
			if !more {
				break
			}
		}
	}
	return links
}

// Find returns the URL of the first link with relation type rel.
func Find(rel string, values ...string) (string, bool) {
	for _, l := range Parse(values...) {
		if l.HasRel(rel) {
			return l.URL, true
		}
	}
	return "", false
}

type parser struct {
	s string
	i int
}

// next parses one link-value. ok says whether it was well formed; more whether
// anything is left to parse.
func (p *parser) next() (l Link, ok, more bool) {
	p.skip(" \t,")
	if p.i >= len(p.s) {
		return Link{}, false, false
	}
	if p.s[p.i] != '<' {
		p.skipValue()
		return Link{}, false, p.i < len(p.s)
	}
	end := strings.IndexByte(p.s[p.i+1:], '>')
	if end < 0 {
		p.i = len(p.s)
		return Link{}, false, false
	}
	l.URL = p.s[p.i+1 : p.i+1+end]
	p.i += end + 2
	ok = l.URL != "" && !strings.ContainsAny(l.URL, "<> \t")
	for {
		p.skip(" \t")
		if p.i >= len(p.s) {
			return l, ok, false
		}
		switch p.s[p.i] {
		case ',':
			p.i++
			return l, ok, true
		case ';':
			p.i++
			name, value, good := p.param()
			if !good {
				ok = false
				continue
			}
			if strings.EqualFold(name, "rel") && l.Rels == nil {
				// RFC 8288 §3.3: only the first rel parameter counts.
				for _, r := range strings.Fields(value) {
					l.Rels = append(l.Rels, strings.ToLower(r))
				}
				if l.Rels == nil {
					l.Rels = []string{}
				}
			}
		default:
			// Garbage after the target or a parameter: drop this link-value.
			p.skipValue()
			return l, false, p.i < len(p.s)
		}
	}
}

// param parses `name`, `name=token` or `name="quoted"` after a semicolon.
func (p *parser) param() (name, value string, ok bool) {
	p.skip(" \t")
	start := p.i
	for p.i < len(p.s) && isTokenChar(p.s[p.i]) {
		p.i++
	}
	name = p.s[start:p.i]
	if name == "" {
		return "", "", false
	}
	p.skip(" \t")
	if p.i >= len(p.s) || p.s[p.i] != '=' {
		return name, "", true
	}
	p.i++
	p.skip(" \t")
	if p.i < len(p.s) && p.s[p.i] == '"' {
		var b strings.Builder
		p.i++
		for p.i < len(p.s) {
			c := p.s[p.i]
			switch {
			case c == '\\' && p.i+1 < len(p.s):
				b.WriteByte(p.s[p.i+1])
				p.i += 2
			case c == '"':
				p.i++
				return name, b.String(), true
			default:
				b.WriteByte(c)
				p.i++
			}
		}
		return "", "", false // unterminated quoted string
	}
	// Unquoted values should be tokens; be lenient (type=text/html is common).
	start = p.i
	for p.i < len(p.s) && strings.IndexByte(" \t,;\"<>", p.s[p.i]) < 0 {
		p.i++
	}
	if start == p.i {
		return "", "", false
	}
	return name, p.s[start:p.i], true
}

// skipValue moves past the rest of a malformed link-value: to the next comma
// outside angle brackets and quotes.
func (p *parser) skipValue() {
	inQuote, inURL := false, false
	for ; p.i < len(p.s); p.i++ {
		c := p.s[p.i]
		switch {
		case inQuote && c == '\\':
			p.i++
		case c == '"' && !inURL:
			inQuote = !inQuote
		case c == '<' && !inQuote:
			inURL = true
		case c == '>' && !inQuote:
			inURL = false
		case c == ',' && !inQuote && !inURL:
			p.i++
			return
		}
	}
}

func (p *parser) skip(chars string) {
	for p.i < len(p.s) && strings.IndexByte(chars, p.s[p.i]) >= 0 {
		p.i++
	}
}

// isTokenChar reports whether c may appear in an RFC 7230 token.
func isTokenChar(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

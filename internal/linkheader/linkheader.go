// Package linkheader parses HTTP Link headers (RFC 8288), the way GitHub
// announces the other pages of a list. One parser serves two readers: the
// client, which follows what is well formed and skips the rest (Parse), and
// the conformance validator, which must say what is wrong (ParseStrict).
//
// A malformed link-value is never guessed at, so a caller never follows a URL
// that was cut out of the wrong place.
package linkheader

import (
	"errors"
	"fmt"
	"strings"
)

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

// Parse returns the well-formed links of every given header value, in order,
// skipping malformed link-values.
func Parse(values ...string) []Link {
	var links []Link
	for _, v := range values {
		p := parser{s: v}
		for {
			l, err, more := p.next()
			if err == nil && l.URL != "" {
				links = append(links, l)
			}
			if !more {
				break
			}
		}
	}
	return links
}

// ParseStrict parses one header value and fails on the first malformed
// link-value, saying where it starts and what is wrong with it. A header that
// holds no link at all is an error too.
func ParseStrict(header string) ([]Link, error) {
	var links []Link
	p := parser{s: header}
	for {
		p.skip(" \t,")
		start := p.i
		l, err, more := p.next()
		if err != nil {
			return nil, fmt.Errorf("link-value at offset %d: %w", start, err)
		}
		if l.URL != "" {
			links = append(links, l)
		}
		if !more {
			break
		}
	}
	if len(links) == 0 {
		return nil, errNoLinks
	}
	return links, nil
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

// Why a header or a link-value is malformed.
var (
	errNoLinks       = errors.New("the header holds no link")
	errNoTarget      = errors.New("it does not start with '<'")
	errUnclosed      = errors.New("its target is not closed with '>'")
	errBadTarget     = errors.New("its target is empty or holds '<', '>' or white space")
	errBadParam      = errors.New("a parameter is malformed (no name, an empty value, or an unterminated quoted string)")
	errTrailingBytes = errors.New("something other than ';' or ',' follows its target or a parameter")
)

// next parses one link-value. A nil error with an empty URL means nothing was
// left to parse; more says whether anything is left after this value.
func (p *parser) next() (l Link, err error, more bool) {
	p.skip(" \t,")
	if p.i >= len(p.s) {
		return Link{}, nil, false
	}
	if p.s[p.i] != '<' {
		p.skipValue()
		return Link{}, errNoTarget, p.i < len(p.s)
	}
	end := strings.IndexByte(p.s[p.i+1:], '>')
	if end < 0 {
		p.i = len(p.s)
		return Link{}, errUnclosed, false
	}
	l.URL = p.s[p.i+1 : p.i+1+end]
	p.i += end + 2
	if l.URL == "" || strings.ContainsAny(l.URL, "<> \t") {
		err = errBadTarget
	}
	for {
		p.skip(" \t")
		if p.i >= len(p.s) {
			return l, err, false
		}
		switch p.s[p.i] {
		case ',':
			p.i++
			return l, err, true
		case ';':
			p.i++
			name, value, good := p.param()
			if !good {
				if err == nil {
					err = errBadParam
				}
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
			if err == nil {
				err = errTrailingBytes
			}
			return l, err, p.i < len(p.s)
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

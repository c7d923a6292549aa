package validate

import (
	"errors"
	"fmt"
	"strings"
)

// link is one entry of an RFC 8288 Link header.
type link struct {
	URL string
	Rel string // the rel parameter, "" when absent
}

// parseLinks parses a Link header such as
//
//	<https://api.github.com/user/codespaces?page=2>; rel="next", <...>; rel="last"
//
// It accepts what RFC 8288 allows that GitHub could plausibly send (quoted
// or bare parameter values, commas inside quotes, optional whitespace) and
// rejects the rest with an error that says where it stopped.
func parseLinks(header string) ([]link, error) {
	var links []link
	s := header
	for {
		s = strings.TrimLeft(s, " \t")
		if s == "" {
			if len(links) == 0 {
				return nil, errors.New("empty header")
			}
			return links, nil
		}
		if s[0] != '<' {
			return nil, fmt.Errorf("expected '<' at offset %d", len(header)-len(s))
		}
		end := strings.IndexByte(s, '>')
		if end < 0 {
			return nil, errors.New("a URI reference is not closed with '>'")
		}
		l := link{URL: strings.TrimSpace(s[1:end])}
		if l.URL == "" {
			return nil, fmt.Errorf("empty URI reference at offset %d", len(header)-len(s))
		}
		if strings.ContainsAny(l.URL, "< \t") {
			return nil, fmt.Errorf("a URI reference holds '<' or whitespace at offset %d", len(header)-len(s))
		}
		s = s[end+1:]
		for {
			s = strings.TrimLeft(s, " \t")
			if s == "" || s[0] == ',' {
				break
			}
			if s[0] != ';' {
				return nil, fmt.Errorf("expected ';' or ',' at offset %d", len(header)-len(s))
			}
			var name, value string
			var err error
			name, value, s, err = parseLinkParam(s[1:])
			if err != nil {
				return nil, fmt.Errorf("%w at offset %d", err, len(header)-len(s))
			}
			if strings.EqualFold(name, "rel") && l.Rel == "" {
				l.Rel = value
			}
		}
		links = append(links, l)
		if s != "" {
			s = s[1:] // the comma
		}
	}
}

// parseLinkParam parses `name=value` or `name="quoted value"` (or a bare
// name) and returns what follows.
func parseLinkParam(s string) (name, value, rest string, err error) {
	s = strings.TrimLeft(s, " \t")
	i := strings.IndexAny(s, "=;,")
	if i < 0 {
		i = len(s)
	}
	name = strings.TrimSpace(s[:i])
	if name == "" || strings.ContainsAny(name, " \t\"<>") {
		return "", "", s, errors.New("malformed parameter name")
	}
	s = s[i:]
	if s == "" || s[0] != '=' {
		return name, "", s, nil
	}
	s = strings.TrimLeft(s[1:], " \t")
	if strings.HasPrefix(s, `"`) {
		var b strings.Builder
		for j := 1; j < len(s); j++ {
			switch s[j] {
			case '\\':
				if j+1 < len(s) {
					j++
					b.WriteByte(s[j])
				}
			case '"':
				return name, b.String(), s[j+1:], nil
			default:
				b.WriteByte(s[j])
			}
		}
		return "", "", s, errors.New("unterminated quoted parameter value")
	}
	j := strings.IndexAny(s, ";,")
	if j < 0 {
		j = len(s)
	}
	value = strings.TrimSpace(s[:j])
	if value == "" {
		return "", "", s, fmt.Errorf("parameter %q has an empty value", name)
	}
	return name, value, s[j:], nil
}

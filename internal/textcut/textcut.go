// Package textcut shortens strings that go into reports, logs and error
// messages, where a client controls their length.
package textcut

import (
	"strings"
	"unicode/utf8"
)

// Cut is s, or its first n bytes or fewer (whole runes) and "…". The result
// never shares memory with s: a request's method and path are slices of its
// request line, and keeping them would keep the whole line, query and all.
func Cut(s string, n int) string {
	if len(s) <= n {
		return strings.Clone(s)
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…" // a concatenation is a new string
}

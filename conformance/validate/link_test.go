package validate

import (
	"slices"
	"strings"
	"testing"
)

func TestParseLinks(t *testing.T) {
	for _, tt := range []struct {
		in      string
		want    []link
		wantErr string
	}{
		{`<https://api.github.com/user/codespaces?page=2>; rel="next", <https://api.github.com/user/codespaces?page=5>; rel="last"`,
			[]link{{"https://api.github.com/user/codespaces?page=2", "next"}, {"https://api.github.com/user/codespaces?page=5", "last"}}, ""},
		{`<a>;rel=next;title="x, y; z",<b> ; rel = "prev"`, []link{{"a", "next"}, {"b", "prev"}}, ""},
		{`<a>; title="say \"hi\""; rel="first"`, []link{{"a", "first"}}, ""},
		{`<a>; rel="next"; rel="prev"`, []link{{"a", "next"}}, ""},
		{`<a>`, []link{{"a", ""}}, ""},
		{``, nil, "empty"},
		{`a; rel=next`, nil, "expected '<'"},
		{`<a; rel=next`, nil, "not closed"},
		{`<>; rel=next`, nil, "empty URI"},
		{`<a> rel=next`, nil, "expected ';'"},
		{`<a>; rel="next`, nil, "unterminated"},
		{`<a>; rel=`, nil, "empty value"},
		{`<a>; ="x"`, nil, "parameter name"},
	} {
		got, err := parseLinks(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("parseLinks(%q) error = %v, want one about %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("parseLinks(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

// FuzzParseLinks: any input parses or fails cleanly, and what parses
// renders back to a header that parses to the same links.
func FuzzParseLinks(f *testing.F) {
	f.Add(`<https://api.github.com/user/codespaces?page=2>; rel="next", <https://api.github.com/user/codespaces?page=5>; rel="last"`)
	f.Add(`<a>;rel=next;title="x, y; z",<b> ; rel = "prev"`)
	f.Add(`<a>; title="say \"hi\""`)
	f.Add(`<`)
	f.Add(`<a>;`)
	f.Fuzz(func(t *testing.T, in string) {
		links, err := parseLinks(in)
		if err != nil {
			return
		}
		if len(links) == 0 {
			t.Fatal("no error and no links")
		}
		var parts []string
		for _, l := range links {
			if l.URL == "" || strings.ContainsAny(l.URL, "<>") {
				t.Fatalf("bad URL %q from %q", l.URL, in)
			}
			p := "<" + l.URL + ">"
			if l.Rel != "" {
				p += `; rel="` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(l.Rel) + `"`
			}
			parts = append(parts, p)
		}
		again, err := parseLinks(strings.Join(parts, ", "))
		if err != nil || !slices.Equal(again, links) {
			t.Fatalf("%q parsed to %v, which renders to %q and parses to %v, %v", in, links, strings.Join(parts, ", "), again, err)
		}
	})
}

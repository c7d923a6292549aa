package linkheader

import (
	"reflect"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name   string
		values []string
		want   []Link
	}{
		{
			name:   "github pages",
			values: []string{`<https://api.github.com/user/codespaces?page=2>; rel="next", <https://api.github.com/user/codespaces?page=5>; rel="last"`},
			want: []Link{
				{URL: "https://api.github.com/user/codespaces?page=2", Rels: []string{"next"}},
				{URL: "https://api.github.com/user/codespaces?page=5", Rels: []string{"last"}},
			},
		},
		{
			name:   "unquoted rel, odd spacing, upper case",
			values: []string{` <https://h/a?page=3> ;REL = NEXT ,<https://h/a?page=1>;rel=first`},
			want: []Link{
				{URL: "https://h/a?page=3", Rels: []string{"next"}},
				{URL: "https://h/a?page=1", Rels: []string{"first"}},
			},
		},
		{
			name:   "several relation types and other parameters",
			values: []string{`<https://h/x>; title="a, b; c"; rel="next last"; type=text/html`},
			want:   []Link{{URL: "https://h/x", Rels: []string{"next", "last"}}},
		},
		{
			name:   "comma inside the URL",
			values: []string{`<https://h/x?ids=1,2>; rel="next"`},
			want:   []Link{{URL: "https://h/x?ids=1,2", Rels: []string{"next"}}},
		},
		{
			name:   "only the first rel counts",
			values: []string{`<https://h/x>; rel="prev"; rel="next"`},
			want:   []Link{{URL: "https://h/x", Rels: []string{"prev"}}},
		},
		{
			name:   "escaped quote in a quoted value",
			values: []string{`<https://h/x>; title="say \"hi\""; rel=next`},
			want:   []Link{{URL: "https://h/x", Rels: []string{"next"}}},
		},
		{
			name:   "several header values",
			values: []string{`<https://h/1>; rel="prev"`, `<https://h/3>; rel="next"`},
			want: []Link{
				{URL: "https://h/1", Rels: []string{"prev"}},
				{URL: "https://h/3", Rels: []string{"next"}},
			},
		},
		{
			name:   "malformed values are dropped, good ones kept",
			values: []string{`https://h/bare; rel="next", <https://h/ok>; rel="next", <>; rel=next, <https://h/2> junk, <https://h/3>; rel="unterminated`},
			want:   []Link{{URL: "https://h/ok", Rels: []string{"next"}}},
		},
		{
			name:   "missing closing bracket",
			values: []string{`<https://h/x; rel="next"`},
			want:   nil,
		},
		{
			name:   "parameter without a name",
			values: []string{`<https://h/x>; ="next"`},
			want:   nil,
		},
		{
			name:   "empty rel",
			values: []string{`<https://h/x>; rel=""`},
			want:   []Link{{URL: "https://h/x", Rels: []string{}}},
		},
		{name: "empty", values: []string{"", " , ,"}, want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Parse(tt.values...)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse(%q)\n got %#v\nwant %#v", tt.values, got, tt.want)
			}
		})
	}
}

func TestFind(t *testing.T) {
	h := `<https://h/?page=1>; rel="prev", <https://h/?page=3>; rel="Next"`
	if got, ok := Find("next", h); !ok || got != "https://h/?page=3" {
		t.Errorf(`Find("next") = %q, %v; want the page-3 URL`, got, ok)
	}
	if got, ok := Find("last", h); ok {
		t.Errorf(`Find("last") = %q, true; want nothing`, got)
	}
}

func format(links []Link) string {
	parts := make([]string, len(links))
	for i, l := range links {
		parts[i] = "<" + l.URL + `>; rel="` + strings.Join(l.Rels, " ") + `"`
	}
	return strings.Join(parts, ", ")
}

// FuzzParse checks that any input parses without a panic, that every URL
// returned is a plausible target, and that formatting what was parsed and
// parsing it again gives the same links.
func FuzzParse(f *testing.F) {
	f.Add(`<https://api.github.com/user/codespaces?page=2>; rel="next", <https://api.github.com/user/codespaces?page=5>; rel="last"`)
	f.Add(`<https://h/x>; title="a, b; c"; rel="next last"`)
	f.Add(`<https://h/x>; title="\"`)
	f.Add(`<<>>;;,,rel=`)
	f.Add(`<a>;rel=next,<b>;rel="prev"`)
	f.Fuzz(func(t *testing.T, s string) {
		links := Parse(s)
		for _, l := range links {
			if l.URL == "" || strings.ContainsAny(l.URL, "<> \t") {
				t.Fatalf("Parse(%q) returned the implausible URL %q", s, l.URL)
			}
			for _, r := range l.Rels {
				if r == "" || r != strings.ToLower(r) || strings.ContainsAny(r, " \t") {
					t.Fatalf("Parse(%q) returned the relation type %q", s, r)
				}
			}
		}
		var wellFormed []Link
		for _, l := range links {
			ok := !strings.ContainsAny(l.URL, `,;"\`) && l.Rels != nil
			for _, r := range l.Rels {
				ok = ok && !strings.ContainsAny(r, `",;\`)
			}
			if ok {
				wellFormed = append(wellFormed, l)
			}
		}
		if again := Parse(format(wellFormed)); !reflect.DeepEqual(again, wellFormed) {
			t.Fatalf("round trip of %q: got %#v, want %#v", s, again, wellFormed)
		}
		// The strict reading never disagrees with the lenient one: it either
		// rejects the header or returns exactly what Parse returns.
		if strict, err := ParseStrict(s); err == nil && !reflect.DeepEqual(strict, links) {
			t.Fatalf("ParseStrict(%q) = %#v, Parse = %#v", s, strict, links)
		} else if err != nil && strict != nil {
			t.Fatalf("ParseStrict(%q) returned links with the error %v", s, err)
		}
	})
}

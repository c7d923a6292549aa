package linkheader

import (
	"errors"
	"reflect"
	"testing"
)

// ParseStrict is what the conformance validator reports with: every
// malformed link-value is an error naming what is wrong with it.
func TestParseStrict(t *testing.T) {
	next := func(url string, rels ...string) Link { return Link{URL: url, Rels: rels} }
	for _, tt := range []struct {
		in   string
		want []Link
		err  error // nil: must parse; errNoLinks: the empty-header error
	}{
		{`<https://api.github.com/user/codespaces?page=2>; rel="next", <https://api.github.com/user/codespaces?page=5>; rel="last"`,
			[]Link{next("https://api.github.com/user/codespaces?page=2", "next"), next("https://api.github.com/user/codespaces?page=5", "last")}, nil},
		{`<a>;rel=next;title="x, y; z",<b> ; rel = "prev"`, []Link{next("a", "next"), next("b", "prev")}, nil},
		{`<a>; title="say \"hi\""; rel="first"`, []Link{next("a", "first")}, nil},
		{`<a>; rel="next"; rel="prev"`, []Link{next("a", "next")}, nil},
		{`<a>`, []Link{{URL: "a"}}, nil},
		{``, nil, errNoLinks},
		{` , `, nil, errNoLinks},
		{`a; rel=next`, nil, errNoTarget},
		{`<a>; rel=next, b`, nil, errNoTarget},
		{`<a; rel=next`, nil, errUnclosed},
		{`<>; rel=next`, nil, errBadTarget},
		{`<a b>; rel=next`, nil, errBadTarget},
		{`<a> rel=next`, nil, errTrailingBytes},
		{`<a>; rel="next`, nil, errBadParam},
		{`<a>; rel=`, nil, errBadParam},
		{`<a>; ="x"`, nil, errBadParam},
	} {
		got, err := ParseStrict(tt.in)
		switch {
		case tt.err == errNoLinks:
			if err == nil || got != nil {
				t.Errorf("ParseStrict(%q) = %v, %v; want the no-link error", tt.in, got, err)
			}
		case tt.err != nil:
			if !errors.Is(err, tt.err) || got != nil {
				t.Errorf("ParseStrict(%q) = %v, %v; want %v", tt.in, got, err, tt.err)
			}
		case err != nil || !reflect.DeepEqual(got, tt.want):
			t.Errorf("ParseStrict(%q) = %#v, %v; want %#v", tt.in, got, err, tt.want)
		}
	}
}

// What ParseStrict accepts, Parse returns the same; what it rejects, Parse
// skips without losing the well-formed values around it.
func TestParseAgreesWithParseStrict(t *testing.T) {
	good := `<https://h/?page=2>; rel="next", <https://h/?page=9>; rel="last"`
	strict, err := ParseStrict(good)
	if err != nil || !reflect.DeepEqual(Parse(good), strict) {
		t.Fatalf("Parse = %v, ParseStrict = %v, %v", Parse(good), strict, err)
	}
	bad := `<https://h/?page=1>; rel="prev", garbage, <https://h/?page=2>; rel="next"`
	if _, err := ParseStrict(bad); !errors.Is(err, errNoTarget) {
		t.Errorf("ParseStrict(%q) error = %v, want %v", bad, err, errNoTarget)
	}
	if got := Parse(bad); len(got) != 2 || !got[1].HasRel("next") {
		t.Errorf("Parse(%q) = %v, want the prev and next links", bad, got)
	}
}

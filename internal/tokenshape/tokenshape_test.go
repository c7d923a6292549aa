package tokenshape

import "testing"

func TestReplace(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"no token here", "no token here"},
		{"Bearer ghp_0123456789abcdefABCDEF", "Bearer X"},
		{"github_pat_11ABCDEFG0123456789_abcdef and gho_0123456789abcdefXYZ", "X and X"},
		{"ghp_short", "ghp_short"}, // too short to be one
		{"v1." + "0123456789abcdef0123456789abcdef01234567", "X"},
		{"eyJhbGciOiJSUzI1.eyJpc3MiOiIxMjM0.c2lnbmF0dXJlMDEy", "X"},
	} {
		if got := Replace(tt.in, "X"); got != tt.want {
			t.Errorf("Replace(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got, want := Contains(tt.in), tt.in != tt.want; got != want {
			t.Errorf("Contains(%q) = %v, want %v", tt.in, got, want)
		}
	}
}

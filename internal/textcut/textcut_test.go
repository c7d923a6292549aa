package textcut

import (
	"strings"
	"testing"
	"unicode/utf8"
	"unsafe"
)

func TestCut(t *testing.T) {
	for _, tt := range []struct {
		s    string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly", 7, "exactly"},
		{"longer than that", 6, "longer…"},
		{"héllo", 2, "h…"}, // é is two bytes: not cut inside it
		{"héllo", 3, "hé…"},
		{"€uro", 1, "…"},
	} {
		got := Cut(tt.s, tt.n)
		if got != tt.want {
			t.Errorf("Cut(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.want)
		}
		if !utf8.ValidString(got) {
			t.Errorf("Cut(%q, %d) = %q, not valid UTF-8", tt.s, tt.n, got)
		}
	}
}

// TestCutSharesNoMemory: a cut of a slice of a huge string must not keep
// the huge string alive.
func TestCutSharesNoMemory(t *testing.T) {
	line := "GET /user/codespaces?" + strings.Repeat("q", 1<<16)
	path := line[4:20]
	for _, n := range []int{5, 100} {
		got := Cut(path, n)
		if unsafe.StringData(got) == unsafe.StringData(path) {
			t.Errorf("Cut(path, %d) shares the request line's memory", n)
		}
	}
}

package cassette

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestDiscoverFindsEveryCassetteDirectory(t *testing.T) {
	root := t.TempDir()
	for _, f := range []string{"cassettes/docs/a.yaml", "cassettes/mock/run1/b.yaml", "cassettes/live/c.yaml", "cassettes/docs/README.md", "cassettes/other/d.yaml"} {
		p := filepath.Join(root, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	got, err := Discover(root)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		filepath.Join(root, "cassettes/docs/a.yaml"),
		filepath.Join(root, "cassettes/live/c.yaml"),
		filepath.Join(root, "cassettes/mock/run1/b.yaml"),
	}
	if !slices.Equal(got, want) {
		t.Errorf("Discover = %v, want %v", got, want)
	}
	if got, err := Discover(t.TempDir()); err != nil || len(got) != 0 {
		t.Errorf("Discover on a tree without cassettes = %v, %v; want nothing, no error", got, err)
	}
}

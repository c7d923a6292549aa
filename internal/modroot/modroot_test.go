package modroot

import (
	"os"
	"path/filepath"
	"testing"
)

func TestFindWalksUpToGoMod(t *testing.T) {
	root := t.TempDir()
	sub := filepath.Join(root, "cassettes", "docs")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Find(sub); err == nil {
		t.Skip("a go.mod sits above the temporary directory")
	}
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got, err := Find(sub); err != nil || got != root {
		t.Errorf("Find(%s) = %q, %v; want %q", sub, got, err, root)
	}
}

func TestFindFromThisPackage(t *testing.T) {
	got, err := Find(".")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(got, "go.mod")); err != nil {
		t.Errorf("Find(.) = %q, which holds no go.mod: %v", got, err)
	}
}

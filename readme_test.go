package codespaces_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The README's client example is a whole program; this builds it against
// the current client/ so the README cannot fall behind the API. The program
// is placed into the module through -overlay: nothing is written to the tree.
func TestReadmeClientExampleBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go build; skipped with -short")
	}
	src := readmeBlock(t, "<!-- client-example -->\n```go\n")
	if !strings.Contains(src, "client.New(") {
		t.Fatal("the README's client example does not construct a client")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "main.go")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	root, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	virtual := filepath.Join(root, "internal", "readmeexample", "main.go")
	overlay, err := json.Marshal(map[string]map[string]string{"Replace": {virtual: file}})
	if err != nil {
		t.Fatal(err)
	}
	overlayFile := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(overlayFile, overlay, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "build", "-overlay", overlayFile, "-o", os.DevNull, "./internal/readmeexample")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the README's client example does not build: %v\n%s", err, out)
	}
}

// readmeBlock returns the fenced block that follows marker in README.md.
func readmeBlock(t *testing.T, marker string) string {
	t.Helper()
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(readme)
	i := strings.Index(s, marker)
	if i < 0 {
		t.Fatalf("README.md has no %q block", strings.SplitN(marker, "\n", 2)[0])
	}
	s = s[i+len(marker):]
	j := strings.Index(s, "```\n")
	if j < 0 {
		t.Fatal("the README block is not closed")
	}
	return s[:j]
}

package codespaces_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/codespaces-go/codespaces/conformance/mock/mocktest"
)

// The README's client examples are whole programs; this builds them against
// the current client/ so the README cannot fall behind the API, and runs
// the organization and repository-secret ones against the mock. Each program
// is placed into the module through -overlay: nothing is written to the tree.
// readmeExamples says, for those that need no waiting, what each must print
// when run against the served mock, where octocat (the token) administers
// octo-org and its octo-repo.
var readmeExamples = map[string][]string{
	"client-example":             nil, // creates and waits: built only
	"client-example-org":         {"REGISTRY_TOKEN created", "readable by octo-org/octo-repo"},
	"client-example-repo-secret": {"DATABASE_URL created", "DATABASE_URL updated "},
}

func TestReadmeClientExampleBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go build; skipped with -short")
	}
	for name, want := range readmeExamples {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			bin := buildReadmeExample(t, name)
			if want == nil {
				return
			}
			_, m := mocktest.New(t)
			cmd := exec.Command(bin)
			cmd.Env = append(os.Environ(), "GITHUB_TOKEN="+mocktest.Token, "GITHUB_API_URL="+m.URL())
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("the README's %s fails against the mock: %v\n%s", name, err, out)
			}
			for _, w := range want {
				if !strings.Contains(string(out), w) {
					t.Errorf("its output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

// buildReadmeExample builds the README's program after <!-- name --> and
// returns the binary's path.
func buildReadmeExample(t *testing.T, name string) string {
	t.Helper()
	src := readmeBlock(t, "<!-- "+name+" -->\n```go\n")
	if !strings.Contains(src, "client.New(") {
		t.Fatalf("the README's %s does not construct a client", name)
	}
	overlayFile, dir := overlaid(t, src, filepath.Join("internal", "readmeexample", "main.go"))
	bin := filepath.Join(dir, "example")
	cmd := exec.Command("go", "build", "-overlay", overlayFile, "-o", bin, "./internal/readmeexample")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the README's %s does not build: %v\n%s", name, err, out)
	}
	return bin
}

// overlaid writes src to a temporary directory, which it returns, with an
// overlay file for the go command's -overlay flag that places src at rel, a
// path in the module that does not exist: so the README's code builds as a
// package of the module without a file in the tree.
func overlaid(t *testing.T, src, rel string) (overlayFile, dir string) {
	t.Helper()
	dir = t.TempDir()
	file := filepath.Join(dir, filepath.Base(rel))
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	root, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	overlay, err := json.Marshal(map[string]map[string]string{"Replace": {filepath.Join(root, rel): file}})
	if err != nil {
		t.Fatal(err)
	}
	overlayFile = filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(overlayFile, overlay, 0o644); err != nil {
		t.Fatal(err)
	}
	return overlayFile, dir
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

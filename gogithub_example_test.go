package codespaces_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// goGitHubExample is the module of its own whose test drives the mock with
// go-github, so that this module does not require go-github.
const goGitHubExample = "examples/gogithub"

// TestGoGitHubExample runs the go-github example's tests (go vet, go test)
// in its own module, and checks that the README's go-github section is the
// code they run. The example needs go-github from the Go module proxy (its
// go.sum pins every version, so nothing is looked up elsewhere): without it
// the test skips, except under CI=true, where it fails.
//
// The go commands inherit the environment (GOFLAGS, GOPROXY, GOMODCACHE,
// GOCACHE), so they share this run's caches: from empty caches the example
// costs go-github's download and compilation, and a second run of the suite
// (CI's -race run) finds its test result cached.
func TestGoGitHubExample(t *testing.T) {
	if testing.Short() {
		t.Skip("builds go-github in its own module; skipped with -short")
	}
	file, err := os.ReadFile(filepath.Join(goGitHubExample, "gogithub_test.go"))
	if err != nil {
		t.Fatal(err)
	}
	const begin, end = "// <!-- go-github-example -->\n", "// <!-- /go-github-example -->\n"
	_, code, ok := strings.Cut(string(file), begin)
	code, _, ok2 := strings.Cut(code, end)
	if !ok || !ok2 {
		t.Fatalf("%s/gogithub_test.go has no %q … %q", goGitHubExample, begin, end)
	}
	if readme := readmeBlock(t, "<!-- go-github-example -->\n```go\n"); strings.TrimSpace(readme) != strings.TrimSpace(code) {
		t.Errorf("the README's go-github block is not the code %s/gogithub_test.go runs between its markers; copy it over\nREADME:\n%s\nexample:\n%s",
			goGitHubExample, readme, code)
	}

	env := append(os.Environ(), "GOWORK=off")
	start := time.Now()
	if out, err := goIn(goGitHubExample, env, "mod", "download"); err != nil {
		msg := "the go-github example's modules could not be downloaded (is the Go module proxy reachable?): " + err.Error() + "\n" + out
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + "\n(CI=true: CI reaches the proxy, so this is a failure)")
		}
		t.Skip(msg)
	}
	for _, args := range [][]string{{"vet", "./..."}, {"test", "./..."}} {
		if out, err := goIn(goGitHubExample, env, args...); err != nil {
			hint := ""
			if strings.Contains(out, "go.sum") || strings.Contains(out, "go mod tidy") {
				// Its go.mod pins what the codespaces module needs, through the replace.
				hint = "\n(a requirement the codespaces module gained is missing there: run go mod tidy in " + goGitHubExample + " and commit its go.mod and go.sum)"
			}
			t.Fatalf("go %s in %s: %v\n%s%s", strings.Join(args, " "), goGitHubExample, err, out, hint)
		}
	}
	t.Logf("the go-github example's download, vet and test took %v", time.Since(start).Round(time.Millisecond))
}

// goIn runs the go command in dir and returns what it printed.
func goIn(dir string, env []string, args ...string) (string, error) {
	cmd := exec.Command("go", args...)
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

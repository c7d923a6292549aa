package codespaces_test

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"
)

// TestReadmeMocktestExample runs the README's mocktest example, a whole
// test file, as a package of its own placed into the module through
// -overlay, and holds it to what the README says of it: it passes, and its
// minute of provisioning costs little real time under synctest.
func TestReadmeMocktestExample(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go test; skipped with -short")
	}
	t.Parallel()
	src := readmeBlock(t, "<!-- mocktest-example -->\n```go\n")
	overlayFile, dir := overlaid(t, src, filepath.Join("internal", "readmemocktest", "readme_test.go"))
	// go test would run it in its package's directory, which exists only
	// in the overlay: build the test binary and run it here instead.
	bin := filepath.Join(dir, "readme.test")
	if out, err := exec.Command("go", "test", "-c", "-overlay", overlayFile, "-vet=off", "-o", bin, "./internal/readmemocktest").CombinedOutput(); err != nil {
		t.Fatalf("the README's mocktest example does not build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-test.v")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the README's mocktest example fails: %v\n%s", err, out)
	}
	passes := regexp.MustCompile(`(?m)^--- PASS: (\S+) \(([0-9.]+)s\)$`).FindAllStringSubmatch(string(out), -1)
	if len(passes) == 0 {
		t.Fatalf("no test of the README's example passed:\n%s", out)
	}
	for _, p := range passes {
		secs, err := strconv.ParseFloat(p[2], 64)
		if err != nil {
			t.Fatal(err)
		}
		took := time.Duration(secs * float64(time.Second))
		t.Logf("%s passed in %v of wall time", p[1], took)
		// A real minute otherwise; loose for slow and shared machines.
		if took > 10*time.Second {
			t.Errorf("%s took %v of wall time", p[1], took)
		}
	}
}

package codespaces_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The README's recipe for a downstream module: fetch the spec with
// cmd/codespaces-spec, run oapi-codegen on it with the module's own config,
// build. This test runs the recipe in a throwaway module that requires this
// one through a replace directive to the checkout.
//
// The module resolves modules as a user's machine does: with the
// environment's GOPROXY, GOFLAGS, GONOSUMDB and so on, `go mod download`
// first. Only then, when the module cache provably holds every module the
// module needs, does the recipe run offline (GOPROXY=off), so that a module
// the download missed fails here and not on a user's machine.
func TestDownstreamGenerateRecipeBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds oapi-codegen in a throwaway module; skipped with -short")
	}
	root, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	// The throwaway module lists every requirement of this one, at this
	// one's versions. Requiring this module selects exactly those versions
	// anyway (minimal version selection), so the build list is the one a
	// user's `go mod tidy` gives; listed, it is complete without a tidy, which
	// would also fetch the tests of every dependency. The checksums are the
	// ones this checkout pins, so none of them needs a lookup.
	var mod struct {
		Go      string
		Require []struct{ Path, Version string }
	}
	modJSON, err := exec.Command("go", "mod", "edit", "-json", filepath.Join(root, "go.mod")).Output()
	if err != nil {
		t.Fatalf("go mod edit -json: %v", err)
	}
	if err := json.Unmarshal(modJSON, &mod); err != nil {
		t.Fatalf("go mod edit -json: %v", err)
	}
	var goMod strings.Builder
	fmt.Fprintf(&goMod, "module example.com/downstream\n\ngo %s\n\nrequire (\n\tgithub.com/codespaces-go/codespaces v0.0.0\n", mod.Go)
	for _, r := range mod.Require {
		fmt.Fprintf(&goMod, "\t%s %s\n", r.Path, r.Version)
	}
	fmt.Fprintf(&goMod, ")\n\nreplace github.com/codespaces-go/codespaces => %s\n", root)
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files := map[string]string{
		"go.sum": string(sum),
		"go.mod": goMod.String(),
		"tools.go": `//go:build tools

package downstream

import (
	_ "github.com/codespaces-go/codespaces/spec/cmd/codespaces-spec"
	_ "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"
)
`,
		"generate.go": readmeBlock(t, "<!-- downstream-recipe -->\n```go\n"),
		// The configuration the README describes, nothing more: the spec
		// must generate and build with oapi-codegen's defaults.
		"oapi-codegen.yaml": `package: downstream
output: codespaces.gen.go
generate:
  models: true
  client: true
`,
		"use.go": `package downstream

// Proves the generated code has what the recipe promises.
var _ = Codespace{State: CodespaceStateAvailable}
var _ = NewClientWithResponses
`,
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// The environment's settings: a user's machine. GOWORK=off only, so
	// that a go.work above the temporary folder cannot pull the module into
	// someone's workspace.
	online := append(os.Environ(), "GOWORK=off")
	goCmd(t, dir, online, "mod", "download")
	offline := append(slices.Clip(online), "GOPROXY=off")
	for _, args := range [][]string{{"generate", "./..."}, {"build", "./..."}, {"vet", "./..."}} {
		goCmd(t, dir, offline, args...)
	}
	if _, err := os.Stat(filepath.Join(dir, "codespaces.gen.go")); err != nil {
		t.Fatalf("the recipe did not generate code: %v", err)
	}
}

// goCmd runs the go command in dir with env and fails the test, with the
// command's output and the module settings it ran with, if it fails.
func goCmd(t *testing.T, dir string, env []string, args ...string) {
	t.Helper()
	out, err := goIn(dir, env, args...)
	if err == nil {
		return
	}
	settings := exec.Command("go", "env", "GOPROXY", "GOFLAGS", "GOMODCACHE")
	settings.Dir, settings.Env = dir, env
	values, _ := settings.Output()
	t.Fatalf("go %s in the downstream module: %v\n%s\n(GOPROXY, GOFLAGS, GOMODCACHE:\n%s)",
		strings.Join(args, " "), err, out, values)
}

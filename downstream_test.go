package codespaces_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The README's recipe for a downstream module: fetch the spec with
// cmd/codespaces-spec, run oapi-codegen on it with the module's own config,
// build. This test runs the recipe in a throwaway module that requires this
// one through a replace directive, offline (GOPROXY=off: every module it
// needs is already in the cache because this repository needs it too).
func TestDownstreamGenerateRecipeBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds oapi-codegen in a throwaway module; skipped with -short")
	}
	root, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"go.sum": string(sum),
		"go.mod": `module example.com/downstream

go 1.26.0

require (
	github.com/codespaces-go/codespaces v0.0.0
	github.com/oapi-codegen/oapi-codegen/v2 v2.8.2
	github.com/oapi-codegen/runtime v1.8.0
)

replace github.com/codespaces-go/codespaces => ` + root + "\n",
		"tools.go": `//go:build tools

package downstream

import (
	_ "github.com/codespaces-go/codespaces/spec/cmd/codespaces-spec"
	_ "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"
)
`,
		"generate.go": readmeBlock(t, "<!-- downstream-recipe -->\n```go\n"),
		"oapi-codegen.yaml": `package: downstream
output: codespaces.gen.go
generate:
  models: true
  client: true
output-options:
  name-normalizer: ToCamelCaseWithInitialisms
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
	env := append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
	for _, args := range [][]string{{"generate", "./..."}, {"build", "./..."}, {"vet", "./..."}} {
		cmd := exec.Command("go", args...)
		cmd.Dir, cmd.Env = dir, env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %s in the downstream module: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "codespaces.gen.go")); err != nil {
		t.Fatalf("the recipe did not generate code: %v", err)
	}
}

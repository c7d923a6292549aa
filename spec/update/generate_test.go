package update

import (
	"os"
	"path/filepath"
	"testing"
)

const root = "../.."

// The library path gives what `go generate ./...` committed, so the Go API
// the report compares is the one users get.
func TestGenerateIsWhatGoGenerateWrites(t *testing.T) {
	for _, config := range []string{"codegen/client.yaml", "codegen/server.yaml"} {
		t.Run(config, func(t *testing.T) {
			g, err := Generate(root, config, filepath.Join(root, "spec/codespaces.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join(root, g.Output))
			if err != nil {
				t.Fatal(err)
			}
			if string(g.Code) != string(want) {
				t.Errorf("Generate(%s) is not %s as committed (%d bytes against %d)", config, g.Output, len(g.Code), len(want))
			}
		})
	}
}

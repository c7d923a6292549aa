// Command slice cuts spec/codespaces.yaml out of the pinned @octokit/openapi
// package: the codespaces/* operations of GitHub's REST API description with
// the components they reach, spec/overlay.yaml applied strictly. It also
// writes the raw slice (spec/upstream/codespaces.yaml), so that tests can
// check the overlay offline, and compares the slice with the one of GitHub
// Enterprise Cloud's description. `make spec` runs it after `npm ci`.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/codespaces-go/codespaces/spec/slice"
	"gopkg.in/yaml.v3"
)

func main() {
	pkg := flag.String("upstream", "spec/upstream/node_modules/@octokit/openapi", "the unpacked @octokit/openapi package")
	ovPath := flag.String("overlay", "spec/overlay.yaml", "the overlay to apply")
	out := flag.String("o", "spec/codespaces.yaml", "where to write the slice")
	rawOut := flag.String("raw", "spec/upstream/codespaces.yaml", "where to write the slice before the overlay")
	flag.Parse()
	if err := run(*pkg, *ovPath, *out, *rawOut); err != nil {
		fmt.Fprintln(os.Stderr, "slice:", err)
		os.Exit(1)
	}
}

func run(pkg, ovPath, out, rawOut string) error {
	ovData, err := os.ReadFile(ovPath)
	if err != nil {
		return err
	}
	ov, err := slice.ParseOverlay(ovData)
	if err != nil {
		return err
	}
	dotcom, err := cut(filepath.Join(pkg, "generated", "api.github.com.json"))
	if err != nil {
		return err
	}
	ghec, err := cut(filepath.Join(pkg, "generated", "ghec.json"))
	if err != nil {
		return err
	}
	if err := slice.CompareEditions(dotcom, ghec, ov); err != nil {
		return err
	}
	if err := noCodespacesOnServer(pkg); err != nil {
		return err
	}
	raw, err := slice.EncodeRaw(dotcom)
	if err != nil {
		return err
	}
	final, err := slice.Finish(dotcom, ov)
	if err != nil {
		return err
	}
	if err := os.WriteFile(rawOut, raw, 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(out, final, 0o644); err != nil {
		return err
	}
	fmt.Printf("slice: %d operations, %d bytes to %s (%d before the overlay, %s)\n",
		len(slice.Operations(dotcom)), len(final), out, len(raw), rawOut)
	return nil
}

// noCodespacesOnServer checks what README and the client's docs say: GitHub
// Enterprise Server has no Codespaces API, so no GHES description in the
// package has a codespaces/* operation.
func noCodespacesOnServer(pkg string) error {
	files, err := filepath.Glob(filepath.Join(pkg, "generated", "ghes-*.json"))
	if err != nil {
		return err
	}
	for _, f := range files {
		if strings.HasSuffix(f, ".deref.json") {
			continue
		}
		// Only "none" passes: a description that does not parse, or whose
		// codespaces operations do not cut cleanly, is an error too.
		s, err := cut(f)
		if errors.Is(err, slice.ErrNoOperations) {
			continue
		}
		if err != nil {
			return err
		}
		return fmt.Errorf("%s now has %d %s* operations: GitHub Enterprise Server has a Codespaces API; revisit the docs that say it has none", f, len(slice.Operations(s)), slice.Prefix)
	}
	return nil
}

func cut(path string) (*yaml.Node, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w (run `make spec`, which installs the pinned package first)", err)
	}
	doc, err := slice.Decode(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	s, err := slice.Cut(doc, slice.Prefix)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

package slice

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

// Package is what the slicer takes from an unpacked @octokit/openapi
// package: the Codespaces slices of github.com's description and of GitHub
// Enterprise Cloud's.
type Package struct {
	DotCom, GHEC *yaml.Node
}

// ReadPackage cuts the codespaces/* slices out of the package unpacked in
// dir, and checks what README and the client's docs say: GitHub Enterprise
// Server has no Codespaces API, so no GHES description in the package has a
// codespaces/* operation.
func ReadPackage(dir string) (*Package, error) {
	dotcom, err := cutFile(filepath.Join(dir, "generated", "api.github.com.json"))
	if err != nil {
		return nil, err
	}
	ghec, err := cutFile(filepath.Join(dir, "generated", "ghec.json"))
	if err != nil {
		return nil, err
	}
	if err := noCodespacesOnServer(dir); err != nil {
		return nil, err
	}
	return &Package{DotCom: dotcom, GHEC: ghec}, nil
}

func noCodespacesOnServer(dir string) error {
	files, err := filepath.Glob(filepath.Join(dir, "generated", "ghes-*.json"))
	if err != nil {
		return err
	}
	for _, f := range files {
		if strings.HasSuffix(f, ".deref.json") {
			continue
		}
		// Only "none" passes: a description that does not parse, or whose
		// codespaces operations do not cut cleanly, is an error too.
		s, err := cutFile(f)
		if errors.Is(err, ErrNoOperations) {
			continue
		}
		if err != nil {
			return err
		}
		return fmt.Errorf("%s now has %d %s* operations: GitHub Enterprise Server has a Codespaces API; revisit the docs that say it has none", f, len(Operations(s)), Prefix)
	}
	return nil
}

func cutFile(path string) (*yaml.Node, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w (run `make spec`, which installs the pinned package first)", err)
	}
	doc, err := Decode(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	s, err := Cut(doc, Prefix)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

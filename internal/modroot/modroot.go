// Package modroot finds the module's root directory, so that tests in any
// package can reach the committed cassettes and spec. It is for this
// module's tests only, which is why it is internal rather than part of the
// conformance packages' API.
package modroot

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Find finds the directory holding go.mod, starting at dir and going up.
func Find(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("modroot: find the module root: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("modroot: no go.mod above the working directory")
		}
		dir = parent
	}
}

package cassette

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
)

// Dirs are the cassette directories, relative to the module root: the
// reference pages' examples, the runner's recordings of the mock, and
// users' recordings against GitHub.
var Dirs = []string{"cassettes/docs", "cassettes/mock", "cassettes/live"}

// EvidenceDir holds GitHub's real exchanges, transcribed from public
// recordings (conformance/evidence holds the suite to them). It is not in
// Dirs: those are replayed through the clients, and some of GitHub's
// answers (a bodiless 500, an undocumented 422) are not the clients'
// business. Its cassettes are scanned for credentials like the others.
const EvidenceDir = "cassettes/github"

// Discover lists every *.yaml file under the Dirs of the module at root,
// sorted. Missing directories are skipped: cassettes/live is empty in the
// repository, and cassettes/mock is written by the runner.
func Discover(root string) ([]string, error) {
	return discover(root, Dirs)
}

func discover(root string, dirs []string) ([]string, error) {
	var files []string
	for _, dir := range dirs {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.HasSuffix(d.Name(), ".yaml") {
				files = append(files, path)
			}
			return nil
		})
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("cassette: list %s: %w", dir, err)
		}
	}
	slices.Sort(files)
	return files, nil
}

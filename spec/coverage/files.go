package coverage

import (
	"os"
	"path/filepath"
)

// The files the table is made from and written to, relative to the
// module's root.
const (
	DescriptionFile = "spec/upstream/codespaces.yaml"
	ClientDir       = "client"
	UncoveredFile   = "spec/uncovered.yaml"
	DocumentFile    = "spec/COVERAGE.md"
)

// Prefix selects the operations that client/ must cover.
const Prefix = "codespaces/"

// Committed builds the table from the module's files under root: the
// pinned description as cut (before our overlay: coverage is of upstream's
// operations), client/'s sources and the uncovered list.
func Committed(root string) (Table, []string, error) {
	desc, err := os.ReadFile(filepath.Join(root, DescriptionFile))
	if err != nil {
		return nil, nil, err
	}
	ops, err := Operations(desc, Prefix)
	if err != nil {
		return nil, nil, err
	}
	m, err := ClientMethods(filepath.Join(root, ClientDir))
	if err != nil {
		return nil, nil, err
	}
	list, err := os.ReadFile(filepath.Join(root, UncoveredFile))
	if err != nil {
		return nil, nil, err
	}
	uncovered, err := ParseUncovered(list)
	if err != nil {
		return nil, nil, err
	}
	t, problems := Build(ops, m, uncovered)
	return t, problems, nil
}

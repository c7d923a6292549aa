// Command coverage writes spec/COVERAGE.md: every codespaces/* operation of
// the pinned description with the typed methods of client/ that call it, or
// the reason spec/uncovered.yaml gives for having none. It writes the table
// even when something is wrong, then lists what is and exits 1.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/codespaces-go/codespaces/spec/coverage"
)

func main() {
	root := flag.String("root", ".", "the module's root")
	flag.Parse()
	if err := run(*root); err != nil {
		fmt.Fprintln(os.Stderr, "coverage:", err)
		os.Exit(1)
	}
}

func run(root string) error {
	t, problems, err := coverage.Committed(root)
	if err != nil {
		return err
	}
	out := filepath.Join(root, coverage.DocumentFile)
	if err := os.WriteFile(out, t.Markdown(), 0o644); err != nil {
		return err
	}
	fmt.Printf("coverage: %d operations to %s\n", len(t), out)
	if len(problems) > 0 {
		return fmt.Errorf("%d problems:\n  %s", len(problems), strings.Join(problems, "\n  "))
	}
	return nil
}

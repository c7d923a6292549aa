// Command codespaces-spec writes the embedded spec/codespaces.yaml, so that a
// downstream module can generate its own code from exactly the spec of the
// version it requires:
//
//	//go:generate go run github.com/codespaces-go/codespaces/spec/cmd/codespaces-spec -o codespaces.yaml
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/codespaces-go/codespaces/spec"
)

func main() {
	out := flag.String("o", "", "write the spec to this file instead of standard output")
	flag.Parse()
	if err := write(*out); err != nil {
		fmt.Fprintln(os.Stderr, "codespaces-spec:", err)
		os.Exit(1)
	}
}

func write(path string) error {
	if path == "" {
		_, err := os.Stdout.Write(spec.YAML)
		return err
	}
	return os.WriteFile(path, spec.YAML, 0o644)
}

// Command slice cuts spec/codespaces.yaml out of the pinned @octokit/openapi
// package: the codespaces/* operations of GitHub's REST API description with
// the components they reach, spec/overlay.yaml applied strictly. It also
// writes the raw slice (spec/upstream/codespaces.yaml), so that tests can
// check the overlay offline, and compares the slice with the one of GitHub
// Enterprise Cloud's description. `make spec` runs it after `npm ci`.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/codespaces-go/codespaces/spec/slice"
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
	p, err := slice.ReadPackage(pkg)
	if err != nil {
		return err
	}
	if err := slice.CompareEditions(p.DotCom, p.GHEC, ov); err != nil {
		return err
	}
	raw, err := slice.EncodeRaw(p.DotCom)
	if err != nil {
		return err
	}
	final, err := slice.Finish(p.DotCom, ov)
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
		len(slice.Operations(p.DotCom)), len(final), out, len(raw), rawOut)
	return nil
}

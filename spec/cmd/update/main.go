// Command update bumps the pinned @octokit/openapi to a version and reports
// what that changes: `make spec-update VERSION=x.y.z` runs it. It
//   - installs that exact version into spec/upstream with npm, which
//     rewrites package.json and package-lock.json;
//   - re-slices it and applies spec/overlay.yaml leniently, leaving out and
//     listing every action that no longer applies (the strict `make spec`
//     fails on them until they are deleted);
//   - regenerates gen/ (go generate ./...) and spec/COVERAGE.md;
//   - appends the report (spec/update) to spec/CHANGELOG.md under the new
//     version, or replaces the one an earlier run for it wrote.
//
// It stops before writing anything if npm fails, and reports what it can
// when generating fails.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/codespaces-go/codespaces/spec/coverage"
	"github.com/codespaces-go/codespaces/spec/slice"
	"github.com/codespaces-go/codespaces/spec/update"
)

// The module's files the update reads and writes, relative to its root.
const (
	upstreamDir = "spec/upstream"
	packageDir  = "spec/upstream/node_modules/@octokit/openapi"
	overlayFile = "spec/overlay.yaml"
	specFile    = "spec/codespaces.yaml"
	rawFile     = "spec/upstream/codespaces.yaml"
	packageName = "@octokit/openapi"
)

// goPackages are the packages whose Go API the report compares.
var goPackages = map[string]string{
	"github.com/codespaces-go/codespaces/gen":        "gen",
	"github.com/codespaces-go/codespaces/gen/server": "gen/server",
	"github.com/codespaces-go/codespaces/client":     "client",
}

func main() {
	version := flag.String("version", "", "the @octokit/openapi version to pin (x.y.z)")
	root := flag.String("root", ".", "the module's root")
	npm := flag.String("npm", "npm", "the npm command")
	flag.Parse()
	err := checkVersion(*version)
	if err == nil {
		err = run(*root, *version, func(v string) error { return install(*root, *npm, v) }, goGenerate)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "spec-update:", err)
		os.Exit(1)
	}
}

var semver = regexp.MustCompile(`^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$`)

// checkVersion accepts an exact version only: a range would pin whatever
// npm resolves it to, and the report's heading must name what was pinned.
func checkVersion(v string) error {
	if !semver.MatchString(v) {
		return fmt.Errorf("VERSION=%q is not an exact version x.y.z (usage: make spec-update VERSION=23.0.2)", v)
	}
	return nil
}

// install pins the version in spec/upstream: npm rewrites package.json
// (exactly the version, no range) and package-lock.json (its integrity
// hash), which `make spec`'s `npm ci` then installs everywhere.
func install(root, npm, version string) error {
	cmd := exec.Command(npm, installArgs(version)...)
	cmd.Dir = root
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("npm install %s@%s: %w", packageName, version, err)
	}
	return nil
}

func installArgs(version string) []string {
	return []string{"install", "--prefix", upstreamDir, "--save-exact", "--no-audit", "--no-fund", packageName + "@" + version}
}

// goGenerate regenerates gen/ from the new slice, as a maintainer would.
func goGenerate(root string) error {
	cmd := exec.Command("go", "generate", "./...")
	cmd.Dir = root
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go generate ./...: %w\n%s", err, strings.TrimSpace(out.String()))
	}
	return nil
}

func run(root, version string, install func(string) error, generate func(root string) error) error {
	path := func(rel string) string { return filepath.Join(root, rel) }
	oldSpec, err := os.ReadFile(path(specFile))
	if err != nil {
		return err
	}
	oldRaw, err := os.ReadFile(path(rawFile))
	if err != nil {
		return err
	}
	from, err := versionOf(oldRaw)
	if err != nil {
		return err
	}
	oldGo, err := update.ReadSources(root, goPackages)
	if err != nil {
		return err
	}
	ovData, err := os.ReadFile(path(overlayFile))
	if err != nil {
		return err
	}
	ov, err := slice.ParseOverlay(ovData)
	if err != nil {
		return err
	}

	if err := install(version); err != nil {
		return err
	}
	if err := installed(path(packageDir), version); err != nil {
		return err
	}
	p, err := slice.ReadPackage(path(packageDir))
	if err != nil {
		return err
	}
	editions, err := slice.EditionDifferences(p.DotCom, p.GHEC, ov)
	if err != nil {
		return err
	}
	newRaw, err := slice.EncodeRaw(p.DotCom)
	if err != nil {
		return err
	}
	newSpec, stale, err := slice.FinishLeniently(p.DotCom, ov)
	if err != nil {
		return err
	}
	if err := os.WriteFile(path(rawFile), newRaw, 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(path(specFile), newSpec, 0o644); err != nil {
		return err
	}

	genErr := generate(root)
	newGo, err := update.ReadSources(root, goPackages)
	if err != nil {
		return err
	}
	table, problems, err := coverage.Committed(root)
	if err != nil {
		return err
	}
	if err := os.WriteFile(path(coverage.DocumentFile), table.Markdown(), 0o644); err != nil {
		return err
	}

	r, err := update.Build(update.Inputs{
		Root: root, From: from, To: version,
		OldSpec: oldSpec, NewSpec: newSpec,
		Stale: stale, EditionDifferences: editions,
		OldGo: oldGo, NewGo: newGo, GenerateError: genErr,
		Coverage: problems,
	})
	if err != nil {
		return err
	}
	log, err := os.ReadFile(path(update.ChangelogFile))
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	if err := os.WriteFile(path(update.ChangelogFile), []byte(update.AddToChangelog(string(log), r.Markdown())), 0o644); err != nil {
		return err
	}
	fmt.Printf("spec-update: %s %s → %s; the report is under %q in %s\n", packageName, from, version, update.Heading(version), update.ChangelogFile)
	if len(stale) > 0 || len(editions) > 0 {
		fmt.Println("spec-update: `make spec` fails until the overlay is updated as the report says")
	}
	return nil
}

// versionOf reads the version a raw slice was cut from.
func versionOf(raw []byte) (string, error) {
	doc, err := slice.Decode(raw)
	if err != nil {
		return "", fmt.Errorf("%s: %w", rawFile, err)
	}
	return slice.Version(doc), nil
}

// installed checks that npm unpacked the version asked for.
func installed(dir, version string) error {
	data, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil {
		return err
	}
	var manifest struct{ Version string }
	if err := json.Unmarshal(data, &manifest); err != nil {
		return fmt.Errorf("%s/package.json: %w", dir, err)
	}
	if manifest.Version != version {
		return fmt.Errorf("npm installed %s %s, not %s", packageName, manifest.Version, version)
	}
	return nil
}

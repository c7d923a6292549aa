package update

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"go/types"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/exp/apidiff"
	"golang.org/x/tools/go/packages"
)

// Sources are the Go files of some of our packages, by import path, then
// by file name (as errors should show it, say gen/codespaces.gen.go).
type Sources map[string]map[string][]byte

// ReadSources reads the non-test Go files of the packages in dirs (import
// path to directory, relative to root) that build on this platform.
func ReadSources(root string, dirs map[string]string) (Sources, error) {
	src := Sources{}
	for path, dir := range dirs {
		entries, err := os.ReadDir(filepath.Join(root, dir))
		if err != nil {
			return nil, err
		}
		src[path] = map[string][]byte{}
		for _, e := range entries {
			name := e.Name()
			if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
				continue
			}
			if ok, err := build.Default.MatchFile(filepath.Join(root, dir), name); err != nil || !ok {
				continue
			}
			data, err := os.ReadFile(filepath.Join(root, dir, name))
			if err != nil {
				return nil, err
			}
			src[path][filepath.ToSlash(filepath.Join(dir, name))] = data
		}
	}
	return src, nil
}

// PackageChanges is what changed in one package's exported API.
type PackageChanges struct {
	Path string
	// Incompatible and Compatible are apidiff's messages, "Name: what".
	Incompatible, Compatible []string
	// OldErrors and NewErrors are the type checker's errors, when a side
	// does not compile; apidiff is not run then.
	OldErrors, NewErrors []string
	// Removed and Added say the package is on one side only.
	Removed, Added bool
}

// GoAPIChanges type-checks each package of old and of new from source
// (their imports outside old and new from export data, through the go
// command run in root, which must be inside this module) and compares their
// exported APIs with apidiff, package by package, in import path order.
func GoAPIChanges(root string, old, new Sources) ([]PackageChanges, error) {
	fset := token.NewFileSet()
	oldFiles, err := parseSources(fset, old)
	if err != nil {
		return nil, err
	}
	newFiles, err := parseSources(fset, new)
	if err != nil {
		return nil, err
	}
	external, err := loadImports(root, old, oldFiles, new, newFiles)
	if err != nil {
		return nil, err
	}
	oldPkgs, oldErrs := check(fset, oldFiles, external)
	newPkgs, newErrs := check(fset, newFiles, external)

	paths := map[string]bool{}
	for p := range old {
		paths[p] = true
	}
	for p := range new {
		paths[p] = true
	}
	var out []PackageChanges
	for _, p := range slices.SortedFunc(maps.Keys(paths), byDependency) {
		pc := PackageChanges{Path: p, OldErrors: oldErrs[p], NewErrors: newErrs[p]}
		_, inOld := old[p]
		_, inNew := new[p]
		switch {
		case !inNew:
			pc.Removed = true
		case !inOld:
			pc.Added = true
		case len(pc.OldErrors) == 0 && len(pc.NewErrors) == 0:
			for _, c := range apidiff.Changes(oldPkgs[p], newPkgs[p]).Changes {
				if c.Compatible {
					pc.Compatible = append(pc.Compatible, c.Message)
				} else {
					pc.Incompatible = append(pc.Incompatible, c.Message)
				}
			}
			slices.Sort(pc.Compatible)
			slices.Sort(pc.Incompatible)
		}
		out = append(out, pc)
	}
	return out, nil
}

func parseSources(fset *token.FileSet, src Sources) (map[string][]*ast.File, error) {
	files := map[string][]*ast.File{}
	for path, byName := range src {
		for _, name := range slices.Sorted(maps.Keys(byName)) {
			f, err := parser.ParseFile(fset, name, byName[name], parser.SkipObjectResolution)
			if err != nil {
				return nil, fmt.Errorf("go api: %w", err)
			}
			files[path] = append(files[path], f)
		}
	}
	return files, nil
}

// loadImports loads, from export data, every package that the sources
// import and do not hold themselves.
func loadImports(root string, old Sources, oldFiles map[string][]*ast.File, new Sources, newFiles map[string][]*ast.File) (map[string]*types.Package, error) {
	want := map[string]bool{}
	for _, side := range []struct {
		src   Sources
		files map[string][]*ast.File
	}{{old, oldFiles}, {new, newFiles}} {
		for _, fs := range side.files {
			for _, f := range fs {
				for _, imp := range f.Imports {
					p, err := strconv.Unquote(imp.Path.Value)
					if err != nil {
						continue
					}
					if _, ours := side.src[p]; !ours && p != "C" && p != "unsafe" {
						want[p] = true
					}
				}
			}
		}
	}
	if len(want) == 0 {
		return map[string]*types.Package{}, nil
	}
	cfg := &packages.Config{Mode: packages.NeedName | packages.NeedTypes, Dir: root}
	pkgs, err := packages.Load(cfg, slices.Sorted(maps.Keys(want))...)
	if err != nil {
		return nil, fmt.Errorf("go api: load the imports: %w", err)
	}
	out := map[string]*types.Package{}
	var errs []string
	for _, p := range pkgs {
		for _, e := range p.Errors {
			errs = append(errs, e.Error())
		}
		out[p.PkgPath] = p.Types
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("go api: load the imports:\n  %s", strings.Join(errs, "\n  "))
	}
	return out, nil
}

// check type-checks every package of files, each after the ones of files
// it imports, and returns them with the errors of each that has some.
func check(fset *token.FileSet, files map[string][]*ast.File, external map[string]*types.Package) (map[string]*types.Package, map[string][]string) {
	done := map[string]*types.Package{}
	errs := map[string][]string{}
	var visit func(path string, stack []string) *types.Package
	visit = func(path string, stack []string) *types.Package {
		if p, ok := done[path]; ok {
			return p
		}
		if slices.Contains(stack, path) {
			errs[path] = append(errs[path], "import cycle: "+strings.Join(append(stack, path), " → "))
			return types.NewPackage(path, filepath.Base(path))
		}
		conf := types.Config{
			Importer: importerFunc(func(p string) (*types.Package, error) {
				if _, ours := files[p]; ours {
					return visit(p, append(stack, path)), nil
				}
				if t, ok := external[p]; ok && t != nil {
					return t, nil
				}
				if p == "unsafe" {
					return types.Unsafe, nil
				}
				return nil, fmt.Errorf("package %s was not loaded", p)
			}),
			Error: func(err error) { errs[path] = append(errs[path], err.Error()) },
		}
		p, _ := conf.Check(path, fset, files[path], nil)
		done[path] = p
		return p
	}
	for _, path := range slices.Sorted(maps.Keys(files)) {
		visit(path, nil)
	}
	return done, errs
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// byDependency orders gen before gen/server before client, what each is
// built on first; other packages follow by path.
func byDependency(a, b string) int {
	rank := func(p string) int {
		switch strings.TrimPrefix(p, modulePath+"/") {
		case "gen":
			return 0
		case "gen/server":
			return 1
		case "client":
			return 2
		}
		return 3
	}
	if c := rank(a) - rank(b); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

// modulePath is this module's path, the prefix of gen's and client's.
const modulePath = "github.com/codespaces-go/codespaces"

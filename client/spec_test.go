package client

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/codespaces-go/codespaces/spec"
)

// The client restates a few facts of the spec that it cannot read at run
// time (a user's binary does not link the spec or kin-openapi). These tests
// hold each of them to the spec, so a spec change that makes one stale fails
// here instead of misleading users.

func TestOperationNamesAreTheSpecs(t *testing.T) {
	doc, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			ids[op.OperationID] = true
		}
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	wrapped := map[string]string{} // operationId → the constant naming it
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			vs, ok := n.(*ast.ValueSpec)
			if !ok || len(vs.Names) != 1 || len(vs.Values) != 1 || !strings.HasPrefix(vs.Names[0].Name, "op") {
				return true
			}
			lit, ok := vs.Values[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			id, _ := strconv.Unquote(lit.Value)
			if !ids[id] {
				t.Errorf("%s: %s = %q is not an operationId of the spec", fset.Position(vs.Pos()), vs.Names[0].Name, id)
			}
			if other, dup := wrapped[id]; dup {
				t.Errorf("%s: %s and %s both name %q", fset.Position(vs.Pos()), other, vs.Names[0].Name, id)
			}
			wrapped[id] = vs.Names[0].Name
			return true
		})
	}
	// Every operation has a method: one the spec adds must be wrapped (API()
	// reaches it meanwhile), so that none is overlooked.
	for id := range ids {
		if _, ok := wrapped[id]; !ok {
			t.Errorf("the spec's operation %q has no op… constant in client/: wrap it", id)
		}
	}
	if len(ids) == 0 || len(wrapped) != len(ids) {
		t.Errorf("client/ names %d operations, the spec has %d", len(wrapped), len(ids))
	}
}

func TestPerPageBoundIsTheSpecs(t *testing.T) {
	doc, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	// GitHub's description states the bound in prose, "(max 100)", not as a
	// schema maximum; a maximum, if one appears, must agree too.
	p := doc.Components.Parameters["per-page"].Value
	if s := p.Schema.Value; s.Max != nil && int(*s.Max) != maxPerPage {
		t.Errorf("maxPerPage = %d, the spec's per_page maximum is %v", maxPerPage, *s.Max)
	}
	if want := fmt.Sprintf("(max %d)", maxPerPage); !strings.Contains(p.Description, want) {
		t.Errorf("maxPerPage = %d, the spec's per_page description does not say %q: %q", maxPerPage, want, p.Description)
	}
}

// safeToRepeat knows a POST by the operation the typed method names. Every
// operation of the spec, carried in the request's context as a method
// carries it, must be judged as the retry contract says: GET, PUT and
// DELETE, and POST only for start and stop (the user's, and an
// organization admin's stop). A new POST that creates something must never
// be judged safe.
func TestSafeToRepeatAgreesWithTheSpec(t *testing.T) {
	doc, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			req, err := http.NewRequest(method, "https://api.github.com"+path, nil)
			if err != nil {
				t.Fatal(err)
			}
			req = req.WithContext(context.WithValue(req.Context(), attemptsKey{}, &attempts{op: op.OperationID}))
			want := method != http.MethodPost && method != http.MethodPatch ||
				slices.Contains([]string{"codespaces/start-for-authenticated-user", "codespaces/stop-for-authenticated-user",
					"codespaces/stop-in-organization"}, op.OperationID)
			if got := safeToRepeat(req); got != want {
				t.Errorf("safeToRepeat(%s %s) = %v, want %v (%s)", method, path, got, want, op.OperationID)
			}
		}
	}
}

// DESIGN.md: a user's binary pays only for the client. This holds the
// import graph of client/ and gen/ to it.
func TestClientDoesNotLinkTheConformanceTooling(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", ".", "../gen").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		for _, banned := range []string{"github.com/getkin/kin-openapi", "gopkg.in/dnaeon/go-vcr", "github.com/go-chi/chi", "github.com/codespaces-go/codespaces/conformance", "github.com/codespaces-go/codespaces/spec"} {
			if strings.HasPrefix(dep, banned) {
				t.Errorf("client/ or gen/ links %s", dep)
			}
		}
	}
}

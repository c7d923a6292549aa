package client

import (
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
	seen := 0
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
			seen++
			if !ids[id] {
				t.Errorf("%s: %s = %q is not an operationId of the spec", fset.Position(vs.Pos()), vs.Names[0].Name, id)
			}
			return true
		})
	}
	for id := range notWrappedYet {
		if !ids[id] {
			t.Errorf("notWrappedYet lists %q, which is not an operationId of the spec", id)
		}
	}
	if want := len(ids) - len(notWrappedYet); seen != want {
		t.Errorf("found %d operation names in client/, want %d: the spec's %d operations less the %d not wrapped yet",
			seen, want, len(ids), len(notWrappedYet))
	}
}

// notWrappedYet are the spec's operations that the Client has no method for
// yet; API() reaches them. An operation the spec adds must be wrapped or
// listed here, so that none is overlooked.
var notWrappedYet = map[string]bool{
	"codespaces/add-selected-repo-to-org-secret":             true,
	"codespaces/check-permissions-for-devcontainer":          true,
	"codespaces/create-or-update-org-secret":                 true,
	"codespaces/create-or-update-repo-secret":                true,
	"codespaces/delete-codespaces-access-users":              true,
	"codespaces/delete-from-organization":                    true,
	"codespaces/delete-org-secret":                           true,
	"codespaces/delete-repo-secret":                          true,
	"codespaces/get-codespaces-for-user-in-org":              true,
	"codespaces/get-org-public-key":                          true,
	"codespaces/get-org-secret":                              true,
	"codespaces/get-repo-public-key":                         true,
	"codespaces/get-repo-secret":                             true,
	"codespaces/list-in-organization":                        true,
	"codespaces/list-org-secrets":                            true,
	"codespaces/list-repo-secrets":                           true,
	"codespaces/list-selected-repos-for-org-secret":          true,
	"codespaces/pre-flight-with-repo-for-authenticated-user": true,
	"codespaces/publish-for-authenticated-user":              true,
	"codespaces/remove-selected-repo-from-org-secret":        true,
	"codespaces/set-codespaces-access":                       true,
	"codespaces/set-codespaces-access-users":                 true,
	"codespaces/set-selected-repos-for-org-secret":           true,
	"codespaces/stop-in-organization":                        true,
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

// safeToRepeat recognises start and stop by their paths. Every operation of
// the spec, with its path filled in, must be judged as the retry contract
// says: GET, PUT and DELETE, and POST only for start and stop. A new POST
// that creates something must never be judged safe.
func TestSafeToRepeatAgreesWithTheSpec(t *testing.T) {
	doc, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	fill := strings.NewReplacer("{owner}", "start", "{repo}", "stop", "{pull_number}", "1",
		"{codespace_name}", "start", "{export_id}", "latest", "{secret_name}", "stop", "{repository_id}", "1")
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			req, err := http.NewRequest(method, "https://api.github.com"+fill.Replace(path), nil)
			if err != nil {
				t.Fatal(err)
			}
			want := method != http.MethodPost && method != http.MethodPatch ||
				slices.Contains([]string{"codespaces/start-for-authenticated-user", "codespaces/stop-for-authenticated-user"}, op.OperationID)
			if got := safeToRepeat(req); got != want {
				t.Errorf("safeToRepeat(%s %s) = %v, want %v (%s)", method, req.URL.Path, got, want, op.OperationID)
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

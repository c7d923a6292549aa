package coverage

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Reach says which exported methods of client's *Client call an operation:
// Methods name its op… constant in their own body (or in an unexported
// method they call); Through reach it only by calling another exported
// method (StopCodespaceAndWait calls StopCodespace).
type Reach struct {
	Methods, Through []string
}

// Methods is what client/ says of its operations.
type Methods struct {
	// Reach maps an operationId to the exported methods that reach it.
	Reach map[string]Reach
	// Deprecated holds the exported methods whose doc comment has a
	// "Deprecated: " paragraph.
	Deprecated map[string]bool
}

// ClientMethods reads the Go sources in dir (client/, tests left out) and
// maps each operationId to the exported methods of *Client that reach it.
// An operation is named by a package-level constant whose name starts with
// "op" and whose value is the operationId, as client/spec_test.go requires
// of every constant so named.
func ClientMethods(dir string) (*Methods, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	var parsed []*ast.File
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("coverage: %w", err)
		}
		parsed = append(parsed, f)
	}
	return methodsOf(parsed), nil
}

// method is one method of *Client: the op constants its body names and the
// other methods of *Client it refers to (calls or method values).
type method struct {
	consts, calls []string
}

func methodsOf(files []*ast.File) *Methods {
	consts := opConstants(files)
	methods := map[string]*method{}
	deprecated := map[string]bool{}
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || !onClient(fd) {
				continue
			}
			methods[fd.Name.Name] = &method{}
			if fd.Name.IsExported() && fd.Doc != nil && hasDeprecatedParagraph(fd.Doc.Text()) {
				deprecated[fd.Name.Name] = true
			}
		}
	}
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || !onClient(fd) {
				continue
			}
			m := methods[fd.Name.Name]
			recv := receiverName(fd)
			selected := map[*ast.Ident]bool{}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.SelectorExpr:
					selected[n.Sel] = true
					if x, ok := n.X.(*ast.Ident); ok && recv != "" && x.Name == recv && methods[n.Sel.Name] != nil {
						m.calls = append(m.calls, n.Sel.Name)
					}
				case *ast.Ident:
					if id, ok := consts[n.Name]; ok && !selected[n] {
						m.consts = append(m.consts, id)
					}
				}
				return true
			})
		}
	}

	reach := map[string]Reach{}
	for name := range methods {
		if !ast.IsExported(name) {
			continue
		}
		own := closure(methods, name, func(callee string) bool { return !ast.IsExported(callee) })
		all := closure(methods, name, func(string) bool { return true })
		for id := range all {
			r := reach[id]
			if own[id] {
				r.Methods = append(r.Methods, name)
			} else {
				r.Through = append(r.Through, name)
			}
			reach[id] = r
		}
	}
	for id, r := range reach {
		slices.Sort(r.Methods)
		slices.Sort(r.Through)
		reach[id] = r
	}
	return &Methods{Reach: reach, Deprecated: deprecated}
}

// hasDeprecatedParagraph reports whether a doc comment has a paragraph
// starting "Deprecated: ", the convention go vet, gopls and pkg.go.dev read.
func hasDeprecatedParagraph(doc string) bool {
	for _, para := range strings.Split(doc, "\n\n") {
		if strings.HasPrefix(strings.TrimSpace(para), "Deprecated: ") {
			return true
		}
	}
	return false
}

// closure returns the operationIds that start reaches, following only the
// calls that follow allows.
func closure(methods map[string]*method, start string, follow func(callee string) bool) map[string]bool {
	ids := map[string]bool{}
	visited := map[string]bool{start: true}
	todo := []string{start}
	for len(todo) > 0 {
		m := methods[todo[len(todo)-1]]
		todo = todo[:len(todo)-1]
		for _, id := range m.consts {
			ids[id] = true
		}
		for _, callee := range m.calls {
			if !visited[callee] && follow(callee) {
				visited[callee] = true
				todo = append(todo, callee)
			}
		}
	}
	return ids
}

// opConstants maps the name of each package-level string constant whose
// name starts with "op" to its value.
func opConstants(files []*ast.File) map[string]string {
	consts := map[string]string{}
	for _, f := range files {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, s := range gd.Specs {
				vs := s.(*ast.ValueSpec)
				if len(vs.Names) != 1 || len(vs.Values) != 1 || !isOpName(vs.Names[0].Name) {
					continue
				}
				lit, ok := vs.Values[0].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					continue
				}
				if v, err := strconv.Unquote(lit.Value); err == nil {
					consts[vs.Names[0].Name] = v
				}
			}
		}
	}
	return consts
}

// isOpName reports whether name is op followed by an upper-case letter, as
// in opGetCodespace (and not, say, options).
func isOpName(name string) bool {
	return len(name) > 2 && strings.HasPrefix(name, "op") && name[2] >= 'A' && name[2] <= 'Z'
}

// onClient reports whether fd is a method of Client or *Client.
func onClient(fd *ast.FuncDecl) bool {
	if fd.Recv == nil || len(fd.Recv.List) != 1 {
		return false
	}
	t := fd.Recv.List[0].Type
	if star, ok := t.(*ast.StarExpr); ok {
		t = star.X
	}
	id, ok := t.(*ast.Ident)
	return ok && id.Name == "Client"
}

func receiverName(fd *ast.FuncDecl) string {
	if names := fd.Recv.List[0].Names; len(names) == 1 && names[0].Name != "_" {
		return names[0].Name
	}
	return ""
}

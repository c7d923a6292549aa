package coverage

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

const root = "../.."

// Every operation of the pinned description has a typed method in client/
// or a reason on spec/uncovered.yaml, the list names only uncovered
// operations of the description, deprecated operations' methods say so,
// and spec/COVERAGE.md is the table client/ gives today.
func TestCommittedCoverage(t *testing.T) {
	table, problems, err := Committed(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
	if len(table) == 0 {
		t.Fatal("the coverage table is empty")
	}
	doc, err := os.ReadFile(filepath.Join(root, DocumentFile))
	if err != nil {
		t.Fatal(err)
	}
	if string(doc) != string(table.Markdown()) {
		t.Errorf("%s is stale: run `go run ./spec/cmd/coverage`", DocumentFile)
	}
}

// writeClient lays out a client package from sources.
func writeClient(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

var fixtureClient = map[string]string{
	"ops.go": `package client

const (
	opGet    = "codespaces/get"
	opStop   = "codespaces/stop"
	opSecret = "codespaces/secret"
	opKey    = "codespaces/key"
	opOld    = "codespaces/old"
	options  = "codespaces/not-an-op"
)

const opAlone = "codespaces/alone"
`,
	"methods.go": `package client

type Client struct{ other other }
type other struct{}

func (c *Client) Get() error { return c.do(opGet) }

// Stop reaches get only by waiting, through Get.
func (c *Client) Stop() error {
	w := waiter{call: c.Get}
	_ = w
	return c.do(opStop)
}

// SetSecret fetches its key with an unexported helper.
func (c *Client) SetSecret() error { return c.key() }

func (c *Client) key() error { _ = opSecret; return c.GetKey() }

func (c *Client) GetKey() error { return c.do(opKey) }

// Old calls a deprecated operation.
//
// Deprecated: GitHub deprecated it.
func (c *Client) Old() error { return c.do(opOld) }

// Unrelated names nothing of ours: a field and a function that share a
// constant's name are not the constant.
func (c *Client) Unrelated() error { _ = c.other.opGet; return nil }

func (c *Client) do(op string) error { return nil }

func (o other) Shadow() string { return opAlone }

func free() string { return opAlone }
`,
	"methods_test.go": `package client

func (c *Client) InATest() error { return c.do(opAlone) }
`,
}

func TestClientMethodsFollowConstantsAndCalls(t *testing.T) {
	m, err := ClientMethods(writeClient(t, fixtureClient))
	if err != nil {
		t.Fatal(err)
	}
	// codespaces/alone is named only outside *Client's exported methods and in tests.
	wantReach := map[string]Reach{
		"codespaces/get":    {Methods: []string{"Get"}, Through: []string{"Stop"}},
		"codespaces/stop":   {Methods: []string{"Stop"}},
		"codespaces/secret": {Methods: []string{"SetSecret"}},
		"codespaces/key":    {Methods: []string{"GetKey"}, Through: []string{"SetSecret"}},
		"codespaces/old":    {Methods: []string{"Old"}},
	}
	if !reflect.DeepEqual(m.Reach, wantReach) {
		t.Errorf("Reach = %+v, want %+v", m.Reach, wantReach)
	}
	if want := map[string]bool{"Old": true}; !reflect.DeepEqual(m.Deprecated, want) {
		t.Errorf("Deprecated = %v, want %v", m.Deprecated, want)
	}
}

func TestClientMethodsRefusesSourceThatDoesNotParse(t *testing.T) {
	_, err := ClientMethods(writeClient(t, map[string]string{"bad.go": "package client\nfunc (c *Client) {"}))
	if err == nil {
		t.Error("ClientMethods accepted source that does not parse")
	}
}

var fixtureOps = []Operation{
	{ID: "codespaces/get", Method: "GET", Path: "/c"},
	{ID: "codespaces/new", Method: "POST", Path: "/n"},
	{ID: "codespaces/old", Method: "PUT", Path: "/o", Deprecated: true},
	{ID: "codespaces/listed", Method: "GET", Path: "/l"},
}

func TestBuildNamesEveryProblem(t *testing.T) {
	m := &Methods{
		Reach: map[string]Reach{
			"codespaces/get": {Methods: []string{"Get"}},
			"codespaces/old": {Methods: []string{"Old"}},
		},
		Deprecated: map[string]bool{},
	}
	table, problems := Build(fixtureOps, m, map[string]string{
		"codespaces/get":    "stale entry",
		"codespaces/listed": "GitHub documents no way to call it",
		"codespaces/gone":   "upstream removed it",
	})
	wantProblems := []string{
		"codespaces/get has a typed method (Get) but spec/uncovered.yaml lists it: remove it from the list",
		"codespaces/new (POST /n) has no typed method in client/ and no reason in spec/uncovered.yaml: wrap it, or list it with the reason",
		`codespaces/old is deprecated upstream, but the doc comment of client.Old has no "Deprecated: " paragraph`,
		"spec/uncovered.yaml lists codespaces/gone, which is not an operation of the pinned description: remove it",
	}
	if !slices.Equal(problems, wantProblems) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(problems, "\n"), strings.Join(wantProblems, "\n"))
	}
	if len(table) != 4 {
		t.Fatalf("%d rows, want 4", len(table))
	}

	md := string(table.Markdown())
	for _, want := range []string{
		"4 operations in the pinned description: 2 with a typed method in client/, 2 listed as uncovered (spec/uncovered.yaml), 1 deprecated upstream.",
		"| `codespaces/old` | `PUT /o` | `Old` |  | **deprecated** |\n",
		"| `codespaces/listed` | `GET /l` | uncovered: GitHub documents no way to call it |  |  |\n",
		"| `codespaces/new` | `POST /n` | none |  |  |\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the table lacks %q:\n%s", want, md)
		}
	}
}

func TestBuildAcceptsAListThatMatches(t *testing.T) {
	m := &Methods{Reach: map[string]Reach{
		"codespaces/get": {Through: []string{"GetAndWait"}},
		"codespaces/new": {Methods: []string{"New"}},
		"codespaces/old": {Methods: []string{"Old"}},
	}, Deprecated: map[string]bool{"Old": true}}
	_, problems := Build(fixtureOps, m, map[string]string{"codespaces/listed": "why"})
	if len(problems) != 0 {
		t.Errorf("problems = %q, want none", problems)
	}
}

func TestOperationsReadsDeprecationAndSkipsOthers(t *testing.T) {
	ops, err := Operations([]byte(`
paths:
  /b:
    parameters: [{name: x, in: query}]
    get: {operationId: codespaces/b}
    delete: {operationId: codespaces/a, deprecated: true}
  /repos:
    get: {operationId: repos/list}
`), Prefix)
	if err != nil {
		t.Fatal(err)
	}
	want := []Operation{
		{ID: "codespaces/a", Method: "DELETE", Path: "/b", Deprecated: true},
		{ID: "codespaces/b", Method: "GET", Path: "/b"},
	}
	if !slices.Equal(ops, want) {
		t.Errorf("operations = %+v, want %+v", ops, want)
	}
}

func TestOperationsRefusesWhatIsNotADescription(t *testing.T) {
	for name, in := range map[string]string{
		"not YAML":      "paths: [",
		"paths a list":  "paths: [1]",
		"id twice":      "paths: {/a: {get: {operationId: codespaces/x}}, /b: {get: {operationId: codespaces/x}}}",
		"an odd method": "paths: {/a: {get: [1]}}",
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := Operations([]byte(in), Prefix); err == nil {
				t.Error("Operations accepted it")
			}
		})
	}
}

func TestParseUncovered(t *testing.T) {
	got, err := ParseUncovered([]byte("uncovered:\n  - operation: codespaces/x\n    reason: \"  not on github.com  \"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]string{"codespaces/x": "not on github.com"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}

	empty, err := ParseUncovered([]byte("# nothing\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(empty) != 0 {
		t.Errorf("a list of nothing gave %q", empty)
	}

	for name, in := range map[string]string{
		"no reason":     "uncovered:\n  - operation: codespaces/x\n",
		"no operation":  "uncovered:\n  - reason: why\n",
		"twice":         "uncovered:\n  - {operation: codespaces/x, reason: a}\n  - {operation: codespaces/x, reason: b}\n",
		"unknown key":   "uncovered:\n  - {operation: codespaces/x, reasons: a}\n",
		"unknown top":   "covered: []\n",
		"not a list":    "uncovered: {a: b}\n",
		"not YAML":      "uncovered: [",
		"whitespace id": "uncovered:\n  - {operation: ' ', reason: a}\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ParseUncovered([]byte(in))
			if err == nil || !strings.HasPrefix(err.Error(), "uncovered list: ") {
				t.Errorf("err = %v, want an error that starts %q", err, "uncovered list: ")
			}
		})
	}
}

func FuzzParseUncovered(f *testing.F) {
	f.Add([]byte("uncovered:\n  - operation: codespaces/x\n    reason: why\n"))
	f.Add([]byte("uncovered: []\n"))
	f.Add([]byte("uncovered:\n  - {operation: a, reason: b}\n  - {operation: a, reason: c}\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		got, err := ParseUncovered(in)
		if err != nil {
			return
		}
		for id, reason := range got {
			if strings.TrimSpace(id) == "" || reason == "" || reason != strings.TrimSpace(reason) {
				t.Fatalf("accepted %q with reason %q", id, reason)
			}
		}
	})
}

func FuzzOperations(f *testing.F) {
	data, err := os.ReadFile(filepath.Join(root, DescriptionFile))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte("paths: {/a: {get: {operationId: codespaces/x, deprecated: true}}}"))
	f.Fuzz(func(t *testing.T, in []byte) {
		ops, err := Operations(in, Prefix)
		if err != nil {
			return
		}
		for _, op := range ops {
			if !strings.HasPrefix(op.ID, Prefix) || op.Method == "" {
				t.Fatalf("accepted %+v", op)
			}
		}
	})
}

package coverage

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const root = "../.."

// Every operation of the pinned description has a typed method in client/
// or a reason on spec/uncovered.yaml, the list names only uncovered
// operations of the description, deprecated operations' methods say so,
// and spec/COVERAGE.md is the table client/ gives today.
func TestCommittedCoverage(t *testing.T) {
	table, problems, err := Committed(root)
	require.NoError(t, err)
	for _, p := range problems {
		t.Error(p)
	}
	require.NotEmpty(t, table)
	doc, err := os.ReadFile(filepath.Join(root, DocumentFile))
	require.NoError(t, err)
	if string(doc) != string(table.Markdown()) {
		t.Errorf("%s is stale: run `go run ./spec/cmd/coverage`", DocumentFile)
	}
}

// writeClient lays out a client package from sources.
func writeClient(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644))
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
	require.NoError(t, err)
	assert.Equal(t, map[string]Reach{
		"codespaces/get":    {Methods: []string{"Get"}, Through: []string{"Stop"}},
		"codespaces/stop":   {Methods: []string{"Stop"}},
		"codespaces/secret": {Methods: []string{"SetSecret"}},
		"codespaces/key":    {Methods: []string{"GetKey"}, Through: []string{"SetSecret"}},
		"codespaces/old":    {Methods: []string{"Old"}},
	}, m.Reach, "codespaces/alone is named only outside *Client's exported methods and in tests")
	assert.Equal(t, map[string]bool{"Old": true}, m.Deprecated)
}

func TestClientMethodsRefusesSourceThatDoesNotParse(t *testing.T) {
	_, err := ClientMethods(writeClient(t, map[string]string{"bad.go": "package client\nfunc (c *Client) {"}))
	require.Error(t, err)
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
	assert.Equal(t, []string{
		"codespaces/get has a typed method (Get) but spec/uncovered.yaml lists it: remove it from the list",
		"codespaces/new (POST /n) has no typed method in client/ and no reason in spec/uncovered.yaml: wrap it, or list it with the reason",
		`codespaces/old is deprecated upstream, but the doc comment of client.Old has no "Deprecated: " paragraph`,
		"spec/uncovered.yaml lists codespaces/gone, which is not an operation of the pinned description: remove it",
	}, problems)
	require.Len(t, table, 4)

	md := string(table.Markdown())
	assert.Contains(t, md, "4 operations in the pinned description: 2 with a typed method in client/, 2 listed as uncovered (spec/uncovered.yaml), 1 deprecated upstream.")
	assert.Contains(t, md, "| `codespaces/old` | `PUT /o` | `Old` |  | **deprecated** |\n")
	assert.Contains(t, md, "| `codespaces/listed` | `GET /l` | uncovered: GitHub documents no way to call it |  |  |\n")
	assert.Contains(t, md, "| `codespaces/new` | `POST /n` | none |  |  |\n")
}

func TestBuildAcceptsAListThatMatches(t *testing.T) {
	m := &Methods{Reach: map[string]Reach{
		"codespaces/get": {Through: []string{"GetAndWait"}},
		"codespaces/new": {Methods: []string{"New"}},
		"codespaces/old": {Methods: []string{"Old"}},
	}, Deprecated: map[string]bool{"Old": true}}
	_, problems := Build(fixtureOps, m, map[string]string{"codespaces/listed": "why"})
	assert.Empty(t, problems)
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
	require.NoError(t, err)
	assert.Equal(t, []Operation{
		{ID: "codespaces/a", Method: "DELETE", Path: "/b", Deprecated: true},
		{ID: "codespaces/b", Method: "GET", Path: "/b"},
	}, ops)
}

func TestOperationsRefusesWhatIsNotADescription(t *testing.T) {
	for name, in := range map[string]string{
		"not YAML":      "paths: [",
		"paths a list":  "paths: [1]",
		"id twice":      "paths: {/a: {get: {operationId: codespaces/x}}, /b: {get: {operationId: codespaces/x}}}",
		"an odd method": "paths: {/a: {get: [1]}}",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Operations([]byte(in), Prefix)
			require.Error(t, err)
		})
	}
}

func TestParseUncovered(t *testing.T) {
	got, err := ParseUncovered([]byte("uncovered:\n  - operation: codespaces/x\n    reason: \"  not on github.com  \"\n"))
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"codespaces/x": "not on github.com"}, got)

	empty, err := ParseUncovered([]byte("# nothing\n"))
	require.NoError(t, err)
	assert.Empty(t, empty)

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
			require.Error(t, err)
			assert.True(t, strings.HasPrefix(err.Error(), "uncovered list: "), err.Error())
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

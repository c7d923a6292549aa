package update

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/codespaces-go/codespaces/spec/coverage"
	"github.com/codespaces-go/codespaces/spec/slice"
	"gopkg.in/yaml.v3"
)

// The update path, offline, on two descriptions: the pinned slice, and a
// copy in which upstream has removed a property (the public key's id, which
// overlay action 12 corrects), added a required field to a request body
// (publish's visibility) and added an operation. The report must name all
// three and the overlay action they overtake, mark the breaking ones, and
// name the Go identifiers that change.
func TestUpdateReportOnTwoDescriptions(t *testing.T) {
	oldRaw, err := os.ReadFile(filepath.Join(root, "spec/upstream/codespaces.yaml"))
	must(t, err)
	ovData, err := os.ReadFile(filepath.Join(root, "spec/overlay.yaml"))
	must(t, err)
	ov, err := slice.ParseOverlay(ovData)
	must(t, err)

	oldDoc, err := slice.Decode(oldRaw)
	must(t, err)
	newDoc := slice.Clone(oldDoc)
	changeUpstream(t, newDoc)

	oldSpec, stale, err := slice.FinishLeniently(oldDoc, ov)
	must(t, err)
	if len(stale) != 0 {
		t.Fatalf("the committed overlay does not apply to the committed raw slice: %v", stale)
	}
	newSpec, stale, err := slice.FinishLeniently(newDoc, ov)
	must(t, err)

	if string(oldSpec) != string(mustRead(t, filepath.Join(root, "spec/codespaces.yaml"))) {
		t.Fatal("the committed slice is not the committed raw slice plus the overlay")
	}
	// gen/ as committed is what oapi-codegen makes of the committed slice
	// (TestGenerateIsWhatGoGenerateWrites).
	oldGo, err := ReadSources(root, map[string]string{modulePath + "/gen": "gen", modulePath + "/client": "client"})
	must(t, err)
	newGo := goSources(t, t.TempDir(), newSpec)

	newRaw, err := slice.EncodeRaw(newDoc)
	must(t, err)
	ops, err := coverage.Operations(newRaw, coverage.Prefix)
	must(t, err)
	methods, err := coverage.ClientMethods(filepath.Join(root, "client"))
	must(t, err)
	_, problems := coverage.Build(ops, methods, nil)

	r, err := Build(Inputs{
		Root: root, From: "23.0.2", To: "23.1.0",
		OldSpec: oldSpec, NewSpec: newSpec, Stale: stale,
		OldGo: oldGo, NewGo: newGo, Coverage: problems,
	})
	must(t, err)
	md := r.Markdown()
	t.Log(md)

	for _, want := range []string{
		"## @octokit/openapi 23.1.0\n\nFrom 23.0.2, by `make spec-update VERSION=23.1.0`.",
		"operations: 1 added, 0 removed, 0 newly deprecated",
		// The new operation, in the operations and in oasdiff's changelog.
		"- added: `codespaces/get-logs-for-authenticated-user` (`GET /user/codespaces/{codespace_name}/logs`)",
		"- info `GET /user/codespaces/{codespace_name}/logs` (`codespaces/get-logs-for-authenticated-user`): endpoint added [endpoint-added]",
		// The required field: breaks every client that does not send it.
		"- **error** `POST /user/codespaces/{codespace_name}/publish` (`codespaces/publish-for-authenticated-user`): added the new required request property `visibility` [new-required-request-property]",
		// The removed property, in every response that carried the key.
		"removed the optional property `id` from the response with the `200` status [response-optional-property-removed]",
		// The overlay action upstream has overtaken.
		"### Overlay actions that no longer apply",
		"- action 12 (target $.components.schemas['codespaces-public-key'].properties.id:",
		// Go: the removed field breaks users' code, the added field and
		// operation methods do not, a new method of an interface does.
		"#### github.com/codespaces-go/codespaces/gen",
		"- **incompatible** `CodespacesPublicKey.ID`: removed",
		"- **incompatible** `ClientInterface.CodespacesGetLogsForAuthenticatedUser`: added",
		"- compatible `PublishCodespaceOptions.Visibility`: added",
		"- compatible `(*Client).CodespacesGetLogsForAuthenticatedUser`: added",
		"#### github.com/codespaces-go/codespaces/client",
		// Coverage: the new operation needs a method or a reason.
		"codespaces/get-logs-for-authenticated-user (GET /user/codespaces/{codespace_name}/logs) has no typed method in client/",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the report does not say\n  %s", want)
		}
	}
	// oasdiff rates the removal of an optional response property info (a
	// client must cope with its absence anyway) and lists it for each
	// operation that returns the schema; for Go it breaks code that reads
	// the field, and the report marks that.
	removed := 0
	for _, c := range r.API {
		if c.ID == "response-optional-property-removed" && strings.Contains(c.Text, "`id`") {
			removed++
			if c.Level != "info" {
				t.Errorf("%s %s: level %s, want info", c.Method, c.Path, c.Level)
			}
		}
	}
	if removed != 2 {
		t.Errorf("the removed id is reported for %d operations, want the organization's and the repository's public key", removed)
	}
	if strings.Index(md, "#### github.com/codespaces-go/codespaces/gen\n") > strings.Index(md, "#### github.com/codespaces-go/codespaces/client\n") {
		t.Error("client/ is reported before gen/, which it is built on")
	}
}

// changeUpstream makes the changes of the fixture description.
func changeUpstream(t *testing.T, doc *yaml.Node) {
	t.Helper()
	schemas := at(t, doc.Content[0], "components", "schemas")
	key := at(t, schemas, "codespaces-public-key", "properties")
	if !deleteKey(key, "id") {
		t.Fatal("the public key has no id to remove")
	}
	body := at(t, doc.Content[0], "paths", "/user/codespaces/{codespace_name}/publish", "post", "requestBody", "content", "application/json", "schema")
	add(t, at(t, body, "properties"), "visibility", "{type: string, enum: [public, private]}")
	add(t, body, "required", "[visibility]")
	// The new operation takes the codespace's name as GET of the codespace does.
	name := at(t, doc.Content[0], "paths", "/user/codespaces/{codespace_name}", "get", "parameters")
	logs := yamlNode(t, "{get: {operationId: codespaces/get-logs-for-authenticated-user, summary: Get a codespace's logs, tags: [codespaces], responses: {'200': {description: Response, content: {application/json: {schema: {type: object, properties: {url: {type: string}}}}}}}}}")
	add(t, at(t, logs, "get"), "parameters", "")
	get := at(t, logs, "get")
	get.Content[len(get.Content)-1] = slice.Clone(name)
	paths := at(t, doc.Content[0], "paths")
	add(t, paths, "/user/codespaces/{codespace_name}/logs", "")
	paths.Content[len(paths.Content)-1] = logs
}

// goSources generates gen/ for spec with oapi-codegen as a library into
// dir, and pairs it with client/ as committed.
func goSources(t *testing.T, dir string, spec []byte) Sources {
	t.Helper()
	path := filepath.Join(dir, "spec.yaml")
	must(t, os.WriteFile(path, spec, 0o644))
	g, err := Generate(root, "codegen/client.yaml", path)
	must(t, err)
	out := filepath.Join(dir, g.Output)
	must(t, os.MkdirAll(filepath.Dir(out), 0o755))
	must(t, os.WriteFile(out, g.Code, 0o644))
	src, err := ReadSources(root, map[string]string{modulePath + "/client": "client"})
	must(t, err)
	gen, err := ReadSources(dir, map[string]string{modulePath + "/gen": "gen"})
	must(t, err)
	src[modulePath+"/gen"] = gen[modulePath+"/gen"]
	return src
}

func at(t *testing.T, n *yaml.Node, keys ...string) *yaml.Node {
	t.Helper()
	for _, k := range keys {
		var next *yaml.Node
		for i := 0; n.Kind == yaml.MappingNode && i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == k {
				next = n.Content[i+1]
			}
		}
		if next == nil {
			t.Fatalf("the fixture has no %q", k)
		}
		n = next
	}
	return n
}

func deleteKey(m *yaml.Node, key string) bool {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content = append(m.Content[:i], m.Content[i+2:]...)
			return true
		}
	}
	return false
}

func add(t *testing.T, m *yaml.Node, key, value string) {
	t.Helper()
	m.Content = append(m.Content, yamlNode(t, key), yamlNode(t, value))
}

func yamlNode(t *testing.T, s string) *yaml.Node {
	t.Helper()
	var n yaml.Node
	must(t, yaml.Unmarshal([]byte(s), &n))
	if len(n.Content) == 0 {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null"}
	}
	return n.Content[0]
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	must(t, err)
	return data
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

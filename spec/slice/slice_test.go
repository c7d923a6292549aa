package slice

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/speakeasy-api/openapi/overlay"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

func fixture(t *testing.T) *yaml.Node {
	t.Helper()
	data, err := os.ReadFile("testdata/upstream.json")
	require.NoError(t, err)
	doc, err := Decode(data)
	require.NoError(t, err)
	return doc
}

func cutFixture(t *testing.T) *yaml.Node {
	t.Helper()
	s, err := Cut(fixture(t), "codespaces/")
	require.NoError(t, err)
	return s
}

func keys(n *yaml.Node) []string {
	var ks []string
	for i := 0; n != nil && i+1 < len(n.Content); i += 2 {
		ks = append(ks, n.Content[i].Value)
	}
	return ks
}

func TestCutKeepsOnlyPrefixedOperationsAndWhatTheyReach(t *testing.T) {
	s := cutFixture(t)
	root := s.Content[0]

	assert.Equal(t, []string{"GET /user/codespaces/{codespace_name} codespaces/get"}, Operations(s))
	// The shared path parameters stay with the path; the other method on the path goes.
	assert.Equal(t, []string{"parameters", "get"}, keys(get(get(root, "paths"), "/user/codespaces/{codespace_name}")))
	// Components: reached through schema → schema and response → schema, in upstream order.
	comps := get(root, "components")
	assert.Equal(t, []string{"basic-error", "codespace", "simple-user", "machine"}, keys(get(comps, "schemas")))
	assert.Equal(t, []string{"not_found"}, keys(get(comps, "responses")))
	assert.Equal(t, []string{"codespace-name"}, keys(get(comps, "parameters")))
	// Tags used by the kept operations only; webhooks dropped; other top-level keys kept in order.
	assert.Len(t, get(root, "tags").Content, 1)
	assert.Equal(t, []string{"openapi", "info", "tags", "servers", "paths", "components"}, keys(root))
}

func TestCutRefusesADanglingReference(t *testing.T) {
	doc := fixture(t)
	schemas := get(get(doc.Content[0], "components"), "schemas")
	// Drop simple-user, which codespace refers to.
	for i := 0; i+1 < len(schemas.Content); i += 2 {
		if schemas.Content[i].Value == "simple-user" {
			schemas.Content = slices.Delete(schemas.Content, i, i+2)
			break
		}
	}
	_, err := Cut(doc, "codespaces/")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "#/components/schemas/simple-user points at nothing")
}

func TestCutRefusesRemoteReferences(t *testing.T) {
	data, err := os.ReadFile("testdata/upstream.json")
	require.NoError(t, err)
	data = bytes.Replace(data, []byte(`"#/components/schemas/machine"`), []byte(`"other.json#/machine"`), 1)
	doc, err := Decode(data)
	require.NoError(t, err)
	_, err = Cut(doc, "codespaces/")
	require.ErrorContains(t, err, `"other.json#/machine" is not a local component reference`)
}

func TestCutWithNoMatchingOperationIsAnError(t *testing.T) {
	_, err := Cut(fixture(t), "nothing/")
	require.ErrorIs(t, err, ErrNoOperations)
	require.ErrorContains(t, err, `no operation's id starts with "nothing/"`)
}

func TestDecodeRefusesWhatIsNotADescription(t *testing.T) {
	for name, in := range map[string]string{
		"malformed JSON": `{"openapi": `,
		"a list":         `[1, 2]`,
		"empty":          ``,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Decode([]byte(in))
			require.Error(t, err)
			assert.Contains(t, err.Error(), "parse description")
		})
	}
}

func TestCutWithoutPathsIsAnError(t *testing.T) {
	doc, err := Decode([]byte(`{"openapi": "3.0.3"}`))
	require.NoError(t, err)
	_, err = Cut(doc, "codespaces/")
	require.ErrorContains(t, err, "no paths")
}

func TestEncodeIsDeterministicAndPlain(t *testing.T) {
	a, err := Encode(cutFixture(t), "header")
	require.NoError(t, err)
	b, err := Encode(cutFixture(t), "header")
	require.NoError(t, err)
	assert.Equal(t, string(a), string(b))
	assert.True(t, strings.HasPrefix(string(a), "# header\n"))
	// JSON's quotes are gone where YAML does not need them, and kept where it does.
	assert.Contains(t, string(a), "operationId: codespaces/get\n")
	assert.Contains(t, string(a), "openapi: 3.0.3\n")
	assert.Contains(t, string(a), `"200":`)
	// Round trip: the YAML says what the JSON said.
	back, err := Decode(a)
	require.NoError(t, err)
	assert.Empty(t, Compare(cutFixture(t), back, func(s string) string { return s }, "paths", "components"))
}

func parseOverlay(t *testing.T, actions string) *overlay.Overlay {
	t.Helper()
	ov, err := ParseOverlay([]byte("overlay: 1.0.0\nx-speakeasy-jsonpath: rfc9535\ninfo: {title: t, version: 1.0.0}\nactions:\n" + actions))
	require.NoError(t, err)
	return ov
}

func TestApplyUpdatesWhatTheActionsTarget(t *testing.T) {
	s := cutFixture(t)
	ov := parseOverlay(t, `
  - target: $.components.schemas.machine.properties.memory_in_bytes
    description: bytes do not fit 32 bits
    update: {format: int64}
`)
	require.NoError(t, Apply(s, ov))
	m := get(get(get(get(get(s.Content[0], "components"), "schemas"), "machine"), "properties"), "memory_in_bytes")
	assert.Equal(t, "int64", get(m, "format").Value)
}

func TestApplyRefusesAnActionThatMatchesNothing(t *testing.T) {
	ov := parseOverlay(t, `
  - target: $.components.schemas.gone
    description: upstream renamed it
    update: {format: int64}
  - target: $.components.schemas.machine
    description: fine
    update: {x-fine: true}
`)
	err := Apply(cutFixture(t), ov)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "action 1 (target $.components.schemas.gone: upstream renamed it)")
	assert.Contains(t, err.Error(), "did not match any targets")
	assert.NotContains(t, err.Error(), "action 2")
}

func TestApplyRefusesAnActionThatChangesNothing(t *testing.T) {
	// Upstream made the correction itself: the action still matches, but is dead.
	ov := parseOverlay(t, `
  - target: $.components.schemas.codespace.properties.id
    description: ids are int64
    update: {type: integer}
`)
	err := Apply(cutFixture(t), ov)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "matches but changes nothing")
}

func TestApplyReportsEveryFailingAction(t *testing.T) {
	ov := parseOverlay(t, `
  - target: $.nowhere
    description: one
    update: {a: 1}
  - target: $.components.schemas.codespace.properties.id
    description: two
    update: {type: integer}
`)
	err := Apply(cutFixture(t), ov)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "action 1")
	assert.Contains(t, err.Error(), "action 2")
}

func TestParseOverlayRequiresAReasonForEveryAction(t *testing.T) {
	_, err := ParseOverlay([]byte("overlay: 1.0.0\ninfo: {title: t, version: 1.0.0}\nactions:\n  - target: $.info\n    update: {x: 1}\n"))
	require.ErrorContains(t, err, "action 1 (target $.info) has no description")
}

func TestParseOverlayRefusesMalformedInput(t *testing.T) {
	for name, in := range map[string]string{
		"not YAML":   "overlay: [",
		"no actions": "overlay: 1.0.0\ninfo: {title: t, version: 1.0.0}\nactions: []\n",
		"no version": "info: {title: t, version: 1.0.0}\nactions:\n  - target: $.info\n    description: d\n    update: {x: 1}\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ParseOverlay([]byte(in))
			require.Error(t, err)
		})
	}
}

func ghecOf(t *testing.T, edit func(string) string) *yaml.Node {
	t.Helper()
	data, err := os.ReadFile("testdata/upstream.json")
	require.NoError(t, err)
	doc, err := Decode([]byte(edit(string(data))))
	require.NoError(t, err)
	s, err := Cut(doc, "codespaces/")
	require.NoError(t, err)
	return s
}

func TestCompareEditionsFoldsDocumentationLinks(t *testing.T) {
	ghec := ghecOf(t, func(s string) string {
		return strings.ReplaceAll(s, "https://docs.github.com/rest/", "https://docs.github.com/enterprise-cloud@latest/rest/")
	})
	ov := parseOverlay(t, "  - target: $.info\n    description: d\n    update: {x-a: 1}\n")
	require.NoError(t, CompareEditions(cutFixture(t), ghec, ov))
}

func TestCompareEditionsAcceptsExactlyTheUnionActions(t *testing.T) {
	ghec := ghecOf(t, func(s string) string {
		return strings.Replace(s, `"login": {"type": "string"}`, `"login": {"type": "string"}, "ghec_only": {"type": "boolean"}`, 1)
	})
	withUnion := parseOverlay(t, `
  - target: $.components.schemas['simple-user'].properties
    description: only GHEC documents it
    x-union-of-editions: true
    update: {ghec_only: {type: boolean}}
`)
	require.NoError(t, CompareEditions(cutFixture(t), ghec, withUnion))

	// Without the union action the new difference fails loudly, naming where it is.
	plain := parseOverlay(t, "  - target: $.info\n    description: d\n    update: {x-a: 1}\n")
	err := CompareEditions(cutFixture(t), ghec, plain)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "/components/schemas/simple-user/properties/ghec_only: only in the second")
}

func TestCompareEditionsReportsChangedValues(t *testing.T) {
	ghec := ghecOf(t, func(s string) string { return strings.Replace(s, `"description": "ok"`, `"description": "fine"`, 1) })
	ov := parseOverlay(t, "  - target: $.info\n    description: d\n    update: {x-a: 1}\n")
	err := CompareEditions(cutFixture(t), ghec, ov)
	require.ErrorContains(t, err, `/paths/~1user~1codespaces~1{codespace_name}/get/responses/200/description: "ok" against "fine"`)
}

func FuzzCut(f *testing.F) {
	data, err := os.ReadFile("testdata/upstream.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte(`{"paths": {"/a": {"get": {"operationId": "codespaces/x", "responses": {"$ref": "#/components/schemas/a~1b"}}}}}`))
	f.Add([]byte(`{"paths": {"/a": {"get": {"operationId": "codespaces/x", "tags": "notalist"}}}, "components": []}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		doc, err := Decode(in)
		if err != nil {
			return
		}
		s, err := Cut(doc, "codespaces/")
		if err != nil {
			return
		}
		if _, err := Encode(s, ""); err != nil {
			t.Fatalf("a cut slice does not encode: %v", err)
		}
	})
}

package slice

import (
	"bytes"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/speakeasy-api/openapi/overlay"
	"gopkg.in/yaml.v3"
)

func fixture(t *testing.T) *yaml.Node {
	t.Helper()
	data, err := os.ReadFile("testdata/upstream.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func cutFixture(t *testing.T) *yaml.Node {
	t.Helper()
	s, err := Cut(fixture(t), "codespaces/")
	if err != nil {
		t.Fatal(err)
	}
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

	comps := get(root, "components")
	for _, c := range []struct {
		what      string
		got, want []string
	}{
		{"operations", Operations(s), []string{"GET /user/codespaces/{codespace_name} codespaces/get"}},
		// The shared path parameters stay with the path; the other method on the path goes.
		{"the path's keys", keys(get(get(root, "paths"), "/user/codespaces/{codespace_name}")), []string{"parameters", "get"}},
		// Components: reached through schema → schema and response → schema, in upstream order.
		{"schemas", keys(get(comps, "schemas")), []string{"basic-error", "codespace", "simple-user", "machine"}},
		{"responses", keys(get(comps, "responses")), []string{"not_found"}},
		{"parameters", keys(get(comps, "parameters")), []string{"codespace-name"}},
		// Webhooks dropped; other top-level keys kept in order.
		{"top-level keys", keys(root), []string{"openapi", "info", "tags", "servers", "paths", "components"}},
	} {
		if !slices.Equal(c.got, c.want) {
			t.Errorf("%s = %q, want %q", c.what, c.got, c.want)
		}
	}
	// Tags used by the kept operations only.
	if got := len(get(root, "tags").Content); got != 1 {
		t.Errorf("%d tags, want 1", got)
	}
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
	wantErr(t, err, "#/components/schemas/simple-user points at nothing")
}

func TestCutRefusesRemoteReferences(t *testing.T) {
	data, err := os.ReadFile("testdata/upstream.json")
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.Replace(data, []byte(`"#/components/schemas/machine"`), []byte(`"other.json#/machine"`), 1)
	doc, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Cut(doc, "codespaces/")
	wantErr(t, err, `"other.json#/machine" is not a local component reference`)
}

func TestCutWithNoMatchingOperationIsAnError(t *testing.T) {
	_, err := Cut(fixture(t), "nothing/")
	if !errors.Is(err, ErrNoOperations) {
		t.Errorf("err = %v, want ErrNoOperations", err)
	}
	wantErr(t, err, `no operation's id starts with "nothing/"`)
}

func TestDecodeRefusesWhatIsNotADescription(t *testing.T) {
	for name, in := range map[string]string{
		"malformed JSON": `{"openapi": `,
		"a list":         `[1, 2]`,
		"empty":          ``,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Decode([]byte(in))
			wantErr(t, err, "parse description")
		})
	}
}

func TestCutWithoutPathsIsAnError(t *testing.T) {
	doc, err := Decode([]byte(`{"openapi": "3.0.3"}`))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Cut(doc, "codespaces/")
	wantErr(t, err, "no paths")
}

func TestEncodeIsDeterministicAndPlain(t *testing.T) {
	a, err := Encode(cutFixture(t), "header")
	if err != nil {
		t.Fatal(err)
	}
	b, err := Encode(cutFixture(t), "header")
	if err != nil {
		t.Fatal(err)
	}
	if string(a) != string(b) {
		t.Error("two encodings of one slice differ")
	}
	if !strings.HasPrefix(string(a), "# header\n") {
		t.Errorf("the encoding starts %.40q, want the header comment", a)
	}
	// JSON's quotes are gone where YAML does not need them, and kept where it does.
	for _, want := range []string{"operationId: codespaces/get\n", "openapi: 3.0.3\n", `"200":`} {
		if !strings.Contains(string(a), want) {
			t.Errorf("the encoding lacks %q", want)
		}
	}
	// Round trip: the YAML says what the JSON said.
	back, err := Decode(a)
	if err != nil {
		t.Fatal(err)
	}
	if d := Compare(cutFixture(t), back, func(s string) string { return s }, "paths", "components"); len(d) != 0 {
		t.Errorf("the round trip changed: %v", d)
	}
}

func parseOverlay(t *testing.T, actions string) *overlay.Overlay {
	t.Helper()
	ov, err := ParseOverlay([]byte("overlay: 1.0.0\nx-speakeasy-jsonpath: rfc9535\ninfo: {title: t, version: 1.0.0}\nactions:\n" + actions))
	if err != nil {
		t.Fatal(err)
	}
	return ov
}

func TestApplyUpdatesWhatTheActionsTarget(t *testing.T) {
	s := cutFixture(t)
	ov := parseOverlay(t, `
  - target: $.components.schemas.machine.properties.memory_in_bytes
    description: bytes do not fit 32 bits
    update: {format: int64}
`)
	if err := Apply(s, ov); err != nil {
		t.Fatal(err)
	}
	m := get(get(get(get(get(s.Content[0], "components"), "schemas"), "machine"), "properties"), "memory_in_bytes")
	if got := get(m, "format").Value; got != "int64" {
		t.Errorf("format = %q, want int64", got)
	}
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
	wantErr(t, err, "action 1 (target $.components.schemas.gone: upstream renamed it)", "did not match any targets")
	if strings.Contains(err.Error(), "action 2") {
		t.Errorf("err = %v, want no word of the action that applies", err)
	}
}

func TestApplyRefusesAnActionThatChangesNothing(t *testing.T) {
	// Upstream made the correction itself: the action still matches, but is dead.
	ov := parseOverlay(t, `
  - target: $.components.schemas.codespace.properties.id
    description: ids are int64
    update: {type: integer}
`)
	err := Apply(cutFixture(t), ov)
	wantErr(t, err, "matches but changes nothing")
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
	wantErr(t, err, "action 1", "action 2")
}

func TestParseOverlayRequiresAReasonForEveryAction(t *testing.T) {
	_, err := ParseOverlay([]byte("overlay: 1.0.0\ninfo: {title: t, version: 1.0.0}\nactions:\n  - target: $.info\n    update: {x: 1}\n"))
	wantErr(t, err, "action 1 (target $.info) has no description")
}

func TestParseOverlayRefusesMalformedInput(t *testing.T) {
	for name, in := range map[string]string{
		"not YAML":   "overlay: [",
		"no actions": "overlay: 1.0.0\ninfo: {title: t, version: 1.0.0}\nactions: []\n",
		"no version": "info: {title: t, version: 1.0.0}\nactions:\n  - target: $.info\n    description: d\n    update: {x: 1}\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ParseOverlay([]byte(in))
			wantErr(t, err)
		})
	}
}

func ghecOf(t *testing.T, edit func(string) string) *yaml.Node {
	t.Helper()
	data, err := os.ReadFile("testdata/upstream.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Decode([]byte(edit(string(data))))
	if err != nil {
		t.Fatal(err)
	}
	s, err := Cut(doc, "codespaces/")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestCompareEditionsFoldsDocumentationLinks(t *testing.T) {
	ghec := ghecOf(t, func(s string) string {
		return strings.ReplaceAll(s, "https://docs.github.com/rest/", "https://docs.github.com/enterprise-cloud@latest/rest/")
	})
	ov := parseOverlay(t, "  - target: $.info\n    description: d\n    update: {x-a: 1}\n")
	if err := CompareEditions(cutFixture(t), ghec, ov); err != nil {
		t.Fatal(err)
	}
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
	if err := CompareEditions(cutFixture(t), ghec, withUnion); err != nil {
		t.Fatal(err)
	}

	// Without the union action the new difference fails loudly, naming where it is.
	plain := parseOverlay(t, "  - target: $.info\n    description: d\n    update: {x-a: 1}\n")
	err := CompareEditions(cutFixture(t), ghec, plain)
	wantErr(t, err, "/components/schemas/simple-user/properties/ghec_only: only in the second")
}

func TestCompareEditionsReportsChangedValues(t *testing.T) {
	ghec := ghecOf(t, func(s string) string { return strings.Replace(s, `"description": "ok"`, `"description": "fine"`, 1) })
	ov := parseOverlay(t, "  - target: $.info\n    description: d\n    update: {x-a: 1}\n")
	err := CompareEditions(cutFixture(t), ghec, ov)
	wantErr(t, err, `/paths/~1user~1codespaces~1{codespace_name}/get/responses/200/description: "ok" against "fine"`)
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

// wantErr fails the test unless err is an error whose text has every one of
// subs.
func wantErr(t *testing.T, err error, subs ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("err = nil, want an error saying %q", subs)
	}
	for _, sub := range subs {
		if !strings.Contains(err.Error(), sub) {
			t.Errorf("err = %v, want it to say %q", err, sub)
		}
	}
}

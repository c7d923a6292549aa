package spec_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/codespaces-go/codespaces/spec"
)

// wantOperations is the slice of GitHub's API this project covers. The
// document must hold exactly these operations: one more or one fewer is a
// change of scope, and the wire test, the mock and the client must follow.
var wantOperations = []operationKey{
	{"GET", "/repos/{owner}/{repo}/codespaces", "codespaces/list-in-repository-for-authenticated-user"},
	{"POST", "/repos/{owner}/{repo}/codespaces", "codespaces/create-with-repo-for-authenticated-user"},
	{"GET", "/repos/{owner}/{repo}/codespaces/devcontainers", "codespaces/list-devcontainers-in-repository-for-authenticated-user"},
	{"GET", "/repos/{owner}/{repo}/codespaces/machines", "codespaces/repo-machines-for-authenticated-user"},
	{"POST", "/repos/{owner}/{repo}/pulls/{pull_number}/codespaces", "codespaces/create-with-pr-for-authenticated-user"},
	{"GET", "/user/codespaces", "codespaces/list-for-authenticated-user"},
	{"POST", "/user/codespaces", "codespaces/create-for-authenticated-user"},
	{"GET", "/user/codespaces/{codespace_name}", "codespaces/get-for-authenticated-user"},
	{"PATCH", "/user/codespaces/{codespace_name}", "codespaces/update-for-authenticated-user"},
	{"DELETE", "/user/codespaces/{codespace_name}", "codespaces/delete-for-authenticated-user"},
	{"POST", "/user/codespaces/{codespace_name}/exports", "codespaces/export-for-authenticated-user"},
	{"GET", "/user/codespaces/{codespace_name}/exports/{export_id}", "codespaces/get-export-details-for-authenticated-user"},
	{"GET", "/user/codespaces/{codespace_name}/machines", "codespaces/codespace-machines-for-authenticated-user"},
	{"POST", "/user/codespaces/{codespace_name}/start", "codespaces/start-for-authenticated-user"},
	{"POST", "/user/codespaces/{codespace_name}/stop", "codespaces/stop-for-authenticated-user"},
	{"GET", "/user/codespaces/secrets", "codespaces/list-secrets-for-authenticated-user"},
	{"GET", "/user/codespaces/secrets/public-key", "codespaces/get-public-key-for-authenticated-user"},
	{"GET", "/user/codespaces/secrets/{secret_name}", "codespaces/get-secret-for-authenticated-user"},
	{"PUT", "/user/codespaces/secrets/{secret_name}", "codespaces/create-or-update-secret-for-authenticated-user"},
	{"DELETE", "/user/codespaces/secrets/{secret_name}", "codespaces/delete-secret-for-authenticated-user"},
	{"GET", "/user/codespaces/secrets/{secret_name}/repositories", "codespaces/list-repositories-for-secret-for-authenticated-user"},
	{"PUT", "/user/codespaces/secrets/{secret_name}/repositories", "codespaces/set-repositories-for-secret-for-authenticated-user"},
	{"PUT", "/user/codespaces/secrets/{secret_name}/repositories/{repository_id}", "codespaces/add-repository-for-secret-for-authenticated-user"},
	{"DELETE", "/user/codespaces/secrets/{secret_name}/repositories/{repository_id}", "codespaces/remove-repository-for-secret-for-authenticated-user"},
}

type operationKey struct{ method, path, id string }

func (k operationKey) String() string { return k.method + " " + k.path + " " + k.id }

// specOperation is one operation of the document with the path it sits on.
type specOperation struct {
	operationKey
	item *openapi3.PathItem
	op   *openapi3.Operation
}

// params returns the operation's parameters, those of its path item
// included, resolved.
func (o specOperation) params() []*openapi3.Parameter {
	var ps []*openapi3.Parameter
	for _, p := range append(slices.Clone(o.item.Parameters), o.op.Parameters...) {
		ps = append(ps, p.Value)
	}
	return ps
}

// param returns the parameter called name in location in, or nil.
func (o specOperation) param(in, name string) *openapi3.Parameter {
	for _, p := range o.params() {
		if p.In == in && p.Name == name {
			return p
		}
	}
	return nil
}

// statuses returns the documented response codes of the operation, sorted.
func (o specOperation) statuses() []string {
	return slices.Sorted(maps.Keys(o.op.Responses.Map()))
}

// loadDoc returns the shared document, failing the test if it does not load.
func loadDoc(t testing.TB) *openapi3.T {
	t.Helper()
	doc, err := spec.Load()
	if err != nil {
		t.Fatalf("spec.Load: %v", err)
	}
	return doc
}

// operations lists every operation of doc in path, then method order.
func operations(doc *openapi3.T) []specOperation {
	var ops []specOperation
	for _, path := range slices.Sorted(maps.Keys(doc.Paths.Map())) {
		item := doc.Paths.Value(path)
		for _, method := range slices.Sorted(maps.Keys(item.Operations())) {
			op := item.GetOperation(method)
			ops = append(ops, specOperation{operationKey{method, path, op.OperationID}, item, op})
		}
	}
	return ops
}

func TestLoadSharesOneValidatedDocument(t *testing.T) {
	first, err := spec.Load()
	if err != nil {
		t.Fatalf("spec.Load: %v", err)
	}
	second, err := spec.Load()
	if err != nil {
		t.Fatalf("second spec.Load: %v", err)
	}
	if first != second {
		t.Error("spec.Load returned two different documents; it must share one")
	}
	// Callers load from many goroutines at once (the mock's handlers, the
	// validating transport); under -race this also proves the once is safe.
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if doc, err := spec.Load(); err != nil || doc != first {
				t.Errorf("a concurrent spec.Load returned %p, %v; want the shared %p", doc, err, first)
			}
		})
	}
	wg.Wait()
	if first.OpenAPI != "3.0.3" {
		t.Errorf("openapi = %q, want 3.0.3", first.OpenAPI)
	}
}

func TestParseReturnsPrivateCopies(t *testing.T) {
	shared := loadDoc(t)
	a, err := spec.Parse()
	if err != nil {
		t.Fatalf("spec.Parse: %v", err)
	}
	b, err := spec.Parse()
	if err != nil {
		t.Fatalf("second spec.Parse: %v", err)
	}
	if a == b || a == shared || b == shared {
		t.Fatal("spec.Parse returned a document that is shared with another caller")
	}
	// The documented reason for Parse: replacing Servers must not leak into
	// the shared copy or into other private copies.
	a.Servers = openapi3.Servers{{URL: "http://127.0.0.1:1"}}
	for name, doc := range map[string]*openapi3.T{"spec.Load": shared, "another spec.Parse": b} {
		if len(doc.Servers) != 1 || doc.Servers[0].URL != "https://api.github.com" {
			t.Errorf("after changing one copy's servers, %s has %v", name, doc.Servers)
		}
	}
}

func TestDocumentHoldsExactlyTheWantedOperations(t *testing.T) {
	got := map[operationKey]bool{}
	for _, o := range operations(loadDoc(t)) {
		got[o.operationKey] = true
	}
	want := map[operationKey]bool{}
	for _, k := range wantOperations {
		want[k] = true
	}
	if len(want) != 24 {
		t.Fatalf("the table of wanted operations has %d distinct entries, want 24", len(want))
	}
	for k := range want {
		if !got[k] {
			t.Errorf("missing from the document: %s", k)
		}
	}
	for k := range got {
		if !want[k] {
			t.Errorf("in the document but not in the table: %s", k)
		}
	}
}

func TestOperationsAreDescribed(t *testing.T) {
	for _, o := range operations(loadDoc(t)) {
		if strings.TrimSpace(o.op.Summary) == "" {
			t.Errorf("%s has no summary", o.operationKey)
		}
		if strings.TrimSpace(o.op.Description) == "" {
			t.Errorf("%s has no description", o.operationKey)
		}
		if len(o.op.Tags) == 0 {
			t.Errorf("%s has no tag", o.operationKey)
		}
		if o.op.Responses.Len() == 0 {
			t.Errorf("%s documents no response", o.operationKey)
		}
	}
}

func TestEveryBodyHasASchema(t *testing.T) {
	check := func(where string, content openapi3.Content) {
		for mime, mt := range content {
			if mt.Schema == nil || mt.Schema.Value == nil {
				t.Errorf("%s (%s) has content but no schema", where, mime)
			}
		}
	}
	for _, o := range operations(loadDoc(t)) {
		if rb := o.op.RequestBody; rb != nil {
			if len(rb.Value.Content) == 0 {
				t.Errorf("%s has a request body without content", o.operationKey)
			}
			check(fmt.Sprintf("%s request", o.operationKey), rb.Value.Content)
		}
		for _, status := range o.statuses() {
			check(fmt.Sprintf("%s %s", o.operationKey, status), o.op.Responses.Value(status).Value.Content)
		}
	}
}

func TestIDsAndByteSizesAreInt64(t *testing.T) {
	doc := loadDoc(t)
	// The values that do not fit in 32 bits in real answers, named so that a
	// careless edit of any of them fails here by name.
	named := []struct{ schema, property string }{
		{"codespace", "id"},
		{"simple-user", "id"},
		{"minimal-repository", "id"},
		{"codespace-machine", "storage_in_bytes"},
		{"codespace-machine", "memory_in_bytes"},
		{"create-codespace-for-repository", "repository_id"},
		{"pull-request-reference", "repository_id"},
	}
	for _, n := range named {
		s := doc.Components.Schemas[n.schema]
		if s == nil || s.Value.Properties[n.property] == nil {
			t.Errorf("schema %s has no property %s", n.schema, n.property)
			continue
		}
		assertInt64(t, n.schema+"."+n.property, s.Value.Properties[n.property].Value)
	}
	for _, schema := range []string{"create-or-update-secret-request", "set-selected-repositories-request"} {
		ids := doc.Components.Schemas[schema].Value.Properties["selected_repository_ids"]
		if ids == nil || ids.Value.Items == nil {
			t.Errorf("%s.selected_repository_ids is not an array", schema)
			continue
		}
		assertInt64(t, schema+".selected_repository_ids[]", ids.Value.Items.Value)
	}

	// Every integer named like an ID or a byte size, wherever it is, so that
	// a new one cannot come in as a 32-bit int.
	for name, s := range doc.Components.Schemas {
		walkObjects(name, s.Value, func(where string, s *openapi3.Schema) {
			for prop, p := range s.Properties {
				for at, v := range map[string]*openapi3.SchemaRef{where + "." + prop: p, where + "." + prop + "[]": p.Value.Items} {
					if v != nil && looksLikeIDOrSize(prop) && v.Value.Type.Is("integer") {
						assertInt64(t, at, v.Value)
					}
				}
			}
		})
	}
	var repositoryIDParams int
	for _, o := range operations(doc) {
		for _, p := range o.params() {
			where := fmt.Sprintf("%s %s parameter %s", o.operationKey, p.In, p.Name)
			switch {
			case p.Name == "repository_id":
				repositoryIDParams++
				assertInt64(t, where, p.Schema.Value)
			case looksLikeIDOrSize(p.Name) && p.Schema.Value.Type.Is("integer"):
				assertInt64(t, where, p.Schema.Value)
			}
		}
	}
	// The path parameter on two operations and the query filter on one.
	if repositoryIDParams != 3 {
		t.Errorf("found %d repository_id parameters, want 3", repositoryIDParams)
	}
}

func looksLikeIDOrSize(name string) bool {
	return name == "id" || strings.HasSuffix(name, "_id") || strings.HasSuffix(name, "_ids") || strings.HasSuffix(name, "_in_bytes")
}

func assertInt64(t *testing.T, where string, s *openapi3.Schema) {
	t.Helper()
	if !s.Type.Is("integer") || s.Format != "int64" {
		t.Errorf("%s is type %v format %q, want integer int64", where, s.Type, s.Format)
	}
}

func TestPaginatedListsDocumentPaging(t *testing.T) {
	var paginated int
	for _, o := range operations(loadDoc(t)) {
		perPage, page := o.param("query", "per_page"), o.param("query", "page")
		if perPage == nil && page == nil {
			continue
		}
		paginated++
		if perPage == nil || page == nil {
			t.Errorf("%s takes only one of per_page and page", o.operationKey)
			continue
		}
		assertIntBounds(t, o.operationKey.String()+" per_page", perPage.Schema.Value, 1, 100, 30)
		assertIntBounds(t, o.operationKey.String()+" page", page.Schema.Value, 1, 0, 1)

		ok := o.op.Responses.Value("200")
		if ok == nil {
			t.Errorf("%s is paginated but documents no 200", o.operationKey)
			continue
		}
		link := ok.Value.Headers["Link"]
		if link == nil || link.Value.Schema == nil || !link.Value.Schema.Value.Type.Is("string") {
			t.Errorf("%s is paginated but its 200 documents no Link header of type string", o.operationKey)
		}
	}
	if paginated != 4 {
		t.Errorf("found %d paginated operations, want 4", paginated)
	}
}

// assertIntBounds checks an integer schema's minimum, maximum and default;
// maximum 0 means there must be none.
func assertIntBounds(t *testing.T, where string, s *openapi3.Schema, minimum, maximum, def float64) {
	t.Helper()
	if !s.Type.Is("integer") {
		t.Errorf("%s is %v, want integer", where, s.Type)
	}
	if s.Min == nil || *s.Min != minimum {
		t.Errorf("%s minimum = %v, want %v", where, ptrString(s.Min), minimum)
	}
	switch {
	case maximum == 0 && s.Max != nil:
		t.Errorf("%s has maximum %v, want none", where, *s.Max)
	case maximum != 0 && (s.Max == nil || *s.Max != maximum):
		t.Errorf("%s maximum = %v, want %v", where, ptrString(s.Max), maximum)
	}
	if d, ok := s.Default.(float64); !ok || d != def {
		if i, isInt := s.Default.(int); !isInt || float64(i) != def {
			t.Errorf("%s default = %v (%T), want %v", where, s.Default, s.Default, def)
		}
	}
}

func ptrString(f *float64) string {
	if f == nil {
		return "none"
	}
	return fmt.Sprint(*f)
}

// knownSpecGaps are problems of codespaces.yaml that are reported to the
// spec's owner and not yet fixed. Each is tolerated by name, logged on every
// run, and must be removed here once fixed (the tests fail on a stale entry).
var knownSpecGaps = map[string]string{}

// checkGaps fails for each problem not in knownSpecGaps, logs the known ones,
// and fails for known ones of kind that no longer occur.
func checkGaps(t *testing.T, kind string, problems []string) {
	t.Helper()
	found := map[string]bool{}
	for _, p := range problems {
		found[p] = true
		if fix, known := knownSpecGaps[p]; known {
			t.Logf("known spec gap: %s (proposed: %s)", p, fix)
			continue
		}
		t.Error(p)
	}
	for gap := range knownSpecGaps {
		if strings.Contains(gap, kind) && !found[gap] {
			t.Errorf("knownSpecGaps lists %q, which no longer occurs: remove it", gap)
		}
	}
}

func TestRequiredPropertiesAreDeclared(t *testing.T) {
	doc := loadDoc(t)
	var problems []string
	for _, name := range slices.Sorted(maps.Keys(doc.Components.Schemas)) {
		walkObjects(name, doc.Components.Schemas[name].Value, func(where string, s *openapi3.Schema) {
			props := declaredProperties(s)
			for _, req := range s.Required {
				if _, ok := props[req]; !ok {
					problems = append(problems, fmt.Sprintf("%s: required %s is not a property", where, req))
				}
			}
		})
	}
	checkGaps(t, ": required ", problems)
}

func TestExamplesUseDeclaredProperties(t *testing.T) {
	doc := loadDoc(t)
	seen := map[string]bool{}
	var problems []string
	check := func(where string, mt *openapi3.MediaType) {
		examples := map[string]any{}
		if mt.Example != nil {
			examples[where+" example"] = mt.Example
		}
		for name, ex := range mt.Examples {
			at := ex.Ref
			if at == "" {
				at = where + " examples/" + name
			}
			examples[at] = ex.Value.Value
		}
		for at, value := range examples {
			var undeclared []string
			pruneToSchema("$", value, mt.Schema.Value, &undeclared)
			for _, u := range undeclared {
				if p := fmt.Sprintf("%s: %s is not in the schema", at, u); !seen[p] {
					seen[p] = true
					problems = append(problems, p)
				}
			}
		}
	}
	for _, o := range operations(doc) {
		if rb := o.op.RequestBody; rb != nil {
			for _, mt := range rb.Value.Content {
				check(o.id+" request", mt)
			}
		}
		for _, status := range o.statuses() {
			for _, mt := range o.op.Responses.Value(status).Value.Content {
				check(o.id+" "+status, mt)
			}
		}
	}
	checkGaps(t, " is not in the schema", problems)
}

// declaredProperties returns the properties of s and of its allOf parts.
func declaredProperties(s *openapi3.Schema) openapi3.Schemas {
	props := maps.Clone(s.Properties)
	if props == nil {
		props = openapi3.Schemas{}
	}
	for _, part := range s.AllOf {
		maps.Copy(props, declaredProperties(part.Value))
	}
	return props
}

// walkObjects calls fn for s and every schema written inline in it. Schemas
// it reaches by $ref are left out: they are components, walked on their own.
func walkObjects(where string, s *openapi3.Schema, fn func(where string, s *openapi3.Schema)) {
	fn(where, s)
	for _, sub := range slices.Concat(s.AllOf, s.OneOf, s.AnyOf) {
		if sub.Ref == "" {
			walkObjects(where, sub.Value, fn)
		}
	}
	for prop, p := range s.Properties {
		if p.Ref == "" {
			walkObjects(where+"."+prop, p.Value, fn)
		}
	}
	if s.Items != nil && s.Items.Ref == "" {
		walkObjects(where+"[]", s.Items.Value, fn)
	}
}

// pruneToSchema returns v without the object members s does not declare,
// recording the JSON path of each one it drops. Objects whose schema
// declares no properties are free-form and kept whole.
func pruneToSchema(at string, v any, s *openapi3.Schema, undeclared *[]string) any {
	switch v := v.(type) {
	case map[string]any:
		props := declaredProperties(s)
		if len(props) == 0 {
			return v
		}
		out := map[string]any{}
		for _, k := range slices.Sorted(maps.Keys(v)) {
			p, ok := props[k]
			if !ok {
				*undeclared = append(*undeclared, at+"."+k)
				continue
			}
			out[k] = pruneToSchema(at+"."+k, v[k], p.Value, undeclared)
		}
		return out
	case []any:
		items := s.Items
		for _, part := range s.AllOf {
			if items == nil {
				items = part.Value.Items
			}
		}
		if items == nil {
			return v
		}
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = pruneToSchema(fmt.Sprintf("%s[%d]", at, i), e, items.Value, undeclared)
		}
		return out
	default:
		return v
	}
}

package spec_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/codespaces-go/codespaces/spec"
)

// wantOperations is the slice of GitHub's API this project covers: every
// operation of @octokit/openapi whose operationId starts with codespaces/.
// The document must hold exactly these operations: one more or one fewer is
// a change of scope (or of upstream), and the wire test, the mock and the
// client must follow.
var wantOperations = []operationKey{
	{"GET", "/orgs/{org}/codespaces", "codespaces/list-in-organization"},
	{"PUT", "/orgs/{org}/codespaces/access", "codespaces/set-codespaces-access"},
	{"POST", "/orgs/{org}/codespaces/access/selected_users", "codespaces/set-codespaces-access-users"},
	{"DELETE", "/orgs/{org}/codespaces/access/selected_users", "codespaces/delete-codespaces-access-users"},
	{"GET", "/orgs/{org}/codespaces/secrets", "codespaces/list-org-secrets"},
	{"GET", "/orgs/{org}/codespaces/secrets/public-key", "codespaces/get-org-public-key"},
	{"GET", "/orgs/{org}/codespaces/secrets/{secret_name}", "codespaces/get-org-secret"},
	{"PUT", "/orgs/{org}/codespaces/secrets/{secret_name}", "codespaces/create-or-update-org-secret"},
	{"DELETE", "/orgs/{org}/codespaces/secrets/{secret_name}", "codespaces/delete-org-secret"},
	{"GET", "/orgs/{org}/codespaces/secrets/{secret_name}/repositories", "codespaces/list-selected-repos-for-org-secret"},
	{"PUT", "/orgs/{org}/codespaces/secrets/{secret_name}/repositories", "codespaces/set-selected-repos-for-org-secret"},
	{"PUT", "/orgs/{org}/codespaces/secrets/{secret_name}/repositories/{repository_id}", "codespaces/add-selected-repo-to-org-secret"},
	{"DELETE", "/orgs/{org}/codespaces/secrets/{secret_name}/repositories/{repository_id}", "codespaces/remove-selected-repo-from-org-secret"},
	{"GET", "/orgs/{org}/members/{username}/codespaces", "codespaces/get-codespaces-for-user-in-org"},
	{"DELETE", "/orgs/{org}/members/{username}/codespaces/{codespace_name}", "codespaces/delete-from-organization"},
	{"POST", "/orgs/{org}/members/{username}/codespaces/{codespace_name}/stop", "codespaces/stop-in-organization"},
	{"GET", "/repos/{owner}/{repo}/codespaces", "codespaces/list-in-repository-for-authenticated-user"},
	{"POST", "/repos/{owner}/{repo}/codespaces", "codespaces/create-with-repo-for-authenticated-user"},
	{"GET", "/repos/{owner}/{repo}/codespaces/devcontainers", "codespaces/list-devcontainers-in-repository-for-authenticated-user"},
	{"GET", "/repos/{owner}/{repo}/codespaces/machines", "codespaces/repo-machines-for-authenticated-user"},
	{"GET", "/repos/{owner}/{repo}/codespaces/new", "codespaces/pre-flight-with-repo-for-authenticated-user"},
	{"GET", "/repos/{owner}/{repo}/codespaces/permissions_check", "codespaces/check-permissions-for-devcontainer"},
	{"GET", "/repos/{owner}/{repo}/codespaces/secrets", "codespaces/list-repo-secrets"},
	{"GET", "/repos/{owner}/{repo}/codespaces/secrets/public-key", "codespaces/get-repo-public-key"},
	{"GET", "/repos/{owner}/{repo}/codespaces/secrets/{secret_name}", "codespaces/get-repo-secret"},
	{"PUT", "/repos/{owner}/{repo}/codespaces/secrets/{secret_name}", "codespaces/create-or-update-repo-secret"},
	{"DELETE", "/repos/{owner}/{repo}/codespaces/secrets/{secret_name}", "codespaces/delete-repo-secret"},
	{"POST", "/repos/{owner}/{repo}/pulls/{pull_number}/codespaces", "codespaces/create-with-pr-for-authenticated-user"},
	{"GET", "/user/codespaces", "codespaces/list-for-authenticated-user"},
	{"POST", "/user/codespaces", "codespaces/create-for-authenticated-user"},
	{"GET", "/user/codespaces/secrets", "codespaces/list-secrets-for-authenticated-user"},
	{"GET", "/user/codespaces/secrets/public-key", "codespaces/get-public-key-for-authenticated-user"},
	{"GET", "/user/codespaces/secrets/{secret_name}", "codespaces/get-secret-for-authenticated-user"},
	{"PUT", "/user/codespaces/secrets/{secret_name}", "codespaces/create-or-update-secret-for-authenticated-user"},
	{"DELETE", "/user/codespaces/secrets/{secret_name}", "codespaces/delete-secret-for-authenticated-user"},
	{"GET", "/user/codespaces/secrets/{secret_name}/repositories", "codespaces/list-repositories-for-secret-for-authenticated-user"},
	{"PUT", "/user/codespaces/secrets/{secret_name}/repositories", "codespaces/set-repositories-for-secret-for-authenticated-user"},
	{"PUT", "/user/codespaces/secrets/{secret_name}/repositories/{repository_id}", "codespaces/add-repository-for-secret-for-authenticated-user"},
	{"DELETE", "/user/codespaces/secrets/{secret_name}/repositories/{repository_id}", "codespaces/remove-repository-for-secret-for-authenticated-user"},
	{"GET", "/user/codespaces/{codespace_name}", "codespaces/get-for-authenticated-user"},
	{"PATCH", "/user/codespaces/{codespace_name}", "codespaces/update-for-authenticated-user"},
	{"DELETE", "/user/codespaces/{codespace_name}", "codespaces/delete-for-authenticated-user"},
	{"POST", "/user/codespaces/{codespace_name}/exports", "codespaces/export-for-authenticated-user"},
	{"GET", "/user/codespaces/{codespace_name}/exports/{export_id}", "codespaces/get-export-details-for-authenticated-user"},
	{"GET", "/user/codespaces/{codespace_name}/machines", "codespaces/codespace-machines-for-authenticated-user"},
	{"POST", "/user/codespaces/{codespace_name}/publish", "codespaces/publish-for-authenticated-user"},
	{"POST", "/user/codespaces/{codespace_name}/start", "codespaces/start-for-authenticated-user"},
	{"POST", "/user/codespaces/{codespace_name}/stop", "codespaces/stop-for-authenticated-user"},
}

// deprecatedOperations are the operations GitHub marks deprecated: the
// organization's codespaces access settings, which moved to the
// organization's settings pages.
var deprecatedOperations = []string{
	"codespaces/delete-codespaces-access-users",
	"codespaces/set-codespaces-access",
	"codespaces/set-codespaces-access-users",
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

// requestSchema returns the schema of the operation's JSON request body.
func (o specOperation) requestSchema(t testing.TB) *openapi3.Schema {
	t.Helper()
	if o.op.RequestBody == nil {
		t.Fatalf("%s has no request body", o.operationKey)
	}
	mt := o.op.RequestBody.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil {
		t.Fatalf("%s has no application/json request schema", o.operationKey)
	}
	return mt.Schema.Value
}

// responseJSON returns the application/json content of the operation's
// response for status, failing when there is none.
func (o specOperation) responseJSON(t testing.TB, status int) *openapi3.MediaType {
	t.Helper()
	r := o.op.Responses.Status(status)
	if r == nil {
		t.Fatalf("%s documents no %d", o.operationKey, status)
	}
	mt := r.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil {
		t.Fatalf("%s %d documents no application/json body", o.operationKey, status)
	}
	return mt
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

// operationByID returns the operation called id, failing when there is none.
func operationByID(t testing.TB, doc *openapi3.T, id string) specOperation {
	t.Helper()
	for _, o := range operations(doc) {
		if o.id == id {
			return o
		}
	}
	t.Fatalf("the document has no operation %s", id)
	return specOperation{}
}

// componentSchema returns the component schema called name, failing when
// there is none.
func componentSchema(t testing.TB, doc *openapi3.T, name string) *openapi3.Schema {
	t.Helper()
	s := doc.Components.Schemas[name]
	if s == nil || s.Value == nil {
		t.Fatalf("the document has no schema %s", name)
	}
	return s.Value
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

// TestDocumentHoldsExactlyTheWantedOperations also closes the last item of
// issue 8's Why: 24 of the 48 Codespaces operations were missing.
func TestDocumentHoldsExactlyTheWantedOperations(t *testing.T) {
	got := map[operationKey]bool{}
	for _, o := range operations(loadDoc(t)) {
		got[o.operationKey] = true
	}
	want := map[operationKey]bool{}
	for _, k := range wantOperations {
		want[k] = true
		if !strings.HasPrefix(k.id, "codespaces/") {
			t.Errorf("the table lists %s, which is not a codespaces/ operation", k)
		}
	}
	if len(want) != 48 {
		t.Fatalf("the table of wanted operations has %d distinct entries, want 48", len(want))
	}
	for _, k := range wantOperations {
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

func TestDeprecatedOperationsAreMarked(t *testing.T) {
	var got []string
	for _, o := range operations(loadDoc(t)) {
		if o.op.Deprecated {
			got = append(got, o.id)
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, deprecatedOperations) {
		t.Errorf("deprecated operations = %v, want %v", got, deprecatedOperations)
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
		if !slices.Equal(o.op.Tags, []string{"codespaces"}) {
			t.Errorf("%s has tags %v, want [codespaces]", o.operationKey, o.op.Tags)
		}
		if d := o.op.ExternalDocs; d == nil || !strings.HasPrefix(d.URL, "https://docs.github.com/rest/codespaces/") {
			t.Errorf("%s links no docs.github.com reference page", o.operationKey)
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

// TestIDsAndByteSizesAreInt64 holds the rule: an integer named id, *_id,
// *_ids or *_in_bytes is int64, wherever it is written (component, inline
// body, parameter). Upstream gives the entity ids (codespace, user,
// repository) int64 itself; the overlay adds it to byte sizes and to the
// ids that refer to a repository (rest-api-description issue 3795).
func TestIDsAndByteSizesAreInt64(t *testing.T) {
	doc := loadDoc(t)
	// The values that do not fit in 32 bits in real answers, named so that a
	// careless edit of any of them fails here by name.
	named := []struct{ schema, path string }{
		{"codespace", "id"},
		{"codespace-with-full-repository", "id"},
		{"simple-user", "id"},
		{"nullable-simple-user", "id"},
		{"minimal-repository", "id"},
		{"repository", "id"},
		{"nullable-repository", "id"},
		{"full-repository", "id"},
		{"codespace-machine", "storage_in_bytes"},
		{"codespace-machine", "memory_in_bytes"},
		{"nullable-codespace-machine", "storage_in_bytes"},
		{"nullable-codespace-machine", "memory_in_bytes"},
		{"create-codespace-for-repository", "repository_id"},
		{"create-codespace-for-pull-request", "pull_request.repository_id"},
	}
	for _, n := range named {
		s := componentSchema(t, doc, n.schema)
		for _, prop := range strings.Split(n.path, ".") {
			p := s.Properties[prop]
			if p == nil {
				t.Fatalf("schema %s has no property %s", n.schema, n.path)
			}
			s = p.Value
		}
		assertInt64(t, n.schema+"."+n.path, s)
	}
	for _, id := range []string{
		"codespaces/create-or-update-org-secret",
		"codespaces/set-selected-repos-for-org-secret",
		"codespaces/set-repositories-for-secret-for-authenticated-user",
		"codespaces/create-or-update-secret-for-authenticated-user", // integers or strings
	} {
		ids := operationByID(t, doc, id).requestSchema(t).Properties["selected_repository_ids"]
		if ids == nil || ids.Value.Items == nil {
			t.Errorf("%s: selected_repository_ids is not an array", id)
			continue
		}
		item := ids.Value.Items.Value
		for _, branch := range item.AnyOf {
			if branch.Value.Type.Is("integer") {
				item = branch.Value
			}
		}
		assertInt64(t, id+" selected_repository_ids[]", item)
	}

	// Every integer named like an ID or a byte size, wherever it is, so that
	// a new one cannot come in as a 32-bit int.
	var problems []string
	eachSchema(doc, func(where, prop string, s *openapi3.Schema) {
		if looksLikeIDOrSize(prop) && s.Type.Is("integer") && s.Format != "int64" {
			problems = append(problems, fmt.Sprintf("%s: integer %s is not int64", where, prop))
		}
	})
	checkGaps(t, " is not int64", problems)

	var repositoryIDParams int
	for _, o := range operations(doc) {
		for _, p := range o.params() {
			if p.Name == "repository_id" {
				repositoryIDParams++
				assertInt64(t, fmt.Sprintf("%s %s parameter %s", o.operationKey, p.In, p.Name), p.Schema.Value)
			}
		}
	}
	// The path parameter on four operations and the query filter on one.
	if repositoryIDParams != 5 {
		t.Errorf("found %d repository_id parameters, want 5", repositoryIDParams)
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

// paginatedOperations take per_page and page and answer a page of a list.
var paginatedOperations = []string{
	"codespaces/get-codespaces-for-user-in-org",
	"codespaces/list-devcontainers-in-repository-for-authenticated-user",
	"codespaces/list-for-authenticated-user",
	"codespaces/list-in-organization",
	"codespaces/list-in-repository-for-authenticated-user",
	"codespaces/list-org-secrets",
	"codespaces/list-repo-secrets",
	"codespaces/list-secrets-for-authenticated-user",
	"codespaces/list-selected-repos-for-org-secret",
}

// linkHeaderOperations document the Link header on their 200. Upstream
// documents it on the secret lists only (and, oddly, on get-org-secret),
// though GitHub pages every list the same way; the client reads Link from
// the raw response, not from gen's HeadersNNN.
var linkHeaderOperations = []string{
	"codespaces/get-org-secret",
	"codespaces/list-org-secrets",
	"codespaces/list-repo-secrets",
	"codespaces/list-secrets-for-authenticated-user",
}

func TestPaginatedListsDocumentPaging(t *testing.T) {
	var paginated, linked []string
	for _, o := range operations(loadDoc(t)) {
		if h := o.op.Responses.Value("200"); h != nil && h.Value.Headers["Link"] != nil {
			linked = append(linked, o.id)
			link := h.Value.Headers["Link"].Value
			if link.Schema == nil || !link.Schema.Value.Type.Is("string") {
				t.Errorf("%s documents a Link header that is not a string", o.operationKey)
			}
		}
		perPage, page := o.param("query", "per_page"), o.param("query", "page")
		if perPage == nil && page == nil {
			continue
		}
		paginated = append(paginated, o.id)
		if perPage == nil || page == nil {
			t.Errorf("%s takes only one of per_page and page", o.operationKey)
			continue
		}
		// Upstream declares no bounds: GitHub clamps per_page to 100 rather
		// than refusing more, and says so in the description.
		assertIntDefault(t, o.operationKey.String()+" per_page", perPage.Schema.Value, 30)
		assertIntDefault(t, o.operationKey.String()+" page", page.Schema.Value, 1)
		if !strings.Contains(perPage.Description, "max 100") {
			t.Errorf("%s per_page does not say its maximum: %q", o.operationKey, perPage.Description)
		}

		// A page is an object with the total and one array of items.
		mt := o.responseJSON(t, 200)
		s := mt.Schema.Value
		var arrays []string
		for name, p := range s.Properties {
			if p.Value.Type.Is("array") {
				arrays = append(arrays, name)
			}
		}
		if !slices.Contains(s.Required, "total_count") || len(arrays) != 1 || !slices.Contains(s.Required, arrays[0]) {
			t.Errorf("%s 200 is not a page: required %v, arrays %v", o.operationKey, s.Required, arrays)
		}
	}
	slices.Sort(paginated)
	slices.Sort(linked)
	if !slices.Equal(paginated, paginatedOperations) {
		t.Errorf("paginated operations = %v, want %v", paginated, paginatedOperations)
	}
	if !slices.Equal(linked, linkHeaderOperations) {
		t.Errorf("operations documenting Link = %v, want %v", linked, linkHeaderOperations)
	}
}

func assertIntDefault(t *testing.T, where string, s *openapi3.Schema, def float64) {
	t.Helper()
	if !s.Type.Is("integer") {
		t.Errorf("%s is %v, want integer", where, s.Type)
	}
	if d, ok := s.Default.(float64); !ok || d != def {
		if i, isInt := s.Default.(int); !isInt || float64(i) != def {
			t.Errorf("%s default = %v (%T), want %v", where, s.Default, s.Default, def)
		}
	}
}

// knownSpecGaps are problems of codespaces.yaml that are reported to the
// spec's owner (an overlay action is proposed) and not yet fixed. Each is
// tolerated by name, logged on every run, and must be removed here once fixed:
// the tests fail on a stale entry.
var knownSpecGaps = map[string]string{
	// Examples with members their schemas do not declare, reported upstream.
	// The models drop such members by design; the wire test's round trip
	// leaves them aside.
	"#/components/examples/repo-codespaces-secret-paginated: $.secrets[0].visibility is not in the schema":                          "reported upstream: rest-api-description issue 5624",
	"#/components/examples/repo-codespaces-secret-paginated: $.secrets[1].visibility is not in the schema":                          "reported upstream: rest-api-description issue 5624",
	"#/components/examples/codespace-with-full-repository: $.repository.parent.network_count is not in the schema":                  "reported upstream: rest-api-description issue 5650",
	"#/components/examples/codespace-with-full-repository: $.repository.parent.subscribers_count is not in the schema":              "reported upstream: rest-api-description issue 5650",
	"#/components/examples/codespace-with-full-repository: $.repository.source.network_count is not in the schema":                  "reported upstream: rest-api-description issue 5650",
	"#/components/examples/codespace-with-full-repository: $.repository.source.subscribers_count is not in the schema":              "reported upstream: rest-api-description issue 5650",
	"#/components/examples/codespace-with-full-repository: $.repository.template_repository.network_count is not in the schema":     "reported upstream: rest-api-description issue 5650",
	"#/components/examples/codespace-with-full-repository: $.repository.template_repository.subscribers_count is not in the schema": "reported upstream: rest-api-description issue 5650",
	// Not among the issues above: reported to the lead for an overlay action
	// (or an upstream issue of its own).
	"#/components/examples/codespace: $.template is not in the schema":                                               "proposed overlay action: remove the example's template (null; codespace declares no template)",
	"#/components/examples/codespace-with-full-repository: $.template is not in the schema":                          "proposed overlay action: remove the example's template (null; codespace-with-full-repository declares no template)",
	"#/components/examples/repo-codespaces-secret: $.visibility is not in the schema":                                "proposed overlay action: the single-secret twin of issue 5624; get-org-secret shares the example and needs visibility, so the overlay would split it",
	"#/components/examples/minimal-repository-paginated: $.repositories[0].template_repository is not in the schema": "reported upstream for another path that shares the example: rest-api-description issue 5590",
}

// checkGaps fails for each problem not in knownSpecGaps, logs the known ones,
// and fails for known ones of kind that no longer occur.
func checkGaps(t *testing.T, kind string, problems []string) {
	t.Helper()
	found := map[string]bool{}
	for _, p := range problems {
		found[p] = true
		if fix, known := knownSpecGaps[p]; known {
			t.Logf("known spec gap: %s (%s)", p, fix)
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
	var problems []string
	eachSchema(loadDoc(t), func(where, _ string, s *openapi3.Schema) {
		props := declaredProperties(s)
		for _, req := range s.Required {
			if _, ok := props[req]; !ok {
				problems = append(problems, fmt.Sprintf("%s: required %s is not a property", where, req))
			}
		}
	})
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

// declaredProperties returns the properties of s and of its allOf, oneOf
// and anyOf parts: a member of an example is declared if some branch names it.
func declaredProperties(s *openapi3.Schema) openapi3.Schemas {
	props := maps.Clone(s.Properties)
	if props == nil {
		props = openapi3.Schemas{}
	}
	for _, part := range slices.Concat(s.AllOf, s.OneOf, s.AnyOf) {
		maps.Copy(props, declaredProperties(part.Value))
	}
	return props
}

// eachSchema calls fn for every schema written in doc: each component, and
// each schema written inline in a parameter, a request body or a response,
// with everything inline in them. A schema reached by $ref is a component,
// visited once on its own.
func eachSchema(doc *openapi3.T, fn func(where, prop string, s *openapi3.Schema)) {
	inline := func(where string, ref *openapi3.SchemaRef) {
		if ref != nil && ref.Ref == "" {
			walkSchemas(where, "", ref.Value, fn)
		}
	}
	content := func(where string, c openapi3.Content) {
		for _, mime := range slices.Sorted(maps.Keys(c)) {
			inline(where+" "+mime, c[mime].Schema)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(doc.Components.Schemas)) {
		inline(name, &openapi3.SchemaRef{Value: doc.Components.Schemas[name].Value})
	}
	for name, p := range doc.Components.Parameters {
		walkSchemas("parameter "+name, p.Value.Name, p.Value.Schema.Value, fn)
	}
	for name, r := range doc.Components.Responses {
		content("response "+name, r.Value.Content)
	}
	for _, o := range operations(doc) {
		for _, p := range slices.Concat(o.item.Parameters, o.op.Parameters) {
			if p.Ref == "" && p.Value.Schema.Ref == "" {
				walkSchemas(fmt.Sprintf("%s parameter %s", o.id, p.Value.Name), p.Value.Name, p.Value.Schema.Value, fn)
			}
		}
		if rb := o.op.RequestBody; rb != nil && rb.Ref == "" {
			content(o.id+" request", rb.Value.Content)
		}
		for _, status := range o.statuses() {
			if r := o.op.Responses.Value(status); r.Ref == "" {
				content(o.id+" "+status, r.Value.Content)
			}
		}
	}
}

// walkSchemas calls fn for s and every schema written inline in it, with the
// name of the property it describes (array items and the parts of allOf,
// oneOf and anyOf describe their parent's). Schemas it reaches by $ref are
// left out: they are components, walked on their own.
func walkSchemas(where, prop string, s *openapi3.Schema, fn func(where, prop string, s *openapi3.Schema)) {
	fn(where, prop, s)
	for _, sub := range slices.Concat(s.AllOf, s.OneOf, s.AnyOf) {
		if sub.Ref == "" {
			walkSchemas(where, prop, sub.Value, fn)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(s.Properties)) {
		if p := s.Properties[name]; p.Ref == "" {
			walkSchemas(where+"."+name, name, p.Value, fn)
		}
	}
	if s.Items != nil && s.Items.Ref == "" {
		walkSchemas(where+"[]", prop, s.Items.Value, fn)
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

// decodeJSON decodes b keeping numbers as written, so that 1296269 and
// 1.296269e+06 differ and 2^53+1 survives.
func decodeJSON(t testing.TB, what string, b []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("%s is not JSON: %v: %s", what, err, b)
	}
	return v
}

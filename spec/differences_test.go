package spec_test

// One test for each difference that issue 8 lists under "Why" between the
// hand-written spec and GitHub's description. Each reads the document, so a
// regression (an overlay action, a slicer bug, an upstream change) fails by
// name. The last difference, 24 of the 48 operations missing, is
// TestDocumentHoldsExactlyTheWantedOperations.

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// visit validates the JSON text body against s as a request or response
// would be, and fails unless the outcome is the wanted one.
func visit(t *testing.T, what string, s *openapi3.Schema, body string, valid bool, opts ...openapi3.SchemaValidationOption) {
	t.Helper()
	err := s.VisitJSON(decodeJSON(t, what, []byte(body)), opts...)
	switch {
	case valid && err != nil:
		t.Errorf("%s: %s does not validate: %v", what, body, err)
	case !valid && err == nil:
		t.Errorf("%s: %s validates; it must not", what, body)
	}
}

// Our spec required location; GitHub's description makes it optional and
// also takes client_ip and ref. A widely used client lists machines with no
// location at all.
func TestRepositoryMachinesTakeOptionalLocationClientIPAndRef(t *testing.T) {
	o := operationByID(t, loadDoc(t), "codespaces/repo-machines-for-authenticated-user")
	var query []string
	for _, p := range o.params() {
		if p.In != "query" {
			continue
		}
		query = append(query, p.Name)
		if p.Required {
			t.Errorf("query parameter %s is required; GitHub's description makes it optional", p.Name)
		}
		if !p.Schema.Value.Type.Is("string") {
			t.Errorf("query parameter %s is %v, want string", p.Name, p.Schema.Value.Type)
		}
	}
	slices.Sort(query)
	if want := []string{"client_ip", "location", "ref"}; !slices.Equal(query, want) {
		t.Errorf("query parameters = %v, want %v", query, want)
	}
}

// Our spec had prebuild_availability optional; GitHub's description has it
// required and nullable, on both machine schemas.
func TestMachinePrebuildAvailabilityIsRequiredAndNullable(t *testing.T) {
	doc := loadDoc(t)
	const machine = `"name":"standardLinux","display_name":"4 cores, 16 GB RAM, 64 GB storage","operating_system":"linux",` +
		`"storage_in_bytes":68719476736,"memory_in_bytes":17179869184,"cpus":4`
	for _, name := range []string{"codespace-machine", "nullable-codespace-machine"} {
		s := componentSchema(t, doc, name)
		if !slices.Contains(s.Required, "prebuild_availability") {
			t.Errorf("%s does not require prebuild_availability", name)
		}
		p := s.Properties["prebuild_availability"]
		if p == nil {
			t.Fatalf("%s has no prebuild_availability", name)
		}
		if !p.Value.Nullable || !p.Value.Type.Is("string") {
			t.Errorf("%s.prebuild_availability is %v nullable=%v, want a nullable string", name, p.Value.Type, p.Value.Nullable)
		}
		if got, want := p.Value.Enum, []any{"none", "ready", "in_progress"}; !slices.Equal(got, want) {
			t.Errorf("%s.prebuild_availability enum = %v, want %v", name, got, want)
		}
		visit(t, name+" with null", s, `{`+machine+`,"prebuild_availability":null}`, true, openapi3.VisitAsResponse())
		visit(t, name+" with ready", s, `{`+machine+`,"prebuild_availability":"ready"}`, true, openapi3.VisitAsResponse())
		visit(t, name+" without it", s, `{`+machine+`}`, false, openapi3.VisitAsResponse())
	}
	// A codespace's machine is the nullable twin, itself required.
	cs := componentSchema(t, doc, "codespace")
	if ref := cs.Properties["machine"].Ref; ref != "#/components/schemas/nullable-codespace-machine" || !slices.Contains(cs.Required, "machine") {
		t.Errorf("codespace.machine is %s (required: %v), want the required nullable-codespace-machine", ref, slices.Contains(cs.Required, "machine"))
	}
}

// Our spec's DELETE codespace 202 carried no body; GitHub's description has
// a JSON object, and GitHub sends {}.
func TestDeleteCodespaceAnswersAcceptedWithAJSONObject(t *testing.T) {
	doc := loadDoc(t)
	for _, id := range []string{"codespaces/delete-for-authenticated-user", "codespaces/delete-from-organization"} {
		mt := operationByID(t, doc, id).responseJSON(t, 202)
		s := mt.Schema.Value
		if !s.Type.Is("object") || s.Nullable {
			t.Errorf("%s 202 is %v nullable=%v, want a non-nullable object", id, s.Type, s.Nullable)
		}
		visit(t, id+" 202", s, `{}`, true, openapi3.VisitAsResponse())
		visit(t, id+" 202", s, `null`, false, openapi3.VisitAsResponse())
		if ex := mt.Examples["default"]; ex == nil || !isEmptyObject(ex.Value.Value) {
			t.Errorf("%s 202's example is not {}", id)
		}
	}
}

func isEmptyObject(v any) bool {
	m, ok := v.(map[string]any)
	return ok && len(m) == 0
}

// secretPuts are the PUTs of the three secret scopes.
var secretPuts = []string{
	"codespaces/create-or-update-secret-for-authenticated-user",
	"codespaces/create-or-update-org-secret",
	"codespaces/create-or-update-repo-secret",
}

// Our spec's secret PUT 201 carried no body; GitHub's description has the
// empty object, in all three scopes. 204 (updated) stays bodiless.
func TestSecretPutCreatedCarriesAnEmptyObject(t *testing.T) {
	doc := loadDoc(t)
	for _, id := range secretPuts {
		o := operationByID(t, doc, id)
		mt := o.responseJSON(t, 201)
		if mt.Schema.Ref != "#/components/schemas/empty-object" {
			t.Errorf("%s 201 is %q, want the empty-object schema", id, mt.Schema.Ref)
		}
		s := mt.Schema.Value
		if !s.Type.Is("object") || len(s.Properties) != 0 || s.AdditionalProperties.Has == nil || *s.AdditionalProperties.Has {
			t.Errorf("%s 201 is not an object without properties", id)
		}
		visit(t, id+" 201", s, `{}`, true, openapi3.VisitAsResponse())
		visit(t, id+" 201", s, `{"name":"GH_TOKEN"}`, false, openapi3.VisitAsResponse())
		if ex := mt.Examples["default"]; ex == nil || !isEmptyObject(ex.Value.Value) {
			t.Errorf("%s 201's example is not {}", id)
		}
		if r := o.op.Responses.Status(204); r == nil || len(r.Value.Content) != 0 {
			t.Errorf("%s 204 is missing or has a body", id)
		}
	}
}

// A value sealed to a stale key is refused with 422 in every scope: GitHub
// says so for repository secrets too (rest-api-description issue 419,
// terraform-provider-github issue 2315), though upstream documents it only
// for the user and organization scopes. The client refreshes its cached key
// on exactly this answer.
func TestSecretPutDocumentsValidationFailedInEveryScope(t *testing.T) {
	doc := loadDoc(t)
	for _, id := range secretPuts {
		o := operationByID(t, doc, id)
		r := o.op.Responses.Status(422)
		if r == nil || r.Ref != "#/components/responses/validation_failed" {
			t.Errorf("%s documents no 422 validation_failed", id)
		}
	}
}

// schemasDeclaring returns the component schemas that declare prop
// directly, sorted.
func schemasDeclaring(doc *openapi3.T, prop string) []string {
	var names []string
	for _, name := range slices.Sorted(maps.Keys(doc.Components.Schemas)) {
		if doc.Components.Schemas[name].Value.Properties[prop] != nil {
			names = append(names, name)
		}
	}
	return names
}

// Users lacked user_view_type, which GitHub sends today.
func TestUsersCarryUserViewType(t *testing.T) {
	doc := loadDoc(t)
	want := []string{"nullable-simple-user", "simple-user"}
	if got := schemasDeclaring(doc, "user_view_type"); !slices.Equal(got, want) {
		t.Errorf("user_view_type is declared by %v, want %v", got, want)
	}
	for _, name := range want {
		s := componentSchema(t, doc, name)
		if p := s.Properties["user_view_type"]; p == nil || !p.Value.Type.Is("string") {
			t.Errorf("%s.user_view_type is not a string", name)
		}
		if slices.Contains(s.Required, "user_view_type") {
			t.Errorf("%s requires user_view_type; GitHub's description does not", name)
		}
	}
}

// Repositories lacked custom_properties, has_pull_requests and
// pull_request_creation_policy. In GitHub's description the last two are on
// every repository schema, custom_properties on the minimal and full ones
// only (a codespace's repository is a minimal-repository).
func TestRepositoriesCarryTheNewerFields(t *testing.T) {
	doc := loadDoc(t)
	everyRepository := []string{"full-repository", "minimal-repository", "nullable-repository", "repository"}
	for _, c := range []struct {
		prop    string
		schemas []string
		check   func(*openapi3.Schema) bool
	}{
		{"custom_properties", []string{"full-repository", "minimal-repository"}, func(s *openapi3.Schema) bool {
			return s.Type.Is("object") && s.AdditionalProperties.Has != nil && *s.AdditionalProperties.Has
		}},
		{"has_pull_requests", everyRepository, func(s *openapi3.Schema) bool { return s.Type.Is("boolean") }},
		{"pull_request_creation_policy", everyRepository, func(s *openapi3.Schema) bool {
			return s.Type.Is("string") && slices.Equal(s.Enum, []any{"all", "collaborators_only"})
		}},
	} {
		if got := schemasDeclaring(doc, c.prop); !slices.Equal(got, c.schemas) {
			t.Errorf("%s is declared by %v, want %v", c.prop, got, c.schemas)
		}
		for _, name := range c.schemas {
			s := componentSchema(t, doc, name)
			if p := s.Properties[c.prop]; p == nil || !c.check(p.Value) {
				t.Errorf("%s.%s has the wrong type", name, c.prop)
			}
			if slices.Contains(s.Required, c.prop) {
				t.Errorf("%s requires %s; GitHub's description does not", name, c.prop)
			}
		}
	}
	for schema, want := range map[string]string{"codespace": "minimal-repository", "codespace-with-full-repository": "full-repository"} {
		if ref := componentSchema(t, doc, schema).Properties["repository"].Ref; ref != "#/components/schemas/"+want {
			t.Errorf("%s.repository is %s, want %s", schema, ref, want)
		}
	}
}

// The creates lacked 503, which GitHub's description documents on all three.
func TestCreatesDocumentServiceUnavailable(t *testing.T) {
	doc := loadDoc(t)
	for _, id := range []string{
		"codespaces/create-for-authenticated-user",
		"codespaces/create-with-pr-for-authenticated-user",
		"codespaces/create-with-repo-for-authenticated-user",
	} {
		o := operationByID(t, doc, id)
		if ref := o.op.Responses.Status(503); ref == nil || ref.Ref != "#/components/responses/service_unavailable" {
			t.Errorf("%s does not document 503 Service unavailable", id)
			continue
		}
		s := o.responseJSON(t, 503).Schema.Value
		for _, p := range []string{"code", "message", "documentation_url"} {
			if s.Properties[p] == nil || !s.Properties[p].Value.Type.Is("string") {
				t.Errorf("%s 503 has no string %s", id, p)
			}
		}
		visit(t, id+" 503", s, `{"code":"service_unavailable","message":"Service unavailable","documentation_url":"https://docs.github.com/rest"}`, true, openapi3.VisitAsResponse())
	}
}

// Our mock called {"repository_id": N, "pull_request": null, "ref": "main"}
// "both". In GitHub's description it matches exactly one oneOf branch: the
// repository branch ignores the unknown member, and the pull-request branch
// refuses a null pull_request. A body with a real pull_request beside
// repository_id matches both branches, so the oneOf refuses it.
func TestCreateForUserBodyMatchesExactlyOneBranch(t *testing.T) {
	s := operationByID(t, loadDoc(t), "codespaces/create-for-authenticated-user").requestSchema(t)
	if len(s.OneOf) != 2 {
		t.Fatalf("the body has %d oneOf branches, want 2", len(s.OneOf))
	}
	branches := map[string]*openapi3.Schema{}
	for _, b := range s.OneOf {
		branches[strings.TrimPrefix(b.Ref, "#/components/schemas/")] = b.Value
	}
	for _, c := range []struct {
		body    string
		matches []string // the branches it matches; valid when exactly one
	}{
		{`{"repository_id":1296269,"pull_request":null,"ref":"main"}`, []string{"create-codespace-for-repository"}},
		{`{"repository_id":1296269,"ref":"main"}`, []string{"create-codespace-for-repository"}},
		{`{"repository_id":9007199254740993}`, []string{"create-codespace-for-repository"}},
		{`{"pull_request":{"pull_request_number":1,"repository_id":1296269}}`, []string{"create-codespace-for-pull-request"}},
		{`{"pull_request":{"pull_request_number":1,"repository_id":1296269},"repository_id":1296269}`,
			[]string{"create-codespace-for-pull-request", "create-codespace-for-repository"}},
		{`{"pull_request":{"pull_request_number":1}}`, nil},
		{`{"ref":"main"}`, nil},
		{`{}`, nil},
	} {
		var matched []string
		for _, name := range slices.Sorted(maps.Keys(branches)) {
			if branches[name].VisitJSON(decodeJSON(t, "body", []byte(c.body)), openapi3.VisitAsRequest()) == nil {
				matched = append(matched, name)
			}
		}
		if !slices.Equal(matched, c.matches) {
			t.Errorf("%s matches %v, want %v", c.body, matched, c.matches)
		}
		visit(t, "POST /user/codespaces body", s, c.body, len(c.matches) == 1, openapi3.VisitAsRequest())
	}
}

package spec_test

// What the generated models make of answers the spec allows but its
// examples do not show: required fields that are null or absent, enum
// values GitHub adds later, integers past 2^53.

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/codespaces-go/codespaces/gen"
)

// exampleObject returns a copy of the component example called name, or of
// the object at path (dot-separated, [0] for the first item) inside it.
func exampleObject(t *testing.T, doc *openapi3.T, name, path string) map[string]any {
	t.Helper()
	ex := doc.Components.Examples[name]
	if ex == nil {
		t.Fatalf("the document has no example %s", name)
	}
	v := ex.Value.Value
	for _, step := range strings.FieldsFunc(path, func(r rune) bool { return r == '.' }) {
		key, first := strings.CutSuffix(step, "[0]")
		v = v.(map[string]any)[key]
		if first {
			v = v.([]any)[0]
		}
	}
	// A deep copy, so that the shared document is never changed.
	var out map[string]any
	if err := unmarshal(v, &out); err != nil {
		t.Fatalf("copying example %s %s: %v", name, path, err)
	}
	return out
}

func unmarshal(v any, into any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, into)
}

// TestRequiredNullableFieldsDecode proves that each field the spec marks
// required and nullable decodes when null and when absent, and keeps its
// value when present. GitHub sends both forms.
func TestRequiredNullableFieldsDecode(t *testing.T) {
	doc := loadDoc(t)
	for _, c := range []struct {
		schema, example, path string
		model                 func() any
		want                  []string // the required nullable properties
	}{
		{"codespace", "codespace", "", func() any { return new(gen.Codespace) },
			[]string{"environment_id", "idle_timeout_minutes", "machine", "prebuild", "pulls_url"}},
		{"codespace-with-full-repository", "codespace-with-full-repository", "", func() any { return new(gen.CodespaceWithFullRepository) },
			[]string{"environment_id", "idle_timeout_minutes", "machine", "prebuild", "pulls_url"}},
		{"codespace-machine", "codespace-machines-list", "machines[0]", func() any { return new(gen.CodespaceMachine) },
			[]string{"prebuild_availability"}},
	} {
		s := componentSchema(t, doc, c.schema)
		var fromSpec []string
		for _, name := range s.Required {
			if s.Properties[name].Value.Nullable {
				fromSpec = append(fromSpec, name)
			}
		}
		slices.Sort(fromSpec)
		if !slices.Equal(fromSpec, c.want) {
			t.Errorf("%s's required nullable properties are %v, the test covers %v", c.schema, fromSpec, c.want)
		}
		example := exampleObject(t, doc, c.example, c.path)
		for _, name := range fromSpec {
			present := example[name]
			if present == nil {
				present = s.Properties[name].Value.Example // the example shows null: take the property's own
			}
			for form, value := range map[string]any{"null": nil, "absent": nil, "present": present} {
				t.Run(c.schema+"/"+name+"/"+form, func(t *testing.T) {
					answer := maps.Clone(example)
					answer[name] = value
					if form == "absent" {
						delete(answer, name)
					}
					if form == "present" && value == nil {
						t.Fatalf("neither the example nor the schema has a value for %s", name)
					}
					if err := s.VisitJSON(roundTripJSON(t, answer), openapi3.VisitAsResponse()); (err == nil) != (form != "absent") {
						t.Errorf("the spec's verdict on %s %s: %v", name, form, err)
					}
					model := c.model()
					if err := unmarshal(answer, model); err != nil {
						t.Fatalf("decoding with %s %s: %v", name, form, err)
					}
					if got := fieldByJSONName(t, model, name); got.IsNil() != (form != "present") {
						t.Errorf("%s %s decoded to %v", name, form, got)
					}
				})
			}
		}
	}
}

// roundTripJSON returns v as decodeJSON reads it back from its encoding.
func roundTripJSON(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return decodeJSON(t, "value", b)
}

// fieldByJSONName returns the field of *ptr whose json tag names name; it
// must be a pointer so that null has a Go value.
func fieldByJSONName(t *testing.T, ptr any, name string) reflect.Value {
	t.Helper()
	rv := reflect.ValueOf(ptr).Elem()
	for i := range rv.NumField() {
		tag, _, _ := strings.Cut(rv.Type().Field(i).Tag.Get("json"), ",")
		if tag == name {
			if rv.Field(i).Kind() != reflect.Pointer {
				t.Fatalf("%s.%s is a %s, want a pointer", rv.Type(), rv.Type().Field(i).Name, rv.Field(i).Type())
			}
			return rv.Field(i)
		}
	}
	t.Fatalf("%s has no field for %s", rv.Type(), name)
	return reflect.Value{}
}

// TestUnknownEnumValuesDecode proves that values GitHub may add later decode
// without error and are told apart from the known ones by Valid, and that
// every value the spec lists is Valid.
func TestUnknownEnumValuesDecode(t *testing.T) {
	doc := loadDoc(t)
	cs := componentSchema(t, doc, "codespace")
	machine := componentSchema(t, doc, "codespace-machine")
	for _, c := range []struct {
		where string
		s     *openapi3.Schema
		valid func(string) bool
	}{
		{"codespace.state", cs.Properties["state"].Value, func(v string) bool { return gen.CodespaceState(v).Valid() }},
		{"codespace.location", cs.Properties["location"].Value, func(v string) bool { return gen.CodespaceLocation(v).Valid() }},
		{"codespace-machine.prebuild_availability", machine.Properties["prebuild_availability"].Value,
			func(v string) bool { return gen.CodespaceMachinePrebuildAvailability(v).Valid() }},
	} {
		if len(c.s.Enum) == 0 {
			t.Errorf("%s has no enum", c.where)
		}
		for _, v := range c.s.Enum {
			if !c.valid(fmt.Sprint(v)) {
				t.Errorf("the spec's %s %v is not Valid() in gen", c.where, v)
			}
		}
	}

	answer := exampleObject(t, doc, "codespace", "")
	answer["state"] = "Hibernating"
	answer["location"] = "CentralIndia"
	answer["machine"].(map[string]any)["prebuild_availability"] = "stale"
	var got gen.Codespace
	if err := unmarshal(answer, &got); err != nil {
		t.Fatalf("decoding a codespace with unknown enum values: %v", err)
	}
	if got.State != "Hibernating" || got.State.Valid() {
		t.Errorf("state = %q, Valid() = %v; want Hibernating, false", got.State, got.State.Valid())
	}
	if got.Location != "CentralIndia" || got.Location.Valid() {
		t.Errorf("location = %q, Valid() = %v; want CentralIndia, false", got.Location, got.Location.Valid())
	}
	if p := got.Machine.PrebuildAvailability; p == nil || *p != "stale" || p.Valid() {
		t.Errorf("prebuild_availability = %v; want stale, not Valid()", p)
	}
}

// TestLargeIntegersDecodeExactly proves that ids and byte sizes past 2^53
// (past 2^31 on 32-bit platforms, and past what a float64 holds exactly)
// decode to the very integer sent.
func TestLargeIntegersDecodeExactly(t *testing.T) {
	doc := loadDoc(t)
	const big = `9007199254740993` // 2^53+1
	answer := exampleObject(t, doc, "codespace", "")
	body, err := json.Marshal(answer)
	if err != nil {
		t.Fatal(err)
	}
	// Written into the text, so that no float64 ever holds them.
	for _, from := range []string{`"id":1,`, `"id":1296269,`, `"memory_in_bytes":17179869184`, `"storage_in_bytes":68719476736`} {
		if !strings.Contains(string(body), from) {
			t.Fatalf("the codespace example has no %s", from)
		}
		key, _, _ := strings.Cut(from, ":")
		to := key + ":" + big
		if strings.HasSuffix(from, ",") {
			to += ","
		}
		body = []byte(strings.ReplaceAll(string(body), from, to))
	}
	var cs gen.Codespace
	if err := json.Unmarshal(body, &cs); err != nil {
		t.Fatalf("decoding: %v", err)
	}
	for what, got := range map[string]int64{
		"id": cs.ID, "owner.id": cs.Owner.ID, "billable_owner.id": cs.BillableOwner.ID, "repository.id": cs.Repository.ID,
		"repository.owner.id": cs.Repository.Owner.ID, "machine.memory_in_bytes": cs.Machine.MemoryInBytes,
		"machine.storage_in_bytes": cs.Machine.StorageInBytes,
	} {
		if got != bigID {
			t.Errorf("%s = %d, want %d", what, got, bigID)
		}
	}
}

package validate

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/codespaces-go/codespaces/internal/textcut"
)

// undocumentedProperties reports request-body properties the schema does not
// define. The spec leaves additionalProperties open (GitHub adds fields to
// what it returns), so schema validation accepts them; but a client that
// sends a field the operation does not take has a bug the server may hide by
// ignoring it.
func undocumentedProperties(rb *openapi3.RequestBody, contentType string, body []byte, base Violation) []Violation {
	mt := rb.Content.Get(contentType)
	if mt == nil || mt.Schema == nil {
		return nil
	}
	var value any
	if err := json.Unmarshal(body, &value); err != nil {
		return nil // kin-openapi has reported the body as malformed
	}
	var out []Violation
	walkUndocumented(mt.Schema.Value, value, nil, func(path []string) {
		vi := base
		vi.Kind, vi.Extra = KindRequestBody, true
		vi.Pointer = pointer(path)
		vi.Message = fmt.Sprintf("property %q is not defined for this operation's request body", textcut.Cut(path[len(path)-1], maxExample))
		out = append(out, vi)
	})
	return out
}

func walkUndocumented(s *openapi3.Schema, value any, path []string, report func([]string)) {
	walkWithSiblings(s, value, path, nil, report)
}

// walkWithSiblings is walkUndocumented where siblings are the properties
// that the other alternatives of an enclosing oneOf or anyOf define. Such a
// property set to null is not undocumented: {"repository_id": N,
// "pull_request": null} matches the repository branch of POST
// /user/codespaces alone, and null is how clients say "not this one".
func walkWithSiblings(s *openapi3.Schema, value any, path []string, siblings map[string]*openapi3.Schema, report func([]string)) {
	if s == nil || value == nil {
		return
	}
	for _, alternatives := range []openapi3.SchemaRefs{s.OneOf, s.AnyOf} {
		if len(alternatives) == 0 {
			continue
		}
		// Follow the one alternative the value matches; when none or several
		// do, schema validation has said so already.
		var match *openapi3.Schema
		others := map[string]*openapi3.Schema{}
		for _, alt := range alternatives {
			if alt.Value == nil {
				continue
			}
			collectProperties(alt.Value, others)
			if alt.Value.VisitJSON(value, openapi3.VisitAsRequest()) == nil {
				if match != nil {
					return
				}
				match = alt.Value
			}
		}
		walkWithSiblings(match, value, path, others, report)
		return
	}
	switch v := value.(type) {
	case map[string]any:
		if ap := s.AdditionalProperties; (ap.Has != nil && *ap.Has) || ap.Schema != nil {
			return
		}
		props := map[string]*openapi3.Schema{}
		collectProperties(s, props)
		if len(props) == 0 {
			return
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			sub := append(slices.Clip(path), k)
			if ps, ok := props[k]; ok {
				walkUndocumented(ps, v[k], sub, report)
			} else if _, ok := siblings[k]; !ok || v[k] != nil {
				report(sub)
			}
		}
	case []any:
		if s.Items == nil {
			return
		}
		for i, item := range v {
			walkUndocumented(s.Items.Value, item, append(slices.Clip(path), fmt.Sprint(i)), report)
		}
	}
}

func collectProperties(s *openapi3.Schema, into map[string]*openapi3.Schema) {
	for name, ref := range s.Properties {
		if ref != nil && ref.Value != nil {
			into[name] = ref.Value
		}
	}
	for _, ref := range s.AllOf {
		if ref != nil && ref.Value != nil {
			collectProperties(ref.Value, into)
		}
	}
}

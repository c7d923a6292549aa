package mock

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/codespaces-go/codespaces/conformance/validate"
)

// GitHub answers a JSON body that breaks the operation's schema with 422,
// "Invalid request." and a line per problem, on the operation's own page:
//
//	{"message":"Invalid request.\n\nFor 'properties/body', false is not a string or null.",
//	 "documentation_url":"https://docs.github.com/rest/issues/issues#create-an-issue","status":"422"}
//
// (magit/forge#748, 2025; jcabi/jcabi-github#1540 has "For 'links/0/schema',
// nil is not an object." in 2020), and a missing member with
// "Invalid request.\n\n\"sha\" wasn't supplied." (quoted with its
// documentation_url and "status":"422" in public code that calls
// PUT /repos/{owner}/{repo}/contents/{path}). Those two forms are GitHub's;
// for other problems (a pattern, an enum, a oneOf) no answer of GitHub's was
// found, and the line says in the same form what the validator found.

// invalidBody is GitHub's 422 for a body that breaks the schema.
func invalidBody(op *operation, body []byte, vs []validate.Violation) response {
	var doc any
	_ = json.Unmarshal(body, &doc) // the caller checked it is JSON
	lines := make([]string, 0, len(vs))
	for _, v := range vs {
		lines = append(lines, problem(op.body, doc, v))
	}
	status := op.pick(http.StatusUnprocessableEntity, http.StatusBadRequest)
	return response{status: status, body: errorBody{
		Message:          "Invalid request.\n\n" + strings.Join(lines, "\n"),
		DocumentationURL: op.page(),
		Status:           strconv.Itoa(status),
	}}
}

// errorBody is GitHub's error body, its members in GitHub's order.
type errorBody struct {
	Message          string `json:"message"`
	DocumentationURL string `json:"documentation_url"`
	Status           string `json:"status"`
}

var (
	missingProperty = regexp.MustCompile(`^property "([^"]+)" is missing$`)
	wrongType       = regexp.MustCompile(`^value must be (an? [a-z]+)$`)
)

// problem is one line of the message, about v.
func problem(schema *openapi3.Schema, doc any, v validate.Violation) string {
	if m := missingProperty.FindStringSubmatch(v.Message); m != nil {
		return strconv.Quote(m[1]) + " wasn't supplied."
	}
	path, value, at := walk(schema, doc, v.Pointer)
	if path == "" {
		return strings.TrimSuffix(v.Message, ".") + "."
	}
	want := ""
	if m := wrongType.FindStringSubmatch(v.Message); m != nil {
		want = m[1]
	} else if value == nil && at != nil && at.Type != nil && len(at.Type.Slice()) == 1 && strings.EqualFold(v.Message, "Value is not nullable") {
		want = article(at.Type.Slice()[0])
	}
	if want != "" {
		if at != nil && at.Nullable {
			want += " or null"
		}
		return fmt.Sprintf("For '%s', %s is not %s.", path, show(value), want)
	}
	return fmt.Sprintf("For '%s', %s.", path, strings.TrimSuffix(v.Message, "."))
}

// walk follows a JSON pointer into the body and its schema: the path in
// GitHub's form (properties/NAME, items), the value there and its schema
// (nil where the schema does not say).
func walk(schema *openapi3.Schema, doc any, pointer string) (path string, value any, at *openapi3.Schema) {
	if pointer == "" || pointer == "/" {
		return "", doc, schema
	}
	value, at = doc, schema
	var parts []string
	for _, seg := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
		seg = strings.ReplaceAll(strings.ReplaceAll(seg, "~1", "/"), "~0", "~")
		switch cur := value.(type) {
		case []any:
			parts = append(parts, "items")
			i, err := strconv.Atoi(seg)
			value = nil
			if err == nil && i >= 0 && i < len(cur) {
				value = cur[i]
			}
			if at != nil && at.Items != nil {
				at = at.Items.Value
			} else {
				at = nil
			}
		default:
			parts = append(parts, "properties", seg)
			obj, _ := cur.(map[string]any)
			value = obj[seg]
			if at != nil && at.Properties[seg] != nil {
				at = at.Properties[seg].Value
			} else {
				at = nil
			}
		}
	}
	return strings.Join(parts, "/"), value, at
}

// show writes a value as GitHub's messages do (nil for null), cut short: a
// string of the wrong type is quoted, but never whole, and an object or an
// array is not spelled out.
func show(v any) string {
	switch v := v.(type) {
	case nil:
		return "nil"
	case string:
		if len(v) > 32 {
			v = v[:32] + "…"
		}
		return strconv.Quote(v)
	case map[string]any:
		return "{…}"
	case []any:
		return "[…]"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// article puts "a" or "an" before a JSON type's name.
func article(typ string) string {
	if strings.ContainsRune("aeiou", rune(typ[0])) {
		return "an " + typ
	}
	return "a " + typ
}

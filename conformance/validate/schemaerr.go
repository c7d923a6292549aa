package validate

import (
	"errors"
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// schemaViolations turns what kin-openapi's schema validation returned into
// one violation per failing value, each with its JSON pointer. base holds
// the fields every violation shares; kind is used for all but unknown enum
// values in responses, which get KindUnknownEnum.
func schemaViolations(err error, base Violation, kind Kind, response bool) []Violation {
	leaves, others := flatten(err)
	out := make([]Violation, 0, len(leaves)+len(others))
	for _, se := range leaves {
		v := base
		v.Kind = kind
		v.Pointer = pointer(se.JSONPointer())
		v.Message = schemaMessage(se)
		// An unknown value of the documented type is one GitHub added; a
		// value of another type (a number for a string enum) is just wrong.
		if _, isString := se.Value.(string); response && se.SchemaField == "enum" && isString {
			v.Kind = KindUnknownEnum
			v.Message += "; clients must accept it, but the spec does not list it"
		}
		out = append(out, v)
	}
	for _, e := range others {
		v := base
		v.Kind = kind
		v.Message = e.Error()
		out = append(out, v)
	}
	return out
}

// flatten lists the schema errors under err, looking through multi-errors
// and allOf wrappers (every branch of an allOf applies, so its failures are
// the value's own), and the errors that are not schema errors.
func flatten(err error) (leaves []*openapi3.SchemaError, others []error) {
	var me openapi3.MultiError
	if !isSchemaError(err) && errors.As(err, &me) {
		for _, e := range me {
			l, o := flatten(e)
			leaves, others = append(leaves, l...), append(others, o...)
		}
		return leaves, others
	}
	var se *openapi3.SchemaError
	if !errors.As(err, &se) {
		return nil, []error{err}
	}
	if se.SchemaField == "allOf" {
		if inner, ok := innerErrors(se); ok {
			return flatten(inner)
		}
	}
	return []*openapi3.SchemaError{se}, nil
}

func isSchemaError(err error) bool {
	_, ok := err.(*openapi3.SchemaError)
	return ok
}

// innerErrors returns the branch errors kin-openapi wraps in the Origin of
// an allOf or oneOf failure.
func innerErrors(se *openapi3.SchemaError) (openapi3.MultiError, bool) {
	if se.Origin == nil {
		return nil, false
	}
	var me openapi3.MultiError
	if errors.As(se.Origin, &me) {
		return me, true
	}
	return nil, false
}

// schemaMessage says what is wrong without dumping the schema, and names the
// offending value only where it is an enum member (short, and never a secret).
func schemaMessage(se *openapi3.SchemaError) string {
	switch se.SchemaField {
	case "enum":
		allowed := make([]string, 0, len(se.Schema.Enum))
		for _, e := range se.Schema.Enum {
			allowed = append(allowed, fmt.Sprint(e))
		}
		return fmt.Sprintf("%s is not one of the documented values (%s)", shortValue(se.Value), strings.Join(allowed, ", "))
	case "format":
		// kin-openapi's reason quotes the format's whole regular expression.
		return fmt.Sprintf("the string is not a valid %s", se.Schema.Format)
	case "oneOf":
		msg := se.Reason
		if inner, ok := innerErrors(se); ok {
			branches := make([]string, 0, len(inner))
			for i, branch := range inner {
				leaves, _ := flatten(branch)
				parts := make([]string, 0, len(leaves))
				for _, leaf := range leaves {
					parts = append(parts, strings.TrimSpace(pointer(leaf.JSONPointer())+" "+schemaMessage(leaf)))
				}
				branches = append(branches, fmt.Sprintf("alternative %d: %s", i+1, strings.Join(parts, ", ")))
			}
			msg += " (" + strings.Join(branches, "; ") + ")"
		}
		return msg
	}
	if se.Reason == "" {
		return fmt.Sprintf("does not match the schema's %q", se.SchemaField)
	}
	return se.Reason
}

// shortValue quotes strings and cuts long values, for messages.
func shortValue(v any) string {
	s := fmt.Sprint(v)
	if _, isString := v.(string); isString {
		s = fmt.Sprintf("%q", s)
	}
	if len(s) > 64 {
		s = s[:61] + "..."
	}
	return s
}

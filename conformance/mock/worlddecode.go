package mock

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/codespaces-go/codespaces/internal/textcut"
)

// ParseWorld reads a world document, YAML or JSON (which is YAML), and
// checks it whole: a field the format does not have, a value of the wrong
// type, a missing required field, a duplicate id, login or name, a
// reference to a user, organization, repository or machine the world does
// not have, a bad state or date are each a *WorldError naming the line and
// the field, e.g. "line 12: repositories[1].id: 0 is not a positive
// integer". Nothing in the document is ever echoed into an error but its
// structure and the values in question; tokens never.
func ParseWorld(data []byte) (*World, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &WorldError{Problem: "is empty"}
		}
		return nil, yamlError(err)
	}
	var more yaml.Node
	if err := dec.Decode(&more); !errors.Is(err, io.EOF) {
		line := 0
		if err == nil {
			line = more.Line
		}
		return nil, &WorldError{Line: line, Problem: "holds more than one YAML document"}
	}
	w := &World{lines: map[string]int{}}
	d := decoder{lines: w.lines}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if err := d.decode(root, reflect.ValueOf(w).Elem(), ""); err != nil {
		return nil, err
	}
	if err := w.check(); err != nil {
		return nil, err
	}
	return w, nil
}

// yamlLine finds the line in yaml.v3's syntax errors ("yaml: line 3: ...").
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func yamlError(err error) error {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &WorldError{Line: line, Problem: "is not YAML: " + m[2]}
	}
	return &WorldError{Problem: "is not YAML: " + strings.TrimPrefix(msg, "yaml: ")}
}

// decoder fills a World from YAML nodes, noting where each field was.
// The document is walked by hand rather than with yaml.v3's Decode, whose
// errors name neither the field's path nor, for a field the format lacks,
// always the line.
type decoder struct {
	lines map[string]int
}

var timeType = reflect.TypeFor[time.Time]()

func (d *decoder) fail(n *yaml.Node, path, format string, args ...any) error {
	return &WorldError{Line: n.Line, Field: path, Problem: fmt.Sprintf(format, args...)}
}

// decode fills v, a field of the World at path, from n.
func (d *decoder) decode(n *yaml.Node, v reflect.Value, path string) error {
	if path != "" {
		d.lines[path] = n.Line
	}
	if n.Kind == yaml.AliasNode {
		// Aliases would let a small document stand for a huge one.
		return d.fail(n, path, "YAML aliases (*%s) are not supported in a world document", n.Value)
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil // left out
	}
	switch {
	case v.Type() == timeType:
		return d.date(n, v, path)
	case v.Kind() == reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		if err := d.decode(n, p.Elem(), path); err != nil {
			return err
		}
		v.Set(p)
		return nil
	case v.Kind() == reflect.Struct:
		return d.object(n, v, path)
	case v.Kind() == reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			return d.fail(n, path, "is %s, not a list", describe(n))
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, item := range n.Content {
			if err := d.decode(item, s.Index(i), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		v.Set(s)
		return nil
	case v.Kind() == reflect.Map:
		return d.stringMap(n, v, path)
	}
	if n.Kind != yaml.ScalarNode {
		return d.fail(n, path, "is %s, not a single value", describe(n))
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(n.Value)
	case reflect.Bool:
		var b bool
		if n.Tag != "!!bool" || n.Decode(&b) != nil {
			return d.fail(n, path, "%s is not true or false", quote(clip(n.Value)))
		}
		v.SetBool(b)
	case reflect.Int, reflect.Int64:
		var i int64
		if n.Tag != "!!int" || n.Decode(&i) != nil || v.OverflowInt(i) {
			return d.fail(n, path, "%s is not an integer", quote(clip(n.Value)))
		}
		v.SetInt(i)
	default:
		return d.fail(n, path, "has a type the world document does not know") // unreachable with World's types
	}
	return nil
}

// object fills a struct from a mapping, refusing keys it has no field for
// and keys given twice.
func (d *decoder) object(n *yaml.Node, v reflect.Value, path string) error {
	if n.Kind != yaml.MappingNode {
		return d.fail(n, path, "is %s, not a mapping of fields", describe(n))
	}
	fields := fieldsOf(v.Type())
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		key := k.Value
		at := key
		if path != "" {
			at = path + "." + key
		}
		if k.Kind != yaml.ScalarNode {
			return d.fail(k, path, "has a key that is %s, not a name", describe(k))
		}
		idx, ok := fields[key]
		if !ok {
			return d.fail(k, at, "is not a field of %s (it has %s)", what(path), strings.Join(slices.Sorted(maps.Keys(fields)), ", "))
		}
		if seen[key] {
			return d.fail(k, at, "is given twice")
		}
		seen[key] = true
		if err := d.decode(val, v.Field(idx), at); err != nil {
			return err
		}
	}
	return nil
}

// stringMap fills a map of names to scalar values.
func (d *decoder) stringMap(n *yaml.Node, v reflect.Value, path string) error {
	if n.Kind != yaml.MappingNode {
		return d.fail(n, path, "is %s, not a mapping", describe(n))
	}
	m := reflect.MakeMapWithSize(v.Type(), len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		at := path + "." + k.Value
		if k.Kind != yaml.ScalarNode {
			return d.fail(k, path, "has a key that is %s, not a name", describe(k))
		}
		if val.Kind != yaml.ScalarNode || val.Tag == "!!null" {
			return d.fail(val, at, "is %s, not a single value", describe(val))
		}
		key := reflect.ValueOf(k.Value)
		if m.MapIndex(key).IsValid() {
			return d.fail(k, at, "is given twice")
		}
		d.lines[at] = k.Line
		m.SetMapIndex(key, reflect.ValueOf(val.Value))
	}
	v.Set(m)
	return nil
}

// date reads an RFC 3339 time, as GitHub writes them; YAML's own
// timestamps are RFC 3339 too.
func (d *decoder) date(n *yaml.Node, v reflect.Value, path string) error {
	if n.Kind != yaml.ScalarNode {
		return d.fail(n, path, "is %s, not a date", describe(n))
	}
	t, err := time.Parse(time.RFC3339, n.Value)
	if err != nil {
		return d.fail(n, path, "%s is not a date like 2026-01-02T03:04:05Z (RFC 3339)", quote(clip(n.Value)))
	}
	v.Set(reflect.ValueOf(t.UTC()))
	return nil
}

// fieldsOf maps a World type's YAML names to its field indexes.
func fieldsOf(t reflect.Type) map[string]int {
	out := map[string]int{}
	for i := range t.NumField() {
		tag := t.Field(i).Tag.Get("yaml")
		name, _, _ := strings.Cut(tag, ",")
		if name != "" && name != "-" {
			out[name] = i
		}
	}
	return out
}

// what names the thing at path for an error: "a user" for users[0].
func what(path string) string {
	if path == "" {
		return "a world document"
	}
	return path
}

// describe says what kind of YAML node n is, for errors.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	return quote(clip(n.Value))
}

// clip shortens a value quoted in an error: a document of a megabyte may
// have a value as long.
func clip(s string) string { return textcut.Cut(s, 64) }

// Package slice cuts the Codespaces part out of GitHub's OpenAPI description,
// applies our overlay to it strictly and writes it deterministically. It works
// on YAML nodes, so the upstream order of keys is kept and diffs of the
// committed slice stay readable.
package slice

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// Decode parses a description (JSON, as npm ships it, or YAML) into a
// document node.
func Decode(data []byte) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("parse description: %w", err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("parse description: the top level is not a mapping")
	}
	return &doc, nil
}

// Encode writes a document as YAML with two-space indents. Scalars lose the
// quoting style they were parsed with (JSON quotes every string), so the
// output is plain YAML that reads well in a diff; the encoder still quotes
// whatever would otherwise change type.
func Encode(doc *yaml.Node, header string) ([]byte, error) {
	plain(doc)
	if header != "" {
		doc.HeadComment = header
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("encode slice: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encode slice: %w", err)
	}
	return buf.Bytes(), nil
}

func plain(n *yaml.Node) {
	n.Style = 0
	if n.Kind == yaml.ScalarNode && n.Tag == "!!str" && strings.Contains(n.Value, "\n") {
		n.Style = yaml.LiteralStyle
	}
	for _, c := range n.Content {
		plain(c)
	}
}

// httpMethods are the keys of a path item that hold operations.
var httpMethods = map[string]bool{
	"get": true, "put": true, "post": true, "delete": true,
	"options": true, "head": true, "patch": true, "trace": true,
}

// ErrNoOperations is Cut's error for a description without the operations
// asked for: GHES's, for codespaces/*, and anything cut with a wrong prefix.
var ErrNoOperations = errors.New("no such operations")

// Cut returns a new document holding only the operations whose operationId
// starts with prefix, with exactly the components they reach and the tags
// they use. Top-level keys keep their upstream order; webhooks are dropped,
// since no operation can reach them.
func Cut(doc *yaml.Node, prefix string) (*yaml.Node, error) {
	root := doc.Content[0]
	paths := get(root, "paths")
	components := get(root, "components")
	if paths == nil || paths.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("cut: the description has no paths")
	}

	keptPaths := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	tags := map[string]bool{}
	for i := 0; i+1 < len(paths.Content); i += 2 {
		item := paths.Content[i+1]
		kept := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		var shared []*yaml.Node
		ops := 0
		for j := 0; j+1 < len(item.Content); j += 2 {
			k, v := item.Content[j], item.Content[j+1]
			if !httpMethods[k.Value] {
				shared = append(shared, k, v)
				continue
			}
			if id := get(v, "operationId"); id != nil && strings.HasPrefix(id.Value, prefix) {
				kept.Content = append(kept.Content, k, v)
				ops++
				for _, t := range seq(get(v, "tags")) {
					tags[t.Value] = true
				}
			}
		}
		if ops == 0 {
			continue
		}
		kept.Content = append(shared, kept.Content...)
		keptPaths.Content = append(keptPaths.Content, paths.Content[i], kept)
	}
	if len(keptPaths.Content) == 0 {
		return nil, fmt.Errorf("cut: %w: no operation's id starts with %q", ErrNoOperations, prefix)
	}

	reached, err := closure(keptPaths, components)
	if err != nil {
		return nil, err
	}

	out := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch k.Value {
		case "paths":
			v = keptPaths
		case "components":
			v = keepComponents(components, reached)
		case "tags":
			v = keepTags(v, tags)
		case "webhooks", "x-webhooks":
			continue
		}
		out.Content = append(out.Content, k, v)
	}
	return &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{out}}, nil
}

// closure follows every local $ref from start through the components,
// returning the set of "section/name" it reaches.
func closure(start, components *yaml.Node) (map[string]bool, error) {
	reached := map[string]bool{}
	todo := []*yaml.Node{start}
	for len(todo) > 0 {
		n := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		var refs []string
		collectRefs(n, &refs)
		for _, ref := range refs {
			section, name, err := splitRef(ref)
			if err != nil {
				return nil, err
			}
			key := section + "/" + name
			if reached[key] {
				continue
			}
			target := get(get(components, section), name)
			if target == nil {
				return nil, fmt.Errorf("cut: %s points at nothing", ref)
			}
			reached[key] = true
			todo = append(todo, target)
		}
	}
	return reached, nil
}

func collectRefs(n *yaml.Node, refs *[]string) {
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == "$ref" && n.Content[i+1].Kind == yaml.ScalarNode {
				*refs = append(*refs, n.Content[i+1].Value)
				continue
			}
			collectRefs(n.Content[i+1], refs)
		}
		return
	}
	for _, c := range n.Content {
		collectRefs(c, refs)
	}
}

// splitRef reads "#/components/SECTION/NAME", unescaping JSON pointer tokens.
func splitRef(ref string) (section, name string, err error) {
	parts := strings.Split(ref, "/")
	if len(parts) != 4 || parts[0] != "#" || parts[1] != "components" {
		return "", "", fmt.Errorf("cut: $ref %q is not a local component reference", ref)
	}
	unescape := strings.NewReplacer("~1", "/", "~0", "~")
	return unescape.Replace(parts[2]), unescape.Replace(parts[3]), nil
}

func keepComponents(components *yaml.Node, reached map[string]bool) *yaml.Node {
	out := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	if components == nil {
		return out
	}
	for i := 0; i+1 < len(components.Content); i += 2 {
		section, entries := components.Content[i], components.Content[i+1]
		kept := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		for j := 0; j+1 < len(entries.Content); j += 2 {
			if reached[section.Value+"/"+entries.Content[j].Value] {
				kept.Content = append(kept.Content, entries.Content[j], entries.Content[j+1])
			}
		}
		if len(kept.Content) > 0 {
			out.Content = append(out.Content, section, kept)
		}
	}
	return out
}

func keepTags(tags *yaml.Node, used map[string]bool) *yaml.Node {
	out := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	for _, t := range seq(tags) {
		if name := get(t, "name"); name != nil && used[name.Value] {
			out.Content = append(out.Content, t)
		}
	}
	return out
}

// get returns the value under key in a mapping node, or nil.
func get(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func seq(n *yaml.Node) []*yaml.Node {
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	return n.Content
}

// Operations lists "METHOD path operationId" for every operation in doc, in
// document order.
func Operations(doc *yaml.Node) []string {
	var ops []string
	paths := get(doc.Content[0], "paths")
	for i := 0; paths != nil && i+1 < len(paths.Content); i += 2 {
		item := paths.Content[i+1]
		for j := 0; j+1 < len(item.Content); j += 2 {
			if httpMethods[item.Content[j].Value] {
				id := ""
				if n := get(item.Content[j+1], "operationId"); n != nil {
					id = n.Value
				}
				ops = append(ops, strings.ToUpper(item.Content[j].Value)+" "+paths.Content[i].Value+" "+id)
			}
		}
	}
	return ops
}

// Clone deep-copies a node.
func Clone(n *yaml.Node) *yaml.Node {
	c := *n
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, k := range n.Content {
		c.Content[i] = Clone(k)
	}
	return &c
}

// canonical is a node's value as JSON, keys sorted: what two nodes compare
// by, whatever their order or quoting.
func canonical(n *yaml.Node) ([]byte, error) {
	var v any
	if err := n.Decode(&v); err != nil {
		return nil, err
	}
	return json.Marshal(v)
}

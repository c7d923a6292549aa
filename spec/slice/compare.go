package slice

import (
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Compare lists where two documents differ, as JSON pointers with what each
// side has there. Mappings compare by key, whatever their order; norm maps
// every scalar of b before it is compared (to fold documentation URLs that
// differ by edition). Only the keys named in within are compared.
func Compare(a, b *yaml.Node, norm func(string) string, within ...string) []string {
	var diffs []string
	ra, rb := a.Content[0], b.Content[0]
	for _, key := range within {
		compareNode("/"+escape(key), get(ra, key), get(rb, key), norm, &diffs)
	}
	return diffs
}

func compareNode(at string, a, b *yaml.Node, norm func(string) string, diffs *[]string) {
	switch {
	case a == nil && b == nil:
		return
	case a == nil:
		*diffs = append(*diffs, fmt.Sprintf("%s: only in the second (%s)", at, brief(b)))
		return
	case b == nil:
		*diffs = append(*diffs, fmt.Sprintf("%s: only in the first (%s)", at, brief(a)))
		return
	case a.Kind != b.Kind:
		*diffs = append(*diffs, fmt.Sprintf("%s: %s against %s", at, brief(a), brief(b)))
		return
	}
	switch a.Kind {
	case yaml.MappingNode:
		keys := map[string]bool{}
		var order []string
		for _, n := range []*yaml.Node{a, b} {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if k := n.Content[i].Value; !keys[k] {
					keys[k] = true
					order = append(order, k)
				}
			}
		}
		for _, k := range order {
			compareNode(at+"/"+escape(k), get(a, k), get(b, k), norm, diffs)
		}
	case yaml.SequenceNode:
		for i := range max(len(a.Content), len(b.Content)) {
			var x, y *yaml.Node
			if i < len(a.Content) {
				x = a.Content[i]
			}
			if i < len(b.Content) {
				y = b.Content[i]
			}
			compareNode(fmt.Sprintf("%s/%d", at, i), x, y, norm, diffs)
		}
	default:
		if a.Value != norm(b.Value) {
			*diffs = append(*diffs, fmt.Sprintf("%s: %q against %q", at, clip(a.Value), clip(b.Value)))
		}
	}
}

func escape(token string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(token)
}

func brief(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		var keys []string
		for i := 0; i+1 < len(n.Content); i += 2 {
			keys = append(keys, n.Content[i].Value)
		}
		slices.Sort(keys)
		return "an object with " + strings.Join(keys, ", ")
	case yaml.SequenceNode:
		return fmt.Sprintf("a list of %d", len(n.Content))
	default:
		return fmt.Sprintf("%q", clip(n.Value))
	}
}

func clip(s string) string {
	if len(s) > 80 {
		return s[:77] + "..."
	}
	return s
}

package coverage

import (
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Operation is one operation of the description.
type Operation struct {
	ID, Method, Path string
	Deprecated       bool
}

// httpMethods are the keys of a path item that hold operations, in the
// order a table lists them.
var httpMethods = []string{"get", "put", "post", "patch", "delete", "options", "head", "trace"}

// Operations reads the operations of a description (YAML or JSON) whose
// operationId starts with prefix, sorted by operationId.
func Operations(description []byte, prefix string) ([]Operation, error) {
	var doc struct {
		Paths map[string]map[string]yaml.Node `yaml:"paths"`
	}
	if err := yaml.Unmarshal(description, &doc); err != nil {
		return nil, fmt.Errorf("coverage: read the description: %w", err)
	}
	var ops []Operation
	seen := map[string]bool{}
	for path, item := range doc.Paths {
		for _, method := range httpMethods {
			node, ok := item[method]
			if !ok {
				continue
			}
			var op struct {
				OperationID string `yaml:"operationId"`
				Deprecated  bool   `yaml:"deprecated"`
			}
			if err := node.Decode(&op); err != nil {
				return nil, fmt.Errorf("coverage: %s %s: %w", strings.ToUpper(method), path, err)
			}
			if !strings.HasPrefix(op.OperationID, prefix) {
				continue
			}
			if seen[op.OperationID] {
				return nil, fmt.Errorf("coverage: operationId %s is used twice", op.OperationID)
			}
			seen[op.OperationID] = true
			ops = append(ops, Operation{ID: op.OperationID, Method: strings.ToUpper(method), Path: path, Deprecated: op.Deprecated})
		}
	}
	slices.SortFunc(ops, func(a, b Operation) int { return strings.Compare(a.ID, b.ID) })
	return ops, nil
}

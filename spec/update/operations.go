package update

import (
	"github.com/codespaces-go/codespaces/spec/coverage"
)

// OperationChanges are the operations of the new description that the old
// one lacks, those it no longer has, and those it newly marks deprecated,
// each sorted by operationId. An operation is its operationId: one whose
// path or method changes is reported by oasdiff.
type OperationChanges struct {
	Added, Removed, Deprecated []coverage.Operation
}

func operationChanges(old, new []byte) (OperationChanges, error) {
	before, err := coverage.Operations(old, coverage.Prefix)
	if err != nil {
		return OperationChanges{}, err
	}
	after, err := coverage.Operations(new, coverage.Prefix)
	if err != nil {
		return OperationChanges{}, err
	}
	was := map[string]coverage.Operation{}
	for _, op := range before {
		was[op.ID] = op
	}
	is := map[string]bool{}
	var c OperationChanges
	for _, op := range after {
		is[op.ID] = true
		prev, ok := was[op.ID]
		switch {
		case !ok:
			c.Added = append(c.Added, op)
		case op.Deprecated && !prev.Deprecated:
			c.Deprecated = append(c.Deprecated, op)
		}
	}
	for _, op := range before {
		if !is[op.ID] {
			c.Removed = append(c.Removed, op)
		}
	}
	return c, nil
}

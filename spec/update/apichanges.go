package update

import (
	"fmt"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oasdiff/oasdiff/checker"
	"github.com/oasdiff/oasdiff/diff"
	"github.com/oasdiff/oasdiff/load"
)

// APIChange is one entry of oasdiff's changelog.
type APIChange struct {
	// Level is oasdiff's: "error" (breaks clients), "warning" (may break
	// them) or "info".
	Level string
	// Method, Path and OperationID say where; empty for a change to the
	// document's components or security.
	Method, Path, OperationID string
	// Text is oasdiff's sentence, ID the name of its check (for its docs).
	Text, ID string
}

// APIChanges is oasdiff's changelog from description old to new, every
// level, in oasdiff's order (by level, then place).
func APIChanges(old, new []byte) ([]APIChange, error) {
	base, err := load.NewSpecInfoFromData(openapi3.NewLoader(), old, "committed")
	if err != nil {
		return nil, fmt.Errorf("oasdiff: the committed slice: %w", err)
	}
	revision, err := load.NewSpecInfoFromData(openapi3.NewLoader(), new, "new")
	if err != nil {
		return nil, fmt.Errorf("oasdiff: the new slice: %w", err)
	}
	d, sources, err := diff.GetWithOperationsSourcesMap(diff.NewConfig(), base, revision)
	if err != nil {
		return nil, fmt.Errorf("oasdiff: %w", err)
	}
	l := checker.NewDefaultLocalizer()
	var out []APIChange
	for _, c := range checker.CheckBackwardCompatibilityUntilLevel(checker.NewConfig(checker.GetAllChecks()), d, sources, checker.INFO) {
		out = append(out, APIChange{
			Level:       c.GetLevel().String(),
			Method:      c.GetOperation(),
			Path:        c.GetPath(),
			OperationID: c.GetOperationId(),
			Text:        c.GetUncolorizedText(l),
			ID:          c.GetId(),
		})
	}
	return out, nil
}

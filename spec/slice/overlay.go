package slice

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/speakeasy-api/openapi/overlay"
	"gopkg.in/yaml.v3"
)

// ParseOverlay reads an OpenAPI Overlay document and checks that every action
// says why it exists: the overlay holds corrections, and a correction without
// its evidence cannot be reviewed or retired.
func ParseOverlay(data []byte) (*overlay.Overlay, error) {
	ov, err := overlay.ParseReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("overlay: %w", err)
	}
	if err := ov.Validate(); err != nil {
		return nil, fmt.Errorf("overlay: %w", err)
	}
	for i, a := range ov.Actions {
		if strings.TrimSpace(a.Description) == "" {
			return nil, fmt.Errorf("overlay: action %d (target %s) has no description: say what is wrong upstream and the evidence", i+1, a.Target)
		}
	}
	return ov, nil
}

// Apply applies the overlay's actions to doc one at a time, strictly: an
// action whose target matches nothing is an error, and so is one that
// matches but changes nothing. Either way upstream has moved (often: fixed
// what the action corrected), and the action must be revisited. Every
// failing action is reported, not just the first.
func Apply(doc *yaml.Node, ov *overlay.Overlay) error {
	var problems []string
	for i, a := range ov.Actions {
		before, err := canonical(doc)
		if err != nil {
			return fmt.Errorf("overlay: %w", err)
		}
		one := *ov
		one.Actions = []overlay.Action{a}
		if _, err := one.ApplyToStrict(doc); err != nil {
			problems = append(problems, fmt.Sprintf("action %d (%s): %v", i+1, summary(a), err))
			continue
		}
		after, err := canonical(doc)
		if err != nil {
			return fmt.Errorf("overlay: %w", err)
		}
		if bytes.Equal(before, after) {
			problems = append(problems, fmt.Sprintf("action %d (%s): matches but changes nothing; upstream may have made the correction itself, so delete the action", i+1, summary(a)))
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("overlay does not apply strictly:\n  %s", strings.Join(problems, "\n  "))
	}
	return nil
}

func summary(a overlay.Action) string {
	first, _, _ := strings.Cut(strings.TrimSpace(a.Description), "\n")
	return fmt.Sprintf("target %s: %s", a.Target, first)
}

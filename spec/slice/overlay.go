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
	stale, err := ApplyLeniently(doc, ov)
	if err != nil {
		return err
	}
	if len(stale) > 0 {
		problems := make([]string, len(stale))
		for i, s := range stale {
			problems[i] = s.String()
		}
		return fmt.Errorf("overlay does not apply strictly:\n  %s", strings.Join(problems, "\n  "))
	}
	return nil
}

// Stale is an overlay action that no longer applies to upstream's
// description: its target matches nothing, or it matches but changes
// nothing.
type Stale struct {
	// Action is the action's number in the overlay, from 1.
	Action int
	// Target and Reason are the action's target and the first line of its
	// description.
	Target, Reason string
	// Problem says what happened: the overlay library's error, or that the
	// action changes nothing.
	Problem string
}

func (s Stale) String() string {
	return fmt.Sprintf("action %d (target %s: %s): %s", s.Action, s.Target, s.Reason, s.Problem)
}

// unchanged is Stale.Problem for an action that matches but changes nothing.
const unchanged = "matches but changes nothing; upstream may have made the correction itself, so delete the action"

// ApplyLeniently applies every action that still applies and returns the
// others, in overlay order, instead of failing: what a spec update needs, so
// that the maintainer sees every action that upstream has overtaken at once,
// with the rest of the update. An action that fails leaves doc as it was.
// The error is for a document that cannot be read at all.
func ApplyLeniently(doc *yaml.Node, ov *overlay.Overlay) ([]Stale, error) {
	var stale []Stale
	for i, a := range ov.Actions {
		before, err := canonical(doc)
		if err != nil {
			return nil, fmt.Errorf("overlay: %w", err)
		}
		one := *ov
		one.Actions = []overlay.Action{a}
		first, _, _ := strings.Cut(strings.TrimSpace(a.Description), "\n")
		s := Stale{Action: i + 1, Target: a.Target, Reason: first}
		trial := Clone(doc)
		if _, err := one.ApplyToStrict(trial); err != nil {
			s.Problem = err.Error()
			stale = append(stale, s)
			continue
		}
		after, err := canonical(trial)
		if err != nil {
			return nil, fmt.Errorf("overlay: %w", err)
		}
		if bytes.Equal(before, after) {
			s.Problem = unchanged
			stale = append(stale, s)
			continue
		}
		*doc = *trial
	}
	return stale, nil
}

package evidence

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// finding is one way in which the suite is untrue to a recorded exchange:
// a feature the mock answers differently, or an error the validator finds.
type finding struct {
	File        string // the cassette's file name
	Interaction int
	Key         string // the feature (mock) or the violation's kind (validator)
	GitHub      string // the feature's value in GitHub's answer (mock)
	Mock        string // the feature's value in the mock's answer (mock)
	Detail      string // the whole difference or violation, for the failure message
}

func (f finding) String() string {
	return fmt.Sprintf("%s #%d %s: %s", f.File, f.Interaction, f.Key, f.Detail)
}

// reportFindings fails the test once for every finding, in a stable order.
func reportFindings(t *testing.T, who string, findings []finding) {
	t.Helper()
	slices.SortFunc(findings, func(a, b finding) int { return strings.Compare(a.String(), b.String()) })
	for _, f := range findings {
		t.Errorf("%s is untrue to GitHub's recording: %s", who, f)
	}
}

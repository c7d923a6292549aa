package evidence

import (
	"fmt"
	"path"
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

// gap is an entry of a known-gap table: the findings it covers, and why
// they are still there. A gap covers a finding when the finding's file
// matches Files (a path.Match pattern), its Key is Key, and GitHub, Mock
// and Contains, where given, match too.
type gap struct {
	Files    string
	Key      string
	GitHub   string
	Mock     string
	Contains string // a substring of the finding's Detail
	Why      string // what is untrue, and who is making it true
}

func (g gap) covers(f finding) bool {
	ok, err := path.Match(g.Files, f.File)
	return err == nil && ok && g.Key == f.Key &&
		(g.GitHub == "" || g.GitHub == f.GitHub) && (g.Mock == "" || g.Mock == f.Mock) &&
		(g.Contains == "" || strings.Contains(f.Detail, g.Contains))
}

// checkGaps fails for every finding no gap covers, and for every gap that
// covers no finding any more: the table must shrink as the suite comes
// true to GitHub. It logs what each gap still covers.
func checkGaps(t *testing.T, who string, findings []finding, gaps []gap) {
	t.Helper()
	slices.SortFunc(findings, func(a, b finding) int { return strings.Compare(a.String(), b.String()) })
	covered := make([][]string, len(gaps))
	for _, f := range findings {
		hit := false
		for n, g := range gaps {
			if g.covers(f) {
				hit = true
				covered[n] = append(covered[n], fmt.Sprintf("%s #%d", f.File, f.Interaction))
			}
		}
		if !hit {
			t.Errorf("%s is untrue to GitHub's recording: %s", who, f)
		}
	}
	for n, g := range gaps {
		if len(covered[n]) == 0 {
			t.Errorf("known gap closed, remove it from the table: %s %s (%s)", g.Files, g.Key, g.Why)
			continue
		}
		t.Logf("known gap %s %s GitHub=%q mock=%q (%s) still covers %d: %s",
			g.Files, g.Key, g.GitHub, g.Mock, g.Why, len(covered[n]), strings.Join(covered[n], ", "))
	}
}

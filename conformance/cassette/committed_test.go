package cassette

import (
	"os"
	"slices"
	"testing"

	"github.com/codespaces-go/codespaces/internal/modroot"
	"github.com/codespaces-go/codespaces/internal/tokenshape"
)

// TestCommittedCassettesHoldNoCredentials scans every cassette in the
// repository: the transcribed pages, the runner's recordings of the mock,
// whatever users recorded against GitHub, and GitHub's exchanges transcribed
// from public recordings.
func TestCommittedCassettesHoldNoCredentials(t *testing.T) {
	root, err := modroot.Find(".")
	if err != nil {
		t.Fatal(err)
	}
	paths, err := discover(root, append(slices.Clone(Dirs), EvidenceDir))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatal("no cassettes found: the scan would prove nothing")
	}
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		// The raw text too: a YAML comment or an unknown field is not in
		// the parsed cassette.
		if tokenshape.Contains(string(raw)) {
			t.Errorf("%s holds a token-shaped string", p)
		}
		c, err := Load(p)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		for _, l := range FindLeaks(c) {
			t.Errorf("%s: %s", p, l)
		}
	}
}

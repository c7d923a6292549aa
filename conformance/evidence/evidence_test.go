package evidence

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/codespaces-go/codespaces/internal/modroot"
)

var (
	loadOnce  sync.Once
	loaded    []*Cassette
	loadError error
)

// recordings loads cassettes/github once for all the tests.
func recordings(t *testing.T) []*Cassette {
	t.Helper()
	loadOnce.Do(func() {
		root, err := modroot.Find(".")
		if err != nil {
			loadError = err
			return
		}
		loaded, loadError = Load(filepath.Join(root, Dir))
	})
	if loadError != nil {
		t.Fatal(loadError)
	}
	return loaded
}

// TestRecordingsNameTheirSources: every exchange comes from somewhere a
// reader can check (Load refuses one that does not, see
// TestLoadRefusesUncheckableEvidence), records a status, and the evidence is
// not empty.
func TestRecordingsNameTheirSources(t *testing.T) {
	n := 0
	for _, c := range recordings(t) {
		for _, i := range c.Interactions {
			n++
			if i.Response.Code == 0 {
				t.Errorf("%s records no status", c.Where(i))
			}
		}
	}
	if n == 0 {
		t.Fatal("no recorded exchanges")
	}
}

// TestREADMEListsEveryRecording: cassettes/github/README.md is where a
// reader finds each exchange's source; a cassette it does not list is
// evidence nobody can check.
func TestREADMEListsEveryRecording(t *testing.T) {
	root, err := modroot.Find(".")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(root, Dir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range recordings(t) {
		if !strings.Contains(string(readme), "`"+fileOf(c)+"`") {
			t.Errorf("README.md does not list %s", fileOf(c))
		}
		if c.Source.Commit != "" && !strings.Contains(string(readme), c.Source.Commit) {
			t.Errorf("README.md does not name %s's source commit %s", fileOf(c), c.Source.Commit)
		}
	}
}

func TestLoadRefusesUncheckableEvidence(t *testing.T) {
	for name, tc := range map[string]struct{ yaml, want string }{
		"no source": {"interactions:\n- id: 1\n  response: {code: 200}\n", "names no source"},
		"short commit": {"source: {repository: cli/cli, path: x.yaml, commit: abc}\ninteractions:\n- id: 1\n  response: {code: 200}\n",
			"a repository source needs a path and a full commit"},
		"unknown feature": {"interactions:\n- id: 1\n  source: https://github.com/cli/cli/issues/1\n  unknown: [colour]\n  response: {code: 200}\n",
			`unknown names no feature: "colour"`},
		"difference without reason": {"interactions:\n- id: 1\n  source: https://github.com/cli/cli/issues/1\n  mock_differs: {etag: \" \"}\n  response: {code: 200}\n",
			`mock_differs "etag" needs a feature name and a reason`},
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "x.yaml"), []byte(tc.yaml), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Load = %v; want an error saying %q", name, err, tc.want)
		}
	}
}

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
// reader can check, and the evidence is not empty.
func TestRecordingsNameTheirSources(t *testing.T) {
	n := 0
	for _, c := range recordings(t) {
		for _, i := range c.Interactions {
			n++
			if i.Source == "" && c.Source.Repository == "" {
				t.Errorf("%s names no source", c.Where(i))
			}
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

package scenario

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/codespaces-go/codespaces/conformance/cassette"
	"github.com/codespaces-go/codespaces/conformance/mock"
)

const (
	recordToken  = "ghp_RecordTestTokenAAAAAAAAAAAAAAAAAAAAAAAAA"
	recordSecond = "github_pat_RecordTestSecondUserBBBBBBBBBBBBBB"
)

func recordRun(t *testing.T, dir string) {
	t.Helper()
	res, progress := mustRun(t, Config{RecordDir: dir, Token: recordToken, SecondToken: recordSecond}, All())
	if !res.Passed() {
		t.Fatalf("recording run failed: %v\n%s", res.Problems(), progress)
	}
}

func TestRecordWritesOneScrubbedCassettePerScenario(t *testing.T) {
	dir := t.TempDir()
	recordRun(t, dir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, e := range entries {
		files = append(files, e.Name())
	}
	var want []string
	for _, sc := range All() {
		want = append(want, sc.Name+".yaml")
	}
	slices.Sort(want)
	if !slices.Equal(files, want) {
		t.Fatalf("cassettes %v, want %v", files, want)
	}
	for _, name := range files {
		path := filepath.Join(dir, name)
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		text := string(raw)
		for _, token := range []string{recordToken, recordSecond, "RecordTest"} {
			if strings.Contains(text, token) {
				t.Errorf("%s holds a token", name)
			}
		}
		if cassette.ScrubString(text) != text {
			t.Errorf("%s holds a token-shaped string", name)
		}
		for _, leak := range []string{"127.0.0.1", mock.FaultHeader, "Date:"} {
			if strings.Contains(text, leak) {
				t.Errorf("%s holds %q: not stable from run to run", name, leak)
			}
		}
		c, err := cassette.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Interactions) == 0 {
			t.Errorf("%s holds no interactions", name)
		}
		for _, l := range cassette.FindLeaks(c) {
			t.Errorf("%s: %s", name, l)
		}
		if name != "errors.yaml" && !strings.Contains(text, "Bearer REDACTED") {
			t.Errorf("%s: the Authorization header is not kept as redacted", name)
		}
	}
}

func TestRecordingIsReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("records twice")
	}
	a, b := t.TempDir(), t.TempDir()
	recordRun(t, a)
	recordRun(t, b)
	for _, sc := range All() {
		x, err := os.ReadFile(filepath.Join(a, sc.Name+".yaml"))
		if err != nil {
			t.Fatal(err)
		}
		y, err := os.ReadFile(filepath.Join(b, sc.Name+".yaml"))
		if err != nil {
			t.Fatal(err)
		}
		// Sealed boxes are random by design; everything else must agree.
		if !bytes.Equal(dropSealed(x), dropSealed(y)) {
			t.Errorf("%s differs between two recordings", sc.Name)
		}
	}
}

func dropSealed(b []byte) []byte {
	var out [][]byte
	for _, line := range bytes.Split(b, []byte("\n")) {
		if !bytes.Contains(line, []byte("encrypted_value")) {
			out = append(out, line)
		}
	}
	return bytes.Join(out, []byte("\n"))
}

// cassettes/mock is what the runner records from today's mock, as gen/ is
// what today's spec generates: a change to the mock or the scenarios that
// changes what goes over the wire must come with the cassettes recorded
// again, or the replay suite tests yesterday's mock.
func TestCommittedMockCassettesAreCurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("records the whole run")
	}
	committed := filepath.Join("..", "..", "cassettes", "mock")
	dir := t.TempDir()
	recordRun(t, dir)
	const again = "record them again: go run ./conformance/cmd/conformance -record cassettes/mock"
	for _, sc := range All() {
		fresh, err := os.ReadFile(filepath.Join(dir, sc.Name+".yaml"))
		if err != nil {
			t.Fatal(err)
		}
		old, err := os.ReadFile(filepath.Join(committed, sc.Name+".yaml"))
		if err != nil {
			t.Errorf("cassettes/mock has no %s.yaml; %s", sc.Name, again)
			continue
		}
		if !bytes.Equal(dropSealed(old), dropSealed(fresh)) {
			t.Errorf("cassettes/mock/%s.yaml is not what the mock records today; %s", sc.Name, again)
		}
	}
	files, err := filepath.Glob(filepath.Join(committed, "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".yaml")
		if !slices.ContainsFunc(All(), func(sc Scenario) bool { return sc.Name == name }) {
			t.Errorf("cassettes/mock/%s.yaml belongs to no scenario; delete it", name)
		}
	}
}

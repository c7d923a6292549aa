package update

import (
	"strings"
	"testing"
)

func TestAddToChangelogAppendsANewVersion(t *testing.T) {
	got := AddToChangelog("# Changelog\n\n## @octokit/openapi 1.0.0\n\nold\n", "## @octokit/openapi 1.1.0\n\nnew\n")
	want := "# Changelog\n\n## @octokit/openapi 1.0.0\n\nold\n\n## @octokit/openapi 1.1.0\n\nnew\n"
	if got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}

func TestAddToChangelogReplacesTheSameVersion(t *testing.T) {
	log := "# Changelog\n\n## @octokit/openapi 1.1.0\n\nfirst run\n### detail\n\n## @octokit/openapi 1.2.0\n\nlater\n"
	got := AddToChangelog(log, "## @octokit/openapi 1.1.0\n\nsecond run\n")
	want := "# Changelog\n\n## @octokit/openapi 1.1.0\n\nsecond run\n\n## @octokit/openapi 1.2.0\n\nlater\n"
	if got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
	// The last section too, and a heading that only starts like it is another version.
	log = "## @octokit/openapi 1.1.0-beta\n\nb\n\n## @octokit/openapi 1.1.0\n\nfirst\n"
	got = AddToChangelog(log, "## @octokit/openapi 1.1.0\n\nsecond\n")
	if want := "## @octokit/openapi 1.1.0-beta\n\nb\n\n## @octokit/openapi 1.1.0\n\nsecond\n"; got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}

func TestAddToChangelogStartsAnEmptyOne(t *testing.T) {
	if got := AddToChangelog("", "## v\n\nx"); got != "## v\n\nx\n" {
		t.Errorf("got %q", got)
	}
	if got := AddToChangelog("# C", "## v\n"); got != "# C\n\n## v\n" {
		t.Errorf("got %q", got)
	}
}

// Adding a section keeps every other section, holds it exactly once, and
// adding it again changes nothing.
func FuzzAddToChangelog(f *testing.F) {
	f.Add("# Changelog\n\n## @octokit/openapi 1.0.0\n\nold\n", "1.1.0", "body\n### sub\n")
	f.Add("## @octokit/openapi 1.1.0\r\nx\r\n## b\n", "1.1.0", "")
	f.Add("", "1", "\n\n")
	f.Fuzz(func(t *testing.T, log, version, body string) {
		if strings.ContainsAny(version, "\r\n") || strings.Contains(body, "## ") || strings.Contains(log, "\r") {
			return
		}
		section := Heading(version) + "\n\n" + body
		once := AddToChangelog(log, section)
		if twice := AddToChangelog(once, section); twice != once {
			t.Fatalf("not idempotent:\n%q\n%q", once, twice)
		}
		if n := strings.Count(once, Heading(version)+"\n"); n < 1 {
			t.Fatalf("the heading is missing:\n%q", once)
		}
		if !strings.Contains(once, strings.TrimRight(section, "\n")) {
			t.Fatalf("the section is missing:\n%q", once)
		}
	})
}

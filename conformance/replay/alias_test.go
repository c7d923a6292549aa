package replay

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/codespaces-go/codespaces/conformance/cassette"
	"github.com/codespaces-go/codespaces/conformance/validate"
)

// A recorded request to GitHub's id-based path (where a Link led) replays
// as recorded: the generated client builds only the named path, and the
// validator routes the id-based one to the same operation.
func TestAnIDBasedRequestReplaysAsRecorded(t *testing.T) {
	c, err := cassette.Load(filepath.Join(moduleRoot(t), "cassettes", "docs", "list-in-repository-for-authenticated-user.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	orig, err := cassette.Load(c.File)
	if err != nil {
		t.Fatal(err)
	}
	i := c.Interactions[0]
	named := "https://api.github.com/repos/octocat/hello-world/codespaces"
	if i.Request.URL != named {
		t.Fatalf("the cassette's first request is %s, want %s", i.Request.URL, named)
	}
	i.Request.URL = strings.Replace(named, "/repos/octocat/hello-world/", "/repositories/1296269/", 1)
	c.Interactions = c.Interactions[:1]
	c.File = filepath.Join(t.TempDir(), "aliased.yaml")
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	v, err := validate.New()
	if err != nil {
		t.Fatal(err)
	}
	// The page's example has its slips (conformance/FINDINGS.md): the
	// aliased request must show exactly the named one's.
	for _, stack := range []Stack{Generated, Wrapper} {
		want, err := ReplayFile(context.Background(), orig.File, v, stack)
		if err != nil {
			t.Fatal(err)
		}
		f, err := ReplayFile(context.Background(), c.File, v, stack)
		if err != nil {
			t.Fatal(err)
		}
		got := f.Interactions[0]
		if got.Err != nil || got.Typed || got.Operation != "codespaces/list-in-repository-for-authenticated-user" || got.Alias != "/repositories/{repository_id}" {
			t.Errorf("%s: %+v, want the list, sent as recorded, without error", stack, got)
		}
		if g, w := findings(got.Violations), findings(want.Interactions[0].Violations); !slices.Equal(g, w) {
			t.Errorf("%s: the aliased request found %q, the named one %q", stack, g, w)
		}
	}
}

func findings(vs []validate.Violation) []string {
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		out = append(out, string(v.Kind)+" "+v.Pointer+": "+v.Message)
	}
	return out
}

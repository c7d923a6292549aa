package replay

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/codespaces-go/codespaces/conformance/cassette"
)

// breakCopy copies a docs cassette into a fresh module-like tree, lets
// mutate change its interaction n, and returns the tree's root and the
// copy's path.
func breakCopy(t *testing.T, name string, n int, mutate func(body map[string]any, code *int, header map[string][]string)) (string, string) {
	t.Helper()
	c, err := cassette.Load(filepath.Join(moduleRoot(t), "cassettes", "docs", name))
	if err != nil {
		t.Fatal(err)
	}
	i := c.Interactions[n]
	var body map[string]any
	if i.Response.Body != "" {
		if err := json.Unmarshal([]byte(i.Response.Body), &body); err != nil {
			t.Fatal(err)
		}
	}
	mutate(body, &i.Response.Code, i.Response.Headers)
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		i.Response.Body = string(b)
	}
	root := t.TempDir()
	path := filepath.Join(root, "cassettes", "docs", name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	c.File = path
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	return root, path
}

// TestBrokenResponsesFailTheSuite breaks copies of real cassettes and checks
// that the suite's verdict names the operation and the JSON pointer.
func TestBrokenResponsesFailTheSuite(t *testing.T) {
	tests := []struct {
		name     string
		cassette string
		n        int
		mutate   func(body map[string]any, code *int, header map[string][]string)
		want     []string // what the failure must name
	}{
		{"an unknown enum value", "get-for-authenticated-user.yaml", 0,
			func(b map[string]any, _ *int, _ map[string][]string) { b["state"] = "Hibernating" },
			[]string{"codespaces/get-for-authenticated-user", "unknown-enum /state", `"Hibernating"`}},
		{"a wrong type deep in a list", "list-for-authenticated-user.yaml", 0,
			func(b map[string]any, _ *int, _ map[string][]string) {
				b["codespaces"].([]any)[1].(map[string]any)["machine"].(map[string]any)["cpus"] = "four"
			},
			[]string{"codespaces/list-for-authenticated-user", "body /codespaces/1/machine/cpus", "integer"}},
		{"a missing required field", "get-secret-for-authenticated-user.yaml", 0,
			func(b map[string]any, _ *int, _ map[string][]string) { delete(b, "visibility") },
			[]string{"codespaces/get-secret-for-authenticated-user", "body /visibility", "missing"}},
		{"an undocumented status", "stop-for-authenticated-user.yaml", 0,
			func(_ map[string]any, code *int, _ map[string][]string) { *code = 418 },
			[]string{"codespaces/stop-for-authenticated-user", "status", "418 is not documented"}},
		{"a server error", "export-for-authenticated-user.yaml", 0,
			func(_ map[string]any, code *int, _ map[string][]string) { *code = 500 },
			[]string{"codespaces/export-for-authenticated-user", "server-error"}},
		{"a wrong media type", "get-export-details-for-authenticated-user.yaml", 0,
			func(_ map[string]any, _ *int, h map[string][]string) { h["Content-Type"] = []string{"text/plain"} },
			[]string{"codespaces/get-export-details-for-authenticated-user", "content-type", "text/plain"}},
		{"a null where none is allowed", "codespace-machines-for-authenticated-user.yaml", 0,
			func(b map[string]any, _ *int, _ map[string][]string) {
				b["machines"].([]any)[0].(map[string]any)["name"] = nil
			},
			[]string{"codespaces/codespace-machines-for-authenticated-user", "body /machines/0/name"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root, path := breakCopy(t, tt.cassette, tt.n, tt.mutate)
			f, err := ReplayFile(context.Background(), path, testValidator(t), Generated)
			if err != nil {
				t.Fatal(err)
			}
			err = Check(root, []File{f}, pageSlips)
			if err == nil {
				t.Fatal("the suite passed a broken cassette")
			}
			for _, want := range tt.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("the failure does not name %q:\n%v", want, err)
				}
			}
		})
	}
}

// TestABrokenRequestFailsTheSuite: a recorded request the typed client
// cannot build is replayed as recorded, and the suite names its problem.
func TestABrokenRequestFailsTheSuite(t *testing.T) {
	root := t.TempDir()
	c, err := cassette.Load(filepath.Join(moduleRoot(t), "cassettes", "docs", "set-repositories-for-secret-for-authenticated-user.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	c.Interactions[0].Request.Body = `{"selected_repository_ids":["42"]}`
	c.File = filepath.Join(root, "cassettes", "mock", "set-repositories.yaml")
	if err := os.MkdirAll(filepath.Dir(c.File), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	f, err := ReplayFile(context.Background(), c.File, testValidator(t), Wrapper)
	if err != nil {
		t.Fatal(err)
	}
	err = Check(root, []File{f}, pageSlips)
	if err == nil || !strings.Contains(err.Error(), "codespaces/set-repositories-for-secret-for-authenticated-user") ||
		!strings.Contains(err.Error(), "request-body /selected_repository_ids/0") {
		t.Fatalf("error = %v, want the operation and /selected_repository_ids/0", err)
	}
}

// TestAFixedSlipFailsTheSuite: when a slip stops being flagged (here, the
// page's list of repositories replaced by a list of secrets), the suite
// says so.
func TestAFixedSlipFailsTheSuite(t *testing.T) {
	root, path := breakCopy(t, "list-secrets-for-authenticated-user.yaml", 0, func(b map[string]any, _ *int, _ map[string][]string) {
		delete(b, "repositories")
		b["secrets"] = []any{}
	})
	f, err := ReplayFile(context.Background(), path, testValidator(t), Generated)
	if err != nil {
		t.Fatal(err)
	}
	err = Check(root, []File{f}, pageSlips)
	if err == nil || !strings.Contains(err.Error(), "no longer flags") || !strings.Contains(err.Error(), "/secrets") {
		t.Fatalf("error = %v, want the unflagged slip at /secrets", err)
	}
}

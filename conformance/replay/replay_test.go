package replay

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/codespaces-go/codespaces/internal/modroot"

	"github.com/codespaces-go/codespaces/conformance/cassette"
	"github.com/codespaces-go/codespaces/conformance/validate"
)

var (
	validatorOnce sync.Once
	validator     *validate.Validator
	validatorErr  error
)

func testValidator(t testing.TB) *validate.Validator {
	t.Helper()
	validatorOnce.Do(func() { validator, validatorErr = validate.New() })
	if validatorErr != nil {
		t.Fatal(validatorErr)
	}
	return validator
}

func moduleRoot(t testing.TB) string {
	t.Helper()
	root, err := modroot.Find(".")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// replayAll replays every cassette under root's cassette directories.
func replayAll(t testing.TB, root string, stack Stack) []File {
	t.Helper()
	paths, err := cassette.Discover(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatalf("no cassettes under %s", root)
	}
	v := testValidator(t)
	files := make([]File, 0, len(paths))
	for _, p := range paths {
		f, err := ReplayFile(context.Background(), p, v, stack)
		if err != nil {
			t.Fatalf("replay %s: %v", p, err)
		}
		files = append(files, f)
	}
	return files
}

// TestReplayEveryCassette is the suite's main check: every cassette under
// cassettes/docs, cassettes/mock and cassettes/live, through both clients.
func TestReplayEveryCassette(t *testing.T) {
	root := moduleRoot(t)
	for _, stack := range []Stack{Generated, Wrapper} {
		t.Run(stack.String(), func(t *testing.T) {
			files := replayAll(t, root, stack)
			if err := Check(root, files, pageSlips); err != nil {
				t.Fatal(err)
			}
			typed, total := 0, 0
			for _, f := range files {
				for _, i := range f.Interactions {
					total++
					if i.Typed {
						typed++
					}
				}
			}
			t.Logf("%d cassettes, %d interactions, %d built by the typed client", len(files), total, typed)
		})
	}
}

// pagedOperations are the operations whose reference pages were captured
// (the user-level chapter): the docs cassettes transcribe exactly these. The
// other operations of the spec have no captured page, so no docs cassette.
var pagedOperations = []string{
	"codespaces/list-in-repository-for-authenticated-user", "codespaces/create-with-repo-for-authenticated-user",
	"codespaces/list-devcontainers-in-repository-for-authenticated-user", "codespaces/repo-machines-for-authenticated-user",
	"codespaces/create-with-pr-for-authenticated-user", "codespaces/list-for-authenticated-user",
	"codespaces/create-for-authenticated-user", "codespaces/list-secrets-for-authenticated-user",
	"codespaces/get-public-key-for-authenticated-user", "codespaces/get-secret-for-authenticated-user",
	"codespaces/create-or-update-secret-for-authenticated-user", "codespaces/delete-secret-for-authenticated-user",
	"codespaces/list-repositories-for-secret-for-authenticated-user", "codespaces/set-repositories-for-secret-for-authenticated-user",
	"codespaces/add-repository-for-secret-for-authenticated-user", "codespaces/remove-repository-for-secret-for-authenticated-user",
	"codespaces/get-for-authenticated-user", "codespaces/update-for-authenticated-user",
	"codespaces/delete-for-authenticated-user", "codespaces/export-for-authenticated-user",
	"codespaces/get-export-details-for-authenticated-user", "codespaces/codespace-machines-for-authenticated-user",
	"codespaces/start-for-authenticated-user", "codespaces/stop-for-authenticated-user",
}

// TestDocsCassettesCoverTheSpec: every operation with a captured page, every
// success status the spec documents for it, and the error statuses that
// carry bodies.
func TestDocsCassettesCoverTheSpec(t *testing.T) {
	root := moduleRoot(t)
	v := testValidator(t)
	seen := map[string]map[int]bool{}
	statuses := map[int]bool{}
	for _, f := range replayAll(t, root, Generated) {
		if !strings.Contains(filepath.ToSlash(f.Path), "/cassettes/docs/") {
			continue
		}
		for _, i := range f.Interactions {
			if i.Err != nil || i.Operation == "" {
				continue
			}
			if seen[i.Operation] == nil {
				seen[i.Operation] = map[int]bool{}
			}
			seen[i.Operation][i.Status] = true
			statuses[i.Status] = true
		}
	}
	known := map[string]bool{}
	for _, op := range v.Operations() {
		known[op.ID] = true
		if !slices.Contains(pagedOperations, op.ID) {
			continue
		}
		for _, status := range successStatuses(t, op) {
			if !seen[op.ID][status] {
				t.Errorf("no docs cassette shows %s answering %d", op.ID, status)
			}
		}
	}
	for _, id := range pagedOperations {
		if !known[id] {
			t.Errorf("%s has a captured page but is not an operation of the spec", id)
		}
	}
	for _, status := range []int{304, 401, 403, 404, 422} {
		if !statuses[status] {
			t.Errorf("no docs cassette shows a %d", status)
		}
	}
}

// successStatuses lists the 2xx statuses the spec documents for op.
func successStatuses(t *testing.T, op validate.Operation) []int {
	t.Helper()
	doc := testDoc(t)
	o := doc.Paths.Value(op.Path).GetOperation(op.Method)
	var out []int
	for code := range o.Responses.Map() {
		if len(code) == 3 && code[0] == '2' {
			n := int(code[0]-'0')*100 + int(code[1]-'0')*10 + int(code[2]-'0')
			out = append(out, n)
		}
	}
	slices.Sort(out)
	if len(out) == 0 {
		t.Errorf("the spec documents no success status for %s", op.ID)
	}
	return out
}

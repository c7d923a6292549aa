package replay

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/codespaces-go/codespaces/conformance/validate"
)

// Slip is a mistake in a reference page's example: a cassette under
// cassettes/docs holds the page as printed, and the validator must flag the
// mistake, at exactly this place.
type Slip struct {
	File        string // relative to cassettes/, e.g. docs/list-secrets-for-authenticated-user.yaml
	Interaction int
	Operation   string
	Kind        validate.Kind
	Pointer     string
}

// String names the slip by cassette, interaction, operation, kind and pointer.
func (s Slip) String() string {
	return fmt.Sprintf("%s interaction %d: %s %s %s", s.File, s.Interaction, s.Operation, s.Kind, s.Pointer)
}

// Check judges replayed cassettes. A cassette under cassettes/docs must
// show exactly its slips: every one flagged, nothing else. Any other
// cassette must conform, except that a request the server refused with a
// 4xx may break the spec (a negative test: the server was right to refuse
// it). Every interaction must replay, and one the generated client could
// not build must be a slip or such a negative test. root is the directory
// that holds cassettes/. The error lists every problem, each naming the
// operation and the JSON pointer.
func Check(root string, files []File, slips []Slip) error {
	// A slip listed n times must be flagged exactly n times: a slip without
	// a pointer (a missing parameter, a missing body) must not hide a
	// second problem of the same kind.
	expected, seen := map[Slip]int{}, map[Slip]int{}
	for _, s := range slips {
		expected[s]++
	}
	var problems []string
	replayed := map[string]bool{}
	for _, f := range files {
		rel, err := filepath.Rel(filepath.Join(root, "cassettes"), f.Path)
		if err != nil {
			rel = f.Path
		}
		rel = filepath.ToSlash(rel)
		replayed[rel] = true
		docs := strings.HasPrefix(rel, "docs/")
		for _, i := range f.Interactions {
			where := fmt.Sprintf("%s interaction %d", rel, i.Index)
			if i.Err != nil {
				// The violations still count: they usually say why.
				problems = append(problems, fmt.Sprintf("%s: %s %s %s: %v", where, i.Operation, i.Method, i.URL, i.Err))
			}
			refused := i.Status >= 400 && i.Status < 500
			requestSlip := false
			for _, v := range i.Violations {
				key := Slip{File: rel, Interaction: i.Index, Operation: v.Operation, Kind: v.Kind, Pointer: v.Pointer}
				if docs && seen[key] < expected[key] {
					seen[key]++
					requestSlip = requestSlip || v.Status == 0
					continue
				}
				if !docs && refused && isRequestSide(v) {
					continue
				}
				problems = append(problems, fmt.Sprintf("%s: %s", where, v))
			}
			// The generated client builds only the named path: a request
			// to GitHub's id-based one goes as recorded.
			if !i.Typed && !requestSlip && !(refused && !docs) && i.Alias == "" {
				problems = append(problems, fmt.Sprintf("%s: %s %s %s: the generated client could not build the recorded request, and no request violation explains why",
					where, i.Operation, i.Method, i.URL))
			}
		}
	}
	for s, n := range expected {
		if seen[s] < n && replayed[s.File] {
			problems = append(problems, fmt.Sprintf("%s: the validator no longer flags this slip of the pages", s))
		}
	}
	if len(problems) == 0 {
		return nil
	}
	slices.Sort(problems)
	return fmt.Errorf("%d conformance problems:\n  %s", len(problems), strings.Join(problems, "\n  "))
}

func isRequestSide(v validate.Violation) bool {
	switch v.Kind {
	case validate.KindUnknownOperation, validate.KindAuth, validate.KindParameter, validate.KindRequestBody:
		return true
	}
	return false
}

package validate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// TestReportCountsOccurrencesEverywhere: the summary, the Markdown's
// headline and table, and the JSON count the same thing, occurrences; a
// request with two violations is two, the same one twice is two, and the
// errors split into those of requests and those of answers.
func TestReportCountsOccurrencesEverywhere(t *testing.T) {
	r := NewReport(testValidator(t))
	const get, list = "codespaces/get-for-authenticated-user", "codespaces/list-for-authenticated-user"
	extra := func(name string) Violation {
		return Violation{Operation: list, Method: "GET", Path: "/user/codespaces", Kind: KindParameter, In: "query", Param: name, Extra: true,
			Message: "undocumented " + name}
	}
	r.Record(list, 200, []Violation{extra("perPage"), extra("sort")}) // one request, two violations
	r.Record(list, 200, []Violation{extra("perPage")})                // the same again
	bad := Violation{Operation: get, Method: "GET", Path: "/user/codespaces/a", Status: 200, Kind: KindBody, Pointer: "/id", Message: "not an integer"}
	r.Record(get, 200, []Violation{bad})
	bad.Path = "/user/codespaces/b"
	r.Record(get, 200, []Violation{bad, {Operation: get, Method: "GET", Path: "/user/codespaces/b", Status: 200, Kind: KindUnknownEnum, Pointer: "/state", Message: "Hibernating"}})

	s := r.Summary()
	want := Summary{Operations: 48, Called: 2, WithViolations: 2, WithErrors: 2, Calls: 4, Violations: 6, Errors: 5, RequestErrors: 3, ResponseErrors: 2, Warnings: 1}
	if s != want {
		t.Errorf("Summary() = %+v\nwant        %+v", s, want)
	}
	phrase := "6 violations (5 errors: 3 in requests, 2 in answers; 1 warning)"
	if got := s.ViolationCounts(); got != phrase {
		t.Errorf("ViolationCounts() = %q, want %q", got, phrase)
	}

	var md bytes.Buffer
	if err := r.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{
		"2 of 48 operations called (4 calls); " + phrase + ".",
		"| " + list + " | GET | `/user/codespaces` | 2 | 200 ×2 | 3 | 0 |",
		"| " + get + " | GET | `/user/codespaces/{codespace_name}` | 2 | 200 ×2 | 2 | 1 |",
		// The same bug on two codespaces: one entry, which says its path was the first.
		"(200): not an integer — ×2, the first GET `/user/codespaces/a`",
	} {
		if !strings.Contains(md.String(), line) {
			t.Errorf("the Markdown lacks %q:\n%s", line, md.String())
		}
	}
	for _, v := range r.Violations() {
		if want := v.Kind == KindUnknownEnum || v.Count == 1; v.SamePath() != want {
			t.Errorf("%s ×%d: SamePath() = %v, want %v", v.Violation, v.Count, v.SamePath(), want)
		}
	}
	var js bytes.Buffer
	if err := r.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	var decoded struct{ Summary Summary }
	if err := json.Unmarshal(js.Bytes(), &decoded); err != nil || decoded.Summary != want {
		t.Errorf("the JSON's summary = %+v (%v), want %+v", decoded.Summary, err, want)
	}
}

// TestReportKeepsUnknownPathsApart: requests that matched no operation were
// one entry under the first path (issue 20). Each path is an entry now, up
// to the report's bound on distinct violations; past it, one entry counts
// the requests and how many paths they went to, up to maxCountedPaths.
func TestReportKeepsUnknownPathsApart(t *testing.T) {
	unknown := func(method, path string) []Violation {
		return []Violation{{Method: method, Path: path, Kind: KindUnknownOperation, Message: "no operation of the spec has this method and path"}}
	}
	r := NewReport(testValidator(t))
	r.Record("", 404, unknown("GET", "/user/codespacez"))
	r.Record("", 404, unknown("GET", "/nothing/here"))
	r.Record("", 404, unknown("GET", "/nothing/here"))
	r.Record("", 404, unknown("POST", "/nothing/here"))
	got := map[string]int{}
	for _, v := range r.Violations() {
		got[v.Method+" "+v.Path] = v.Count
	}
	if want := map[string]int{"GET /user/codespacez": 1, "GET /nothing/here": 2, "POST /nothing/here": 1}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("the unknown paths' entries = %v, want %v", got, want)
	}
	for _, v := range r.Violations() {
		if !v.SamePath() {
			t.Errorf("%s ×%d: SamePath() is false; every request it counts went to its path", v.Path, v.Count)
		}
	}

	// Past the bound.
	r = NewReport(testValidator(t))
	const paths = maxDistinctViolations + maxCountedPaths + 10
	for i := range paths {
		for range 2 {
			r.Record("", 404, unknown("GET", fmt.Sprintf("/p/%d", i)))
		}
	}
	vs := r.Violations()
	if len(vs) != maxDistinctViolations+1 {
		t.Fatalf("%d entries, want %d paths one by one and one that counts the rest", len(vs), maxDistinctViolations)
	}
	for i, v := range vs[:maxDistinctViolations] {
		if want := fmt.Sprintf("/p/%d", i); v.Path != want || v.Count != 2 {
			t.Errorf("entry %d: %s ×%d, want %s ×2", i, v.Path, v.Count, want)
		}
	}
	rest := vs[maxDistinctViolations]
	if rest.Count != 2*(paths-maxDistinctViolations) || rest.Paths != maxCountedPaths {
		t.Errorf("the entry of the rest counts %d requests to %d paths, want %d to %d (the most it tells apart)",
			rest.Count, rest.Paths, 2*(paths-maxDistinctViolations), maxCountedPaths)
	}
	if rest.SamePath() {
		t.Error("the entry of the rest says its requests all went to its path")
	}
	want := fmt.Sprintf("counted here: %d requests to more than %d paths; the first went to /p/%d", rest.Count, maxCountedPaths, maxDistinctViolations)
	if !strings.Contains(rest.Message, want) {
		t.Errorf("its message %q lacks %q", rest.Message, want)
	}
	if s := r.Summary(); s.Errors != 2*paths || s.RequestErrors != 2*paths {
		t.Errorf("Summary() = %+v, want all %d requests counted as errors in requests", s, 2*paths)
	}

	// Fewer than maxCountedPaths past the bound: the exact number.
	r = NewReport(testValidator(t))
	for i := range maxDistinctViolations + 3 {
		r.Record("", 404, unknown("GET", fmt.Sprintf("/q/%d", i)))
	}
	rest = r.Violations()[maxDistinctViolations]
	if rest.Paths != 3 || !strings.Contains(rest.Message, "counted here: 3 requests to 3 paths") {
		t.Errorf("the entry of the rest = %+v, want 3 requests to 3 paths", rest)
	}
}

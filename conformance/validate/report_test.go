package validate

import (
	"bytes"
	"encoding/json"
	"strings"
	"sync"
	"testing"
)

func TestReportListsEveryOperationAndCountsConcurrently(t *testing.T) {
	v := testValidator(t)
	r := NewReport(v)
	broken := Violation{Operation: "codespaces/get-for-authenticated-user", Method: "GET", Status: 200, Kind: KindUnknownEnum, Pointer: "/state", Message: "x"}
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b := broken
			b.Path = "/user/codespaces/c" + string(rune('a'+i%26))
			r.Record("codespaces/get-for-authenticated-user", 200, []Violation{b})
			r.Record("codespaces/list-for-authenticated-user", 304, nil)
		}()
	}
	wg.Wait()
	r.Record("", 404, []Violation{{Method: "GET", Path: "/user/repos", Kind: KindUnknownOperation, Message: "no"}})

	ops := r.Operations()
	if len(ops) != 49 {
		t.Fatalf("Operations() has %d records, want the 48 operations and the unmatched requests", len(ops))
	}
	s := r.Summary()
	if s.Operations != 48 || s.Called != 2 || s.Calls != 101 || s.Violations != 51 || s.WithViolations != 2 {
		t.Errorf("Summary() = %+v", s)
	}
	for _, or := range ops {
		if or.ID == "codespaces/get-for-authenticated-user" {
			if len(or.Violations) != 1 || or.Violations[0].Count != 50 || or.Statuses[200] != 50 {
				t.Errorf("the get record = %+v, want one violation seen 50 times", or)
			}
		}
	}
}

func TestReportRendersMarkdownAndJSON(t *testing.T) {
	v := testValidator(t)
	r := NewReport(v)
	r.Record("codespaces/get-for-authenticated-user", 200, []Violation{{
		Operation: "codespaces/get-for-authenticated-user", Method: "GET", Path: "/user/codespaces/x", Status: 200,
		Kind: KindBody, Pointer: "/id", Message: "value must be an integer | really",
	}})
	var md bytes.Buffer
	if err := r.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"1 of 48 operations called",
		"| codespaces/get-for-authenticated-user | GET | `/user/codespaces/{codespace_name}` | 1 | 200 | 1 | 0 |",
		"| codespaces/stop-for-authenticated-user | POST | `/user/codespaces/{codespace_name}/stop` | 0 | — | 0 | 0 |",
		"**body** `/id` (200): value must be an integer \\| really",
	} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md.String())
		}
	}
	var js bytes.Buffer
	if err := r.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	var decoded struct {
		Summary    Summary
		Operations []OperationReport
	}
	if err := json.Unmarshal(js.Bytes(), &decoded); err != nil {
		t.Fatalf("the JSON report does not decode: %v", err)
	}
	if decoded.Summary.Called != 1 || len(decoded.Operations) != 48 {
		t.Errorf("JSON report: summary %+v, %d operations", decoded.Summary, len(decoded.Operations))
	}
	if got := decoded.Operations[0].ID; got == "" {
		t.Error("the JSON report lost the operation IDs")
	}
}

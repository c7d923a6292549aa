package validate

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzReportStaysBounded: whatever strings a violation carries, the report
// keeps them cut short (valid UTF-8 stays valid), counts every occurrence,
// and renders within its bound.
func FuzzReportStaysBounded(f *testing.F) {
	f.Add("GET", "/user/codespaces", "perPage", "", "query parameter is not documented", true, 0)
	f.Add("PATCH", "/user/codespaces/x", "", "/a/b~1c", "property \"b/c\"", true, 0)
	f.Add("FOO", strings.Repeat("/é", 400), "", "", strings.Repeat("ü", 2000), false, 503)
	f.Fuzz(func(t *testing.T, method, path, param, pointer, message string, extra bool, status int) {
		r := NewReport(testValidator(t))
		const op = "codespaces/list-for-authenticated-user"
		const n = 3 * maxExamples
		kind := KindParameter
		if pointer != "" {
			kind = KindRequestBody
		}
		for i := range n {
			suffix := strings.Repeat("x", i)
			r.Record(op, status, []Violation{{Operation: op, Method: method, Path: path, Status: status, Kind: kind,
				Param: param + suffix, Pointer: pointer + suffix, Message: message + suffix, Extra: extra}})
		}
		var counted int
		for _, v := range r.Violations() {
			counted += v.Count
			for _, s := range []string{v.Method, v.Path, v.Param, v.Pointer, v.Message} {
				if len(s) > maxMessage+len("…") {
					t.Fatalf("a string of %d bytes kept", len(s))
				}
			}
			if utf8.ValidString(message) && !utf8.ValidString(v.Message) {
				t.Fatalf("the message %q was cut inside a rune", v.Message)
			}
			if len(v.Examples) > maxExamples {
				t.Fatalf("%d examples kept", len(v.Examples))
			}
		}
		if counted != n {
			t.Fatalf("%d occurrences counted, want %d", counted, n)
		}
		var out bytes.Buffer
		if err := r.WriteJSON(&out); err != nil {
			t.Fatal(err)
		}
		if out.Len() > 256<<10 {
			t.Fatalf("the JSON report is %d bytes", out.Len())
		}
	})
}

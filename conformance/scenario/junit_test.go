package scenario

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/codespaces-go/codespaces/conformance/validate"
)

func TestWriteJUnit(t *testing.T) {
	warn := validate.Violation{Operation: "codespaces/get-for-authenticated-user", Method: "GET", Path: "/user/codespaces/x", Status: 502,
		Kind: validate.KindServerError, Severity: validate.SeverityWarning, Message: "the server failed; a retry got past it"}
	bad := validate.Violation{Operation: "codespaces/get-for-authenticated-user", Method: "GET", Path: "/user/codespaces/x", Status: 200,
		Kind: validate.KindBody, Severity: validate.SeverityError, Pointer: "/state", Message: "not a string"}
	res := &Result{Target: "the embedded mock", Duration: time.Second, Scenarios: []ScenarioResult{
		{Name: "lifecycle", Outcome: Passed, Steps: []Step{
			{Operation: "codespaces/get-for-authenticated-user", Method: "GET", Path: "/user/codespaces/x", Status: 502, Violations: []validate.Violation{warn}},
			{Operation: "codespaces/get-for-authenticated-user", Method: "GET", Path: "/user/codespaces/x", Status: 200, Violations: []validate.Violation{bad}},
		}},
		{Name: "secrets", Outcome: Failed, Error: "the secret did not open & <stayed> shut"},
		{Name: "faults", Outcome: Skipped, Note: "needs the embedded mock"},
	}}
	var buf bytes.Buffer
	if err := res.WriteJUnit(&buf); err != nil {
		t.Fatal(err)
	}
	var doc junitSuites
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if doc.Tests != 4 || doc.Failures != 2 || doc.Skipped != 1 || len(doc.Suites) != 3 {
		t.Fatalf("tests %d, failures %d, skipped %d, suites %d; want 4, 2, 1, 3\n%s", doc.Tests, doc.Failures, doc.Skipped, len(doc.Suites), buf.String())
	}
	steps := doc.Suites[0].Cases
	if steps[0].Failure != nil || !strings.Contains(steps[0].SystemOut, "warning: ") ||
		steps[0].Name != "01 GET /user/codespaces/x → 502 (codespaces/get-for-authenticated-user)" {
		t.Errorf("the overcome 502: %+v", steps[0])
	}
	if steps[1].Failure == nil || !strings.Contains(steps[1].Failure.Text, "body /state") {
		t.Errorf("the broken body: %+v", steps[1])
	}
	if c := doc.Suites[1].Cases; len(c) != 1 || c[0].Failure == nil || c[0].Failure.Text != "the secret did not open & <stayed> shut" {
		t.Errorf("the failed scenario: %+v", c)
	}
	if c := doc.Suites[2].Cases; len(c) != 1 || c[0].Skipped == nil || c[0].Skipped.Message != "needs the embedded mock" {
		t.Errorf("the skipped scenario: %+v", c)
	}
}

func TestStepsMarkAServerErrorARetryGotPast(t *testing.T) {
	l := newStepLog()
	for _, status := range []int{502, 200} {
		req := httptestRequest("GET", "https://api.github.com/user/codespaces/x")
		var vs []validate.Violation
		if status == 502 {
			vs = []validate.Violation{{Kind: validate.KindServerError, Status: 502, Severity: validate.SeverityError}}
		}
		l.observe(req, "codespaces/get-for-authenticated-user", status, vs)
	}
	l.observe(httptestRequest("GET", "https://api.github.com/user/codespaces/y"), "codespaces/get-for-authenticated-user", 503,
		[]validate.Violation{{Kind: validate.KindServerError, Status: 503, Severity: validate.SeverityError}})
	steps := l.Steps()
	if steps[0].Violations[0].Severity != validate.SeverityWarning {
		t.Error("the 502 a retry got past is not a warning")
	}
	if steps[2].Violations[0].Severity != validate.SeverityError {
		t.Error("the 503 nothing got past is not an error")
	}
}

func httptestRequest(method, url string) *http.Request {
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		panic(err)
	}
	return req
}

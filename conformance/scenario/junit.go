package scenario

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/codespaces-go/codespaces/conformance/validate"
)

// JUnit XML, the format CI systems read: one suite per scenario, one test
// case per step (an exchange, named by operation), a step's errors as its
// failure and its warnings as its output. A scenario that failed outside
// any step (its own check) gets a case of its own; a skipped scenario is a
// skipped case.

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitMessage `xml:"failure,omitempty"`
	Skipped   *junitMessage `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// WriteJUnit writes the run as JUnit XML.
func (res *Result) WriteJUnit(w io.Writer) error {
	out := junitSuites{Name: "conformance against " + res.Target, Time: seconds(res.Duration.Seconds())}
	for _, sr := range res.Scenarios {
		suite := junitSuite{Name: sr.Name, Time: seconds(sr.Duration.Seconds())}
		class := "conformance." + sr.Name
		for i, st := range sr.Steps {
			c := junitCase{Name: stepName(i, st), Classname: class, Time: seconds(st.Duration.Seconds())}
			var errs, warns []string
			for _, v := range st.Violations {
				if v.Severity == validate.SeverityWarning {
					warns = append(warns, "warning: "+v.String())
				} else {
					errs = append(errs, v.String())
				}
			}
			if len(errs) > 0 {
				c.Failure = &junitMessage{Message: fmt.Sprintf("%d violations of the spec", len(errs)), Type: "violation", Text: strings.Join(errs, "\n")}
			}
			c.SystemOut = strings.Join(warns, "\n")
			suite.Cases = append(suite.Cases, c)
		}
		switch sr.Outcome {
		case Failed:
			suite.Cases = append(suite.Cases, junitCase{Name: sr.Name, Classname: class, Time: seconds(sr.Duration.Seconds()),
				Failure: &junitMessage{Message: "the scenario failed", Type: "scenario", Text: sr.Error}})
		case Skipped:
			suite.Cases = append(suite.Cases, junitCase{Name: sr.Name, Classname: class, Time: "0",
				Skipped: &junitMessage{Message: sr.Note}})
		}
		for _, c := range suite.Cases {
			suite.Tests++
			if c.Failure != nil {
				suite.Failures++
			}
			if c.Skipped != nil {
				suite.Skipped++
			}
		}
		out.Tests += suite.Tests
		out.Failures += suite.Failures
		out.Skipped += suite.Skipped
		out.Suites = append(out.Suites, suite)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("write the JUnit report: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// stepName reads "03 GET /user/codespaces/x → 200 (codespaces/get-for-authenticated-user)".
func stepName(i int, st Step) string {
	status := "not sent"
	if st.Status != 0 {
		status = fmt.Sprint(st.Status)
	}
	return fmt.Sprintf("%02d %s %s → %s (%s)", i+1, st.Method, st.Path, status, operationName(st.Operation))
}

func seconds(s float64) string { return fmt.Sprintf("%.3f", s) }

package scenario

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/codespaces-go/codespaces/conformance/validate"
)

// Uncalled lists the spec's operations no exchange of the run addressed,
// but for those in NotImplemented.
func (res *Result) Uncalled() []string {
	var out []string
	ops := res.Report.Operations()
	n := res.Report.Summary().Operations
	for _, op := range ops[:min(n, len(ops))] {
		if op.Calls == 0 && !slices.Contains(res.NotImplemented, op.ID) {
			out = append(out, op.ID)
		}
	}
	return out
}

// Problems lists why the run did not pass: failed scenarios, violations of
// the spec that are errors (warnings are reported, never failed), operations
// never called (unless scenarios were selected or skipped), and things the
// clean-up could not delete. It is empty for a run that passed.
func (res *Result) Problems() []string {
	var out []string
	for _, sr := range res.Scenarios {
		if sr.Outcome == Failed {
			out = append(out, fmt.Sprintf("scenario %s failed", sr.Name))
		}
		for _, e := range sr.Cleanup.Errors {
			out = append(out, fmt.Sprintf("clean-up after %s: %s", sr.Name, e))
		}
	}
	for _, e := range res.Sweep.Errors {
		out = append(out, "clean-up: "+e)
	}
	s := res.Report.Summary()
	if s.Errors > 0 {
		out = append(out, fmt.Sprintf("%d errors (violations of the spec) in %d operations", s.Errors, s.WithErrors))
	}
	if uncalled := res.Uncalled(); len(uncalled) > 0 && !res.Selected && len(res.skipped()) == 0 {
		out = append(out, fmt.Sprintf("%d operations never called: %s", len(uncalled), strings.Join(uncalled, ", ")))
	}
	return out
}

// skipped names the scenarios that were skipped. Operations left uncalled
// then do not fail the run: a live run skips what its token or flags do not
// allow, and says so.
func (res *Result) skipped() []string {
	var out []string
	for _, sr := range res.Scenarios {
		if sr.Outcome == Skipped && sr.Note != faultsSkipped {
			out = append(out, sr.Name)
		}
	}
	return out
}

// Passed reports whether every scenario passed (or was skipped), no exchange
// broke the spec, every operation was called (but for those only skipped
// scenarios call), and nothing was left behind.
func (res *Result) Passed() bool { return len(res.Problems()) == 0 }

// WriteText writes the per-operation report for a terminal: each operation
// with its calls, statuses and violations (with scenarios selected, only the
// operations called), then every violation, then the verdict.
func (res *Result) WriteText(w io.Writer) error {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "OPERATION\tCALLS\tSTATUSES\tERRORS\tWARNINGS")
	ops := res.Report.Operations()
	left := 0
	for _, op := range ops {
		if res.Selected && op.Calls == 0 {
			left++
			continue
		}
		statuses := statusList(op.Statuses)
		if op.Calls == 0 && slices.Contains(res.NotImplemented, op.ID) {
			statuses = "not implemented"
		}
		errs, warns := op.Counts()
		fmt.Fprintf(tw, "%s\t%d\t%s\t%d\t%d\n", operationName(op.ID), op.Calls, statuses, errs, warns)
	}
	_ = tw.Flush()
	if left > 0 {
		fmt.Fprintf(&b, "(%d of %d operations not called by the selected scenarios, not listed)\n", left, res.Report.Summary().Operations)
	}
	for _, op := range ops {
		for _, v := range op.Violations {
			label := "violation"
			if v.Severity == validate.SeverityWarning {
				label = "warning"
			}
			fmt.Fprintf(&b, "%s: %s", label, v.Violation)
			switch {
			case v.SamePath():
				if v.Count > 1 {
					fmt.Fprintf(&b, " (×%d)", v.Count)
				}
			default:
				fmt.Fprintf(&b, " (×%d; the path is the first one's)", v.Count)
			}
			b.WriteByte('\n')
		}
	}
	b.WriteString(res.verdict())
	b.WriteByte('\n')
	_, err := io.WriteString(w, b.String())
	return err
}

// verdict is the closing line: the counts, then PASS or FAIL and why.
func (res *Result) verdict() string {
	s := res.Report.Summary()
	counts := map[Outcome]int{}
	for _, sr := range res.Scenarios {
		counts[sr.Outcome]++
	}
	line := fmt.Sprintf("%d of %d operations called, %d calls, %s; scenarios: %d ok, %d failed, %d skipped; %v",
		s.Called, s.Operations, s.Calls, s.ViolationCounts(), counts[Passed], counts[Failed], counts[Skipped], roundDuration(res.Duration))
	if n := len(res.NotImplemented); n > 0 {
		line += fmt.Sprintf("\n%d operations not implemented by the mock, so no scenario calls them (not failures): %s",
			n, strings.Join(res.NotImplemented, ", "))
	}
	if uncalled, skipped := res.Uncalled(), res.skipped(); len(uncalled) > 0 && len(skipped) > 0 && !res.Selected {
		line += fmt.Sprintf("\n%d operations not called, as scenarios %s were skipped (not failures): %s",
			len(uncalled), strings.Join(skipped, ", "), strings.Join(uncalled, ", "))
	}
	if problems := res.Problems(); len(problems) > 0 {
		return line + "\nFAIL: " + strings.Join(problems, "; ")
	}
	return line + "\nPASS"
}

// WriteMarkdown writes the report as Markdown, for a file or a CI job
// summary: the per-operation table, the violations, the scenarios and the
// verdict.
func (res *Result) WriteMarkdown(w io.Writer) error {
	write := res.Report.WriteMarkdown
	if res.Selected {
		write = res.Report.WriteMarkdownCalled
	}
	if err := write(w); err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n## Scenarios\n\nAgainst %s, run `%s`.\n\n", res.Target, res.RunID)
	b.WriteString("| Scenario | Outcome | Duration | Note |\n|---|---|---:|---|\n")
	for _, sr := range res.Scenarios {
		note := sr.Error + sr.Note
		fmt.Fprintf(&b, "| %s | %s | %v | %s |\n", sr.Name, sr.Outcome, roundDuration(sr.Duration), markdownCell(note))
	}
	b.WriteString("\n**")
	b.WriteString(strings.ReplaceAll(res.verdict(), "\n", "** — **"))
	b.WriteString("**\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteJSON writes the run as one JSON document: target, scenarios,
// summary, every operation's record, and the problems.
func (res *Result) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		*Result
		Passed     bool                       `json:"passed"`
		Problems   []string                   `json:"problems"`
		Uncalled   []string                   `json:"uncalled"`
		NotImpl    []string                   `json:"not_implemented"`
		Summary    validate.Summary           `json:"summary"`
		Operations []validate.OperationReport `json:"operations"`
	}{res, res.Passed(), nonNil(res.Problems()), nonNil(res.Uncalled()), nonNil(res.NotImplemented), res.Report.Summary(), res.Report.Operations()})
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func operationName(id string) string {
	if id == "" {
		return "(no operation)"
	}
	return id
}

// statusList reads like "200 ×3, 404".
func statusList(m map[int]int) string {
	if len(m) == 0 {
		return "-"
	}
	var parts []string
	for _, code := range slices.Sorted(maps.Keys(m)) {
		if n := m[code]; n > 1 {
			parts = append(parts, fmt.Sprintf("%d ×%d", code, n))
		} else {
			parts = append(parts, fmt.Sprint(code))
		}
	}
	return strings.Join(parts, ", ")
}

func markdownCell(s string) string {
	s = strings.ReplaceAll(s, "|", "\\|")
	return strings.ReplaceAll(s, "\n", " ")
}

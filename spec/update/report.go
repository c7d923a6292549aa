package update

import (
	"fmt"
	"strings"

	"github.com/codespaces-go/codespaces/spec/coverage"
	"github.com/codespaces-go/codespaces/spec/slice"
)

// Inputs are what an update knows once it has re-sliced and regenerated.
type Inputs struct {
	// Root is the module's root: the go command runs there to load the
	// packages that gen/ and client/ import.
	Root string
	// From and To are the @octokit/openapi versions.
	From, To string
	// OldSpec is the committed slice, NewSpec the new one, both with the
	// overlay applied.
	OldSpec, NewSpec []byte
	// Stale are the overlay actions that no longer apply upstream.
	Stale []slice.Stale
	// EditionDifferences are new differences between github.com's slice
	// and GHE.com's (slice.EditionDifferences).
	EditionDifferences []string
	// OldGo and NewGo are gen/'s and client/'s sources before and after.
	OldGo, NewGo Sources
	// GenerateError is set when regenerating gen/ failed; NewGo then holds
	// what there is.
	GenerateError error
	// Coverage lists what spec/coverage finds wrong after the update.
	Coverage []string
}

// Report is what changed.
type Report struct {
	Inputs
	Operations OperationChanges
	API        []APIChange
	Go         []PackageChanges
}

// Build compares the two sides.
func Build(in Inputs) (*Report, error) {
	r := &Report{Inputs: in}
	var err error
	if r.Operations, err = operationChanges(in.OldSpec, in.NewSpec); err != nil {
		return nil, err
	}
	if r.API, err = APIChanges(in.OldSpec, in.NewSpec); err != nil {
		return nil, err
	}
	if r.Go, err = GoAPIChanges(in.Root, in.OldGo, in.NewGo); err != nil {
		return nil, err
	}
	return r, nil
}

// Heading is the CHANGELOG heading of the update to version.
func Heading(version string) string { return "## @octokit/openapi " + version }

// Markdown is the report as a section of spec/CHANGELOG.md.
func (r *Report) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n", Heading(r.To))
	fmt.Fprintf(&b, "From %s, by `make spec-update VERSION=%s`.\n\n", r.From, r.To)
	b.WriteString(r.summary())
	r.writeOperations(&b)
	r.writeOverlay(&b)
	r.writeAPI(&b)
	r.writeGo(&b)
	if len(r.Coverage) > 0 {
		b.WriteString("\n### Coverage\n\n`go test ./spec/coverage` fails until each is resolved (a method in client/, or an entry in spec/uncovered.yaml with the reason; then `go run ./spec/cmd/coverage`):\n\n")
		for _, p := range r.Coverage {
			fmt.Fprintf(&b, "- %s\n", p)
		}
	}
	return b.String()
}

func (r *Report) summary() string {
	levels := map[string]int{}
	for _, c := range r.API {
		levels[c.Level]++
	}
	incompatible, compatible, broken := 0, 0, 0
	for _, p := range r.Go {
		incompatible += len(p.Incompatible)
		compatible += len(p.Compatible)
		if len(p.NewErrors) > 0 {
			broken++
		}
	}
	parts := []string{
		fmt.Sprintf("operations: %d added, %d removed, %d newly deprecated", len(r.Operations.Added), len(r.Operations.Removed), len(r.Operations.Deprecated)),
		fmt.Sprintf("API changes: %d error, %d warning, %d info", levels["error"], levels["warning"], levels["info"]),
		fmt.Sprintf("Go API: %d incompatible, %d compatible", incompatible, compatible),
	}
	if broken > 0 {
		parts = append(parts, count(broken, "package does not compile", "packages do not compile"))
	}
	if r.GenerateError != nil {
		parts = append(parts, "gen/ did not regenerate")
	}
	if len(r.Stale) > 0 {
		parts = append(parts, count(len(r.Stale), "overlay action no longer applies", "overlay actions no longer apply"))
	}
	if len(r.EditionDifferences) > 0 {
		parts = append(parts, count(len(r.EditionDifferences), "new difference from GHE.com", "new differences from GHE.com"))
	}
	if len(r.Coverage) > 0 {
		parts = append(parts, count(len(r.Coverage), "coverage problem", "coverage problems"))
	}
	return "**Summary:** " + strings.Join(parts, "; ") + ".\n"
}

func (r *Report) writeOperations(b *strings.Builder) {
	b.WriteString("\n### Operations\n\n")
	o := r.Operations
	if len(o.Added)+len(o.Removed)+len(o.Deprecated) == 0 {
		b.WriteString("No operation added, removed or newly deprecated.\n")
		return
	}
	for _, group := range []struct {
		what string
		ops  []coverage.Operation
	}{{"added", o.Added}, {"**removed**", o.Removed}, {"**newly deprecated**", o.Deprecated}} {
		for _, op := range group.ops {
			fmt.Fprintf(b, "- %s: `%s` (`%s %s`)\n", group.what, op.ID, op.Method, op.Path)
		}
	}
}

func (r *Report) writeOverlay(b *strings.Builder) {
	if len(r.Stale) > 0 {
		b.WriteString("\n### Overlay actions that no longer apply\n\n" +
			"Upstream may have made the correction itself: check each against the new description, then delete it from spec/overlay.yaml (and its row in spec/README.md). `make spec` fails until then. The new slice was cut without them.\n\n")
		for _, s := range r.Stale {
			fmt.Fprintf(b, "- %s\n", s)
		}
	}
	if len(r.EditionDifferences) > 0 {
		b.WriteString("\n### New differences between github.com's and GHE.com's descriptions\n\n" +
			"Add each to spec/overlay.yaml as a union action (" + slice.EditionKey + ": true) with its evidence; `make spec` fails until then.\n\n")
		for _, d := range r.EditionDifferences {
			fmt.Fprintf(b, "- %s\n", d)
		}
	}
}

func (r *Report) writeAPI(b *strings.Builder) {
	b.WriteString("\n### API changes (oasdiff)\n\n")
	if len(r.API) == 0 {
		b.WriteString("None.\n")
		return
	}
	b.WriteString("error: breaks existing clients; warning: may break them; info: does not.\n\n")
	for _, c := range r.API {
		level := c.Level
		if level != "info" {
			level = "**" + level + "**"
		}
		where := "the document"
		if c.Path != "" {
			where = "`" + c.Method + " " + c.Path + "`"
			if c.OperationID != "" {
				where += " (`" + c.OperationID + "`)"
			}
		}
		fmt.Fprintf(b, "- %s %s: %s [%s]\n", level, where, oneLine(c.Text), c.ID)
	}
}

func (r *Report) writeGo(b *strings.Builder) {
	b.WriteString("\n### Go API changes (apidiff)\n\n")
	if r.GenerateError != nil {
		fmt.Fprintf(b, "gen/ did not regenerate: %s\n\n", oneLine(r.GenerateError.Error()))
	}
	b.WriteString("Incompatible changes break users' code that uses the identifier; compatible ones do not.\n")
	for _, p := range r.Go {
		fmt.Fprintf(b, "\n#### %s\n\n", p.Path)
		switch {
		case p.Removed:
			b.WriteString("**Removed.**\n")
			continue
		case p.Added:
			b.WriteString("New package.\n")
			continue
		case len(p.OldErrors) > 0:
			b.WriteString("Did not compile before the update:\n\n")
			codeBlock(b, p.OldErrors)
			continue
		case len(p.NewErrors) > 0:
			b.WriteString("**Does not compile against the new gen/:**\n\n")
			codeBlock(b, p.NewErrors)
			continue
		case len(p.Incompatible)+len(p.Compatible) == 0:
			b.WriteString("No change.\n")
			continue
		}
		for _, m := range p.Incompatible {
			fmt.Fprintf(b, "- **incompatible** %s\n", goChange(m))
		}
		for _, m := range p.Compatible {
			fmt.Fprintf(b, "- compatible %s\n", goChange(m))
		}
	}
}

// goChange sets apidiff's "Name: what" as code and text.
func goChange(m string) string {
	if name, what, ok := strings.Cut(m, ": "); ok {
		return "`" + name + "`: " + what
	}
	return m
}

func codeBlock(b *strings.Builder, lines []string) {
	b.WriteString("```\n")
	for _, l := range lines {
		b.WriteString(strings.ReplaceAll(l, "```", "'''") + "\n")
	}
	b.WriteString("```\n")
}

func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

package update

import "strings"

// ChangelogFile is where reports go, relative to the module's root.
const ChangelogFile = "spec/CHANGELOG.md"

// AddToChangelog puts section, whose first line is its "## " heading, into
// the changelog: in place of the section with the same heading when there is
// one (an update run again for the same version), else appended at the end,
// so the entries read oldest first. A section runs from its heading to the
// next line that starts with "## ".
func AddToChangelog(changelog, section string) string {
	heading, _, _ := strings.Cut(section, "\n")
	section = strings.TrimRight(section, "\n") + "\n"
	lines := strings.SplitAfter(changelog, "\n")
	start, end := -1, len(lines)
	for i, l := range lines {
		trimmed := strings.TrimRight(l, "\r\n")
		if start < 0 && trimmed == heading {
			start = i
			continue
		}
		if start >= 0 && strings.HasPrefix(trimmed, "## ") {
			end = i
			break
		}
	}
	if start < 0 {
		if changelog != "" && !strings.HasSuffix(changelog, "\n") {
			changelog += "\n"
		}
		if changelog != "" {
			changelog += "\n"
		}
		return changelog + section
	}
	after := strings.Join(lines[end:], "")
	if after != "" {
		section += "\n"
	}
	return strings.Join(lines[:start], "") + section + after
}

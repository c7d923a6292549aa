package replay

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/codespaces-go/codespaces/conformance/validate"
)

// pageSlips are where the reference pages' examples, as the cassettes under
// cassettes/docs hold them, disagree with GitHub's description (spec/).
// conformance/FINDINGS.md describes each, with the page it comes from.
var pageSlips = slices.Concat(
	// Every machine the pages show lacks prebuild_availability, which the
	// description requires (nullable): the pages are older than the field.
	machineSlips("codespace-machines-for-authenticated-user", 0, "/machines/0", "/machines/1"),
	machineSlips("repo-machines-for-authenticated-user", 0, "/machines/0", "/machines/1"),
	machineSlips("create-for-authenticated-user", 0, ""),
	machineSlips("create-for-authenticated-user", 1, ""),
	machineSlips("create-for-authenticated-user", 2, ""),
	machineSlips("create-with-repo-for-authenticated-user", 0, ""),
	machineSlips("create-with-repo-for-authenticated-user", 1, ""),
	machineSlips("create-with-repo-for-authenticated-user", 2, ""),
	machineSlips("create-with-pr-for-authenticated-user", 0, ""),
	machineSlips("create-with-pr-for-authenticated-user", 1, ""),
	machineSlips("create-with-pr-for-authenticated-user", 2, ""),
	machineSlips("get-for-authenticated-user", 0, ""),
	machineSlips("get-for-authenticated-user", 1, ""),
	machineSlips("start-for-authenticated-user", 0, ""),
	machineSlips("start-for-authenticated-user", 1, ""),
	machineSlips("stop-for-authenticated-user", 0, ""),
	machineSlips("stop-for-authenticated-user", 1, ""),
	machineSlips("update-for-authenticated-user", 0, ""),
	machineSlips("update-for-authenticated-user", 1, ""),
	machineSlips("list-for-authenticated-user", 0, "/codespaces/0", "/codespaces/1", "/codespaces/2"),
	machineSlips("list-for-authenticated-user", 1, "/codespaces/0", "/codespaces/1", "/codespaces/2"),
	machineSlips("list-in-repository-for-authenticated-user", 0, "/codespaces/0", "/codespaces/1"),
	machineSlips("list-in-repository-for-authenticated-user", 1, "/codespaces/0", "/codespaces/1", "/codespaces/2"),
	// 003 and 000: the lists' codespaces lack the required pulls_url (the
	// single-codespace examples have it).
	bodySlips("list-for-authenticated-user", 0, "/codespaces/0/pulls_url", "/codespaces/1/pulls_url", "/codespaces/2/pulls_url"),
	bodySlips("list-for-authenticated-user", 1, "/codespaces/0/pulls_url", "/codespaces/1/pulls_url", "/codespaces/2/pulls_url"),
	bodySlips("list-in-repository-for-authenticated-user", 0, "/codespaces/0/pulls_url", "/codespaces/1/pulls_url"),
	bodySlips("list-in-repository-for-authenticated-user", 1, "/codespaces/0/pulls_url", "/codespaces/1/pulls_url", "/codespaces/2/pulls_url"),
	// The pages show no body for a deleted codespace's 202 and a created
	// secret's 201; the description documents a JSON {}.
	emptyBodySlips("delete-for-authenticated-user", 0),
	emptyBodySlips("delete-for-authenticated-user", 1),
	emptyBodySlips("create-or-update-secret-for-authenticated-user", 0),
	[]Slip{
		// 000: "List secrets for the authenticated user" shows a list of
		// repositories (the seeds README's first slip).
		docSlip("list-secrets-for-authenticated-user", 0, validate.KindBody, "/secrets"),
		// 000 and 003: encrypted_value is the placeholder "encrypted_value",
		// not base64 as the description's pattern requires.
		docSlip("create-or-update-secret-for-authenticated-user", 0, validate.KindRequestBody, "/encrypted_value"),
		docSlip("create-or-update-secret-for-authenticated-user", 1, validate.KindRequestBody, "/encrypted_value"),
		docSlip("create-or-update-secret-for-authenticated-user", 2, validate.KindRequestBody, "/encrypted_value"),
		// 000: the create-for-the-user curl sends no body at all.
		docSlip("create-for-authenticated-user", 1, validate.KindRequestBody, ""),
		docSlip("create-for-authenticated-user", 2, validate.KindRequestBody, ""),
		// 003: the create-in-a-repository curl sends repository_id, which that
		// operation does not take (the repository is in the path).
		docSlip("create-with-repo-for-authenticated-user", 0, validate.KindRequestBody, "/repository_id"),
		// 003: the create-from-a-pull-request curl repeats the body of the
		// create-for-the-user one: repository_id and ref.
		docSlip("create-with-pr-for-authenticated-user", 0, validate.KindRequestBody, "/ref"),
		docSlip("create-with-pr-for-authenticated-user", 0, validate.KindRequestBody, "/repository_id"),
	},
)

// docSlip is a slip in cassettes/docs/NAME.yaml, whose operation is
// codespaces/NAME.
func docSlip(name string, interaction int, kind validate.Kind, pointer string) Slip {
	return Slip{"docs/" + name + ".yaml", interaction, "codespaces/" + name, kind, pointer}
}

func bodySlips(name string, interaction int, pointers ...string) []Slip {
	var out []Slip
	for _, p := range pointers {
		out = append(out, docSlip(name, interaction, validate.KindBody, p))
	}
	return out
}

// machineSlips are the missing prebuild_availability of the machine under
// each of the given objects ("" is the body itself, a codespace).
func machineSlips(name string, interaction int, objects ...string) []Slip {
	var ptrs []string
	for _, o := range objects {
		if strings.HasPrefix(o, "/machines/") {
			ptrs = append(ptrs, o+"/prebuild_availability")
		} else {
			ptrs = append(ptrs, o+"/machine/prebuild_availability")
		}
	}
	return bodySlips(name, interaction, ptrs...)
}

// emptyBodySlips: no body (and so no Content-Type) where one is documented.
func emptyBodySlips(name string, interaction int) []Slip {
	return []Slip{docSlip(name, interaction, validate.KindBody, ""), docSlip(name, interaction, validate.KindContentType, "")}
}

// numbered folds list indexes: FINDINGS.md names /codespaces/N/pulls_url.
var numbered = regexp.MustCompile(`/[0-9]+/`)

func TestFindingsListsEverySlip(t *testing.T) {
	root := moduleRoot(t)
	doc, err := os.ReadFile(filepath.Join(root, "conformance", "FINDINGS.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range pageSlips {
		// FINDINGS.md names each slip by operation and pointer (or by
		// parameter for the parameter slips).
		if !strings.Contains(string(doc), s.Operation) {
			t.Errorf("FINDINGS.md does not mention %s", s.Operation)
		}
		ptr := numbered.ReplaceAllString(s.Pointer, "/N/")
		if ptr != "" && !strings.Contains(string(doc), "`"+ptr+"`") {
			t.Errorf("FINDINGS.md does not name the pointer %s of %s", ptr, s)
		}
	}
}

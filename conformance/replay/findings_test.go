package replay

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/codespaces-go/codespaces/conformance/validate"
)

// pageSlips are the mistakes in the reference pages' examples, as the
// cassettes under cassettes/docs hold them. conformance/FINDINGS.md
// describes each, with the page it comes from.
var pageSlips = []Slip{
	// 003 and 000: the lists' codespaces lack the required pulls_url (the
	// single-codespace examples have it).
	{"docs/list-for-authenticated-user.yaml", 0, "codespaces/list-for-authenticated-user", validate.KindBody, "/codespaces/0/pulls_url"},
	{"docs/list-for-authenticated-user.yaml", 0, "codespaces/list-for-authenticated-user", validate.KindBody, "/codespaces/1/pulls_url"},
	{"docs/list-for-authenticated-user.yaml", 0, "codespaces/list-for-authenticated-user", validate.KindBody, "/codespaces/2/pulls_url"},
	{"docs/list-for-authenticated-user.yaml", 1, "codespaces/list-for-authenticated-user", validate.KindBody, "/codespaces/0/pulls_url"},
	{"docs/list-for-authenticated-user.yaml", 1, "codespaces/list-for-authenticated-user", validate.KindBody, "/codespaces/1/pulls_url"},
	{"docs/list-for-authenticated-user.yaml", 1, "codespaces/list-for-authenticated-user", validate.KindBody, "/codespaces/2/pulls_url"},
	{"docs/list-in-repository-for-authenticated-user.yaml", 0, "codespaces/list-in-repository-for-authenticated-user", validate.KindBody, "/codespaces/0/pulls_url"},
	{"docs/list-in-repository-for-authenticated-user.yaml", 0, "codespaces/list-in-repository-for-authenticated-user", validate.KindBody, "/codespaces/1/pulls_url"},
	{"docs/list-in-repository-for-authenticated-user.yaml", 1, "codespaces/list-in-repository-for-authenticated-user", validate.KindBody, "/codespaces/0/pulls_url"},
	{"docs/list-in-repository-for-authenticated-user.yaml", 1, "codespaces/list-in-repository-for-authenticated-user", validate.KindBody, "/codespaces/1/pulls_url"},
	{"docs/list-in-repository-for-authenticated-user.yaml", 1, "codespaces/list-in-repository-for-authenticated-user", validate.KindBody, "/codespaces/2/pulls_url"},
	// 000: "List secrets for the authenticated user" shows a list of
	// repositories (the seeds README's first slip).
	{"docs/list-secrets-for-authenticated-user.yaml", 0, "codespaces/list-secrets-for-authenticated-user", validate.KindBody, "/secrets"},
	// 000: the public key decodes to 33 bytes, not Curve25519's 32.
	{"docs/get-public-key-for-authenticated-user.yaml", 0, "codespaces/get-public-key-for-authenticated-user", validate.KindBody, "/key"},
	// 000: the machines-for-a-repository curl omits the required location.
	{"docs/repo-machines-for-authenticated-user.yaml", 0, "codespaces/repo-machines-for-authenticated-user", validate.KindParameter, ""},
	// 000: the create-for-the-user curl sends no body at all.
	{"docs/create-for-authenticated-user.yaml", 1, "codespaces/create-for-authenticated-user", validate.KindRequestBody, ""},
	{"docs/create-for-authenticated-user.yaml", 2, "codespaces/create-for-authenticated-user", validate.KindRequestBody, ""},
	// 003: the create-in-a-repository curl sends repository_id, which that
	// operation does not take (the repository is in the path).
	{"docs/create-with-repo-for-authenticated-user.yaml", 0, "codespaces/create-with-repo-for-authenticated-user", validate.KindRequestBody, "/repository_id"},
	// 003: the create-from-a-pull-request curl repeats the body of the
	// create-for-the-user one: repository_id and ref.
	{"docs/create-with-pr-for-authenticated-user.yaml", 0, "codespaces/create-with-pr-for-authenticated-user", validate.KindRequestBody, "/ref"},
	{"docs/create-with-pr-for-authenticated-user.yaml", 0, "codespaces/create-with-pr-for-authenticated-user", validate.KindRequestBody, "/repository_id"},
}

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
		ptr := s.Pointer
		if strings.Contains(ptr, "/codespaces/") {
			ptr = "/codespaces/N/pulls_url"
		}
		if ptr != "" && !strings.Contains(string(doc), "`"+ptr+"`") {
			t.Errorf("FINDINGS.md does not name the pointer %s of %s", ptr, s)
		}
	}
}

package update

import (
	"strings"
	"testing"
)

func genAndClient(gen string) Sources {
	return Sources{
		modulePath + "/gen": {"gen/gen.go": []byte("package gen\n\n" + gen)},
		modulePath + "/client": {"client/client.go": []byte(`package client

import (
	"strings"

	"github.com/codespaces-go/codespaces/gen"
)

func KeyID(k gen.Key) string { return strings.TrimSpace(k.KeyID) }
`)},
	}
}

// When client/ no longer compiles against the new gen/, the report says so
// with the compiler's errors, and still lists what changed in gen/.
func TestGoAPIChangesReportsAClientThatNoLongerCompiles(t *testing.T) {
	old := genAndClient("type Key struct{ KeyID, Key string }\n")
	new := genAndClient("type Key struct{ Key string }\n\nfunc New() Key { return Key{} }\n")
	changes, err := GoAPIChanges(root, old, new)
	must(t, err)
	if len(changes) != 2 || changes[0].Path != modulePath+"/gen" || changes[1].Path != modulePath+"/client" {
		t.Fatalf("changes %+v, want gen's then client's", changes)
	}
	gen, client := changes[0], changes[1]
	if strings.Join(gen.Incompatible, "|") != "Key.KeyID: removed" || strings.Join(gen.Compatible, "|") != "New: added" {
		t.Errorf("gen: incompatible %q, compatible %q", gen.Incompatible, gen.Compatible)
	}
	if len(client.OldErrors) != 0 || len(client.NewErrors) != 1 || !strings.HasPrefix(client.NewErrors[0], "client/client.go:9:") || !strings.Contains(client.NewErrors[0], "KeyID") {
		t.Errorf("client: errors before %q, after %q", client.OldErrors, client.NewErrors)
	}

	md := (&Report{Go: changes}).Markdown()
	for _, want := range []string{
		"Go API: 1 incompatible, 1 compatible; 1 package does not compile.",
		"- **incompatible** `Key.KeyID`: removed\n",
		"#### github.com/codespaces-go/codespaces/client\n\n**Does not compile against the new gen/:**\n\n```\nclient/client.go:9:",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the report does not say %q:\n%s", want, md)
		}
	}
}

func TestGoAPIChangesNamesPackagesAddedAndRemoved(t *testing.T) {
	old := Sources{modulePath + "/gen/old": {"gen/old/a.go": []byte("package old\n\nconst A = 1\n")}}
	new := Sources{modulePath + "/gen/new": {"gen/new/a.go": []byte("package new\n\nconst A = 1\n")}}
	changes, err := GoAPIChanges(root, old, new)
	must(t, err)
	if len(changes) != 2 || !changes[0].Added || changes[0].Path != modulePath+"/gen/new" || !changes[1].Removed {
		t.Fatalf("changes %+v", changes)
	}
}

func TestGoAPIChangesRefusesSourceThatDoesNotParse(t *testing.T) {
	bad := Sources{modulePath + "/gen": {"gen/gen.go": []byte("package gen\nfunc {")}}
	if _, err := GoAPIChanges(root, bad, bad); err == nil || !strings.Contains(err.Error(), "gen/gen.go") {
		t.Fatalf("error %v, want the file named", err)
	}
}

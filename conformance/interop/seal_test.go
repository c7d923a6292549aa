package interop

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"

	"golang.org/x/crypto/nacl/box"

	"github.com/codespaces-go/codespaces/client"
)

// TestLibsodiumOpensEncryptSecret: what client.EncryptSecret seals, real
// libsodium's crypto_box_seal_open opens, byte for byte. The client's own
// tests open its boxes with x/crypto; this is the check against the library
// GitHub's documentation names.
func TestLibsodiumOpensEncryptSecret(t *testing.T) {
	node := requireOctokit(t)
	pub, priv, err := box.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pk := base64.StdEncoding.EncodeToString(pub[:])
	plaintexts := [][]byte{[]byte("s3cr3t"), {}, bytes.Repeat([]byte{0, 0xff, 'x'}, 4096)}
	var boxes []string
	for _, p := range plaintexts {
		sealed, err := client.EncryptSecret(pk, p)
		if err != nil {
			t.Fatal(err)
		}
		boxes = append(boxes, sealed)
	}
	in, err := json.Marshal(map[string]any{
		"public_key": pk, "secret_key": base64.StdEncoding.EncodeToString(priv[:]), "boxes": boxes,
	})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(t.Context(), node, "open.mjs")
	cmd.Dir = "octokit"
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("libsodium could not open what EncryptSecret sealed: %v\n%s", err, stderr.String())
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != len(plaintexts) {
		t.Fatalf("libsodium opened %d boxes, want %d", len(lines), len(plaintexts))
	}
	for i, line := range lines {
		got, err := base64.StdEncoding.DecodeString(line)
		if err != nil || !bytes.Equal(got, plaintexts[i]) {
			t.Errorf("box %d opened to %d bytes (%v), want the %d sealed", i, len(got), err, len(plaintexts[i]))
		}
	}
}

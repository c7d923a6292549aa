package gogithub_test

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-github/v93/github"
	"golang.org/x/crypto/nacl/box"

	"github.com/codespaces-go/codespaces/conformance/mock"
	"github.com/codespaces-go/codespaces/conformance/mock/mocktest"
)

// <!-- go-github-example -->

// TestGoGitHub: a codespace created through go-github (GitHub's 202 "being
// retried in the background"), listed, exported, stopped and deleted, and a
// secret sealed and set. The mock fails the test if a request of go-github's
// breaks GitHub's description.
func TestGoGitHub(t *testing.T) {
	_, m := mocktest.New(t)
	base := m.GoGitHubURL() // http://127.0.0.1:PORT/api/v3/, as WithEnterpriseURLs wants it
	gh, err := github.NewClient(github.WithAuthToken(mocktest.Token), github.WithEnterpriseURLs(base, base))
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()

	// A 202 is a success here: a create being retried in the background, a
	// delete, an export. go-github returns every 202 as *github.AcceptedError,
	// with the answer's body in Raw.
	m.CreateRetriedNext(1) // the next create answers 202, as GitHub's may
	cs, _, err := gh.Codespaces.CreateInRepo(ctx, "octocat", "Hello-World", github.CreateCodespaceRequest{})
	if cs, err = accepted(cs, err); err != nil || cs.GetName() == "" {
		t.Fatalf("create: %v", err)
	}
	list, _, err := gh.Codespaces.List(ctx, nil)
	if err != nil || list.GetTotalCount() != 1 {
		t.Fatalf("list: %v, %d codespaces", err, list.GetTotalCount())
	}
	export, _, err := gh.Codespaces.ExportCodespace(ctx, cs.GetName())
	if export, err = accepted(export, err); err != nil || export.GetID() == "" {
		t.Fatalf("export: %v", err)
	}
	if _, _, err := gh.Codespaces.Stop(ctx, cs.GetName()); err != nil {
		t.Fatalf("stop: %v", err)
	}
	if _, err := gh.Codespaces.Delete(ctx, cs.GetName()); !errors.As(err, new(*github.AcceptedError)) {
		t.Fatalf("delete: %v, want GitHub's 202", err)
	}

	// A secret is sealed to the user's public key (libsodium's sealed box).
	key, _, err := gh.Codespaces.GetUserPublicKey(ctx)
	if err != nil {
		t.Fatalf("public key: %v", err)
	}
	var pub [32]byte
	if raw, err := base64.StdEncoding.DecodeString(key.GetKey()); err != nil || copy(pub[:], raw) != len(pub) {
		t.Fatalf("public key %q: %v", key.GetKey(), err)
	}
	sealed, err := box.SealAnonymous(nil, []byte("s3cr3t"), &pub, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := gh.Codespaces.CreateOrUpdateUserSecret(ctx, &github.EncryptedSecret{
		Name: "NPM_TOKEN", KeyID: key.GetKeyID(), EncryptedValue: base64.StdEncoding.EncodeToString(sealed),
	}); err != nil {
		t.Fatalf("set secret: %v", err)
	}
	if got, _ := m.SecretValue(mock.OctocatLogin, "NPM_TOKEN"); string(got) != "s3cr3t" {
		t.Errorf("the mock opens NPM_TOKEN to %q", got)
	}
}

// accepted turns go-github's *github.AcceptedError back into the answer it
// carries: GitHub's 202s in the Codespaces API come with the codespace or the
// export.
func accepted[T any](v *T, err error) (*T, error) {
	var a *github.AcceptedError
	if !errors.As(err, &a) {
		return v, err
	}
	v = new(T)
	if err := json.Unmarshal(a.Raw, v); err != nil {
		return nil, err
	}
	return v, nil
}

// <!-- /go-github-example -->

// TestGoGitHubWithURLs: WithURLs takes a URL as it is, so the mock's own URL
// (no /api/v3) works too; WithEnterpriseURLs would append api/v3/ to it.
func TestGoGitHubWithURLs(t *testing.T) {
	_, m := mocktest.New(t)
	base := m.URL()
	gh, err := github.NewClient(github.WithAuthToken(mocktest.Token), github.WithURLs(&base, &base))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := gh.Codespaces.List(t.Context(), nil); err != nil {
		t.Fatalf("list at %s: %v", gh.BaseURL(), err)
	}
	if got, want := gh.BaseURL(), base+"/"; got != want {
		t.Errorf("go-github's base URL is %s, want %s", got, want)
	}
}

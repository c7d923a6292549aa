package gogithub_test

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-github/v93/github"
	"golang.org/x/crypto/nacl/box"

	"github.com/codespaces-go/codespaces/conformance/mock"
)

const token = "ghp_gogithub_example_000000000000000000"

// TestGoGitHub runs the README's go-github section against the mock: a
// codespace created (GitHub's 202 "being retried in the background"),
// listed, exported, stopped and deleted, and a secret sealed and set. Every
// request go-github sent must conform to GitHub's description, and the mock
// must open the secret to what was sealed.
func TestGoGitHub(t *testing.T) {
	srv := mock.New(mock.WithOctocatToken(token))
	base, stop := srv.Start() // http://127.0.0.1:PORT
	t.Cleanup(stop)
	srv.CreateRetriedNext(1) // the next create answers 202, as GitHub's may

	name := codespaceLife(t.Context(), t, base)

	for _, v := range srv.Report().Violations() {
		t.Errorf("an exchange broke the spec (%d times): %s", v.Count, v.Violation)
	}
	if got, ok := srv.SecretValue(mock.OctocatLogin, "NPM_TOKEN"); !ok || string(got) != "s3cr3t" {
		t.Errorf("the mock opens NPM_TOKEN to %q (stored: %v), want what was sealed", got, ok)
	}
	var calls int
	for _, op := range srv.Report().Operations() {
		calls += op.Calls
	}
	if want := 7; calls != want {
		t.Errorf("the mock saw %d requests, want %d", calls, want)
	}
	if name == "" {
		t.Error("the 202 create gave no codespace name")
	}
}

// <!-- go-github-example -->
func codespaceLife(ctx context.Context, t *testing.T, base string) string {
	// WithURLs takes the mock's URL as it is. WithEnterpriseURLs would append
	// api/v3/ to a host that does not start with "api.", a path the mock serves
	// only when told to (serve -public-url http://127.0.0.1:8080/api/v3).
	gh, err := github.NewClient(github.WithAuthToken(token), github.WithURLs(&base, &base))
	if err != nil {
		t.Fatal(err)
	}

	// A 202 is a success here: a create being retried in the background, a
	// delete, an export. go-github returns every 202 as *github.AcceptedError,
	// with the answer's body in Raw.
	cs, _, err := gh.Codespaces.CreateInRepo(ctx, "octocat", "Hello-World", github.CreateCodespaceRequest{})
	if cs, err = accepted(cs, err); err != nil {
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
	return cs.GetName()
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

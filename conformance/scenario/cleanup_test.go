package scenario

import (
	"context"
	"slices"
	"testing"

	"github.com/codespaces-go/codespaces/client"
	"github.com/codespaces-go/codespaces/conformance/mock"
)

// userClient talks to a fresh mock on loopback as one user.
func userClient(t *testing.T) *client.Client {
	t.Helper()
	url, stop := mock.New().Start()
	t.Cleanup(stop)
	c, err := client.New(client.WithBaseURL(url), client.WithToken("cleanup-test-token"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func createNamed(t *testing.T, c *client.Client, display string) string {
	t.Helper()
	req := client.CreateCodespaceInRepositoryOptions{}
	if display != "" {
		req.DisplayName = &display
	}
	res, err := c.CreateCodespaceInRepository(context.Background(), DefaultOwner, DefaultRepo, req)
	if err != nil {
		t.Fatal(err)
	}
	return res.Codespace.Name
}

func putSecret(t *testing.T, c *client.Client, name string) {
	t.Helper()
	if _, err := c.SetSecret(context.Background(), name, []byte("v"), client.SetSecretOptions{}); err != nil {
		t.Fatal(err)
	}
}

func remaining(t *testing.T, c *client.Client) (codespaces, secrets []string) {
	t.Helper()
	ctx := context.Background()
	list, err := client.Collect(c.ListCodespaces(ctx, client.ListCodespacesOptions{}))
	if err != nil {
		t.Fatal(err)
	}
	for _, cs := range list {
		codespaces = append(codespaces, cs.Name)
	}
	ss, err := client.Collect(c.ListSecrets(ctx, client.ListOptions{}))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range ss {
		secrets = append(secrets, s.Name)
	}
	return codespaces, secrets
}

func TestCleanupDeletesOnlyWhatTheRunMade(t *testing.T) {
	c := userClient(t)
	ctx := context.Background()
	ours := createNamed(t, c, codespacePrefix("r1")+"lifecycle")
	tracked := createNamed(t, c, "") // created without a name, noted in the ledger
	otherRun := createNamed(t, c, codespacePrefix("r2")+"lifecycle")
	users := createNamed(t, c, "my work")
	prefixOnly := createNamed(t, c, "conformance-r1") // not the run's prefix: no trailing dash
	putSecret(t, c, secretPrefix("r1")+"A")
	putSecret(t, c, secretPrefix("r2")+"A")
	putSecret(t, c, "MY_SECRET")

	l := newLedger()
	l.add(kindCodespace, tracked)
	l.add(kindCodespace, "already-gone") // a 404 counts as deleted
	got := cleanUp(ctx, c, l)
	if !slices.Equal(got.Codespaces, []string{tracked}) || len(got.Errors) != 0 || len(l.pending(kindCodespace)) != 0 {
		t.Errorf("cleanUp: %+v, pending %v", got, l.pending(kindCodespace))
	}

	swept := sweep(ctx, c, "r1")
	if !slices.Equal(swept.Codespaces, []string{ours}) || !slices.Equal(swept.Secrets, []string{secretPrefix("r1") + "A"}) || len(swept.Errors) != 0 {
		t.Errorf("sweep: %+v", swept)
	}
	codespaces, secrets := remaining(t, c)
	slices.Sort(codespaces)
	want := []string{otherRun, users, prefixOnly}
	slices.Sort(want)
	if !slices.Equal(codespaces, want) {
		t.Errorf("codespaces left %v, want %v", codespaces, want)
	}
	if !slices.Equal(secrets, []string{secretPrefix("r2") + "A", "MY_SECRET"}) {
		t.Errorf("secrets left %v", secrets)
	}
}

func TestNamesCarryTheRunID(t *testing.T) {
	e := &Env{runID: "ab12"}
	if got := e.DisplayName("x"); got != "conformance-ab12-x" {
		t.Errorf("display name %q", got)
	}
	if got := e.SecretName("wrong_key"); got != "CONFORMANCE_AB12_WRONG_KEY" {
		t.Errorf("secret name %q", got)
	}
}

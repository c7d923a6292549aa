package scenario

import (
	"context"
	"slices"
	"testing"

	"github.com/codespaces-go/codespaces/client"
	"github.com/codespaces-go/codespaces/conformance/mock"
	"github.com/codespaces-go/codespaces/gen"
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
	req := gen.CreateCodespaceInRepositoryOptions{}
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

	e := &Env{Client: c, ledger: newLedger(), Repo: Repository{Owner: DefaultOwner, Name: DefaultRepo}}
	e.ledger.add(kindCodespace, tracked)
	e.ledger.add(kindCodespace, "already-gone") // a 404 counts as deleted
	e.ledger.add(kindRepository, "octocat/published")
	got := cleanUp(ctx, e)
	if !slices.Equal(got.Codespaces, []string{tracked}) || !slices.Equal(got.Left, []string{"octocat/published"}) || len(got.Errors) != 0 ||
		len(e.ledger.pending(kindCodespace))+len(e.ledger.pending(kindRepository)) != 0 {
		t.Errorf("cleanUp: %+v, pending %v", got, e.ledger.items)
	}

	swept := sweep(ctx, e, "r1")
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

// TestCleanupOfEveryScope: the ledger's organization and repository secrets
// and the second user's codespaces are deleted in their own scopes, and the
// sweep finds those carrying the run's names there, and nothing else.
func TestCleanupOfEveryScope(t *testing.T) {
	url, stop := mock.New().Start()
	t.Cleanup(stop)
	ctx := context.Background()
	newClient := func(token string) *client.Client {
		c, err := client.New(client.WithBaseURL(url), client.WithToken(token))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	admin, member := newClient("admin"), newClient("member")
	e := &Env{Client: admin, Second: member, ledger: newLedger(),
		Repo: Repository{Owner: DefaultOwner, Name: DefaultRepo}, Org: Organization{Login: mock.OrgLogin}}
	orgPut := func(name string) {
		t.Helper()
		if _, err := admin.SetOrgSecret(ctx, mock.OrgLogin, name, []byte("v"), gen.OrgSecretVisibilityPrivate, client.SetOrgSecretOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	repoPut := func(name string) {
		t.Helper()
		if _, err := admin.SetRepoSecret(ctx, DefaultOwner, DefaultRepo, name, []byte("v"), client.SetRepoSecretOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{secretPrefix("r1") + "TRACKED", secretPrefix("r1") + "SWEPT", secretPrefix("r2") + "OTHER", "THEIRS"} {
		orgPut(name)
		repoPut(name)
	}
	tracked := createNamed(t, member, "")
	swept := createNamed(t, member, codespacePrefix("r1")+"org-admin")
	theirs := createNamed(t, member, "their work")

	e.ledger.add(kindOrgSecret, secretPrefix("r1")+"TRACKED")
	e.ledger.add(kindRepoSecret, secretPrefix("r1")+"TRACKED")
	e.ledger.add(kindMemberCodespace, tracked)
	got := cleanUp(ctx, e)
	wantSecrets := []string{secretPrefix("r1") + "TRACKED of " + mock.OrgLogin, secretPrefix("r1") + "TRACKED of " + DefaultOwner + "/" + DefaultRepo}
	if !slices.Equal(got.Codespaces, []string{tracked}) || !slices.Equal(got.Secrets, wantSecrets) || len(got.Errors) != 0 {
		t.Errorf("cleanUp: %+v", got)
	}
	out := sweep(ctx, e, "r1")
	wantSecrets = []string{secretPrefix("r1") + "SWEPT of " + mock.OrgLogin, secretPrefix("r1") + "SWEPT of " + DefaultOwner + "/" + DefaultRepo}
	if !slices.Equal(out.Codespaces, []string{swept}) || !slices.Equal(out.Secrets, wantSecrets) || len(out.Errors) != 0 {
		t.Errorf("sweep: %+v", out)
	}
	left, err := client.Collect(member.ListCodespaces(ctx, client.ListCodespacesOptions{}))
	if err != nil || len(left) != 1 || left[0].Name != theirs {
		t.Errorf("the member's codespaces after the clean-up: %d (%v), want only %s", len(left), err, theirs)
	}
	orgLeft, err := client.Collect(admin.ListOrgSecrets(ctx, mock.OrgLogin, client.ListOptions{}))
	if err != nil {
		t.Fatal(err)
	}
	repoLeft, err := client.Collect(admin.ListRepoSecrets(ctx, DefaultOwner, DefaultRepo, client.ListOptions{}))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{secretPrefix("r2") + "OTHER", "THEIRS"}
	if got := names(orgLeft, func(s *gen.CodespacesOrgSecret) string { return s.Name }); !slices.Equal(got, want) {
		t.Errorf("organization secrets left %v, want %v", got, want)
	}
	if got := names(repoLeft, func(s *gen.RepoCodespacesSecret) string { return s.Name }); !slices.Equal(got, want) {
		t.Errorf("repository secrets left %v, want %v", got, want)
	}
}

// TestSweepPassesOverWhatTheTokenMayNotList: a token refused the
// organization's secrets (403) cannot have made any; the sweep goes on.
func TestSweepPassesOverWhatTheTokenMayNotList(t *testing.T) {
	c := userClient(t)
	e := &Env{Client: c, ledger: newLedger(), Repo: Repository{Owner: DefaultOwner, Name: DefaultRepo}, Org: Organization{Login: "no-such-org"}}
	putSecret(t, c, secretPrefix("r1")+"A")
	out := sweep(context.Background(), e, "r1")
	if !slices.Equal(out.Secrets, []string{secretPrefix("r1") + "A"}) || len(out.Errors) != 0 {
		t.Errorf("sweep: %+v", out)
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

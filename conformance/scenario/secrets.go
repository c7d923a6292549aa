package scenario

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/codespaces-go/codespaces/client"
	"github.com/codespaces-go/codespaces/gen"
)

// secrets walks a secret through its life: sealed with the user's public key
// and created (201), updated (204), read, listed, its repositories listed,
// set, added to and removed from, deleted, and then 404.
func secrets(ctx context.Context, e *Env) error {
	key, err := e.Client.GetPublicKey(ctx)
	if err != nil {
		return fmt.Errorf("get the public key: %w", err)
	}
	raw, err := base64.StdEncoding.DecodeString(key.Key)
	if err := expect(err == nil && len(raw) == client.PublicKeySize, "the public key is not %d bytes of base64", client.PublicKeySize); err != nil {
		return err
	}

	e.Logf("public key %s", key.KeyID)
	name := e.SecretName("secret")
	e.SecretCreated(name)
	res, err := e.Client.SetSecret(ctx, name, []byte("conformance value 1"), client.SetSecretOptions{SelectedRepositoryIDs: []int64{e.Repo.ID}})
	if err != nil {
		return fmt.Errorf("create secret %s: %w", name, err)
	}
	if err := expect(res.Outcome == client.SecretCreated, "putting new secret %s answered %s, not created (201)", name, res); err != nil {
		return err
	}
	res, err = e.Client.SetSecret(ctx, name, []byte("conformance value 2"), client.SetSecretOptions{})
	if err != nil {
		return fmt.Errorf("update secret %s: %w", name, err)
	}
	if err := expect(res.Outcome == client.SecretUpdated, "putting existing secret %s answered %s, not updated (204)", name, res); err != nil {
		return err
	}

	e.Logf("secret %s created (201) and updated (204)", name)
	got, err := e.Client.GetSecret(ctx, name)
	if err != nil {
		return fmt.Errorf("get secret %s: %w", name, err)
	}
	if err := expect(strings.EqualFold(got.Name, name) && got.Visibility == gen.CodespacesSecretVisibilitySelected,
		"secret %s reads back as %s with visibility %s, not selected", name, got.Name, got.Visibility); err != nil {
		return err
	}
	if err := e.secretListed(ctx, name, true); err != nil {
		return err
	}
	if err := e.selectedRepositories(ctx, name, e.Repo.ID); err != nil {
		return err
	}

	steps := []struct {
		what string
		do   func() error
		want []int64
	}{
		{"set no repositories", func() error { return e.Client.SetSecretRepositories(ctx, name, []int64{}) }, nil},
		{"add the repository", func() error { return e.Client.AddSecretRepository(ctx, name, e.Repo.ID) }, []int64{e.Repo.ID}},
		{"remove the repository", func() error { return e.Client.RemoveSecretRepository(ctx, name, e.Repo.ID) }, nil},
		{"set the repository", func() error { return e.Client.SetSecretRepositories(ctx, name, []int64{e.Repo.ID}) }, []int64{e.Repo.ID}},
	}
	for _, s := range steps {
		if err := s.do(); err != nil {
			return fmt.Errorf("%s for secret %s: %w", s.what, name, err)
		}
		if err := e.selectedRepositories(ctx, name, s.want...); err != nil {
			return fmt.Errorf("after %s: %w", s.what, err)
		}
		e.Logf("%s: repositories %v", s.what, s.want)
	}

	if err := e.Client.DeleteSecret(ctx, name); err != nil {
		return fmt.Errorf("delete secret %s: %w", name, err)
	}
	e.SecretDeleted(name)
	_, err = e.Client.GetSecret(ctx, name)
	if err := expectStatus(err, http.StatusNotFound, "get deleted secret "+name); err != nil {
		return err
	}
	return e.secretListed(ctx, name, false)
}

// secretListed checks whether the user's secrets include name.
func (e *Env) secretListed(ctx context.Context, name string, want bool) error {
	list, err := client.Collect(e.Client.ListSecrets(ctx, client.ListOptions{}))
	if err != nil {
		return fmt.Errorf("list secrets: %w", err)
	}
	found := slices.ContainsFunc(list, func(s *gen.CodespacesSecret) bool { return strings.EqualFold(s.Name, name) })
	if want {
		return expect(found, "the user's %d secrets do not include %s", len(list), name)
	}
	return expect(!found, "the user's secrets still include %s after it was deleted", name)
}

// selectedRepositories checks that exactly want may read the secret.
func (e *Env) selectedRepositories(ctx context.Context, name string, want ...int64) error {
	repos, err := client.Collect(e.Client.ListSecretRepositories(ctx, name))
	return exactlyRepositories("secret "+name, repos, err, want)
}

// exactlyRepositories checks a secret's list of selected repositories: its
// IDs must be want.
func exactlyRepositories(secret string, repos []*gen.MinimalRepository, err error, want []int64) error {
	if err != nil {
		return fmt.Errorf("list the repositories of %s: %w", secret, err)
	}
	got := make([]int64, 0, len(repos))
	for _, r := range repos {
		got = append(got, r.ID)
	}
	slices.Sort(got)
	want = slices.Sorted(slices.Values(want))
	return expect(slices.Equal(got, want), "%s may be read by repositories %v, not %v", secret, got, want)
}

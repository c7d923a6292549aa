package scenario

import (
	"context"
	"fmt"
	"net/http"

	"github.com/codespaces-go/codespaces/client"
	"github.com/codespaces-go/codespaces/gen"
)

// orgSecrets walks an organization secret through its life, sealed with the
// organization's own public key, through the three visibilities: created
// for all repositories (201), updated (204); selected for the
// organization's repository, whose selection is listed, set to none, added
// to and removed from; private, for which the selection is refused (409,
// "Conflict when visibility type not set to selected"); then deleted and
// 404. A member who is no admin is refused the key (403).
func orgSecrets(ctx context.Context, e *Env) error {
	if err := e.needsOrg(); err != nil {
		return err
	}
	o := e.Org
	key, err := e.Client.GetOrgPublicKey(ctx, o.Login)
	if err := e.needsRight(err, "organization secrets need an admin of "+o.Login+" and a token with admin:org"); err != nil {
		return err
	}
	if err := checkKey(key.Key, "the organization's"); err != nil {
		return err
	}
	if e.Second != nil {
		_, err := e.Second.GetOrgPublicKey(ctx, o.Login)
		if err := e.expectRefused(err, http.StatusForbidden, "get "+o.Login+"'s public key as a member"); err != nil {
			return err
		}
	}
	e.Logf("organization %s: public key %s", o.Login, key.KeyID)

	sc := secretScope{
		what: "organization " + o.Login + "'s",
		set: func(ctx context.Context, name string, value []byte) (*client.SecretResult, error) {
			return e.Client.SetOrgSecret(ctx, o.Login, name, value, gen.OrgSecretVisibilityAll, client.SetOrgSecretOptions{})
		},
		get: func(ctx context.Context, name string) (string, error) {
			s, err := e.Client.GetOrgSecret(ctx, o.Login, name)
			if err != nil {
				return "", err
			}
			return s.Name, nil
		},
		list: func(ctx context.Context) ([]string, error) {
			list, err := client.Collect(e.Client.ListOrgSecrets(ctx, o.Login, client.ListOptions{}))
			return names(list, func(s *gen.CodespacesOrgSecret) string { return s.Name }), err
		},
		del: func(ctx context.Context, name string) error { return e.Client.DeleteOrgSecret(ctx, o.Login, name) },
	}
	name := e.SecretName("org")
	if err := secretLife(ctx, e, sc, name, func() { e.ledger.add(kindOrgSecret, name) }, func() error {
		return orgVisibilities(ctx, e, name)
	}); err != nil {
		return err
	}
	e.ledger.remove(kindOrgSecret, name)
	return nil
}

// orgVisibilities moves a secret through selected and private, and checks
// the selected repositories at each step.
func orgVisibilities(ctx context.Context, e *Env, name string) error {
	o := e.Org
	put := func(visibility gen.OrgSecretVisibility, opts client.SetOrgSecretOptions) error {
		res, err := e.Client.SetOrgSecret(ctx, o.Login, name, []byte("conformance value 3"), visibility, opts)
		if err != nil {
			return fmt.Errorf("put organization secret %s with visibility %s: %w", name, visibility, err)
		}
		return expect(res.Outcome == client.SecretUpdated, "putting organization secret %s with visibility %s answered %s, not updated (204)", name, visibility, res)
	}
	visibility := func(want gen.OrgSecretVisibility) error {
		s, err := e.Client.GetOrgSecret(ctx, o.Login, name)
		if err != nil {
			return fmt.Errorf("get organization secret %s: %w", name, err)
		}
		return expect(string(s.Visibility) == string(want), "organization secret %s has visibility %s, not %s", name, s.Visibility, want)
	}
	if err := put(gen.OrgSecretVisibilitySelected, client.SetOrgSecretOptions{SelectedRepositoryIDs: []int64{o.RepoID}}); err != nil {
		return err
	}
	if err := visibility(gen.OrgSecretVisibilitySelected); err != nil {
		return err
	}
	if err := e.orgSelected(ctx, name, o.RepoID); err != nil {
		return err
	}
	steps := []struct {
		what string
		do   func() error
		want []int64
	}{
		{"set no repositories", func() error { return e.Client.SetOrgSecretRepositories(ctx, o.Login, name, []int64{}) }, nil},
		{"add the repository", func() error { return e.Client.AddOrgSecretRepository(ctx, o.Login, name, o.RepoID) }, []int64{o.RepoID}},
		{"remove the repository", func() error { return e.Client.RemoveOrgSecretRepository(ctx, o.Login, name, o.RepoID) }, nil},
	}
	for _, s := range steps {
		if err := s.do(); err != nil {
			return fmt.Errorf("%s for organization secret %s: %w", s.what, name, err)
		}
		if err := e.orgSelected(ctx, name, s.want...); err != nil {
			return fmt.Errorf("after %s: %w", s.what, err)
		}
		e.Logf("organization secret %s: %s: repositories %v", name, s.what, s.want)
	}
	if err := put(gen.OrgSecretVisibilityPrivate, client.SetOrgSecretOptions{}); err != nil {
		return err
	}
	if err := visibility(gen.OrgSecretVisibilityPrivate); err != nil {
		return err
	}
	err := e.Client.AddOrgSecretRepository(ctx, o.Login, name, o.RepoID)
	if err := expectStatus(err, http.StatusConflict, "add a repository to private organization secret "+name); err != nil {
		return err
	}
	e.Logf("organization secret %s: private, and a repository added to it is 409", name)
	return nil
}

// orgSelected checks that exactly want may read the organization secret.
func (e *Env) orgSelected(ctx context.Context, name string, want ...int64) error {
	repos, err := client.Collect(e.Client.ListOrgSecretRepositories(ctx, e.Org.Login, name, client.ListOptions{}))
	return exactlyRepositories("organization secret "+name, repos, err, want)
}

package scenario

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"

	"github.com/codespaces-go/codespaces/client"
	"github.com/codespaces-go/codespaces/gen"
)

// repoSecrets walks a secret of the run's repository through its life,
// sealed with the repository's own public key: created (201), updated
// (204), read, listed, deleted, then 404. A user who does not administer the
// repository is refused its key (403: "Users with write access to a
// repository can manage Codespaces repository secrets").
func repoSecrets(ctx context.Context, e *Env) error {
	r := e.Repo
	where := r.Owner + "/" + r.Name
	key, err := e.Client.GetRepoPublicKey(ctx, r.Owner, r.Name)
	if err := e.needsRight(err, "repository secrets need write access to "+where+" and a token with the repo scope"); err != nil {
		return err
	}
	if err := checkKey(key.Key, "the repository's"); err != nil {
		return err
	}
	if e.Embedded {
		// In the mock's world the second user administers nothing of
		// octocat's; live, they may have write access, so nothing is asked.
		_, err := e.Second.GetRepoPublicKey(ctx, r.Owner, r.Name)
		if err := expectStatus(err, http.StatusForbidden, "get "+where+"'s public key as a user without write access"); err != nil {
			return err
		}
		user, err := e.Client.GetPublicKey(ctx)
		if err != nil {
			return fmt.Errorf("get the user's public key: %w", err)
		}
		if err := expect(user.Key != key.Key && user.KeyID != key.KeyID, "the repository's public key is the user's"); err != nil {
			return err
		}
	}
	e.Logf("repository %s: public key %s", where, key.KeyID)
	name := e.SecretName("repo")
	sc := secretScope{
		what: "repository " + where + "'s",
		set: func(ctx context.Context, name string, value []byte) (*client.SecretResult, error) {
			return e.Client.SetRepoSecret(ctx, r.Owner, r.Name, name, value, client.SetRepoSecretOptions{})
		},
		get: func(ctx context.Context, name string) (string, error) {
			s, err := e.Client.GetRepoSecret(ctx, r.Owner, r.Name, name)
			if err != nil {
				return "", err
			}
			return s.Name, nil
		},
		list: func(ctx context.Context) ([]string, error) {
			list, err := client.Collect(e.Client.ListRepoSecrets(ctx, r.Owner, r.Name, client.ListOptions{}))
			return names(list, func(s *gen.RepoCodespacesSecret) string { return s.Name }), err
		},
		del: func(ctx context.Context, name string) error {
			return e.Client.DeleteRepoSecret(ctx, r.Owner, r.Name, name)
		},
	}
	if err := secretLife(ctx, e, sc, name, func() { e.ledger.add(kindRepoSecret, name) }, nil); err != nil {
		return err
	}
	e.ledger.remove(kindRepoSecret, name)
	return nil
}

// checkKey checks that a public key is 32 bytes of padded base64.
func checkKey(key, whose string) error {
	raw, err := base64.StdEncoding.DecodeString(key)
	return expect(err == nil && len(raw) == client.PublicKeySize, "%s public key is not %d bytes of base64", whose, client.PublicKeySize)
}

package scenario

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"slices"

	"golang.org/x/crypto/nacl/box"

	"github.com/codespaces-go/codespaces/client"
	"github.com/codespaces-go/codespaces/gen"
)

// errorAnswers asks for the documented error answers: 401 without a token,
// 404 for another user's codespace, 422 for a secret sealed with a key that
// is not the user's.
func errorAnswers(ctx context.Context, e *Env) error {
	_, err := client.Collect(e.Anonymous.ListCodespaces(ctx, client.ListCodespacesOptions{}))
	if err := expectStatus(err, http.StatusUnauthorized, "list codespaces without a token"); err != nil {
		return err
	}
	e.Logf("without a token: 401")
	if err := crossUser(ctx, e); err != nil {
		return err
	}
	return wrongKey(ctx, e)
}

// crossUser checks that the main user's codespace is 404 to the second user
// and missing from their list.
func crossUser(ctx context.Context, e *Env) error {
	if e.Second == nil {
		e.Logf("no second token: the cross-user check is skipped")
		return nil
	}
	name, err := e.createInRepository(ctx, "errors")
	if err != nil {
		return err
	}
	_, err = e.Second.GetCodespace(ctx, name)
	if err := expectStatus(err, http.StatusNotFound, "get another user's codespace"); err != nil {
		return err
	}
	theirs, err := client.Collect(e.Second.ListCodespaces(ctx, client.ListCodespacesOptions{}))
	if err != nil {
		return fmt.Errorf("list the second user's codespaces: %w", err)
	}
	if slices.ContainsFunc(theirs, func(cs *gen.Codespace) bool { return cs.Name == name }) {
		return fmt.Errorf("the second user's codespaces include %s, the main user's", name)
	}
	e.Logf("codespace %s is 404 to another user and not in their list", name)
	return e.deleteCodespace(ctx, name)
}

// wrongKey puts a secret sealed with a key pair of its own, under the user's
// key ID: the server cannot open it and must refuse it.
func wrongKey(ctx context.Context, e *Env) error {
	key, err := e.Client.GetPublicKey(ctx)
	if err != nil {
		return fmt.Errorf("get the public key: %w", err)
	}
	stranger, _, err := box.GenerateKey(rand.Reader)
	if err != nil {
		return fmt.Errorf("make a key pair: %w", err)
	}
	sealed, err := client.EncryptSecret(base64.StdEncoding.EncodeToString(stranger[:]), []byte("sealed for nobody"))
	if err != nil {
		return fmt.Errorf("seal a value: %w", err)
	}
	name := e.SecretName("wrong_key")
	e.SecretCreated(name) // in case the server takes it
	resp, err := e.Client.API().CodespacesCreateOrUpdateSecretForAuthenticatedUserWithResponse(ctx, name,
		gen.CodespacesCreateOrUpdateSecretForAuthenticatedUserJSONRequestBody{EncryptedValue: &sealed, KeyID: key.KeyID})
	if err == nil {
		err = e.Client.CheckResponse(resp.HTTPResponse, resp.Body)
		if err == nil {
			err = fmt.Errorf("the server took it with %d", resp.StatusCode())
		}
	}
	if err := expectStatus(err, http.StatusUnprocessableEntity, "put a secret sealed with the wrong key"); err != nil {
		return err
	}
	e.SecretDeleted(name)
	e.Logf("a value sealed with the wrong key: 422")
	return nil
}

// expectStatus checks that a call failed with an *client.APIError of status.
func expectStatus(err error, status int, what string) error {
	var ae *client.APIError
	switch {
	case err == nil:
		return fmt.Errorf("%s: succeeded, want %d", what, status)
	case !errors.As(err, &ae):
		return fmt.Errorf("%s: want %d: %w", what, status, err)
	case ae.StatusCode != status:
		return fmt.Errorf("%s: answered %d, want %d: %w", what, ae.StatusCode, status, err)
	}
	return nil
}

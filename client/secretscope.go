package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/codespaces-go/codespaces/gen"
)

// The three scopes of Codespaces secrets (the user's, an organization's, a
// repository's) store a value the same way: fetch the scope's public key,
// seal the value to it (EncryptSecret), and PUT the sealed value with the
// key's key_id. They differ only in their key's URL and in their PUT's path
// and body, which a secretScope carries; setSealed is the one path that does
// the rest for all three.
//
// The key is fetched for every set, not kept: a Client kept no key it could
// not also get wrong (a rotated key, a scope evicted), and the fetch is one
// GET that an ETagCache under the Client turns into a 304 while the key
// does not change. A program that sets many secrets in one scope and wants
// fewer requests can fetch the key once (GetPublicKey and its kin) and
// seal with EncryptSecret itself.

// sealingKey is a scope's public key and its ID.
type sealingKey struct{ id, key string }

// secretScope says how to reach one scope's public key and how to store a
// value sealed to it.
type secretScope struct {
	// putOp is the PUT's operationId, for its errors.
	putOp string
	// fetch gets the scope's public key (GetPublicKey, GetOrgPublicKey,
	// GetRepoPublicKey).
	fetch func(context.Context) (sealingKey, error)
	// put sends the value sealed with key.
	put func(ctx context.Context, cl *call, key sealingKey, sealed string) (*http.Response, error)
}

// setSealed stores plaintext as the secret name of the scope and reports
// whether it was created or updated. When GitHub refuses the value because
// of the key (see refusesKey: the key was replaced between the fetch and the
// PUT), the key is fetched again and the value sealed and put once more; a
// second refusal is returned as it is.
//
// Both PUTs are one call: a 204 after an attempt whose answer was lost is
// SecretCreatedOrUpdated whichever PUT it came from.
func (c *Client) setSealed(ctx context.Context, sc secretScope, name string, plaintext []byte, callOpts []CallOption) (*SecretResult, error) {
	ctx, cl := c.begin(ctx, sc.putOp, callOpts)
	for refetched := false; ; refetched = true {
		key, err := sc.fetch(ctx)
		if err != nil {
			return nil, fmt.Errorf("set secret %s: %w", name, err)
		}
		sealed, err := EncryptSecret(key.key, plaintext)
		if err != nil {
			return nil, fmt.Errorf("set secret %s with key %s: %w", name, key.id, err)
		}
		resp, err := sc.put(ctx, cl, key, sealed)
		status, err := cl.noContent(resp, err)
		switch {
		case err == nil:
			return &SecretResult{Outcome: cl.secretOutcome(status), StatusCode: status}, nil
		case !refetched && refusesKey(err):
			continue
		}
		return nil, err
	}
}

// secretOutcome reads a secret PUT's 2xx status.
func (cl *call) secretOutcome(status int) SecretOutcome {
	switch {
	case status == http.StatusCreated:
		return SecretCreated
	case cl.sent.mayHaveActed:
		// The secret existed when the retry arrived, perhaps because the
		// attempt whose answer was lost had just created it.
		return SecretCreatedOrUpdated
	}
	return SecretUpdated
}

// refusesKey reports whether err is GitHub refusing a sealed value because
// of the key it was sealed with: a validation error (422; 400 where the
// operation documents no 422, as the repository secret PUT does) whose
// errors name the field key_id or encrypted_value. The Client always sends
// both fields, well formed, so such a refusal means the key no longer fits.
// It reads the structured errors only, never the message's words: other
// refusals, such as a name GitHub does not allow, are not about the key.
func refusesKey(err error) bool {
	var ae *APIError
	if !errors.As(err, &ae) || ae.StatusCode != http.StatusUnprocessableEntity && ae.StatusCode != http.StatusBadRequest {
		return false
	}
	for _, fe := range ae.Errors {
		if fe.Field == "key_id" || fe.Field == "encrypted_value" {
			return true
		}
	}
	return false
}

// decodeKey decodes a scope's public key, refusing one without its key or
// key_id: nothing could be sealed to it, or stored with it.
func decodeKey[K any](cl *call, resp *http.Response, err error, fields func(*K) (id, key string)) (*K, error) {
	k, resp, err := decode[K](cl, resp, err)
	if err != nil {
		return nil, err
	}
	if id, key := fields(k); id == "" || key == "" {
		return nil, &DecodeError{Operation: cl.op, StatusCode: resp.StatusCode, Err: errors.New("the key or its key_id is missing")}
	}
	return k, nil
}

// The key and key_id of the two public-key types GitHub's description has:
// the user's, and the one organizations and repositories share.
func userKeyFields(k *gen.CodespacesUserPublicKey) (id, key string) { return k.KeyID, k.Key }
func publicKeyFields(k *gen.CodespacesPublicKey) (id, key string)   { return k.KeyID, k.Key }

// keyFetcher makes a scope's fetch from its public-key method.
func keyFetcher[K any](get func(context.Context) (*K, error), fields func(*K) (id, key string)) func(context.Context) (sealingKey, error) {
	return func(ctx context.Context) (sealingKey, error) {
		k, err := get(ctx)
		if err != nil {
			return sealingKey{}, err
		}
		id, key := fields(k)
		return sealingKey{id: id, key: key}, nil
	}
}

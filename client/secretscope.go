package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/codespaces-go/codespaces/gen"
)

// The three scopes of Codespaces secrets (the user's, an organization's, a
// repository's) store a value the same way: fetch the scope's public key,
// seal the value to it (EncryptSecret), and PUT the sealed value with the
// key's key_id. They differ only in their key's URL and in their PUT's path
// and body, which a secretScope carries; setSealed is the one path that does
// the rest for all three.

// sealingKey is a scope's public key and its ID, as the cache keeps it.
type sealingKey struct{ id, key string }

// secretScope says how to reach one scope's public key and how to store a
// value sealed to it.
type secretScope struct {
	// cacheKey names the scope in the Client's key cache: no two scopes
	// share one (see userScopeKey, orgScopeKey, repoScopeKey).
	cacheKey string
	// putOp is the PUT's operationId, for its errors.
	putOp string
	// fetch gets the scope's public key (GetPublicKey, GetOrgPublicKey,
	// GetRepoPublicKey).
	fetch func(context.Context) (sealingKey, error)
	// put sends the value sealed with key.
	put func(ctx context.Context, cl *call, key sealingKey, sealed string) (*http.Response, error)
}

// The cache keys of the scopes. A NUL cannot occur in a login or a
// repository name, so an organization's key never collides with a
// repository's or the user's.
const userScopeKey = "user"

func orgScopeKey(org string) string          { return "org\x00" + org }
func repoScopeKey(owner, repo string) string { return "repo\x00" + owner + "\x00" + repo }

// setSealed stores plaintext as the secret name of the scope and reports
// whether it was created or updated. The scope's key comes from the Client's
// cache, fetched on first use. When GitHub refuses the value because of the
// key (a 422 naming key_id or encrypted_value: the key was rotated since it
// was cached), the cached key is dropped, fetched again, and the value sealed
// and put once more; a second refusal is returned as it is.
//
// Both PUTs are one call: a 204 after an attempt whose answer was lost is
// SecretCreatedOrUpdated whichever PUT it came from.
func (c *Client) setSealed(ctx context.Context, sc secretScope, name string, plaintext []byte, callOpts []CallOption) (*SecretResult, error) {
	ctx, cl := c.begin(ctx, sc.putOp, callOpts)
	for refreshed := false; ; refreshed = true {
		key, err := c.keys.get(ctx, sc)
		if err != nil {
			return nil, fmt.Errorf("set secret %s: %w", name, err)
		}
		sealed, err := EncryptSecret(key.key, plaintext)
		if err != nil {
			c.keys.drop(ctx, sc.cacheKey, key)
			return nil, fmt.Errorf("set secret %s with key %s: %w", name, key.id, err)
		}
		resp, err := sc.put(ctx, cl, key, sealed)
		status, err := cl.noContent(resp, err)
		switch {
		case err == nil:
			return &SecretResult{Outcome: cl.secretOutcome(status), StatusCode: status}, nil
		case !refreshed && refusesKey(err):
			c.keys.drop(ctx, sc.cacheKey, key)
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
// of the key it was sealed with. GitHub answers a secret PUT it cannot use
// with 422 (the descriptions of all three PUTs document it); its message
// names the field, as in `Invalid request. "key_id" wasn't supplied.`
// (github/rest-api-description#419), and the mock names key_id or
// encrypted_value in the errors list. The Client always sends both fields,
// so a 422 naming either means the key no longer fits. Other 422s, such as
// a name GitHub does not allow, are not about the key.
func refusesKey(err error) bool {
	var ae *APIError
	if !errors.As(err, &ae) || ae.StatusCode != http.StatusUnprocessableEntity {
		return false
	}
	names := func(s string) bool { return strings.Contains(s, "key_id") || strings.Contains(s, "encrypted_value") }
	for _, fe := range ae.Errors {
		if names(fe.Field) || names(fe.Message) {
			return true
		}
	}
	return names(ae.Message)
}

// maxCachedKeys bounds the key cache: a Client that sets secrets in very
// many repositories forgets some keys (and fetches them again) rather than
// growing without end.
const maxCachedKeys = 256

// keyCache holds each scope's public key. It is safe for concurrent use;
// callers that miss the same scope at once share one fetch. The zero value
// is ready.
type keyCache struct {
	mu      sync.Mutex
	entries map[string]*keyEntry
}

// keyEntry is one scope's slot. Its lock is a channel so that a caller
// waiting for another's fetch still heeds its context.
type keyEntry struct {
	lock chan struct{}
	key  *sealingKey
}

// get returns the scope's cached key, or fetches and caches it.
func (kc *keyCache) get(ctx context.Context, sc secretScope) (sealingKey, error) {
	e := kc.entry(sc.cacheKey)
	select {
	case e.lock <- struct{}{}:
	case <-ctx.Done():
		return sealingKey{}, ctx.Err()
	}
	defer func() { <-e.lock }()
	if e.key != nil {
		return *e.key, nil
	}
	key, err := sc.fetch(ctx)
	if err != nil {
		return sealingKey{}, err
	}
	e.key = &key
	return key, nil
}

func (kc *keyCache) entry(cacheKey string) *keyEntry {
	kc.mu.Lock()
	defer kc.mu.Unlock()
	if kc.entries == nil {
		kc.entries = make(map[string]*keyEntry)
	}
	e := kc.entries[cacheKey]
	if e == nil {
		if len(kc.entries) >= maxCachedKeys {
			for k := range kc.entries {
				delete(kc.entries, k) // any one: map order is random
				break
			}
		}
		e = &keyEntry{lock: make(chan struct{}, 1)}
		kc.entries[cacheKey] = e
	}
	return e
}

// drop forgets the scope's key if it is still stale; a key another caller
// has fetched since is kept. When ctx ends first nothing is dropped, and the
// caller's next get fails on ctx anyway.
func (kc *keyCache) drop(ctx context.Context, cacheKey string, stale sealingKey) {
	e := kc.entry(cacheKey)
	select {
	case e.lock <- struct{}{}:
	case <-ctx.Done():
		return
	}
	defer func() { <-e.lock }()
	if e.key != nil && *e.key == stale {
		e.key = nil
	}
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

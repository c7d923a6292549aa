package mock

import (
	"bytes"
	"encoding/base64"
	"errors"
	"math/rand/v2"
	"slices"
	"strconv"

	"golang.org/x/crypto/nacl/box"
)

// keyring is the mock's key pair for secrets: clients seal values with the
// public key (libsodium's crypto_box_seal) and the mock opens them.
type keyring struct {
	id      string
	public  *[32]byte
	private *[32]byte
	retired map[string]bool // IDs of keys rotated out: values sealed with them are stale
}

// newKeyring makes a key pair from rng, so that a seeded mock always serves
// the same key.
func newKeyring(rng *rand.Rand) keyring {
	k := keyring{retired: make(map[string]bool)}
	k.rotate(rng)
	return k
}

func (k *keyring) rotate(rng *rand.Rand) {
	if k.id != "" {
		k.retired[k.id] = true
	}
	seed := make([]byte, 32)
	for i := range seed {
		seed[i] = byte(rng.Uint32())
	}
	pub, priv, err := box.GenerateKey(bytes.NewReader(seed))
	if err != nil {
		// GenerateKey fails only when its reader runs short; ours has 32 bytes.
		panic("mock: generate the secrets key pair: " + err.Error())
	}
	k.public, k.private = pub, priv
	// GitHub's key IDs are long decimal numbers.
	k.id = strconv.FormatUint(1e17+rng.Uint64N(9e17), 10)
}

func (k *keyring) publicKey() string { return base64.StdEncoding.EncodeToString(k.public[:]) }

var (
	errStaleKey   = errors.New("the key_id names a key that was replaced; fetch the public key again")
	errUnknownKey = errors.New("the key_id is not the ID of the public key")
	errNotBase64  = errors.New("encrypted_value is not base64")
	errNotSealed  = errors.New("encrypted_value does not open with the public key for key_id")
)

// open returns the plaintext of a value sealed with the current key.
func (k *keyring) open(keyID, encrypted string) ([]byte, error) {
	switch {
	case k.retired[keyID]:
		return nil, errStaleKey
	case keyID != k.id:
		return nil, errUnknownKey
	}
	sealed, err := base64.StdEncoding.DecodeString(encrypted)
	if err != nil {
		return nil, errNotBase64
	}
	plain, ok := box.OpenAnonymous(nil, sealed, k.public, k.private)
	if !ok {
		return nil, errNotSealed
	}
	return plain, nil
}

// RotateKey replaces every secrets key pair: the users', each
// organization's and each repository's. Values sealed with an old key are
// then refused as stale (422, or the operation's 400 where it documents no
// 422), as GitHub does after it rotates keys.
func (s *Server) RotateKey() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.keys.rotate(s.rng)
	for _, o := range s.world().orgs {
		o.secrets.rotate(s.rng)
	}
	// In ID order, so that a seeded mock rotates alike every time.
	ids := make([]int64, 0, len(s.repoScopes))
	for id := range s.repoScopes {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		s.repoScopes[id].rotate(s.rng)
	}
}

// PublicKey returns the current secrets public key (base64) and its key_id, as
// the public-key endpoint serves them.
func (s *Server) PublicKey() (key, keyID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.keys.publicKey(), s.keys.id
}

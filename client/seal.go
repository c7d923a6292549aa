package client

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"

	"golang.org/x/crypto/nacl/box"
)

// PublicKeySize is the length of a Curve25519 public key in bytes.
const PublicKeySize = 32

// EncryptSecret seals plaintext for the holder of the private key that
// belongs to publicKeyBase64 (the key of GetPublicKey, 32 bytes in padded
// standard base64), the way libsodium's crypto_box_seal does, and returns
// the sealed box in padded standard base64: the encrypted_value GitHub
// expects. Each call gives a different result, since the box uses a fresh
// ephemeral key.
//
// A key that is not valid base64 or not 32 bytes long is an error. Neither
// the error nor anything else tells the plaintext.
func EncryptSecret(publicKeyBase64 string, plaintext []byte) (string, error) {
	key, err := decodePublicKey(publicKeyBase64)
	if err != nil {
		return "", err
	}
	sealed, err := box.SealAnonymous(nil, plaintext, key, rand.Reader)
	if err != nil {
		return "", fmt.Errorf("client: cannot seal the secret: %w", err)
	}
	return base64.StdEncoding.EncodeToString(sealed), nil
}

func decodePublicKey(s string) (*[PublicKeySize]byte, error) {
	raw, err := base64.StdEncoding.Strict().DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("client: the public key is not padded standard base64: %w", err)
	}
	if len(raw) != PublicKeySize {
		return nil, fmt.Errorf("client: the public key is %d bytes long, not %d", len(raw), PublicKeySize)
	}
	return (*[PublicKeySize]byte)(raw), nil
}

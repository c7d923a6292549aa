package client

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"

	"golang.org/x/crypto/curve25519"
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
// A key that is not valid base64, not 32 bytes long, or of low order is an
// error. Neither the error nor anything else tells the plaintext.
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
	// A point of small order (the all-zero key among them) makes the shared
	// secret a constant, so the box would open with public data alone.
	// libsodium refuses such keys; X25519 with any scalar maps exactly them
	// to zero, which x/crypto reports as an error.
	if _, err := curve25519.X25519(lowOrderProbe[:], raw); err != nil {
		return nil, errors.New("client: the public key is a low-order Curve25519 point (such as all zeros): " +
			"a value sealed to it could be opened without the private key, so it is refused")
	}
	return (*[PublicKeySize]byte)(raw), nil
}

// lowOrderProbe is any scalar: X25519 clamps it to a multiple of the
// cofactor, so the product with a low-order point is zero.
var lowOrderProbe = [curve25519.ScalarSize]byte{1}

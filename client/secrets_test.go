package client

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"

	"golang.org/x/crypto/nacl/box"

	"github.com/codespaces-go/codespaces/gen"
)

// testKeys is a fixed key pair, so that fuzzing can seal with a key it can
// also open.
var testPub, testPriv = func() (*[32]byte, *[32]byte) {
	pub, priv, err := box.GenerateKey(bytes.NewReader(bytes.Repeat([]byte{7}, 64)))
	if err != nil {
		panic(err)
	}
	return pub, priv
}()

func openSealed(t testing.TB, sealedB64 string) []byte {
	t.Helper()
	if strings.ContainsAny(sealedB64, "-_") || len(sealedB64)%4 != 0 {
		t.Fatalf("%q is not padded standard base64", sealedB64)
	}
	sealed, err := base64.StdEncoding.DecodeString(sealedB64)
	if err != nil {
		t.Fatalf("the sealed value is not base64: %v", err)
	}
	plain, ok := box.OpenAnonymous(nil, sealed, testPub, testPriv)
	if !ok {
		t.Fatalf("the sealed value does not open with the private key")
	}
	return plain
}

func TestEncryptSecretRoundTrip(t *testing.T) {
	key := base64.StdEncoding.EncodeToString(testPub[:])
	for _, plain := range [][]byte{[]byte("hunter2"), {}, bytes.Repeat([]byte{0, 0xff}, 5000)} {
		a, err := EncryptSecret(key, plain)
		if err != nil {
			t.Fatal(err)
		}
		b, err := EncryptSecret(key, plain)
		if err != nil {
			t.Fatal(err)
		}
		if a == b {
			t.Error("two sealings gave the same value: the ephemeral key is not fresh")
		}
		for _, s := range []string{a, b} {
			if got := openSealed(t, s); !bytes.Equal(got, plain) {
				t.Errorf("opened %d bytes, want the %d sealed", len(got), len(plain))
			}
			if raw, _ := base64.StdEncoding.DecodeString(s); len(raw) != len(plain)+box.AnonymousOverhead {
				t.Errorf("sealed %d bytes into %d, want %d more", len(plain), len(raw), box.AnonymousOverhead)
			}
		}
	}
}

// TestLibsodiumVector opens a box that libsodium 1.0.18's crypto_box_seal
// sealed (key pair from crypto_box_seed_keypair with seed 0x00..0x1f): the
// x/crypto code EncryptSecret uses speaks the same format.
func TestLibsodiumVector(t *testing.T) {
	b64 := base64.StdEncoding.DecodeString
	pub, _ := b64("RwHQhIhFH1RaQJ+1iuPlhYHKQKw/fxFGmM1x3qxzygE=")
	priv, _ := b64("PZTupJxYCu+BaTV2K+BJVZ1tFEDe3hLmoSXxhB//jm8=")
	sealed, _ := b64("XLDjfE0W/ai8kk7K4VaBrvKs73NH4MXbxOvlnm4a0U+80lMdIxkwlLAsN4SuLp0T94Zb+60nIRZ/op2f4ciG1ky1YwDE+6rjuETn6o6kGZ0wmdbTcw==")
	plain, ok := box.OpenAnonymous(nil, sealed, (*[32]byte)(pub), (*[32]byte)(priv))
	if !ok || string(plain) != "sealed by libsodium's crypto_box_seal" {
		t.Fatalf("OpenAnonymous = %q, %v", plain, ok)
	}
	// And the other way: what EncryptSecret seals for that key opens with it.
	ours, err := EncryptSecret("RwHQhIhFH1RaQJ+1iuPlhYHKQKw/fxFGmM1x3qxzygE=", []byte("from Go"))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := b64(ours)
	if got, ok := box.OpenAnonymous(nil, raw, (*[32]byte)(pub), (*[32]byte)(priv)); !ok || string(got) != "from Go" {
		t.Errorf("our box for the libsodium key opens to %q, %v", got, ok)
	}
}

func TestEncryptSecretBadKeys(t *testing.T) {
	tests := []struct {
		name, key, want string
	}{
		{"empty", "", "is 0 bytes long, not 32"},
		{"not base64", "not a key!", "not padded standard base64"},
		{"31 bytes", base64.StdEncoding.EncodeToString(make([]byte, 31)), "is 31 bytes long, not 32"},
		{"33 bytes (the reference page's example)", base64.StdEncoding.EncodeToString(make([]byte, 33)), "is 33 bytes long, not 32"},
		{"unpadded", strings.TrimRight(base64.StdEncoding.EncodeToString(testPub[:]), "="), "not padded standard base64"},
		{"URL alphabet", base64.URLEncoding.EncodeToString(bytes.Repeat([]byte{0xfb, 0xff}, 16)), "not padded standard base64"},
		{"non-zero padding bits", base64.StdEncoding.EncodeToString(testPub[:])[:42] + "B=", "not padded standard base64"},
	}
	for i, k := range libsodiumBlocklist {
		for _, top := range []byte{0, 0x80} {
			k[31] |= top // libsodium ignores the top bit, as X25519 does
			tests = append(tests, struct{ name, key, want string }{
				fmt.Sprintf("low order %d top bit %x", i, top), base64.StdEncoding.EncodeToString(k[:]), "low-order Curve25519 point",
			})
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := EncryptSecret(tt.key, []byte("hunter2"))
			if err == nil || got != "" {
				t.Fatalf("EncryptSecret = %q, %v; want an error", got, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want it to say %q", err, tt.want)
			}
			mustContainNone(t, "the error", err.Error(), "hunter2")
		})
	}
}

// libsodiumBlocklist is the list of low-order points that libsodium's
// crypto_scalarmult_curve25519 refuses (has_small_order in
// crypto_scalarmult/curve25519/ref10/x25519_ref10.c), compared there with
// the top bit cleared. The client finds them another way (X25519's zero
// output); this list is the independent check.
var libsodiumBlocklist = [][32]byte{
	{},  // 0 (order 4)
	{1}, // 1 (order 1)
	{0xe0, 0xeb, 0x7a, 0x7c, 0x3b, 0x41, 0xb8, 0xae, 0x16, 0x56, 0xe3, 0xfa, 0xf1, 0x9f, 0xc4, 0x6a,
		0xda, 0x09, 0x8d, 0xeb, 0x9c, 0x32, 0xb1, 0xfd, 0x86, 0x62, 0x05, 0x16, 0x5f, 0x49, 0xb8, 0x00}, // order 8
	{0x5f, 0x9c, 0x95, 0xbc, 0xa3, 0x50, 0x8c, 0x24, 0xb1, 0xd0, 0xb1, 0x55, 0x9c, 0x83, 0xef, 0x5b,
		0x04, 0x44, 0x5c, 0xc4, 0x58, 0x1c, 0x8e, 0x86, 0xd8, 0x22, 0x4e, 0xdd, 0xd0, 0x9f, 0x11, 0x57}, // order 8
	pMinus(1),  // p-1 (order 2)
	pMinus(0),  // p (= 0)
	pMinus(-1), // p+1 (= 1)
}

// pMinus returns 2^255-19-d in little-endian bytes.
func pMinus(d int) [32]byte {
	var k [32]byte
	for i := range k {
		k[i] = 0xff
	}
	k[0] = byte(0xed - d)
	k[31] = 0x7f
	return k
}

func onBlocklist(raw []byte) bool {
	for _, k := range libsodiumBlocklist {
		same := true
		for i := range 31 {
			same = same && raw[i] == k[i]
		}
		if same && raw[31]&0x7f == k[31] {
			return true
		}
	}
	return false
}

// FuzzEncryptSecret: any key and plaintext give a sealed value that opens,
// or an error; never a panic. The seeds include the test key, whose values
// are opened and compared.
func FuzzEncryptSecret(f *testing.F) {
	good := base64.StdEncoding.EncodeToString(testPub[:])
	f.Add(good, []byte("hunter2"))
	f.Add(good, []byte{})
	f.Add("2Sg8iYjAxxmI2LvUXpJjkYrMxURPc8r+dB7TJyvvcCU=", []byte("x"))
	f.Add("2Sg8iYjAxxmI2LvUXpJjkYrMxURPc8r+dB7TJyvvcCUA", []byte("x"))
	f.Add("AAAA", []byte("x"))
	f.Add(base64.StdEncoding.EncodeToString(make([]byte, 32)), []byte("x"))
	f.Add("====", []byte(nil))
	f.Add("\n2Sg8iYjAxxmI2LvUXpJjkYrMxURPc8r+dB7TJyvvcCU=\n", []byte("x"))
	f.Fuzz(func(t *testing.T, key string, plain []byte) {
		sealed, err := EncryptSecret(key, plain)
		raw, decErr := base64.StdEncoding.Strict().DecodeString(key)
		valid := decErr == nil && len(raw) == 32 && !onBlocklist(raw)
		if (err == nil) != valid {
			t.Fatalf("EncryptSecret(%q) error %v, but the key valid = %v", key, err, valid)
		}
		if err != nil {
			if len(plain) > 3 && strings.Contains(err.Error(), string(plain)) {
				t.Fatalf("the error %q tells the plaintext", err)
			}
			return
		}
		if key == good {
			if got := openSealed(t, sealed); !bytes.Equal(got, plain) {
				t.Fatalf("round trip gave %q, want %q", got, plain)
			}
		} else if b, err := base64.StdEncoding.DecodeString(sealed); err != nil || len(b) != len(plain)+box.AnonymousOverhead {
			t.Fatalf("sealed value of %d bytes (%v), want %d", len(b), err, len(plain)+box.AnonymousOverhead)
		}
	})
}

// secretServer is a user's secret store: it hands out testPub and opens
// what it is given with testPriv.
type secretServer struct {
	mu      sync.Mutex
	keyB64  string
	values  map[string][]byte
	bodies  []map[string]any
	getKeys int
}

func newSecretServer() *secretServer {
	return &secretServer{keyB64: base64.StdEncoding.EncodeToString(testPub[:]), values: map[string][]byte{}}
}

func (s *secretServer) handler(t *testing.T) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /user/codespaces/secrets/public-key", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.getKeys++
		s.mu.Unlock()
		writeJSON(w, 200, gen.CodespacesUserPublicKey{KeyID: "012345678912345678", Key: s.keyB64})
	})
	mux.HandleFunc("PUT /user/codespaces/secrets/{name}", func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			writeError(w, 400, "Problems parsing JSON")
			return
		}
		if body["key_id"] != "012345678912345678" {
			writeJSON(w, 422, map[string]any{"message": "Validation Failed", "errors": []any{map[string]string{"field": "key_id", "code": "invalid"}}})
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		s.bodies = append(s.bodies, body)
		name := r.PathValue("name")
		_, existed := s.values[name]
		s.values[name] = openSealed(t, body["encrypted_value"].(string))
		if existed {
			w.WriteHeader(http.StatusNoContent)
		} else {
			writeJSON(w, http.StatusCreated, map[string]any{}) // GitHub's 201 carries {}
		}
	})
	return mux
}

func TestSetSecret(t *testing.T) {
	store := newSecretServer()
	var logs logBuffer
	c, _, _ := newTestClient(t, store.handler(t), WithLogger(logs.Logger()))
	ctx := context.Background()
	plain := []byte("correct horse battery staple")

	res, err := c.SetSecret(ctx, "GH_TOKEN", plain, SetSecretOptions{SelectedRepositoryIDs: []int64{1296269, 42}})
	if err != nil || res.Outcome != SecretCreated || res.StatusCode != 201 {
		t.Fatalf("first SetSecret = %v, %v; want created", res, err)
	}
	res, err = c.SetSecret(ctx, "GH_TOKEN", []byte("v2"), SetSecretOptions{})
	if err != nil || res.Outcome != SecretUpdated || res.StatusCode != 204 {
		t.Fatalf("second SetSecret = %v, %v; want updated", res, err)
	}
	if got := string(store.values["GH_TOKEN"]); got != "v2" {
		t.Errorf("the store holds %q, want v2", got)
	}
	if store.getKeys != 2 {
		t.Errorf("the public key was fetched %d times, want once per set", store.getKeys)
	}
	if ids := store.bodies[0]["selected_repository_ids"]; !reflect.DeepEqual(ids, []any{1296269.0, 42.0}) {
		t.Errorf("selected_repository_ids %v, want [1296269 42]", ids)
	}
	if _, sent := store.bodies[1]["selected_repository_ids"]; sent {
		t.Error("selected_repository_ids sent although none were given")
	}
	mustContainNone(t, "the log", logs.String(), string(plain), testToken)
	if res.String() != "updated" || SecretCreated.String() != "created" || SecretOutcome(9).String() != "SecretOutcome(9)" {
		t.Error("SecretResult.String or SecretOutcome.String is wrong")
	}
}

func TestSetSecretFailures(t *testing.T) {
	ctx := context.Background()
	t.Run("bad public key", func(t *testing.T) {
		store := newSecretServer()
		store.keyB64 = base64.StdEncoding.EncodeToString(make([]byte, 33))
		c, _, _ := newTestClient(t, store.handler(t))
		_, err := c.SetSecret(ctx, "S", []byte("hunter2"), SetSecretOptions{})
		if err == nil || !strings.Contains(err.Error(), "set secret S with key 012345678912345678: client: the public key is 33 bytes long") {
			t.Errorf("got %v", err)
		}
		if len(store.bodies) != 0 {
			t.Error("a value was stored with a bad key")
		}
	})
	t.Run("public key missing its ID", func(t *testing.T) {
		c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 200, map[string]string{"key": "abc"})
		}))
		_, err := c.SetSecret(ctx, "S", []byte("hunter2"), SetSecretOptions{})
		var de *DecodeError
		if !errors.As(err, &de) || de.Operation != "codespaces/get-public-key-for-authenticated-user" {
			t.Errorf("got %v, want a *DecodeError of the public key", err)
		}
	})
	t.Run("rejected", func(t *testing.T) {
		c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodGet {
				writeJSON(w, 200, gen.CodespacesUserPublicKey{KeyID: "other", Key: base64.StdEncoding.EncodeToString(testPub[:])})
				return
			}
			writeJSON(w, 422, map[string]any{"message": "Validation Failed", "errors": []any{map[string]string{"field": "key_id", "code": "invalid"}}})
		}))
		_, err := c.SetSecret(ctx, "S", []byte("hunter2"), SetSecretOptions{})
		var ae *APIError
		if !errors.As(err, &ae) || ae.StatusCode != 422 || len(ae.Errors) != 1 || ae.Errors[0].Field != "key_id" {
			t.Errorf("got %v, want the 422 with its field error", err)
		}
		mustContainNone(t, "the error", err.Error(), "hunter2")
	})
	t.Run("no name", func(t *testing.T) {
		c, _, _ := newTestClient(t, http.NotFoundHandler())
		if _, err := c.SetSecret(ctx, "", []byte("x"), SetSecretOptions{}); err == nil {
			t.Error("SetSecret with no name succeeded")
		}
	})
	t.Run("key unavailable", func(t *testing.T) {
		c, _, _ := newTestClient(t, http.NotFoundHandler())
		_, err := c.SetSecret(ctx, "S", []byte("x"), SetSecretOptions{})
		if !IsNotFound(err) || !strings.HasPrefix(err.Error(), "set secret S: ") {
			t.Errorf("got %v, want the 404 of the public key", err)
		}
	})
}

func TestSecretOperations(t *testing.T) {
	ctx := context.Background()
	var mu sync.Mutex
	var seen []string
	secret := map[string]any{"name": "S", "created_at": "2019-08-10T14:59:22Z", "updated_at": "2020-01-10T14:59:22Z",
		"visibility": "selected", "selected_repositories_url": "https://api.github.com/user/codespaces/secrets/S/repositories"}
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b := new(bytes.Buffer)
		_, _ = b.ReadFrom(r.Body)
		mu.Lock()
		seen = append(seen, strings.TrimSpace(r.Method+" "+r.URL.Path+" "+b.String()))
		mu.Unlock()
		if r.Method == http.MethodGet {
			writeJSON(w, 200, secret)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	s, err := c.GetSecret(ctx, "S")
	if err != nil || s.Name != "S" || s.Visibility != gen.CodespacesSecretVisibilitySelected {
		t.Fatalf("GetSecret = %+v, %v", s, err)
	}
	for name, err := range map[string]error{
		"delete":  c.DeleteSecret(ctx, "S"),
		"set nil": c.SetSecretRepositories(ctx, "S", nil),
		"add":     c.AddSecretRepository(ctx, "S", 42),
		"remove":  c.RemoveSecretRepository(ctx, "S", 42),
	} {
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	want := []string{
		"GET /user/codespaces/secrets/S",
		"DELETE /user/codespaces/secrets/S",
		`PUT /user/codespaces/secrets/S/repositories {"selected_repository_ids":[]}`,
		"PUT /user/codespaces/secrets/S/repositories/42",
		"DELETE /user/codespaces/secrets/S/repositories/42",
	}
	for _, w := range want {
		found := false
		for _, s := range seen {
			found = found || s == w
		}
		if !found {
			t.Errorf("no request %q among %q", w, seen)
		}
	}
	for name, err := range map[string]error{
		"get":    func() error { _, err := c.GetSecret(ctx, ""); return err }(),
		"delete": c.DeleteSecret(ctx, ""),
		"set":    c.SetSecretRepositories(ctx, "", nil),
		"add":    c.AddSecretRepository(ctx, "", 1),
		"remove": c.RemoveSecretRepository(ctx, "", 1),
	} {
		if err == nil || !strings.Contains(err.Error(), "the secret name is empty") {
			t.Errorf("%s with no name: %v", name, err)
		}
	}
}

func TestGetPublicKey(t *testing.T) {
	key := base64.StdEncoding.EncodeToString(testPub[:])
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, gen.CodespacesUserPublicKey{KeyID: "k1", Key: key})
	}))
	got, err := c.GetPublicKey(context.Background())
	if err != nil || got.KeyID != "k1" || got.Key != key {
		t.Errorf("GetPublicKey = %+v, %v", got, err)
	}
	// Random plaintext through the public pieces: what SetSecret composes.
	plain := make([]byte, 64)
	_, _ = rand.Read(plain)
	sealed, err := EncryptSecret(got.Key, plain)
	if err != nil || !bytes.Equal(openSealed(t, sealed), plain) {
		t.Errorf("EncryptSecret with the fetched key: %v", err)
	}
}

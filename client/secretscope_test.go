package client

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/codespaces-go/codespaces/gen"

	"golang.org/x/crypto/nacl/box"
)

// scopeStore is GitHub's secret store for all three scopes: each scope
// (the user, each organization, each repository) has a key pair of its own,
// and a PUT is opened with its scope's private key. A value sealed to another
// key, or sent with another key_id, is refused with a 422 naming key_id, as
// the mock does.
type scopeStore struct {
	mu     sync.Mutex
	scopes map[string]*storeScope
	// refuse, if set, answers a PUT instead of the store (for a scope).
	refuse func(scope string) (status int, body any, ok bool)
}

type storeScope struct {
	id        string
	pub, priv *[32]byte
	rotations int
	values    map[string]string
	gets      int
	puts      int
	refused   int
}

func newScopeStore() *scopeStore { return &scopeStore{scopes: map[string]*storeScope{}} }

// scope returns the scope's state, creating it with a fresh key pair.
// Called with s.mu held.
func (s *scopeStore) scope(name string) *storeScope {
	sc := s.scopes[name]
	if sc == nil {
		sc = &storeScope{values: map[string]string{}}
		s.scopes[name] = sc
		sc.rotate(name)
	}
	return sc
}

func (sc *storeScope) rotate(name string) {
	pub, priv, err := box.GenerateKey(rand.Reader)
	if err != nil {
		panic(err)
	}
	sc.rotations++
	sc.pub, sc.priv, sc.id = pub, priv, fmt.Sprintf("%s#%d", name, sc.rotations)
}

// rotate gives a scope a new key pair, as GitHub may at any time.
func (s *scopeStore) rotate(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.scope(name).rotate(name)
}

func (s *scopeStore) stats(name string) storeScope {
	s.mu.Lock()
	defer s.mu.Unlock()
	sc := s.scope(name)
	return storeScope{gets: sc.gets, puts: sc.puts, refused: sc.refused, values: copyMap(sc.values)}
}

func copyMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func (s *scopeStore) handler(t *testing.T) http.Handler {
	mux := http.NewServeMux()
	key := func(scope func(*http.Request) string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			s.mu.Lock()
			sc := s.scope(scope(r))
			sc.gets++
			body := map[string]string{"key_id": sc.id, "key": base64.StdEncoding.EncodeToString(sc.pub[:])}
			s.mu.Unlock()
			writeJSON(w, 200, body)
		}
	}
	put := func(scope func(*http.Request) string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			name := scope(r)
			var body struct {
				KeyID          string `json:"key_id"`
				EncryptedValue string `json:"encrypted_value"`
			}
			if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
				writeError(w, 400, "Problems parsing JSON")
				return
			}
			s.mu.Lock()
			defer s.mu.Unlock()
			sc := s.scope(name)
			sc.puts++
			if s.refuse != nil {
				if status, answer, ok := s.refuse(name); ok {
					sc.refused++
					writeJSON(w, status, answer)
					return
				}
			}
			sealed, _ := base64.StdEncoding.DecodeString(body.EncryptedValue)
			plain, opened := box.OpenAnonymous(nil, sealed, sc.pub, sc.priv)
			if body.KeyID != sc.id || !opened {
				sc.refused++
				writeJSON(w, 422, staleKeyAnswer)
				return
			}
			secret := r.PathValue("name")
			_, existed := sc.values[secret]
			sc.values[secret] = string(plain)
			if existed {
				w.WriteHeader(http.StatusNoContent)
				return
			}
			writeJSON(w, http.StatusCreated, map[string]any{})
		}
	}
	user := func(*http.Request) string { return "user" }
	org := func(r *http.Request) string { return "org/" + r.PathValue("org") }
	repo := func(r *http.Request) string { return "repo/" + r.PathValue("owner") + "/" + r.PathValue("repo") }
	mux.HandleFunc("GET /user/codespaces/secrets/public-key", key(user))
	mux.HandleFunc("PUT /user/codespaces/secrets/{name}", put(user))
	mux.HandleFunc("GET /orgs/{org}/codespaces/secrets/public-key", key(org))
	mux.HandleFunc("PUT /orgs/{org}/codespaces/secrets/{name}", put(org))
	mux.HandleFunc("GET /repos/{owner}/{repo}/codespaces/secrets/public-key", key(repo))
	mux.HandleFunc("PUT /repos/{owner}/{repo}/codespaces/secrets/{name}", put(repo))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL)
		writeError(w, 404, "Not Found")
	})
	return mux
}

var staleKeyAnswer = map[string]any{"message": "Validation Failed",
	"errors": []any{map[string]string{"resource": "Secret", "field": "key_id", "code": "invalid"}}}

// setIn sets a secret in one of the scopes by name: "user", "org/NAME",
// "repo/OWNER/NAME".
func setIn(ctx context.Context, c *Client, scope, name, value string) (SecretOutcome, error) {
	var (
		res *SecretResult
		err error
	)
	kind, rest, _ := strings.Cut(scope, "/")
	switch kind {
	case "org":
		res, err = c.SetOrgSecret(ctx, rest, name, []byte(value), gen.OrgSecretVisibilityAll, SetOrgSecretOptions{})
	case "repo":
		owner, repo, _ := strings.Cut(rest, "/")
		res, err = c.SetRepoSecret(ctx, owner, repo, name, []byte(value), SetRepoSecretOptions{})
	default:
		res, err = c.SetSecret(ctx, name, []byte(value), SetSecretOptions{})
	}
	if err != nil {
		return 0, err
	}
	return res.Outcome, nil
}

var allScopes = []string{"user", "org/octo-org", "org/other-org", "repo/octocat/Hello-World", "repo/octo-org/octo-repo"}

// TestSecretKeyIsFetchedPerSet: every set fetches its scope's key once,
// and each scope's value is sealed to its own key. A key used in the wrong
// scope would not open there and be refused.
func TestSecretKeyIsFetchedPerSet(t *testing.T) {
	store := newScopeStore()
	c, _, _ := newTestClient(t, store.handler(t))
	ctx := context.Background()
	for _, scope := range allScopes {
		for i, want := range []SecretOutcome{SecretCreated, SecretUpdated} {
			got, err := setIn(ctx, c, scope, "S", fmt.Sprintf("%s v%d", scope, i))
			if err != nil || got != want {
				t.Fatalf("%s, set %d: %v, %v; want %v", scope, i+1, got, err, want)
			}
		}
	}
	for _, scope := range allScopes {
		st := store.stats(scope)
		if st.gets != 2 || st.puts != 2 || st.refused != 0 {
			t.Errorf("%s: %d key fetches, %d PUTs, %d refused; want 2, 2, 0", scope, st.gets, st.puts, st.refused)
		}
		if st.values["S"] != scope+" v1" {
			t.Errorf("%s holds %q, want %q", scope, st.values["S"], scope+" v1")
		}
	}
}

// TestRotatedKeyIsSeen: a key GitHub replaced since the last set is never
// used, since each set fetches the key.
func TestRotatedKeyIsSeen(t *testing.T) {
	store := newScopeStore()
	c, _, _ := newTestClient(t, store.handler(t))
	ctx := context.Background()
	if _, err := setIn(ctx, c, "org/octo-org", "S", "v1"); err != nil {
		t.Fatal(err)
	}
	store.rotate("org/octo-org")
	if got, err := setIn(ctx, c, "org/octo-org", "S", "v2"); err != nil || got != SecretUpdated {
		t.Fatalf("set after the rotation: %v, %v; want updated", got, err)
	}
	if st := store.stats("org/octo-org"); st.refused != 0 || st.values["S"] != "v2" {
		t.Errorf("%d refused, holds %v; want none refused and v2", st.refused, st.values)
	}
}

// refuseFirst makes the store refuse the first PUT of every scope with
// answer, as GitHub does when the key was replaced between the fetch and
// the PUT.
func refuseFirst(store *scopeStore, status int, answer any) {
	refused := map[string]bool{}
	store.refuse = func(scope string) (int, any, bool) {
		if refused[scope] {
			return 0, nil, false
		}
		refused[scope] = true
		return status, answer, true
	}
}

// TestRefusedKeyIsFetchedAgainOnce: a PUT refused because of the key is
// sealed to a key fetched again and put once more, in every scope.
func TestRefusedKeyIsFetchedAgainOnce(t *testing.T) {
	store := newScopeStore()
	refuseFirst(store, 422, staleKeyAnswer)
	c, _, _ := newTestClient(t, store.handler(t))
	for _, scope := range allScopes {
		got, err := setIn(context.Background(), c, scope, "S", "v")
		if err != nil || got != SecretCreated {
			t.Fatalf("%s: %v, %v; want created", scope, got, err)
		}
		if st := store.stats(scope); st.gets != 2 || st.puts != 2 || st.refused != 1 || st.values["S"] != "v" {
			t.Errorf("%s: %d key fetches, %d PUTs, %d refused, holds %v; want 2, 2, 1 and v", scope, st.gets, st.puts, st.refused, st.values)
		}
	}
}

// TestSecondRefusalIsReturned: the value is put at most twice; a refusal of
// the fresh key is GitHub's answer, returned as it is. Only the errors'
// fields tell a refusal of the key, never the message's words.
func TestSecondRefusalIsReturned(t *testing.T) {
	for _, tt := range []struct {
		name          string
		status        int
		answer        any
		gets, puts    int
		wantErrSubstr string
	}{
		{"key_id in the errors", 422, staleKeyAnswer, 2, 2, "key_id is invalid"},
		{"encrypted_value in the errors", 422, map[string]any{"message": "Validation Failed",
			"errors": []any{map[string]string{"resource": "Secret", "field": "encrypted_value", "code": "invalid"}}}, 2, 2, "encrypted_value is invalid"},
		{"a 400 naming key_id, where no 422 is documented", 400, staleKeyAnswer, 2, 2, "key_id is invalid"},
		{"key_id in the message only", 422, map[string]any{"message": "Invalid request.\n\n\"key_id\" wasn't supplied."}, 1, 1, "key_id"},
		{"not about the key", 422, map[string]any{"message": "Validation Failed",
			"errors": []any{map[string]string{"resource": "Secret", "field": "name", "code": "invalid"}}}, 1, 1, "Secret.name is invalid"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			store := newScopeStore()
			store.refuse = func(string) (int, any, bool) { return tt.status, tt.answer, true }
			c, _, _ := newTestClient(t, store.handler(t))
			_, err := c.SetRepoSecret(context.Background(), "octocat", "Hello-World", "S", []byte("hunter2"), SetRepoSecretOptions{})
			var ae *APIError
			if !errors.As(err, &ae) || ae.StatusCode != tt.status || !strings.Contains(err.Error(), tt.wantErrSubstr) {
				t.Fatalf("got %v, want the %d saying %q", err, tt.status, tt.wantErrSubstr)
			}
			mustContainNone(t, "the error", err.Error(), "hunter2")
			if st := store.stats("repo/octocat/Hello-World"); st.gets != tt.gets || st.puts != tt.puts {
				t.Errorf("%d key fetches and %d PUTs, want %d and %d", st.gets, st.puts, tt.gets, tt.puts)
			}
		})
	}
}

// TestRefetchedPutKeepsTheRetryVerdict: when the PUT after the refusal
// loses an answer and its retry finds the secret, whether it was created is
// open.
func TestRefetchedPutKeepsTheRetryVerdict(t *testing.T) {
	store := newScopeStore()
	refuseFirst(store, 422, staleKeyAnswer)
	inner := store.handler(t)
	var mu sync.Mutex
	puts := 0
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut {
			mu.Lock()
			puts++
			n := puts
			mu.Unlock()
			if n == 2 { // the PUT after the refusal: stored, but the answer is lost
				rec := &discardWriter{header: http.Header{}}
				inner.ServeHTTP(rec, r)
				writeError(w, 502, "Bad Gateway")
				return
			}
		}
		inner.ServeHTTP(w, r)
	}))
	got, err := c.SetOrgSecret(context.Background(), "octo-org", "S", []byte("v"), gen.OrgSecretVisibilityPrivate, SetOrgSecretOptions{})
	if err != nil || got.Outcome != SecretCreatedOrUpdated {
		t.Errorf("got %v, %v; want SecretCreatedOrUpdated (PUTs: refused, lost, 204)", got, err)
	}
}

// discardWriter is a ResponseWriter that forgets what it is given.
type discardWriter struct{ header http.Header }

func (d *discardWriter) Header() http.Header         { return d.header }
func (d *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (d *discardWriter) WriteHeader(int)             {}

// TestConcurrentSets runs sets in every scope at once (run it with -race):
// every value lands in its own scope, sealed to that scope's key.
func TestConcurrentSets(t *testing.T) {
	store := newScopeStore()
	c, _, _ := newTestClient(t, store.handler(t))
	ctx := context.Background()
	const perScope = 8
	var wg sync.WaitGroup
	errs := make(chan error, perScope*len(allScopes))
	for _, scope := range allScopes {
		for i := range perScope {
			wg.Go(func() {
				if _, err := setIn(ctx, c, scope, fmt.Sprintf("S%d", i), scope); err != nil {
					errs <- fmt.Errorf("%s S%d: %w", scope, i, err)
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for _, scope := range allScopes {
		st := store.stats(scope)
		if st.gets != perScope || len(st.values) != perScope || st.refused != 0 {
			t.Errorf("%s: %d key fetches, %d values, %d refused; want %d, %d, 0", scope, st.gets, len(st.values), st.refused, perScope, perScope)
		}
		for name, v := range st.values {
			if v != scope {
				t.Errorf("%s holds %s = %q, another scope's value", scope, name, v)
			}
		}
	}
}

// TestUnusableKeyFailsTheSet: a key that cannot seal fails the set, with
// the key's ID and without the plaintext, and is not put.
func TestUnusableKeyFailsTheSet(t *testing.T) {
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			t.Errorf("unexpected %s %s", r.Method, r.URL)
		}
		writeJSON(w, 200, map[string]string{"key_id": "k", "key": base64.StdEncoding.EncodeToString(make([]byte, 31))})
	}))
	_, err := c.SetOrgSecret(context.Background(), "o", "S", []byte("hunter2"), gen.OrgSecretVisibilityAll, SetOrgSecretOptions{})
	if err == nil || !strings.Contains(err.Error(), "set secret S with key k: client: the public key is 31 bytes long") {
		t.Fatalf("got %v", err)
	}
	mustContainNone(t, "the error", err.Error(), "hunter2")
}

package mock_test

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/crypto/nacl/box"

	"github.com/codespaces-go/codespaces/gen"
)

// seal does what any third-party client does: fetch the public key, seal the
// value with libsodium's sealed box, and send it base64-encoded.
func seal(t testing.TB, c *gen.ClientWithResponses, plaintext string) gen.CodespacesCreateOrUpdateSecretForAuthenticatedUserJSONRequestBody {
	t.Helper()
	key := must(c.CodespacesGetPublicKeyForAuthenticatedUserWithResponse(context.Background()))(t)
	wantStatus(t, "public key", key.StatusCode(), http.StatusOK, key.Body)
	return gen.CodespacesCreateOrUpdateSecretForAuthenticatedUserJSONRequestBody{EncryptedValue: ptr(sealTo(t, key.JSON200.Key, plaintext)), KeyID: key.JSON200.KeyID}
}

// sealTo seals plaintext to a public key as served (base64) and returns the
// value to PUT.
func sealTo(t testing.TB, key, plaintext string) string {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(key)
	if err != nil || len(raw) != 32 {
		t.Fatalf("public key %q is not 32 bytes of base64 (%v)", key, err)
	}
	sealed, err := box.SealAnonymous(nil, []byte(plaintext), (*[32]byte)(raw), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(sealed)
}

func TestSecretsFlow(t *testing.T) {
	ctx := context.Background()
	srv, base := start(t)
	c := client(t, base, "tok")

	put := must(c.CodespacesCreateOrUpdateSecretForAuthenticatedUserWithResponse(ctx, "gh_token", seal(t, c, "s3cr3t")))(t)
	wantStatus(t, "create", put.StatusCode(), http.StatusCreated, put.Body)
	if got, ok := srv.SecretValue("octocat", "GH_TOKEN"); !ok || string(got) != "s3cr3t" {
		t.Errorf("the mock opened %q (%v), want s3cr3t", got, ok)
	}
	put = must(c.CodespacesCreateOrUpdateSecretForAuthenticatedUserWithResponse(ctx, "GH_TOKEN", seal(t, c, "rotated")))(t)
	wantStatus(t, "update", put.StatusCode(), http.StatusNoContent, put.Body)
	if got, _ := srv.SecretValue("octocat", "gh_token"); string(got) != "rotated" {
		t.Errorf("after the update the mock holds %q, want rotated", got)
	}

	get := must(c.CodespacesGetSecretForAuthenticatedUserWithResponse(ctx, "Gh_Token"))(t)
	wantStatus(t, "get", get.StatusCode(), http.StatusOK, get.Body)
	if get.JSON200.Name != "GH_TOKEN" || get.JSON200.Visibility != gen.CodespacesSecretVisibilityAll {
		t.Errorf("secret %+v, want GH_TOKEN visible to all", get.JSON200)
	}
	if get.JSON200.SelectedRepositoriesURL != base+"/user/codespaces/secrets/GH_TOKEN/repositories" {
		t.Errorf("selected_repositories_url %s is not on the mock", get.JSON200.SelectedRepositoriesURL)
	}
	if strings.Contains(string(get.Body), "rotated") {
		t.Errorf("the secret's value leaked into GET: %s", get.Body)
	}

	set := must(c.CodespacesSetRepositoriesForSecretForAuthenticatedUserWithResponse(ctx, "GH_TOKEN",
		gen.CodespacesSetRepositoriesForSecretForAuthenticatedUserJSONRequestBody{SelectedRepositoryIds: []int64{1300192, 1296269, 1300192}}))(t)
	wantStatus(t, "set repositories", set.StatusCode(), http.StatusNoContent, set.Body)
	if ids := selectedIDs(t, c, "GH_TOKEN"); ids != "1296269,1300192" {
		t.Errorf("selected %s, want 1296269,1300192", ids)
	}
	if v := must(c.CodespacesGetSecretForAuthenticatedUserWithResponse(ctx, "GH_TOKEN"))(t).JSON200.Visibility; v != gen.CodespacesSecretVisibilitySelected {
		t.Errorf("visibility %s after setting repositories, want selected", v)
	}
	rm := must(c.CodespacesRemoveRepositoryForSecretForAuthenticatedUserWithResponse(ctx, "GH_TOKEN", 1300192))(t)
	wantStatus(t, "remove repository", rm.StatusCode(), http.StatusNoContent, rm.Body)
	if ids := selectedIDs(t, c, "GH_TOKEN"); ids != "1296269" {
		t.Errorf("selected %s after removing Spoon-Knife, want 1296269", ids)
	}
	add := must(c.CodespacesAddRepositoryForSecretForAuthenticatedUserWithResponse(ctx, "GH_TOKEN", 1300192))(t)
	wantStatus(t, "add repository", add.StatusCode(), http.StatusNoContent, add.Body)
	if ids := selectedIDs(t, c, "GH_TOKEN"); ids != "1296269,1300192" {
		t.Errorf("selected %s after adding Spoon-Knife back, want 1296269,1300192", ids)
	}
	for _, id := range []int64{42} {
		if r := must(c.CodespacesAddRepositoryForSecretForAuthenticatedUserWithResponse(ctx, "GH_TOKEN", id))(t); r.StatusCode() != http.StatusNotFound {
			t.Errorf("adding unknown repository %d: %d, want 404", id, r.StatusCode())
		}
	}
	if r := must(c.CodespacesSetRepositoriesForSecretForAuthenticatedUserWithResponse(ctx, "GH_TOKEN",
		gen.CodespacesSetRepositoriesForSecretForAuthenticatedUserJSONRequestBody{SelectedRepositoryIds: []int64{42}}))(t); r.StatusCode() != http.StatusNotFound {
		t.Errorf("setting an unknown repository: %d, want 404", r.StatusCode())
	}

	second := withRepos(seal(t, c, "other"), 1296269)
	wantStatus(t, "create with repositories", must(c.CodespacesCreateOrUpdateSecretForAuthenticatedUserWithResponse(ctx, "NPM_TOKEN", second))(t).StatusCode(), http.StatusCreated, nil)
	list := must(c.CodespacesListSecretsForAuthenticatedUserWithResponse(ctx, nil))(t)
	wantStatus(t, "list", list.StatusCode(), http.StatusOK, list.Body)
	if list.JSON200.TotalCount != 2 || list.JSON200.Secrets[0].Name != "GH_TOKEN" || list.JSON200.Secrets[1].Visibility != gen.CodespacesSecretVisibilitySelected {
		t.Errorf("list %s, want GH_TOKEN and NPM_TOKEN (selected)", list.Body)
	}

	del := must(c.CodespacesDeleteSecretForAuthenticatedUserWithResponse(ctx, "GH_TOKEN"))(t)
	wantStatus(t, "delete", del.StatusCode(), http.StatusNoContent, del.Body)
	for what, status := range map[string]int{
		"get":   must(c.CodespacesGetSecretForAuthenticatedUserWithResponse(ctx, "GH_TOKEN"))(t).StatusCode(),
		"repos": must(c.CodespacesListRepositoriesForSecretForAuthenticatedUserWithResponse(ctx, "GH_TOKEN"))(t).StatusCode(),
	} {
		if status != http.StatusNotFound {
			t.Errorf("%s after delete: %d, want 404", what, status)
		}
	}
}

func selectedIDs(t *testing.T, c *gen.ClientWithResponses, name string) string {
	t.Helper()
	resp := must(c.CodespacesListRepositoriesForSecretForAuthenticatedUserWithResponse(context.Background(), name))(t)
	wantStatus(t, "list repositories", resp.StatusCode(), http.StatusOK, resp.Body)
	ids := make([]string, 0, len(resp.JSON200.Repositories))
	for _, r := range resp.JSON200.Repositories {
		ids = append(ids, itoa(r.ID))
	}
	if resp.JSON200.TotalCount != len(ids) {
		t.Errorf("total_count %d for %d repositories", resp.JSON200.TotalCount, len(ids))
	}
	return strings.Join(ids, ",")
}

// TestSecretRefusals checks the 422s: values that are not base64, do not open
// with the mock's key, or name a key that is unknown or was rotated out; and
// names GitHub does not allow. No refusal repeats the value it refused.
func TestSecretRefusals(t *testing.T) {
	ctx := context.Background()
	srv, base := start(t)
	c := client(t, base, "tok")
	good := seal(t, c, "plain-value")

	otherPub, _, _ := box.GenerateKey(rand.Reader)
	foreign, _ := box.SealAnonymous(nil, []byte("plain-value"), otherPub, rand.Reader)

	stale := good
	srv.RotateKey()
	fresh := seal(t, c, "plain-value")
	if fresh.KeyID == stale.KeyID {
		t.Fatal("RotateKey kept the key_id")
	}

	for _, tc := range []struct {
		name, secret string
		body         gen.CodespacesCreateOrUpdateSecretForAuthenticatedUserJSONRequestBody
		field        string
	}{
		{"not base64", "A", gen.CodespacesCreateOrUpdateSecretForAuthenticatedUserJSONRequestBody{EncryptedValue: ptr("%%%not base64"), KeyID: fresh.KeyID}, "encrypted_value"},
		{"not a sealed box", "A", gen.CodespacesCreateOrUpdateSecretForAuthenticatedUserJSONRequestBody{EncryptedValue: ptr(base64.StdEncoding.EncodeToString([]byte("plain-value"))), KeyID: fresh.KeyID}, "encrypted_value"},
		{"sealed for another key", "A", gen.CodespacesCreateOrUpdateSecretForAuthenticatedUserJSONRequestBody{EncryptedValue: ptr(base64.StdEncoding.EncodeToString(foreign)), KeyID: fresh.KeyID}, "encrypted_value"},
		{"stale key_id", "A", stale, "key_id"},
		{"unknown key_id", "A", gen.CodespacesCreateOrUpdateSecretForAuthenticatedUserJSONRequestBody{EncryptedValue: fresh.EncryptedValue, KeyID: "1"}, "key_id"},
		{"empty value", "A", gen.CodespacesCreateOrUpdateSecretForAuthenticatedUserJSONRequestBody{KeyID: fresh.KeyID}, "encrypted_value"},
		{"name with a dash", "MY-SECRET", fresh, "name"},
		{"name starting with a digit", "1SECRET", fresh, "name"},
		{"name with GitHub's prefix", "github_token", fresh, "name"},
		{"unknown selected repository", "A", withRepos(fresh, 42), "selected_repository_ids"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := must(c.CodespacesCreateOrUpdateSecretForAuthenticatedUserWithResponse(ctx, tc.secret, tc.body))(t)
			wantStatus(t, tc.name, resp.StatusCode(), http.StatusUnprocessableEntity, resp.Body)
			if tc.name == "not base64" {
				// The spec's pattern refuses it before the operation does:
				// GitHub's "Invalid request." naming the property.
				if !strings.Contains(string(resp.Body), `Invalid request.\n\nFor 'properties/encrypted_value', `) {
					t.Errorf("422 body %s, want GitHub's Invalid request. on properties/encrypted_value", resp.Body)
				}
			} else if errs := resp.JSON422.Errors; errs == nil || len(*errs) != 1 || *(*errs)[0].Field != tc.field {
				t.Errorf("422 body %s, want one error on %s", resp.Body, tc.field)
			}
			if strings.Contains(string(resp.Body), "plain-value") || tc.body.EncryptedValue != nil && strings.Contains(string(resp.Body), *tc.body.EncryptedValue) {
				t.Errorf("the refusal repeats the value: %s", resp.Body)
			}
		})
	}
	if list := must(c.CodespacesListSecretsForAuthenticatedUserWithResponse(ctx, nil))(t); list.JSON200.TotalCount != 0 {
		t.Errorf("refused PUTs stored %d secrets", list.JSON200.TotalCount)
	}
}

func withRepos(r gen.CodespacesCreateOrUpdateSecretForAuthenticatedUserJSONRequestBody, ids ...int64) gen.CodespacesCreateOrUpdateSecretForAuthenticatedUserJSONRequestBody {
	items := make([]gen.CodespacesCreateOrUpdateSecretForAuthenticatedUserJSONBody_SelectedRepositoryIds_Item, len(ids))
	for i, id := range ids {
		if err := items[i].FromCodespacesCreateOrUpdateSecretForAuthenticatedUserJSONBodySelectedRepositoryIds0(id); err != nil {
			panic(err) // marshalling an int64 does not fail
		}
	}
	r.SelectedRepositoryIds = &items
	return r
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

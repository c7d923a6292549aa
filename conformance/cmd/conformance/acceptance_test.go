package main

// This file is a client written by someone who read GitHub's REST reference
// and nothing of this repository: net/http, encoding/json and NaCl sealed
// boxes, no generated code, no client package, no mock internals. It is
// pointed at the mock as "conformance serve" serves it, and must be able to
// do a codespace's whole life and manage secrets with no special treatment.

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"golang.org/x/crypto/nacl/box"
)

type restClient struct {
	t     *testing.T
	base  string
	token string
}

// call sends a request as GitHub's docs show it and decodes a JSON answer
// into out (if not nil).
func (c restClient) call(method, path string, in, out any) int {
	c.t.Helper()
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			c.t.Fatal(err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Accept", "application/vnd.github+json")
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("X-GitHub-Api-Version", "2022-11-28")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	if out != nil && len(raw) > 0 && resp.StatusCode < 300 {
		if err := json.Unmarshal(raw, out); err != nil {
			c.t.Fatalf("%s %s: %d with a body that does not decode: %v", method, path, resp.StatusCode, err)
		}
	}
	return resp.StatusCode
}

func (c restClient) expect(want int, method, path string, in, out any) {
	c.t.Helper()
	if got := c.call(method, path, in, out); got != want {
		c.t.Fatalf("%s %s: %d, want %d", method, path, got, want)
	}
}

type codespace struct {
	Name    string `json:"name"`
	State   string `json:"state"`
	Machine *struct {
		Name string `json:"name"`
	} `json:"machine"`
}

// waitFor reads path into into until state() says want. The served mock's
// states last a number of reads (-polls), so reading is what moves them on:
// there is nothing to wait for between reads.
func (c restClient) waitFor(path, want string, state func() string, into any) {
	c.t.Helper()
	for range 100 {
		c.expect(http.StatusOK, "GET", path, nil, into)
		if state() == want {
			return
		}
	}
	c.t.Fatalf("GET %s: still %q after 100 polls, want %q", path, state(), want)
}

func TestThirdPartyClientAgainstServedMock(t *testing.T) {
	base := startServe(t, "-polls", "2") // every transitional state lasts two reads
	const token = "ghp_someone_elses_client_0000000000000000"

	t.Run("codespace life", func(t *testing.T) {
		c := restClient{t: t, base: base, token: token}
		var cs codespace
		status := c.call("POST", "/user/codespaces", map[string]any{"repository_id": 1296269, "display_name": "from another client"}, &cs)
		if status != http.StatusCreated && status != http.StatusAccepted || cs.Name == "" {
			t.Fatalf("create: %d %+v", status, cs)
		}
		path := "/user/codespaces/" + cs.Name
		state := func() string { return cs.State }
		c.waitFor(path, "Available", state, &cs)

		c.expect(http.StatusOK, "POST", path+"/stop", nil, &cs)
		c.waitFor(path, "Shutdown", state, &cs)
		c.expect(http.StatusOK, "PATCH", path, map[string]any{"machine": "premiumLinux"}, &cs)
		c.expect(http.StatusOK, "POST", path+"/start", nil, &cs)
		c.waitFor(path, "Available", state, &cs)
		if cs.Machine == nil || cs.Machine.Name != "premiumLinux" {
			t.Errorf("after the start the machine is %+v, want premiumLinux", cs.Machine)
		}

		var export struct {
			ID     string `json:"id"`
			State  string `json:"state"`
			Branch string `json:"branch"`
			SHA    string `json:"sha"`
		}
		c.expect(http.StatusAccepted, "POST", path+"/exports", nil, &export)
		c.waitFor(path+"/exports/"+export.ID, "succeeded", func() string { return export.State }, &export)
		if export.Branch == "" || len(export.SHA) != 40 {
			t.Errorf("the finished export has branch %q and sha %q", export.Branch, export.SHA)
		}

		c.expect(http.StatusAccepted, "DELETE", path, nil, nil)
		c.expect(http.StatusNotFound, "GET", path, nil, nil)
	})

	t.Run("secrets with sealed boxes", func(t *testing.T) {
		c := restClient{t: t, base: base, token: token}
		var key struct {
			KeyID string `json:"key_id"`
			Key   string `json:"key"`
		}
		c.expect(http.StatusOK, "GET", "/user/codespaces/secrets/public-key", nil, &key)
		raw, err := base64.StdEncoding.DecodeString(key.Key)
		if err != nil || len(raw) != 32 || key.KeyID == "" {
			t.Fatalf("public key %+v: %v", key, err)
		}
		seal := func(value string) map[string]any {
			sealed, err := box.SealAnonymous(nil, []byte(value), (*[32]byte)(raw), rand.Reader)
			if err != nil {
				t.Fatal(err)
			}
			return map[string]any{"encrypted_value": base64.StdEncoding.EncodeToString(sealed), "key_id": key.KeyID}
		}
		path := "/user/codespaces/secrets/THIRD_PARTY"
		c.expect(http.StatusCreated, "PUT", path, seal("one"), nil)
		c.expect(http.StatusNoContent, "PUT", path, seal("two"), nil)

		var secret struct {
			Name       string `json:"name"`
			Visibility string `json:"visibility"`
		}
		c.expect(http.StatusOK, "GET", path, nil, &secret)
		if secret.Name != "THIRD_PARTY" {
			t.Errorf("the secret reads back as %+v", secret)
		}
		c.expect(http.StatusNoContent, "PUT", path+"/repositories", map[string]any{"selected_repository_ids": []int{1296269}}, nil)
		var repos struct {
			TotalCount   int `json:"total_count"`
			Repositories []struct {
				ID       int64  `json:"id"`
				FullName string `json:"full_name"`
			} `json:"repositories"`
		}
		c.expect(http.StatusOK, "GET", path+"/repositories", nil, &repos)
		if repos.TotalCount != 1 || len(repos.Repositories) != 1 || repos.Repositories[0].ID != 1296269 {
			t.Errorf("selected repositories %+v", repos)
		}

		// A value sealed for someone else is refused.
		other, _, _ := box.GenerateKey(rand.Reader)
		raw = other[:]
		c.expect(http.StatusUnprocessableEntity, "PUT", path, seal("three"), nil)

		var list struct {
			TotalCount int `json:"total_count"`
			Secrets    []struct {
				Name string `json:"name"`
			} `json:"secrets"`
		}
		c.expect(http.StatusOK, "GET", "/user/codespaces/secrets", nil, &list)
		if list.TotalCount != 1 || list.Secrets[0].Name != "THIRD_PARTY" {
			t.Errorf("secrets %+v", list)
		}
		c.expect(http.StatusNoContent, "DELETE", path, nil, nil)
		c.expect(http.StatusOK, "GET", "/user/codespaces/secrets", nil, &list)
		if list.TotalCount != 0 {
			t.Errorf("after the delete the secrets are %+v", list)
		}
	})
}

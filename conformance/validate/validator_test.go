package validate

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
)

func TestOperationsListsEveryOperationOnce(t *testing.T) {
	ops := testValidator(t).Operations()
	if len(ops) != 48 {
		t.Fatalf("Operations() has %d operations, want the spec's 48", len(ops))
	}
	seen := map[string]bool{}
	for _, op := range ops {
		if op.ID == "" || op.Method == "" || !strings.HasPrefix(op.Path, "/") {
			t.Errorf("incomplete operation %+v", op)
		}
		if seen[op.ID] {
			t.Errorf("operation %s listed twice", op.ID)
		}
		seen[op.ID] = true
	}
}

func TestFindRoutesOnThePathAlone(t *testing.T) {
	root := testValidator(t)
	proxied, err := New(WithBasePath("/github/"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		v           *Validator
		method, url string
		wantID      string
		wantPrefix  string
		wantParams  map[string]string
	}{
		{root, "GET", "https://api.github.com/user/codespaces", "codespaces/list-for-authenticated-user", "", nil},
		{root, "GET", "https://api.octocorp.ghe.com/user/codespaces", "codespaces/list-for-authenticated-user", "", nil},
		{proxied, "GET", "https://proxy.example.com/github/user/codespaces/x/machines", "codespaces/codespace-machines-for-authenticated-user", "/github",
			map[string]string{"codespace_name": "x"}},
		{root, "GET", "http://127.0.0.1:8080/user/codespaces/secrets", "codespaces/list-secrets-for-authenticated-user", "", nil},
		{root, "GET", "http://127.0.0.1:8080/user/codespaces/secrets/public-key", "codespaces/get-public-key-for-authenticated-user", "", nil},
		{root, "GET", "http://localhost/user/codespaces/monalisa-x", "codespaces/get-for-authenticated-user", "", map[string]string{"codespace_name": "monalisa-x"}},
		{proxied, "PUT", "https://proxy.example.com/github/user/codespaces/secrets/GH%20TOKEN/repositories/42", "codespaces/add-repository-for-secret-for-authenticated-user", "/github",
			map[string]string{"secret_name": "GH TOKEN", "repository_id": "42"}},
		{root, "POST", "https://api.github.com/repos/octocat/hello-world/pulls/1/codespaces", "codespaces/create-with-pr-for-authenticated-user", "",
			map[string]string{"owner": "octocat", "repo": "hello-world", "pull_number": "1"}},
		{root, "POST", "https://api.github.com/orgs/octo-org/members/octocat/codespaces/x/stop", "codespaces/stop-in-organization", "",
			map[string]string{"org": "octo-org", "username": "octocat", "codespace_name": "x"}},
	}
	for _, tt := range tests {
		u, _ := url.Parse(tt.url)
		op, err := tt.v.Find(tt.method, u)
		if err != nil {
			t.Errorf("Find(%s %s): %v", tt.method, tt.url, err)
			continue
		}
		if op.ID != tt.wantID || op.Prefix != tt.wantPrefix {
			t.Errorf("Find(%s %s) = %s with prefix %q, want %s with %q", tt.method, tt.url, op.ID, op.Prefix, tt.wantID, tt.wantPrefix)
		}
		for k, want := range tt.wantParams {
			if got := op.PathParams[k]; got != want {
				t.Errorf("Find(%s %s): %s = %q, want %q", tt.method, tt.url, k, got, want)
			}
		}
	}
}

// TestFindNeverRoutesOnASuffix: a path addresses an operation only as the
// base path followed by the spec's path, never because it ends like one.
func TestFindNeverRoutesOnASuffix(t *testing.T) {
	root := testValidator(t)
	proxied, err := New(WithBasePath("/github"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		v   *Validator
		url string
	}{
		{root, "https://ghe.example.com/api/v3/user/codespaces"},
		{root, "https://api.github.com/orgs/octo-org/user/codespaces"},
		{root, "https://api.github.com/user/codespaces/abc/user/codespaces"},
		{proxied, "https://proxy.example.com/user/codespaces"},
		{proxied, "https://proxy.example.com/githubx/user/codespaces"},
		{proxied, "https://proxy.example.com/other/github/user/codespaces"},
	} {
		u, _ := url.Parse(tt.url)
		if op, err := tt.v.Find("GET", u); !errors.Is(err, ErrUnknownOperation) {
			t.Errorf("Find(GET %s) = %s, %v; want ErrUnknownOperation", tt.url, op.ID, err)
		}
	}
	if _, err := New(WithBasePath("github")); err == nil {
		t.Error("New(WithBasePath(\"github\")) accepted a base path without a leading slash")
	}
}

func TestFindTellsUnknownPathsFromUnknownMethods(t *testing.T) {
	v := testValidator(t)
	for _, tt := range []struct {
		method, url string
		want        error
	}{
		{"GET", "https://api.github.com/user/repos", ErrUnknownOperation},
		{"GET", "https://api.github.com/", ErrUnknownOperation},
		{"DELETE", "https://api.github.com/user/codespaces", ErrMethodNotAllowed},
		{"POST", "https://api.octocorp.ghe.com/user/codespaces/secrets/public-key", ErrMethodNotAllowed},
	} {
		u, _ := url.Parse(tt.url)
		_, err := v.Find(tt.method, u)
		if !errors.Is(err, tt.want) {
			t.Errorf("Find(%s %s) error = %v, want %v", tt.method, tt.url, err, tt.want)
		}
	}
}

// TestValidatorIsSafeForConcurrentUse: a server validates every request and
// response from many goroutines at once (run with -race).
func TestValidatorIsSafeForConcurrentUse(t *testing.T) {
	v := testValidator(t)
	body := mustJSON(t, example(t, "codespace"))
	broken := example(t, "codespace")
	broken["state"] = "Hibernating"
	brokenBody := mustJSON(t, broken)
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				r := request("PATCH", getCodespace, []byte(`{"machine":"premiumLinux"}`))
				if _, vs, err := v.CheckRequest(r); err != nil || len(vs) > 0 {
					errs <- fmt.Sprint(err, vs)
					return
				}
				b := body
				if i%2 == 1 {
					b = brokenBody
				}
				vs := v.CheckResponse(r, 200, jsonHeader(), b)
				if (i%2 == 1) != (len(vs) == 1) {
					errs <- describe(vs)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

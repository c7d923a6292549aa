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
	if len(ops) != 24 {
		t.Fatalf("Operations() has %d operations, want the spec's 24", len(ops))
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
	v := testValidator(t)
	tests := []struct {
		method, url string
		wantID      string
		wantPrefix  string
		wantParams  map[string]string
	}{
		{"GET", "https://api.github.com/user/codespaces", "codespaces/list-for-authenticated-user", "", nil},
		{"GET", "https://ghe.example.com/api/v3/user/codespaces", "codespaces/list-for-authenticated-user", "/api/v3", nil},
		{"GET", "https://proxy.example.com/github/api/v3/user/codespaces/x/machines", "codespaces/codespace-machines-for-authenticated-user", "/github/api/v3",
			map[string]string{"codespace_name": "x"}},
		{"GET", "http://127.0.0.1:8080/user/codespaces/secrets", "codespaces/list-secrets-for-authenticated-user", "", nil},
		{"GET", "http://127.0.0.1:8080/user/codespaces/secrets/public-key", "codespaces/get-public-key-for-authenticated-user", "", nil},
		{"GET", "http://localhost/user/codespaces/monalisa-x", "codespaces/get-for-authenticated-user", "", map[string]string{"codespace_name": "monalisa-x"}},
		{"PUT", "https://ghe.example.com/api/v3/user/codespaces/secrets/GH%20TOKEN/repositories/42", "codespaces/add-repository-for-secret-for-authenticated-user", "/api/v3",
			map[string]string{"secret_name": "GH TOKEN", "repository_id": "42"}},
		{"POST", "https://api.github.com/repos/octocat/hello-world/pulls/1/codespaces", "codespaces/create-with-pr-for-authenticated-user", "",
			map[string]string{"owner": "octocat", "repo": "hello-world", "pull_number": "1"}},
	}
	for _, tt := range tests {
		u, _ := url.Parse(tt.url)
		op, err := v.Find(tt.method, u)
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

func TestFindTellsUnknownPathsFromUnknownMethods(t *testing.T) {
	v := testValidator(t)
	for _, tt := range []struct {
		method, url string
		want        error
	}{
		{"GET", "https://api.github.com/user/repos", ErrUnknownOperation},
		{"GET", "https://api.github.com/", ErrUnknownOperation},
		{"DELETE", "https://api.github.com/user/codespaces", ErrMethodNotAllowed},
		{"POST", "https://ghe.example.com/api/v3/user/codespaces/secrets/public-key", ErrMethodNotAllowed},
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

package evidence

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path"
	"regexp"
	"strings"
	"testing"

	"github.com/codespaces-go/codespaces/client"
	"github.com/codespaces-go/codespaces/conformance/mock"
)

// mockToken is octocat's token on the mock: octocat administers
// octocat/Hello-World and octo-org, the places the recordings map onto.
// memberToken is another user's, a member of octo-org (setup's as: member).
const (
	mockToken   = "evidence-octocat-token"
	memberToken = "evidence-member-token"
)

// mockWorld is one served mock and the way to send it recorded requests.
type mockWorld struct {
	base   string
	client *http.Client
}

// mockOptions are the options a cassette's mock_options may name.
var mockOptions = map[string]mock.Option{
	// GitHub began a pending operation when a codespace moved to a machine
	// with another amount of storage (cli/cli pull request 5319).
	"machine-change-pending": mock.WithMachineChangePending(mock.PendingOperation{}),
	// GitHub failed server-side on its internal=true view of a codespace
	// and answered 500 without a body (cli/cli issues 7819 and 9003); the
	// mock's bodiless fault plays that answer.
	"get-codespace-fails-bodiless": mock.WithFaults(mock.Fault{
		Kind: mock.FaultStatus, Operation: "codespaces/get-for-authenticated-user", Status: 500, Empty: true,
	}),
	// The recorder's token had gh's login scopes and not codespace (cli/cli
	// issue 5491).
	"token-without-codespace": mock.WithTokenRights(mockToken, ghLoginScopes),
}

// ghLoginScopes are the scopes of a token from `gh auth login`: gh's
// minimum scopes, "repo", "read:org" and "gist" (cli/cli
// internal/authflow/flow.go), without codespace, which `gh auth refresh -s
// codespace` adds (github/gh-net issue 16's workaround for the same 403).
var ghLoginScopes = mock.Rights{Kind: mock.TokenClassic, Scopes: []string{"repo", "read:org", "gist"}}

func newMockWorld(t *testing.T, names []string) *mockWorld {
	t.Helper()
	opts := []mock.Option{mock.WithOctocatToken(mockToken)}
	for _, n := range names {
		o, ok := mockOptions[n]
		if !ok {
			t.Fatalf("mock_options names no option: %q", n)
		}
		opts = append(opts, o)
	}
	srv := mock.New(opts...)
	base, stop := srv.Start()
	t.Cleanup(stop)
	return &mockWorld{base: base, client: &http.Client{}}
}

// secretPUT matches the path of a secret's PUT in any scope.
var secretPUT = regexp.MustCompile(`/codespaces/secrets/[^/]+$`)

// send sends a request to the mock with the recorded headers, but the
// mock's credential, no Accept-Encoding, and a secret's value sealed to the
// mock's key.
func (w *mockWorld) send(method, pathAndQuery string, recorded http.Header, body string) (int, http.Header, []byte, error) {
	return w.sendAs(mockToken, method, pathAndQuery, recorded, body)
}

// sendAs is send with another user's token.
func (w *mockWorld) sendAs(token, method, pathAndQuery string, recorded http.Header, body string) (int, http.Header, []byte, error) {
	if method == http.MethodPut && secretPUT.MatchString(strings.SplitN(pathAndQuery, "?", 2)[0]) {
		// Without the scope's key (an unknown scope, say) the PUT goes as
		// recorded: the mock's answer to it shows why.
		if sealed, err := w.reseal(pathAndQuery, body); err == nil {
			body = sealed
		}
	}
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, w.base+pathAndQuery, rd)
	if err != nil {
		return 0, nil, nil, err
	}
	for k, vs := range recorded {
		switch http.CanonicalHeaderKey(k) {
		case "Authorization", "Accept-Encoding", "Content-Length", "Host":
			continue
		}
		req.Header[k] = append([]string(nil), vs...)
	}
	if req.Header.Get("User-Agent") == "" {
		req.Header.Set("User-Agent", "codespaces-go-evidence")
	}
	if body != "" && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "token "+token)
	resp, err := w.client.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b, err
}

// reseal replaces a secret PUT's key_id and encrypted_value with a value
// sealed to the public key the mock serves for the secret's scope: the
// recorded value was sealed to GitHub's.
func (w *mockWorld) reseal(pathAndQuery, body string) (string, error) {
	fields := map[string]any{}
	if strings.TrimSpace(body) != "" {
		if err := json.Unmarshal([]byte(body), &fields); err != nil {
			return "", fmt.Errorf("reseal: the body is not a JSON object: %w", err)
		}
	}
	keyPath := path.Join(path.Dir(strings.SplitN(pathAndQuery, "?", 2)[0]), "public-key")
	status, _, raw, err := w.send(http.MethodGet, keyPath, nil, "")
	if err != nil || status != http.StatusOK {
		return "", fmt.Errorf("reseal: GET %s: %d %s %v", keyPath, status, raw, err)
	}
	var key struct {
		Key   string `json:"key"`
		KeyID string `json:"key_id"`
	}
	if err := json.Unmarshal(raw, &key); err != nil {
		return "", fmt.Errorf("reseal: the public key: %w", err)
	}
	sealed, err := client.EncryptSecret(key.Key, []byte("evidence"))
	if err != nil {
		return "", fmt.Errorf("reseal: %w", err)
	}
	fields["key_id"], fields["encrypted_value"] = key.KeyID, sealed
	out, err := json.Marshal(fields)
	return string(bytes.TrimSpace(out)), err
}

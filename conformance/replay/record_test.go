package replay

import (
	"context"
	"encoding/json"
	"flag"
	"github.com/codespaces-go/codespaces/conformance/validate"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/codespaces-go/codespaces/conformance/cassette"
)

var recordFlag = flag.Bool("record", false,
	"record cassettes/live/*.yaml against CODESPACES_BASE_URL (default https://api.github.com) with GITHUB_TOKEN; also CODESPACES_RECORD=1")

// TestRecordLive records the read-only operations against a live server.
// Off by default: it needs the network and a token.
//
//	GITHUB_TOKEN=... go test ./conformance/replay -run TestRecordLive -record
func TestRecordLive(t *testing.T) {
	if !*recordFlag && os.Getenv("CODESPACES_RECORD") == "" {
		t.Skip("recording is off; pass -record or set CODESPACES_RECORD=1")
	}
	token := os.Getenv("GITHUB_TOKEN")
	if token == "" {
		t.Fatal("recording needs GITHUB_TOKEN")
	}
	base := os.Getenv("CODESPACES_BASE_URL")
	if base == "" {
		base = "https://api.github.com"
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("CODESPACES_BASE_URL: %v", err)
	}
	path := filepath.Join(moduleRoot(t), "cassettes", "live", u.Hostname()+"-"+time.Now().UTC().Format("20060102-150405")+".yaml")
	v, err := validate.New(validate.WithBasePath(u.EscapedPath()))
	if err != nil {
		t.Fatal(err)
	}
	report, err := RecordLive(context.Background(), LiveOptions{
		Path: path, BaseURL: base, Token: token, Repository: os.Getenv("CODESPACES_RECORD_REPO"),
	}, v)
	if err != nil {
		t.Fatal(err)
	}
	var md strings.Builder
	_ = report.WriteMarkdown(&md)
	t.Logf("recorded %s\n%s", path, md.String())
	assertNoCredentials(t, path, token)
}

// fakeGitHub serves the spec's examples for the operations RecordLive calls,
// under a path prefix (/github, as a proxy might add; /api/v3 is GitHub
// Enterprise Server's, which the client refuses), to callers with the
// expected token;
// it answers with credentials of its own that must not reach the cassette.
func fakeGitHub(t *testing.T, token string) *httptest.Server {
	t.Helper()
	doc := testDoc(t)
	ex := func(name string) any { return doc.Components.Examples[name].Value.Value }
	// The user-secret list's example is the operation's own (the overlay's).
	secrets := doc.Paths.Find("/user/codespaces/secrets").Get.Responses.Status(200).Value.
		Content.Get("application/json").Examples["default"].Value.Value
	codespace := ex("codespace")
	routes := map[string]any{
		"/user/codespaces": map[string]any{"total_count": 1, "codespaces": []any{codespace}},
		"/user/codespaces/monalisa-octocat-hello-world-g4wpq6h95q":          codespace,
		"/user/codespaces/monalisa-octocat-hello-world-g4wpq6h95q/machines": ex("codespace-machines-list"),
		"/user/codespaces/secrets":                                          secrets,
		"/user/codespaces/secrets/public-key":                               ex("codespaces-user-public-key"),
		"/user/codespaces/secrets/CODESPACE_GH_SECRET":                      ex("user-codespaces-secret"),
		"/user/codespaces/secrets/CODESPACE_GH_SECRET/repositories":         ex("minimal-repository-paginated"),
		"/repos/octocat/hello-world/codespaces":                             map[string]any{"total_count": 1, "codespaces": []any{codespace}},
		"/repos/octocat/hello-world/codespaces/devcontainers":               ex("codespaces-list-devcontainers-for-repository"),
		"/repos/octocat/hello-world/codespaces/machines":                    ex("codespace-machines-list"),
	}
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Set-Cookie", "_gh_sess=c2Vzc2lvbg; path=/; secure; HttpOnly")
		if r.Header.Get("Authorization") != "Bearer "+token {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"message":"Requires authentication","documentation_url":"https://docs.github.com/rest"}`))
			return
		}
		body, ok := routes[strings.TrimPrefix(r.URL.Path, "/github")]
		if !ok || r.Method != http.MethodGet {
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"message":"Not Found","documentation_url":"https://docs.github.com/rest"}`))
			return
		}
		_ = json.NewEncoder(w).Encode(body)
	}))
}

// TestRecordThenReplay records against a loopback GitHub that receives a
// real-looking token, checks that no credential reached the file, and
// replays the cassette through both clients.
func TestRecordThenReplay(t *testing.T) {
	token := "ghp_" + strings.Repeat("R3c0rd", 6)
	srv := fakeGitHub(t, token)
	defer srv.Close()

	root := t.TempDir()
	path := filepath.Join(root, "cassettes", "live", "loopback.yaml")
	// The validator routes only under the base path it is told of.
	prefixed, err := validate.New(validate.WithBasePath("/github"))
	if err != nil {
		t.Fatal(err)
	}
	report, err := RecordLive(context.Background(), LiveOptions{
		Path: path, BaseURL: srv.URL + "/github", Token: token, Repository: "octocat/hello-world",
	}, prefixed)
	if err != nil {
		t.Fatal(err)
	}
	if s := report.Summary(); s.Called != 10 || s.Violations != 0 {
		var md strings.Builder
		_ = report.WriteMarkdown(&md)
		t.Errorf("recording called %d operations with %d violations, want 10 and none:\n%s", s.Called, s.Violations, md.String())
	}
	assertNoCredentials(t, path, token)

	for _, stack := range []Stack{Generated, Wrapper} {
		f, err := ReplayFile(context.Background(), path, prefixed, stack)
		if err != nil {
			t.Fatal(err)
		}
		if len(f.Interactions) != 10 {
			t.Errorf("%s: replayed %d interactions, want 10", stack, len(f.Interactions))
		}
		if err := Check(root, []File{f}, nil); err != nil {
			t.Errorf("%s: %v", stack, err)
		}
	}
}

func assertNoCredentials(t *testing.T, path, token string) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{token, "ghp_", "c2Vzc2lvbg", "_gh_sess", "ABTLWHOULUVAXGTRYU7OC2876QJ2O"} {
		if strings.Contains(string(raw), secret) {
			t.Errorf("the cassette %s holds %q", path, secret)
		}
	}
	c, err := cassette.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if leaks := cassette.FindLeaks(c); len(leaks) > 0 {
		t.Errorf("the cassette %s leaks: %v", path, leaks)
	}
}

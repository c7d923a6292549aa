package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/codespaces-go/codespaces/client"
	"github.com/codespaces-go/codespaces/conformance/mock"
	"github.com/codespaces-go/codespaces/conformance/scenario"
	"github.com/codespaces-go/codespaces/conformance/validate"
	"github.com/codespaces-go/codespaces/gen"
)

// env is a fake environment for run's getenv.
type env map[string]string

func (e env) get(key string) string { return e[key] }

func runCommand(t *testing.T, e env, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb, e.get)
	return code, out.String(), errb.String()
}

func specOperations(t *testing.T) []validate.Operation {
	t.Helper()
	v, err := validate.New()
	if err != nil {
		t.Fatal(err)
	}
	return v.Operations()
}

// TestDefaultRun is the main job as CI runs it: no arguments, the embedded
// mock, exit 0, every scenario ok, every operation called, no violation.
func TestDefaultRun(t *testing.T) {
	code, stdout, stderr := runCommand(t, env{})
	if code != exitPass {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, sc := range scenario.All() {
		if !regexp.MustCompile(`(?m)^ok    ` + sc.Name + ` +\d`).MatchString(stdout) {
			t.Errorf("no ok progress line with a duration for %s", sc.Name)
		}
	}
	ops := specOperations(t)
	if len(ops) != 48 {
		t.Fatalf("the spec has %d operations, want 48", len(ops))
	}
	for _, op := range ops {
		m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(op.ID) + ` +(\d+) +(.+?) +(\d+) +(\d+)$`).FindStringSubmatch(stdout)
		if m == nil {
			t.Errorf("the report has no row for %s", op.ID)
			continue
		}
		if calls, _ := strconv.Atoi(m[1]); calls == 0 || m[2] == "not implemented" {
			t.Errorf("%s: %d calls, statuses %q", op.ID, calls, m[2])
		}
		if m[3] != "0" {
			t.Errorf("%s has %s errors", op.ID, m[3])
		}
		if m[4] != "0" {
			t.Errorf("%s has %s warnings", op.ID, m[4])
		}
	}
	if len(mock.NotImplemented()) != 0 || strings.Contains(stdout, "not implemented") || strings.Contains(stdout, "skip ") {
		t.Errorf("the mock implements every operation and nothing is skipped, yet the output says otherwise (not implemented: %v):\n%s", mock.NotImplemented(), stdout)
	}
	if !strings.Contains(stdout, "48 of 48 operations called") || !strings.Contains(stdout, " 0 violations (0 errors: 0 in requests, 0 in answers; 0 warnings)") ||
		!strings.HasSuffix(stdout, "\nPASS\n") {
		t.Errorf("the verdict is not a pass over all 48 operations:\n%s", stdout)
	}
}

func TestReportFiles(t *testing.T) {
	dir := t.TempDir()
	md, js, summary := filepath.Join(dir, "report.md"), filepath.Join(dir, "report.json"), filepath.Join(dir, "summary.md")
	if err := os.WriteFile(summary, []byte("earlier step\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCommand(t, env{envStepSummary: summary},
		"-run", "^(devcontainers|secrets)$", "-report", md, "-json", js)
	if code != exitPass {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	report, err := os.ReadFile(md)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# Conformance report", "| codespaces/get-public-key-for-authenticated-user | GET |", "## Scenarios", "| secrets | ok |", "PASS"} {
		if !strings.Contains(string(report), want) {
			t.Errorf("the Markdown report lacks %q", want)
		}
	}
	appended, err := os.ReadFile(summary)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(appended, append([]byte("earlier step\n"), report...)) {
		t.Error("the job summary is not the earlier content followed by the report")
	}
	raw, err := os.ReadFile(js)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Passed    bool                      `json:"passed"`
		Selected  bool                      `json:"selected"`
		Scenarios []scenario.ScenarioResult `json:"scenarios"`
		Summary   validate.Summary          `json:"summary"`
		Uncalled  []string                  `json:"uncalled"`
		NotImpl   []string                  `json:"not_implemented"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("the JSON report does not decode: %v", err)
	}
	if !doc.Passed || !doc.Selected || len(doc.Scenarios) != 2 || doc.Summary.Operations != 48 ||
		doc.Summary.Called+len(doc.Uncalled)+len(doc.NotImpl) != 48 || doc.Scenarios[1].Outcome != scenario.Passed {
		t.Errorf("JSON report: %+v", doc)
	}
}

func TestUsageErrors(t *testing.T) {
	cases := []struct {
		name string
		env  env
		args []string
		want string
	}{
		{"live run without a token", env{}, []string{"-base-url", "https://api.github.com"}, "GITHUB_TOKEN"},
		{"bad regexp", env{}, []string{"-run", "("}, "-run"},
		{"stray argument", env{}, []string{"sreve"}, "unexpected arguments"},
		{"unknown flag", env{}, []string{"-nope"}, "flag provided but not defined"},
		{"bad base URL", env{envToken: "t"}, []string{"-base-url", "ftp://x"}, "not an http(s) URL"},
		{"live run in nobody's repository", env{envToken: "t"}, []string{"-base-url", "https://api.github.com"}, "-owner, -repo, -repository-id and -pull-number"},
		{"bad serve flag", env{}, []string{"serve", "-polls", "-1"}, "must not be negative"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runCommand(t, tc.env, tc.args...)
			if code != exitUsage || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, exitUsage, tc.want)
			}
		})
	}
	if code, _, stderr := runCommand(t, env{}, "-h"); code != exitPass || !strings.Contains(stderr, "conformance serve") {
		t.Errorf("-h: exit %d, usage %q", code, stderr)
	}
}

// TestLiveRun takes the live code path (-base-url, GITHUB_TOKEN) against a
// mock served on loopback: the scenarios pass, faults are skipped, and what
// the users had before the run (codespaces, and secrets of every scope,
// including ones named like another run's) is still there after it, and
// nothing else. With -org, -org-repo, -org-access and -publish every
// operation is called, and the repository the publish made is named as
// left behind; without them the organization scenarios and publish skip,
// each with one line saying what it needs, and the run still passes.
func TestLiveRun(t *testing.T) {
	repoFlags := []string{"-owner", "octocat", "-repo", "Hello-World", "-repository-id", "1296269", "-pull-number", "1", "-timeout", "1m"}
	orgFlags := []string{"-org", "octo-org", "-org-repo", "octo-repo", "-org-access", "all_members", "-publish"}
	for _, tc := range []struct {
		name    string
		flags   []string
		called  string
		skipped map[string]string // scenario: what its line says
		left    string
	}{
		{"with an organization and publish", orgFlags, "48 of 48 operations called", map[string]string{}, "left repositories [octocat/conformance-t1-published]"},
		{"without", nil, "31 of 48 operations called", map[string]string{
			"org-secrets": "pass -org and -org-repo", "org-admin": "pass -org and -org-repo", "org-access": "pass -org and -org-repo",
			"publish": "the API cannot delete: pass -publish",
		}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const token, second = "live-main-token", "live-second-token"
			url, stop := mock.New().Start()
			defer stop()
			before := seedLiveWorld(t, url, token, second)

			code, stdout, stderr := runCommand(t, env{envToken: token, envSecondToken: second},
				append(append([]string{"-base-url", url, "-run-id", "t1"}, repoFlags...), tc.flags...)...)
			if code != exitPass {
				t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
			}
			tc.skipped["faults"] = "fault injection needs the embedded mock"
			for _, sc := range scenario.All() {
				line := regexp.MustCompile(`(?m)^(ok  |skip)  ` + regexp.QuoteMeta(sc.Name) + ` .*$`).FindString(stdout)
				want, skip := tc.skipped[sc.Name]
				if line == "" || strings.HasPrefix(line, "skip") != skip || !strings.Contains(line, want) {
					t.Errorf("scenario %s: line %q, want skipped %v, saying %q", sc.Name, line, skip, want)
				}
			}
			if !strings.Contains(stdout, url) || !strings.Contains(stdout, "run t1") || !strings.Contains(stdout, tc.called) {
				t.Errorf("the output does not name the target, the run and %q:\n%s", tc.called, stdout)
			}
			if got := strings.Contains(stdout, "left repositories"); got != (tc.left != "") || !strings.Contains(stdout, tc.left) {
				t.Errorf("the output should name %q as left behind:\n%s", tc.left, stdout)
			}
			if strings.Contains(stdout+stderr, token) || strings.Contains(stdout+stderr, second) {
				t.Error("a token reached the output")
			}
			if after := liveWorld(t, url, token, second); !maps.EqualFunc(after, before, slices.Equal) {
				t.Errorf("after the run the users have %v, want exactly what they had before %v", after, before)
			}
		})
	}
}

// seedLiveWorld gives the users of a mock things a live run must not
// touch: codespaces and secrets of their own, and ones named like another
// run's, in every scope. It returns what they have then.
func seedLiveWorld(t *testing.T, url, token, second string) map[string][]string {
	t.Helper()
	ctx := context.Background()
	c, member := liveClient(t, url, token), liveClient(t, url, second)
	for _, who := range []*client.Client{c, member} {
		for _, display := range []string{"my work", "conformance-other-lifecycle"} {
			if _, err := who.CreateCodespaceInRepository(ctx, mock.OrgLogin, mock.OrgRepo, gen.CreateCodespaceInRepositoryOptions{DisplayName: &display}); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, name := range []string{"MY_SECRET", "CONFORMANCE_OTHER_SECRET"} {
		if _, err := c.SetSecret(ctx, name, []byte("keep"), client.SetSecretOptions{}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.SetOrgSecret(ctx, mock.OrgLogin, name, []byte("keep"), gen.OrgSecretVisibilityAll, client.SetOrgSecretOptions{}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.SetRepoSecret(ctx, mock.OctocatLogin, mock.HelloWorldRepo, name, []byte("keep"), client.SetRepoSecretOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	return liveWorld(t, url, token, second)
}

// liveWorld lists what the users of a mock have: codespaces, and secrets of
// every scope.
func liveWorld(t *testing.T, url, token, second string) map[string][]string {
	t.Helper()
	ctx := context.Background()
	c, member := liveClient(t, url, token), liveClient(t, url, second)
	world := map[string][]string{}
	add := func(what string, names []string, err error) {
		if err != nil {
			t.Fatalf("list %s: %v", what, err)
		}
		slices.Sort(names)
		world[what] = names
	}
	for who, cl := range map[string]*client.Client{"codespaces": c, "the member's codespaces": member} {
		list, err := client.Collect(cl.ListCodespaces(ctx, client.ListCodespacesOptions{}))
		add(who, namesOf(list, func(cs *gen.Codespace) string { return cs.Name }), err)
	}
	secrets, err := client.Collect(c.ListSecrets(ctx, client.ListOptions{}))
	add("secrets", namesOf(secrets, func(s *gen.CodespacesSecret) string { return s.Name }), err)
	orgSecrets, err := client.Collect(c.ListOrgSecrets(ctx, mock.OrgLogin, client.ListOptions{}))
	add("organization secrets", namesOf(orgSecrets, func(s *gen.CodespacesOrgSecret) string { return s.Name }), err)
	repoSecrets, err := client.Collect(c.ListRepoSecrets(ctx, mock.OctocatLogin, mock.HelloWorldRepo, client.ListOptions{}))
	add("repository secrets", namesOf(repoSecrets, func(s *gen.RepoCodespacesSecret) string { return s.Name }), err)
	return world
}

func liveClient(t *testing.T, url, token string) *client.Client {
	t.Helper()
	c, err := client.New(client.WithBaseURL(url), client.WithToken(token))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func namesOf[T any](list []*T, name func(*T) string) []string {
	out := make([]string, 0, len(list))
	for _, v := range list {
		out = append(out, name(v))
	}
	return out
}

// TestViolationFailsTheRun serves a mock behind a proxy that drops a
// required field from every codespace it reads: the clients cope, but the
// run must exit 1 and name the operation and the field.
func TestViolationFailsTheRun(t *testing.T) {
	h := mock.New().Handler()
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		rest, isCodespace := strings.CutPrefix(r.URL.Path, "/user/codespaces/")
		if r.Method == http.MethodGet && isCodespace && rec.Code == http.StatusOK && rest != "secrets" && !strings.Contains(rest, "/") {
			var cs map[string]any
			if err := json.Unmarshal(body, &cs); err == nil {
				delete(cs, "web_url")
				body, _ = json.Marshal(cs)
			}
		}
		for k, vs := range rec.Header() {
			if k != "Content-Length" && k != "Etag" {
				w.Header()[k] = vs
			}
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(body)
	}))
	defer broken.Close()

	junit := filepath.Join(t.TempDir(), "junit.xml")
	code, stdout, _ := runCommand(t, env{envToken: "t"}, "-base-url", broken.URL, "-run", "^lifecycle$", "-junit", junit,
		"-owner", "octocat", "-repo", "Hello-World", "-repository-id", "1296269", "-pull-number", "1")
	if code != exitFail {
		t.Fatalf("exit %d, want %d\n%s", code, exitFail, stdout)
	}
	if !strings.Contains(stdout, "ok    lifecycle") {
		t.Errorf("the scenario itself should pass; only the report fails:\n%s", stdout)
	}
	if !regexp.MustCompile(`violation: codespaces/get-for-authenticated-user GET /user/codespaces/\S+ → 200: body /web_url: `).MatchString(stdout) {
		t.Errorf("the report does not name the operation and the field:\n%s", stdout)
	}
	if !regexp.MustCompile(`(?m)^FAIL: \d+ errors \(violations of the spec\) in 1 operations$`).MatchString(stdout) {
		t.Errorf("the verdict does not fail on the violations:\n%s", stdout)
	}
	checkJUnit(t, junit)
}

// checkJUnit reads the JUnit report of the broken lifecycle run: a test
// case per step, named by operation, and exactly the steps that read a
// broken codespace failing, with the field named.
func checkJUnit(t *testing.T, path string) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Suites   []struct {
			Name  string `xml:"name,attr"`
			Cases []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Text string `xml:",chardata"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("the JUnit report does not parse: %v\n%s", err, raw)
	}
	if len(doc.Suites) != 1 || doc.Suites[0].Name != "lifecycle" || doc.Tests != len(doc.Suites[0].Cases) || doc.Tests < 10 {
		t.Fatalf("JUnit: %d tests in suites %+v, want the lifecycle's steps", doc.Tests, doc.Suites)
	}
	failed := 0
	for _, c := range doc.Suites[0].Cases {
		broken := strings.Contains(c.Name, "(codespaces/get-for-authenticated-user)") && strings.Contains(c.Name, "→ 200")
		if (c.Failure != nil) != broken {
			t.Errorf("case %q: failure %v", c.Name, c.Failure)
		}
		if c.Failure != nil {
			failed++
			if !strings.Contains(c.Failure.Text, "body /web_url") {
				t.Errorf("case %q: failure %q does not name the field", c.Name, c.Failure.Text)
			}
		}
	}
	if failed == 0 || failed != doc.Failures {
		t.Errorf("%d failing cases, the report says %d", failed, doc.Failures)
	}
}

// startServe runs "conformance serve" in-process until the test ends and
// returns the URL it printed.
func startServe(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		code := run(ctx, append([]string{"serve", "-addr", "127.0.0.1:0"}, args...), pw, io.Discard, env{}.get)
		_ = pw.Close()
		done <- code
	}()
	lines := bufio.NewScanner(pr)
	if !lines.Scan() {
		t.Fatal("serve printed nothing")
	}
	first := lines.Text()
	go func() {
		for lines.Scan() { // drain until serve exits
		}
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case code := <-done:
			if code != exitPass {
				t.Errorf("serve exited %d after the interrupt", code)
			}
		case <-time.After(10 * time.Second):
			t.Error("serve did not stop after the interrupt")
		}
	})
	url := regexp.MustCompile(`http://127\.0\.0\.1:\d+`).FindString(first)
	if url == "" {
		t.Fatalf("serve's first line names no loopback URL: %q", first)
	}
	return url
}

func TestServe(t *testing.T) {
	url := startServe(t)
	resp, err := http.Get(url + "/user/codespaces")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(string(body), "Requires authentication") {
		t.Errorf("GET /user/codespaces without a token: %d %s", resp.StatusCode, body)
	}
}

func FuzzParseRunFlags(f *testing.F) {
	f.Add("-base-url", "https://api.github.com", "-run", "life")
	f.Add("-repository-id", "x", "-pull-number", "1")
	f.Add("-timeout", "-1s", "-v", "serve")
	f.Add("-run", "(", "-json", "")
	getenv := env{envToken: "tok", envSecondToken: "second"}.get
	f.Fuzz(func(t *testing.T, a, b, c, d string) {
		cfg, _, err := parseRunFlags([]string{a, b, c, d}, io.Discard, getenv)
		if err != nil {
			return
		}
		if (cfg.BaseURL != "") != (cfg.Token == "tok") {
			t.Errorf("base URL %q with token %q: the token goes with the base URL only", cfg.BaseURL, cfg.Token)
		}
	})
}

// TestBehindAReverseProxy puts httputil.ReverseProxy between the runner and
// a served mock, with and without a path prefix of its own: the mock builds
// the URLs in its answers (Link, url, start_url, ...) from the proxy's
// X-Forwarded-Host and -Proto, so pagination and every other scenario pass
// through the proxy, and nothing addresses the mock directly.
func TestBehindAReverseProxy(t *testing.T) {
	for _, prefix := range []string{"", "/github"} {
		t.Run("prefix "+prefix, func(t *testing.T) {
			var target *url.URL
			var direct atomic.Int32
			proxy := httptest.NewServer(&httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
				r.SetURL(target)
				r.SetXForwarded()
				if !strings.HasPrefix(r.In.URL.Path, prefix+"/") {
					direct.Add(1)
				}
			}})
			defer proxy.Close()
			var opts []mock.Option
			if prefix != "" {
				// A proxy that forwards its prefix: the mock is told its
				// public URL, as serve's -public-url does.
				opts = append(opts, mock.WithBaseURL(proxy.URL+prefix))
			}
			backend, stop := mock.New(opts...).Start()
			defer stop()
			target, _ = url.Parse(backend)

			code, stdout, stderr := runCommand(t, env{envToken: "proxied-token"}, "-base-url", proxy.URL+prefix,
				"-owner", "octocat", "-repo", "Hello-World", "-repository-id", "1296269", "-pull-number", "1", "-timeout", "1m")
			if code != exitPass {
				t.Fatalf("exit %d behind the proxy\n%s\n%s", code, stdout, stderr)
			}
			if !strings.Contains(stdout, "ok    pagination") || strings.Contains(stdout, backend) {
				t.Errorf("pagination did not pass, or an answer addressed the mock itself:\n%s", stdout)
			}
			if n := direct.Load(); n != 0 {
				t.Errorf("%d requests came to the proxy outside its prefix %q", n, prefix)
			}
		})
	}
}

// TestLiveRunSkipsWhatTheTokenMayNotDo puts a server in front of the mock
// that answers every organization endpoint as GitHub answers a classic
// token without admin:org: 403, naming the accepted scope and the token's.
// The organization scenarios skip, each saying the token lacks admin:org;
// the run passes; nothing is left.
func TestLiveRunSkipsWhatTheTokenMayNotDo(t *testing.T) {
	h := mock.New().Handler()
	gh := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/orgs/") {
			h.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("X-Accepted-OAuth-Scopes", "admin:org")
		w.Header().Set("X-OAuth-Scopes", "codespace, repo")
		w.WriteHeader(http.StatusForbidden)
		_, _ = io.WriteString(w, `{"message":"Must have admin rights to Repository.","documentation_url":"https://docs.github.com/rest"}`)
	}))
	defer gh.Close()
	code, stdout, stderr := runCommand(t, env{envToken: "no-admin-org"}, "-base-url", gh.URL, "-run", "^org-",
		"-owner", "octocat", "-repo", "Hello-World", "-repository-id", "1296269", "-pull-number", "1",
		"-org", "octo-org", "-org-repo", "octo-repo", "-org-access", "all_members")
	if code != exitPass {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, name := range []string{"org-secrets", "org-admin", "org-access"} {
		line := regexp.MustCompile(`(?m)^skip  ` + name + ` .*$`).FindString(stdout)
		if !strings.Contains(line, "answered 403; the token lacks the scope admin:org") {
			t.Errorf("scenario %s: %q, want a skip naming the missing scope", name, line)
		}
	}
}

// TestRunnerPagesThroughSecretsAlongIDBasedLinks is issue 17's acceptance:
// the runner, pointed at the served mock, pages through the repository's
// and the organization's secrets by following the mock's Links, which lead
// to GitHub's id-based paths, with no error.
func TestRunnerPagesThroughSecretsAlongIDBasedLinks(t *testing.T) {
	url := startServe(t)
	code, stdout, stderr := runCommand(t, env{envToken: "served-token"}, "-base-url", url, "-v", "-run", "^secret-pages$",
		"-owner", "octocat", "-repo", "Hello-World", "-repository-id", "1296269", "-pull-number", "1",
		"-org", "octo-org", "-org-repo", "octo-repo", "-timeout", "1m")
	if code != exitPass {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, want := range []string{
		"ok    secret-pages",
		"repository octocat/Hello-World's secrets: 2 in 2 pages of 1, 1 of the 1 pages after the first at GitHub's id-based /repositories/{repository_id}/…",
		"organization octo-org's secrets: 2 in 2 pages of 1, 1 of the 1 pages after the first at GitHub's id-based /organizations/{org_id}/…",
		" 0 violations (0 errors: 0 in requests, 0 in answers; 0 warnings)",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("the output lacks %q:\n%s", want, stdout)
		}
	}
}

// TestRunListsOnlyTheOperationsCalled: with -run, the table lists the
// operations the selected scenarios called, and says how many it leaves
// out, where it used to list all 48 (issue 20); the Markdown report too.
// The counts stay the whole report's.
func TestRunListsOnlyTheOperationsCalled(t *testing.T) {
	md := filepath.Join(t.TempDir(), "report.md")
	code, stdout, stderr := runCommand(t, env{}, "-run", "^lifecycle$", "-report", md)
	if code != exitPass {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	report, err := os.ReadFile(md)
	if err != nil {
		t.Fatal(err)
	}
	called := regexp.MustCompile(`(?m)^(\d+) of 48 operations called`).FindStringSubmatch(stdout)
	if called == nil {
		t.Fatalf("no verdict line:\n%s", stdout)
	}
	n, _ := strconv.Atoi(called[1])
	if n == 0 || n == 48 {
		t.Fatalf("lifecycle called %d operations; the test needs some called and some not", n)
	}
	var listed, listedMD int
	for _, op := range specOperations(t) {
		row := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(op.ID) + ` +(\d+) `).FindStringSubmatch(stdout)
		rowMD := strings.Contains(string(report), "| "+op.ID+" |")
		if row != nil {
			listed++
			if row[1] == "0" {
				t.Errorf("%s is listed with 0 calls", op.ID)
			}
		}
		if rowMD {
			listedMD++
		}
	}
	if listed != n || listedMD != n {
		t.Errorf("the table lists %d operations and the Markdown %d, want the %d called", listed, listedMD, n)
	}
	if want := fmt.Sprintf("(%d of 48 operations not called by the selected scenarios, not listed)", 48-n); !strings.Contains(stdout, want) {
		t.Errorf("the output lacks %q:\n%s", want, stdout)
	}
	if want := fmt.Sprintf("%d operations not called, not listed.", 48-n); !strings.Contains(string(report), want) {
		t.Errorf("the Markdown report lacks %q:\n%s", want, report)
	}
}

package interop

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/codespaces-go/codespaces/conformance/mock"
	"github.com/codespaces-go/codespaces/conformance/validate"
)

// step is one line flow.mjs or control.mjs prints: a request, its status
// and, for a codespace or an export, the state it showed.
type step struct {
	Step   string `json:"step"`
	Status int    `json:"status"`
	State  string `json:"state,omitempty"`
}

// TestOctokit proves the acceptance line with the client everyone uses:
// Octokit, knowing nothing but a base URL and two tokens (an organization's
// admin and a member), drives each of the 48 operations against the served
// mock: a codespace's whole life, secrets it sealed with libsodium in all
// three scopes, an admin's view of a member's codespaces, publish, the
// permissions check and the pre-flight; and every request it sends conforms
// to the spec.
func TestOctokit(t *testing.T) {
	node := requireOctokit(t)

	// Two reads per transitional state, so each wait sees the state it
	// waits out, as "conformance serve -polls 2" would show it.
	const token = "ghp_octokit_interop_00000000000000000000"
	const memberToken = "ghp_octokit_interop_member_000000000000"
	srv := mock.New(mock.WithSeed(1), mock.WithTiming(mock.Timing{Polls: 2}), mock.WithOctocatToken(token))
	base, stop := srv.Start()
	defer stop()

	plaintext := rand.Text() // fresh each run, so no stale value can match

	stdout := runScript(t, node, "flow.mjs", base,
		[]string{"GITHUB_TOKEN=" + token, "INTEROP_MEMBER_TOKEN=" + memberToken, "INTEROP_SECRET_VALUE=" + plaintext},
		token, memberToken, plaintext)

	steps := parseSteps(t, stdout)
	if got, want := collapse(steps), expectedSteps(); !slices.Equal(got, want) {
		t.Errorf("flow.mjs's steps, repeated polls shown once:\n got %v\nwant %v", got, want)
	}

	for _, v := range srv.Violations() {
		t.Errorf("the mock broke the spec: %s", v)
	}
	// Neither side broke the spec: no error and no warning, requests and
	// answers alike.
	for _, v := range srv.Report().Violations() {
		t.Errorf("an exchange broke the spec (%d times): %s", v.Count, v.Violation)
	}
	// The server saw exactly what the client reports, nothing it could not
	// route, and every operation of the spec.
	calls := 0
	called := map[string]bool{}
	for _, op := range srv.Report().Operations() {
		calls += op.Calls
		called[op.ID] = op.Calls > 0
		if op.ID == "" && op.Calls > 0 {
			t.Errorf("%d requests matched no operation of the spec", op.Calls)
		}
	}
	if calls != len(steps) {
		t.Errorf("the mock recorded %d calls, flow.mjs printed %d steps", calls, len(steps))
	}
	ids := mock.OperationIDs()
	if len(ids) != 48 {
		t.Errorf("the spec has %d operations, want 48", len(ids))
	}
	for _, id := range ids {
		if !called[id] {
			t.Errorf("Octokit never called %s", id)
		}
	}
	if s := srv.Report().Summary(); s.Called != s.Operations || s.Violations != 0 {
		t.Errorf("the mock's report: %d of %d operations called, %d violations", s.Called, s.Operations, s.Violations)
	}

	login := srv.Login(token)
	if got, ok := srv.SecretValue(login, "INTEROP_KEPT"); !ok || string(got) != plaintext {
		t.Errorf("INTEROP_KEPT of %s opens to %d bytes (stored: %v), not the %d-byte plaintext flow.mjs sealed last", login, len(got), ok, len(plaintext))
	}
	if _, ok := srv.SecretValue(login, "INTEROP_DELETED"); ok {
		t.Errorf("INTEROP_DELETED of %s is still stored after its delete", login)
	}
	// The organization's and the repository's secrets were sealed to their
	// own keys, which the mock opens with their own private keys.
	stored := []struct {
		scope string
		value func(name string) ([]byte, bool)
		kept  string
		gone  string
	}{
		{mock.OrgLogin, func(n string) ([]byte, bool) { return srv.OrgSecretValue(mock.OrgLogin, n) }, "INTEROP_ORG_KEPT", "INTEROP_ORG_DELETED"},
		{mock.OctocatLogin + "/" + mock.HelloWorldRepo, func(n string) ([]byte, bool) {
			return srv.RepoSecretValue(mock.OctocatLogin, mock.HelloWorldRepo, n)
		}, "INTEROP_REPO_KEPT", "INTEROP_REPO_DELETED"},
	}
	for _, s := range stored {
		if got, ok := s.value(s.kept); !ok || string(got) != plaintext {
			t.Errorf("%s of %s opens to %d bytes (stored: %v), not the %d-byte plaintext flow.mjs sealed last", s.kept, s.scope, len(got), ok, len(plaintext))
		}
		if _, ok := s.value(s.gone); ok {
			t.Errorf("%s of %s is still stored after its delete", s.gone, s.scope)
		}
	}
}

// runScript runs one of octokit/'s scripts against base, with env added to
// an environment cleared of flow settings, and returns what it printed to
// stdout. It fails the test when the script fails, or when its output shows
// any of secrets.
func runScript(t *testing.T, node, script, base string, env []string, secrets ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, script, base)
	cmd.Dir = "octokit"
	cmd.Env = append(withoutFlowSettings(os.Environ()), env...)
	cmd.WaitDelay = time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	t.Logf("node %s took %v", script, time.Since(start).Round(time.Millisecond))
	for _, out := range []string{stdout.String(), stderr.String()} {
		for _, secret := range secrets {
			if strings.Contains(out, secret) {
				t.Errorf("%s printed a token or a secret's plaintext", script)
			}
		}
	}
	if err != nil {
		t.Fatalf("node %s: %v\nstdout:\n%s\nstderr:\n%s", script, err, stdout.String(), stderr.String())
	}
	return stdout.Bytes()
}

// TestOctokitControl proves the control API from JavaScript: control.mjs
// scripts the served mock with plain fetch under /_mock/ (a world put in
// place, a reset that brings the first world back, a create that fails, a
// fault, a spent rate limit, the request log) and Octokit sees each script
// in GitHub's answers, with its own token, named by the world it put, and
// with a second user's classic token that lacks the codespace scope. No
// request, scripted or not, breaks the spec.
func TestOctokitControl(t *testing.T) {
	node := requireOctokit(t)

	const token = "ghp_octokit_control_000000000000000000000"
	srv := mock.New(mock.WithSeed(1), mock.WithTiming(mock.Timing{Polls: 2}))
	base, stop := srv.Start()
	defer stop()

	stdout := runScript(t, node, "control.mjs", base, []string{"GITHUB_TOKEN=" + token}, token)
	steps := parseSteps(t, stdout)
	want := []string{
		"world-started 200",
		"put-world 204",
		"world-replaced 200",
		"list-codespaces 200",
		"reset 204",
		"world-reset 200",
		"put-world 204",
		"fail-next 204",
		"create 201 Queued",
		"wait-failed 200 Queued",
		"wait-failed 200 Provisioning",
		"wait-failed 200 Failed",
		"fault 201",
		"list-faulted 503",
		"list-codespaces 200",
		"spend-rate-limit 204",
		"rate-limited 403",
		"missing-scope 403",
		"request-log 200",
	}
	if got := collapse(steps); !slices.Equal(got, want) {
		t.Errorf("control.mjs's steps, repeated polls shown once:\n got %v\nwant %v", got, want)
	}

	// The world control.mjs put is the mock's now, and its token is the
	// user it names.
	if got := srv.Login(token); got != "nodeuser" {
		t.Errorf("the token authenticates as %q, want nodeuser", got)
	}
	if got := srv.Requests(mock.RequestMatch{Operation: "codespaces/create-with-repo-for-authenticated-user"}); len(got) != 1 || got[0].Status != 201 {
		t.Errorf("the request log holds %d creates (%+v), want one answered 201", len(got), got)
	}
	for _, v := range srv.Violations() {
		t.Errorf("the mock broke the spec: %s", v)
	}
	// The spent rate limit is the one thing the report notes: a warning,
	// as GitHub's own rate limits are, not a break of the spec. The 503 is
	// a fault, recorded unchecked.
	rateLimited := 0
	for _, v := range srv.Report().Violations() {
		if v.Kind == validate.KindRateLimited && v.Severity == validate.SeverityWarning && v.Operation == "codespaces/list-for-authenticated-user" {
			rateLimited += v.Count
			continue
		}
		t.Errorf("an exchange broke the spec (%d times): %s", v.Count, v.Violation)
	}
	if rateLimited != 1 {
		t.Errorf("the report notes %d rate-limited answers, want the 1 control.mjs asked for", rateLimited)
	}
	for _, op := range srv.Report().Operations() {
		if op.ID == "" && op.Calls > 0 {
			t.Errorf("%d requests matched no operation of the spec", op.Calls)
		}
	}
	if s := srv.Report().Summary(); s.Errors != 0 {
		t.Errorf("the mock's report counts %d errors", s.Errors)
	}
}

// requireOctokit returns node's path, or skips the test when node or
// octokit/node_modules is missing; under CI=true it fails instead, because
// CI installs both.
func requireOctokit(t *testing.T) string {
	t.Helper()
	missing := func(what string) {
		t.Helper()
		msg := what + `; install Node 20+ and run "make interop" (npm ci, then these tests)`
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + " (CI=true: CI installs them, so this is a failure)")
		}
		t.Skip(msg)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missing("node is not on PATH")
	}
	if _, err := os.Stat(filepath.Join("octokit", "node_modules", "@octokit", "rest", "package.json")); err != nil {
		missing("octokit/node_modules holds no @octokit/rest")
	}
	return node
}

// withoutFlowSettings drops what octokit/'s scripts read from the
// environment, so a GITHUB_TOKEN or INTEROP_* of whoever runs the tests
// cannot leak into them.
func withoutFlowSettings(env []string) []string {
	return slices.DeleteFunc(slices.Clone(env), func(kv string) bool {
		return strings.HasPrefix(kv, "GITHUB_TOKEN=") || strings.HasPrefix(kv, "INTEROP_")
	})
}

func parseSteps(t *testing.T, out []byte) []step {
	t.Helper()
	var steps []step
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var s step
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&s); err != nil || s.Step == "" {
			t.Fatalf("the script printed %q, not a step line: %v", sc.Text(), err)
		}
		steps = append(steps, s)
	}
	return steps
}

// collapse renders steps one a string, a run of identical ones (the polls
// of a state that lasts) once: how many reads a state lasts is the mock's
// business, that the waits saw it is the client's.
func collapse(steps []step) []string {
	var out []string
	for _, s := range steps {
		line := s.Step + " " + strconv.Itoa(s.Status)
		if s.State != "" {
			line += " " + s.State
		}
		if len(out) == 0 || out[len(out)-1] != line {
			out = append(out, line)
		}
	}
	return out
}

func expectedSteps() []string {
	return []string{
		"create 201 Queued",
		"wait-available 200 Queued",
		"wait-available 200 Provisioning",
		"wait-available 200 Available",
		// GitHub queues start and stop first (microsoft/PowerShellForGitHub,
		// GitHubCodespaces.ps1 at 9ec863b14277a524aa8f2931b742bb3dfed10d5a).
		"stop 200 Queued",
		"wait-shutdown 200 Queued",
		"wait-shutdown 200 ShuttingDown",
		"wait-shutdown 200 Shutdown",
		"start 200 Queued",
		"wait-available 200 Queued",
		"wait-available 200 Starting",
		"wait-available 200 Available",
		"export 202 in_progress",
		"wait-export 200 in_progress",
		"wait-export 200 succeeded",
		"delete 202",
		"get-deleted 404",
		"public-key 200",
		"put-created 201",
		"put-updated 204",
		"put-created 201",
		"put-updated 204",
		"get-secret 200",
		"list-secrets 200",
		"delete-secret 204",
		"get-deleted-secret 404",
		"list-secrets 200",
		"repo-machines 200",
		"create-pull-request-null 201",
		"delete 202",
		"create-in-repository 201",
		"create-from-pull-request 201",
		"list-codespaces 200",
		"list-codespaces-by-repository-id 200",
		"list-repository-codespaces 200",
		"codespace-machines 200",
		"update 200",
		"devcontainers 200",
		"set-secret-repositories 204",
		"secret-repositories 200",
		"remove-secret-repository 204",
		"secret-repositories 200",
		"add-secret-repository 204",
		"secret-repositories 200",
		"delete 202",
		"member-create-in-org-repository 201",
		"member-list-org-codespaces 403",
		"list-org-codespaces 200",
		"list-member-codespaces 200",
		"stop-member-codespace 200 Queued",
		"member-wait-shutdown 200 Queued",
		"member-wait-shutdown 200 ShuttingDown",
		"member-wait-shutdown 200 Shutdown",
		"set-access-selected-members 204",
		"remove-access-users 204",
		"list-member-codespaces 200",
		"delete-member-codespace 404",
		"add-access-users 204",
		"list-member-codespaces 200",
		"delete-member-codespace 202",
		"member-get-deleted 404",
		"set-access-all-members 204",
		"member-org-public-key 403",
		"org-public-key 200",
		"org-put-created 201",
		"org-put-updated 204",
		"org-put-created 201",
		"org-secret-repositories 200",
		"org-set-secret-repositories 204",
		"org-secret-repositories 200",
		"org-add-secret-repository 204",
		"org-secret-repositories 200",
		"org-remove-secret-repository 204",
		"org-secret-repositories 200",
		"org-add-secret-repository-not-selected 409",
		"org-get-secret 200",
		"org-list-secrets 200",
		"org-delete-secret 204",
		"org-get-deleted-secret 404",
		"org-list-secrets 200",
		"member-repo-list-secrets 403",
		"repo-public-key 200",
		"repo-put-created 201",
		"repo-put-updated 204",
		"repo-put-created 201",
		"repo-get-secret 200",
		"repo-list-secrets 200",
		"repo-delete-secret 204",
		"repo-get-deleted-secret 404",
		"repo-list-secrets 200",
		"create-from-template 201 Queued",
		"wait-available 200 Queued",
		"wait-available 200 Provisioning",
		"wait-available 200 Available",
		"publish 201",
		"publish-again 422",
		"get-published 200",
		"delete 202",
		"permissions-check-asking 200",
		"permissions-check-plain 200",
		"pre-flight 200",
		"pre-flight-client-ip 200",
		"member-pre-flight-org-repository 200",
	}
}

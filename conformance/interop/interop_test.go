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
)

// step is one line flow.mjs prints: a request, its status and, for a
// codespace or an export, the state it showed.
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

	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "flow.mjs", base)
	cmd.Dir = "octokit"
	cmd.Env = append(withoutFlowSettings(os.Environ()), "GITHUB_TOKEN="+token, "INTEROP_MEMBER_TOKEN="+memberToken,
		"INTEROP_SECRET_VALUE="+plaintext)
	cmd.WaitDelay = time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	t.Logf("node flow.mjs took %v", time.Since(start).Round(time.Millisecond))
	for _, out := range []string{stdout.String(), stderr.String()} {
		if strings.Contains(out, token) || strings.Contains(out, memberToken) || strings.Contains(out, plaintext) {
			t.Error("flow.mjs printed a token or the secrets' plaintext")
		}
	}
	if err != nil {
		t.Fatalf("node flow.mjs: %v\nstdout:\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
	}

	steps := parseSteps(t, stdout.Bytes())
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

// withoutFlowSettings drops what flow.mjs reads from the environment, so a
// GITHUB_TOKEN or INTEROP_* of whoever runs the tests cannot leak into it.
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
			t.Fatalf("flow.mjs printed %q, not a step line: %v", sc.Text(), err)
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

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
// Octokit, knowing nothing but a base URL and a token, lives a codespace's
// whole life against the served mock and stores secrets it sealed with
// libsodium, and every request it sends conforms to the spec.
func TestOctokit(t *testing.T) {
	node := requireOctokit(t)

	// Two reads per transitional state, so each wait sees the state it
	// waits out, as "conformance serve -polls 2" would show it.
	srv := mock.New(mock.WithSeed(1), mock.WithTiming(mock.Timing{Polls: 2}))
	base, stop := srv.Start()
	defer stop()

	const token = "ghp_octokit_interop_00000000000000000000"
	plaintext := rand.Text() // fresh each run, so no stale value can match

	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "flow.mjs", base)
	cmd.Dir = "octokit"
	cmd.Env = append(withoutFlowSettings(os.Environ()), "GITHUB_TOKEN="+token, "INTEROP_SECRET_VALUE="+plaintext)
	cmd.WaitDelay = time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	t.Logf("node flow.mjs took %v", time.Since(start).Round(time.Millisecond))
	for _, out := range []string{stdout.String(), stderr.String()} {
		if strings.Contains(out, token) || strings.Contains(out, plaintext) {
			t.Error("flow.mjs printed the token or the secret's plaintext")
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
	for _, v := range srv.Report().Violations() {
		if v.Status == 0 {
			t.Errorf("Octokit's request broke the spec (%d times): %s", v.Count, v.Violation)
		}
	}
	// The server saw exactly what the client reports, and nothing it could
	// not route.
	calls := 0
	for _, op := range srv.Report().Operations() {
		calls += op.Calls
		if op.ID == "" && op.Calls > 0 {
			t.Errorf("%d requests matched no operation of the spec", op.Calls)
		}
	}
	if calls != len(steps) {
		t.Errorf("the mock recorded %d calls, flow.mjs printed %d steps", calls, len(steps))
	}

	login := srv.Login(token)
	if got, ok := srv.SecretValue(login, "INTEROP_KEPT"); !ok || string(got) != plaintext {
		t.Errorf("INTEROP_KEPT of %s opens to %d bytes (stored: %v), not the %d-byte plaintext flow.mjs sealed last", login, len(got), ok, len(plaintext))
	}
	if _, ok := srv.SecretValue(login, "INTEROP_DELETED"); ok {
		t.Errorf("INTEROP_DELETED of %s is still stored after its delete", login)
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
		"stop 200 ShuttingDown",
		"wait-shutdown 200 ShuttingDown",
		"wait-shutdown 200 Shutdown",
		"start 200 Starting",
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
	}
}

package mock_test

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/codespaces-go/codespaces/conformance/mock"
)

// TestServeUntilCancelled runs the mock the way the runner's serve command
// does: on a listener of its own, until the context ends.
func TestServeUntilCancelled(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- mock.New().Serve(ctx, ln) }()
	if status, body, _ := do(t, http.MethodGet, "http://"+ln.Addr().String()+"/user/codespaces", "Bearer x", ""); status != http.StatusOK {
		t.Fatalf("served mock answered %d %s", status, body)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve after cancel: %v, want nil", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after its context ended")
	}
	if err := mock.New().ListenAndServe(context.Background(), "256.0.0.1:bad"); err == nil {
		t.Error("ListenAndServe on a bad address returned nil")
	}
}

// TestLogKeepsSecretsOut: the request log names method, path and status, and
// never the token or the body.
func TestLogKeepsSecretsOut(t *testing.T) {
	var mu sync.Mutex
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(lockedWriter{&mu, &buf}, nil))
	_, base := start(t, mock.WithLogger(logger))
	c := client(t, base, "ghp_supersecrettoken")
	must(c.CodespacesCreateOrUpdateSecretForAuthenticatedUserWithResponse(context.Background(), "X", seal(t, c, "hunter2")))(t)
	mu.Lock()
	log := buf.String()
	mu.Unlock()
	if !strings.Contains(log, "path=/user/codespaces/secrets/X") || !strings.Contains(log, "status=201") {
		t.Errorf("log lacks the PUT: %s", log)
	}
	for _, secret := range []string{"ghp_supersecrettoken", "hunter2", "encrypted_value"} {
		if strings.Contains(log, secret) {
			t.Errorf("log contains %q: %s", secret, log)
		}
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  *bytes.Buffer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// TestBaseURLAndOperations: a configured base URL is what answers link to,
// and the mock routes every operation of the spec and plays all of them.
func TestBaseURLAndOperations(t *testing.T) {
	_, base := start(t, mock.WithBaseURL("https://ghe.example.com/"))
	cs := createInRepo(t, client(t, base, "tok"))
	if !strings.HasPrefix(cs.URL, "https://ghe.example.com/user/codespaces/") {
		t.Errorf("url %s, want it on the configured base", cs.URL)
	}
	ids := mock.OperationIDs()
	if len(ids) != 48 || !slices.IsSorted(ids) || !slices.Contains(ids, "codespaces/get-for-authenticated-user") {
		t.Errorf("OperationIDs() = %v, want the spec's 48, sorted", ids)
	}
	done, missing := mock.Implemented(), mock.NotImplemented()
	if !slices.Equal(done, ids) || len(missing) != 0 {
		t.Errorf("Implemented() has %d and NotImplemented() %d, want all 48 and none", len(done), len(missing))
	}
	for _, id := range missing {
		if !slices.Contains(ids, id) || slices.Contains(done, id) {
			t.Errorf("NotImplemented() lists %s, which is not an unimplemented operation of the spec", id)
		}
	}
}

// TestLogHasTheStatusOfEveryAnswer: the mock's own endpoints (GET
// /repos/{owner}/{repo}) are logged with the status they sent, not 0
// (issue 18).
func TestLogHasTheStatusOfEveryAnswer(t *testing.T) {
	var mu sync.Mutex
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(lockedWriter{&mu, &buf}, nil))
	_, base := start(t, mock.WithLogger(logger))
	for path, want := range map[string]string{"/repos/octocat/Hello-World": "status=200", "/repos/octocat/nothing": "status=404"} {
		do(t, http.MethodGet, base+path, "Bearer tok", "")
		mu.Lock()
		log := buf.String()
		buf.Reset()
		mu.Unlock()
		if !strings.Contains(log, "path="+path) || !strings.Contains(log, want) {
			t.Errorf("log of GET %s = %q, want %s", path, log, want)
		}
	}
}

// TestHostlessRequestGetsUsableURLs: an HTTP/1.0 request may name no Host;
// the URLs in its answer are on the address it reached, never "http:///..."
// (issue 18).
func TestHostlessRequestGetsUsableURLs(t *testing.T) {
	_, base := start(t)
	addr := strings.TrimPrefix(base, "http://")
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_, err = io.WriteString(conn, "GET /repos/octocat/Hello-World HTTP/1.0\r\nUser-Agent: t\r\nAuthorization: Bearer tok\r\n\r\n")
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d %s, want 200", resp.StatusCode, body)
	}
	if bytes.Contains(body, []byte("http:///")) || !bytes.Contains(body, []byte(`"`+base+"/repos/octocat/Hello-World")) {
		t.Errorf("answer's URLs are not on %s: %s", base, body)
	}
}

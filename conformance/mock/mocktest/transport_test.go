package mocktest_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/codespaces-go/codespaces/client"
	"github.com/codespaces-go/codespaces/conformance/mock"
	"github.com/codespaces-go/codespaces/conformance/mock/mocktest"
	"github.com/codespaces-go/codespaces/gen"
)

// inProcess sends one request through the Mock's in-process transport,
// as octocat, and reads the whole answer.
func inProcess(t *testing.T, m *mocktest.Mock, req *http.Request) (*http.Response, []byte) {
	t.Helper()
	resp, err := send(m, req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

// send sends req through the Mock's in-process transport, as octocat.
func send(m *mocktest.Mock, req *http.Request) (*http.Response, error) {
	req.Header.Set("Authorization", "Bearer "+mocktest.Token)
	return (&http.Client{Transport: m.Transport()}).Do(req)
}

func newRequest(t *testing.T, method, path string, body io.Reader) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, mocktest.BaseURL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// closeCounter is a request body that counts its Close calls.
type closeCounter struct {
	io.Reader
	closed int
}

func (b *closeCounter) Close() error { b.closed++; return nil }

// TestInProcessAnswers: the transport's answers read as net/http's client
// reads them off the wire, and it closes every request body, read or not.
func TestInProcessAnswers(t *testing.T) {
	_, m := mocktest.New(t)
	m.AllowRequestViolations() // POST /nowhere and HEAD, on purpose

	body := &closeCounter{Reader: strings.NewReader(`{"repository_id": 1296269}`)}
	resp, got := inProcess(t, m, newRequest(t, http.MethodPost, "/user/codespaces", body))
	if resp.StatusCode != http.StatusCreated || resp.Status != "201 Created" {
		t.Fatalf("create: %s %s, want 201 Created", resp.Status, got)
	}
	if resp.ContentLength != int64(len(got)) || resp.Header.Get("Content-Length") == "" {
		t.Errorf("ContentLength %d, header %q; the body has %d bytes", resp.ContentLength, resp.Header.Get("Content-Length"), len(got))
	}
	if resp.Request == nil || resp.Request.URL.String() != mocktest.BaseURL+"/user/codespaces" {
		t.Errorf("Request: %v, want the request sent", resp.Request)
	}
	if resp.Header.Get("Date") == "" || resp.Header.Get("Content-Type") == "" {
		t.Errorf("headers %v lack Date or Content-Type", resp.Header)
	}
	if body.closed != 1 {
		t.Errorf("the read body was closed %d times, want once", body.closed)
	}

	// A path no operation has: the mock answers without reading the body.
	unread := &closeCounter{Reader: strings.NewReader(`{}`)}
	if resp, _ := inProcess(t, m, newRequest(t, http.MethodPost, "/nowhere", unread)); resp.StatusCode != http.StatusNotFound {
		t.Errorf("POST /nowhere: %s, want 404", resp.Status)
	}
	if unread.closed != 1 {
		t.Errorf("the unread body was closed %d times, want once", unread.closed)
	}

	// A conditional GET of what did not change: 304, no body.
	resp, _ = inProcess(t, m, newRequest(t, http.MethodGet, "/user/codespaces", nil))
	etag := resp.Header.Get("ETag")
	if etag == "" {
		t.Fatal("the list has no ETag")
	}
	req := newRequest(t, http.MethodGet, "/user/codespaces", nil)
	req.Header.Set("If-None-Match", etag)
	resp, got = inProcess(t, m, req)
	if resp.StatusCode != http.StatusNotModified || len(got) != 0 || resp.ContentLength != 0 || resp.Body != http.NoBody {
		t.Errorf("conditional GET: %s, %d bytes, ContentLength %d; want a 304 without a body", resp.Status, len(got), resp.ContentLength)
	}

	// HEAD: whatever the status, no body.
	resp, got = inProcess(t, m, newRequest(t, http.MethodHead, "/user/codespaces", nil))
	if len(got) != 0 || resp.Body != http.NoBody {
		t.Errorf("HEAD: %s with %d bytes of body, want none", resp.Status, len(got))
	}

	// Another host is not the mock: the transport refuses it rather than
	// let a request leave the process.
	req, err := http.NewRequest(http.MethodGet, "http://api.github.com/user/codespaces", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := (&http.Client{Transport: m.Transport()}).Do(req); err == nil || !strings.Contains(err.Error(), "reaches only") {
		t.Errorf("a request for api.github.com: %v, want the transport's refusal", err)
	}
}

// TestInProcessLinksStayInProcess: the mock builds its Link headers on the
// host the client asked for, so the client follows them through the same
// transport, without a listener.
func TestInProcessLinksStayInProcess(t *testing.T) {
	ctx := context.Background()
	c, _ := mocktest.New(t)
	for range 3 {
		if _, err := c.CreateCodespaceInRepository(ctx, mock.OctocatLogin, mock.HelloWorldRepo, gen.CreateCodespaceInRepositoryOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	var pages, items int
	for page, err := range c.ListCodespacesPages(ctx, client.ListCodespacesOptions{ListOptions: client.ListOptions{PerPage: 1}}) {
		if err != nil {
			t.Fatalf("page %d: %v", pages+1, err)
		}
		pages++
		items += len(page.Items)
	}
	if pages != 3 || items != 3 {
		t.Errorf("%d pages, %d codespaces; want 3 of one each", pages, items)
	}
}

// TestInProcessDropAndCancel: a dropped connection is an error the client
// retries, as over a socket; a request the client gives up on ends with
// the context's error while the mock holds the answer back. Under
// synctest both cost only fake time.
func TestInProcessDropAndCancel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		c, m := mocktest.New(t)
		res, err := c.CreateCodespaceInRepository(ctx, mock.OctocatLogin, mock.HelloWorldRepo, gen.CreateCodespaceInRepositoryOptions{})
		if err != nil {
			t.Fatal(err)
		}
		name := res.Codespace.Name
		get := "/user/codespaces/" + name

		m.InjectFault(mock.Fault{Kind: mock.FaultDrop, Method: http.MethodGet, Path: get, Count: 1})
		if _, err := send(m, newRequest(t, http.MethodGet, get, nil)); !errors.Is(err, io.EOF) {
			t.Errorf("a dropped GET through the transport: %v, want an error wrapping io.EOF", err)
		}
		m.InjectFault(mock.Fault{Kind: mock.FaultDrop, Method: http.MethodGet, Path: get, Count: 1})
		if _, err := c.GetCodespace(ctx, name); err != nil {
			t.Errorf("the client's GET after one drop: %v, want its retry to succeed", err)
		}

		m.InjectFault(mock.Fault{Kind: mock.FaultLatency, Latency: 30 * time.Second, Method: http.MethodGet, Path: get, Count: 1})
		start := time.Now()
		short, cancel := context.WithTimeout(ctx, time.Second)
		defer cancel()
		if _, err := send(m, newRequest(t, http.MethodGet, get, nil).WithContext(short)); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("a GET held back past its deadline: %v, want context.DeadlineExceeded", err)
		}
		if took := time.Since(start); took != time.Second {
			t.Errorf("the client gave up after %v of fake time, want its 1s deadline", took)
		}
		synctest.Wait() // the mock's handler sees its context end too
	})
}

// TestWithClient: the client options of WithClient apply after mocktest's
// own: a retry policy, a token.
func TestWithClient(t *testing.T) {
	ctx := context.Background()
	c, m := mocktest.New(t, mocktest.WithClient(client.WithRetryPolicy(client.RetryPolicy{MaxAttempts: 1})))
	m.FailNext(http.MethodGet, "/user/codespaces", http.StatusServiceUnavailable)
	var ae *client.APIError
	if _, err := client.Collect(c.ListCodespaces(ctx, client.ListCodespacesOptions{})); !errors.As(err, &ae) || ae.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("a 503 with retries off: %v, want the 503 as an *APIError", err)
	}

	other, _ := mocktest.New(t, mocktest.WithClient(client.WithToken("ghp_someone-else")))
	res, err := other.CreateCodespaceInRepository(ctx, mock.OctocatLogin, mock.HelloWorldRepo, gen.CreateCodespaceInRepositoryOptions{})
	var nf *client.APIError
	switch {
	case err == nil && res.Codespace.Owner.Login == mock.OctocatLogin:
		t.Error("WithClient(WithToken) was ignored: the client is octocat")
	case err != nil && !errors.As(err, &nf):
		t.Errorf("another user's create: %v", err)
	}
}

// TestURLServesLazily: URL starts a loopback listener on first use, with
// the mock at the root and under go-github's /api/v3/, and Close stops it.
func TestURLServesLazily(t *testing.T) {
	_, m, err := mocktest.Start()
	if err != nil {
		t.Fatal(err)
	}
	m.AllowRequestViolations() // GET /api/v3x/..., on purpose
	u := m.URL()
	if !strings.HasPrefix(u, "http://127.0.0.1:") || m.URL() != u {
		t.Fatalf("URL() = %q then %q, want one http://127.0.0.1:PORT", u, m.URL())
	}
	gh := m.GoGitHubURL()
	if gh != u+"/api/v3/" {
		t.Errorf("GoGitHubURL() = %q, want %q", gh, u+"/api/v3/")
	}
	base, err := url.Parse(gh)
	if err != nil {
		t.Fatal(err)
	}
	// go-github resolves its relative paths against BaseURL.
	for _, target := range []string{u + "/user/codespaces", base.ResolveReference(&url.URL{Path: "user/codespaces"}).String()} {
		if got := get(t, target, mocktest.Token); got != http.StatusOK {
			t.Errorf("GET %s: %d, want 200", target, got)
		}
	}
	if got := get(t, u+"/api/v3x/user/codespaces", mocktest.Token); got != http.StatusNotFound {
		t.Errorf("GET /api/v3x/...: %d, want 404 (only /api/v3/ is the prefix)", got)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := http.Get(u + "/user/codespaces"); err == nil {
		t.Error("the listener still answers after Close")
	}
	if m.URL() != u {
		t.Errorf("URL() after Close = %q, want the old %q", m.URL(), u)
	}
}

package mock_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/codespaces-go/codespaces/conformance/mock"
)

// serveLimited serves a mock with limits on a loopback listener until the
// test ends, and returns its address.
func serveLimited(t *testing.T, l mock.Limits) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = mock.New(mock.WithLimits(l)).Serve(ctx, ln)
	}()
	t.Cleanup(func() { cancel(); <-done })
	return ln.Addr().String()
}

// closedByServer reads conn until the server closes it, and fails the test
// if that takes longer than patience: the server kept it open.
func closedByServer(t *testing.T, conn net.Conn, r io.Reader, patience time.Duration, what string) {
	t.Helper()
	if err := conn.SetReadDeadline(time.Now().Add(patience)); err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(io.Discard, r); err != nil {
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			t.Fatalf("%s: the server still held the connection after %v", what, patience)
		}
		// A reset is a close too.
	}
}

// TestServedMockClosesSlowBodiesAndIdleConnections: issue 18 held a body
// sent a byte every 2 s for 45 s and more, and 8,000 idle keep-alive
// connections for good. With timeouts of tens of milliseconds, both are
// closed long before the test's patience (which only a server without the
// timeouts exhausts) runs out.
func TestServedMockClosesSlowBodiesAndIdleConnections(t *testing.T) {
	const patience = 5 * time.Second
	addr := serveLimited(t, mock.Limits{ReadHeaderTimeout: 50 * time.Millisecond, ReadTimeout: 50 * time.Millisecond,
		IdleTimeout: 50 * time.Millisecond, WriteTimeout: time.Second})

	t.Run("slow body", func(t *testing.T) {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		// The headers promise 100 bytes of body; one comes.
		fmt.Fprintf(conn, "PATCH /user/codespaces/x HTTP/1.1\r\nHost: %s\r\nUser-Agent: t\r\nAuthorization: Bearer t\r\n"+
			"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{", addr)
		br := bufio.NewReader(conn)
		if err := conn.SetReadDeadline(time.Now().Add(patience)); err != nil {
			t.Fatal(err)
		}
		if resp, err := http.ReadResponse(br, nil); err == nil {
			resp.Body.Close()
			if resp.StatusCode >= 500 {
				t.Errorf("the cut body was answered %d, want a 4xx or no answer", resp.StatusCode)
			}
		} else if ne, ok := err.(net.Error); ok && ne.Timeout() {
			t.Fatalf("the server still read the slow body after %v", patience)
		}
		closedByServer(t, conn, br, patience, "slow body")
	})

	t.Run("idle connection", func(t *testing.T) {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		fmt.Fprintf(conn, "GET /user/codespaces HTTP/1.1\r\nHost: %s\r\nUser-Agent: t\r\nAuthorization: Bearer t\r\n\r\n", addr)
		br := bufio.NewReader(conn)
		if err := conn.SetReadDeadline(time.Now().Add(patience)); err != nil {
			t.Fatal(err)
		}
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || resp.Close {
			t.Fatalf("the first request was answered %d (close %v), want 200 on a kept-alive connection", resp.StatusCode, resp.Close)
		}
		closedByServer(t, conn, br, patience, "idle keep-alive connection")
	})
}

// TestServedMockRefusesHugeHeaders: Go's default lets a request bring 1 MiB
// of headers; the mock takes 64 KiB, far above any real client's.
func TestServedMockRefusesHugeHeaders(t *testing.T) {
	addr := serveLimited(t, mock.Limits{})
	req, err := http.NewRequest(http.MethodGet, "http://"+addr+"/user/codespaces", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("User-Agent", "t")
	req.Header.Set("Authorization", "Bearer t")
	req.Header.Set("X-Padding", strings.Repeat("p", 200<<10))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("200 KiB of headers were answered %d, want 431", resp.StatusCode)
	}
}

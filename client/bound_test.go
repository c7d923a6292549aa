package client

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
)

// TestResponseBodyIsBounded: past WithMaxResponseBytes every way of reading
// an answer fails with ErrResponseTooLarge, counting the body as decoded; a
// body of exactly the bound is read whole.
func TestResponseBodyIsBounded(t *testing.T) {
	const bound = 32 << 10
	codespace := func(size int) []byte {
		// A codespace after enough spaces to make size bytes: the decoder
		// reads them all, unlike what follows the value.
		rec := httptest.NewRecorder()
		writeJSON(rec, 200, sampleCodespace("x", "Available"))
		v := bytes.TrimSpace(rec.Body.Bytes())
		return append(bytes.Repeat([]byte(" "), size-len(v)), v...)
	}
	small := codespace(bound / 2)
	gzipped := func(b []byte) []byte {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		_, _ = zw.Write(b)
		_ = zw.Close()
		return buf.Bytes()
	}
	for _, tt := range []struct {
		name     string
		body     []byte
		encoding string // Content-Encoding of the answer
		call     func(*Client) error
		want     error // nil: success
	}{
		{"method, at the bound", codespace(bound), "", getX, nil},
		{"method, one byte over", codespace(bound + 1), "", getX, ErrResponseTooLarge},
		{"API(), over", codespace(2 * bound), "", apiGetX, ErrResponseTooLarge},
		{"list, over", []byte(`{"total_count":2,"codespaces":[` + string(small) + `,` + string(small) + `]}`), "", listAll, ErrResponseTooLarge},
		{"gzip, under the bound once unzipped", gzipped(codespace(bound)), "gzip", getX, nil},
		{"gzip, over the bound once unzipped", gzipped(codespace(64 * bound)), "gzip", getX, ErrResponseTooLarge},
		{"error answer, over", append([]byte(`{"message":"Not Found"}`), bytes.Repeat([]byte(" "), 2*bound)...), "", getX, ErrResponseTooLarge},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json; charset=utf-8")
				if tt.encoding != "" {
					w.Header().Set("Content-Encoding", tt.encoding)
				}
				status := 200
				if strings.HasPrefix(tt.name, "error") {
					status = 404
				}
				w.WriteHeader(status)
				_, _ = w.Write(tt.body)
			}), WithMaxResponseBytes(bound))
			err := tt.call(c)
			switch {
			case tt.want == nil && err != nil:
				t.Fatalf("got %v, want success", err)
			case tt.want != nil && !errors.Is(err, tt.want):
				t.Fatalf("got %v, want an error wrapping %v", err, tt.want)
			case tt.want != nil && !strings.Contains(err.Error(), "(32768 bytes; WithMaxResponseBytes sets the bound)"):
				t.Errorf("error %q does not say what the bound is", err)
			}
		})
	}
}

func getX(c *Client) error { _, err := c.GetCodespace(context.Background(), "x"); return err }

func apiGetX(c *Client) error {
	_, err := c.API().CodespacesGetForAuthenticatedUserWithResponse(context.Background(), "x")
	return err
}

func listAll(c *Client) error {
	_, err := Collect(c.ListCodespaces(context.Background(), ListCodespacesOptions{}))
	return err
}

// TestCallerAcceptEncodingIsNotUnzipped: a caller who asks for gzip gets
// the bytes as sent (Go's transport unzips only what it asked for itself),
// so the bound counts the compressed bytes and a bomb is never expanded.
func TestCallerAcceptEncodingIsNotUnzipped(t *testing.T) {
	bomb := gzipBomb(t, 1)
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		_, _ = w.Write(bomb)
	}), WithMaxResponseBytes(int64(len(bomb))))
	_, err := c.GetCodespace(context.Background(), "x", Header("Accept-Encoding", "gzip"))
	var de *DecodeError
	if !errors.As(err, &de) || errors.Is(err, ErrResponseTooLarge) {
		t.Errorf("got %v, want the compressed bytes, within the bound, failing to decode", err)
	}
}

func TestBoundedBodyReads(t *testing.T) {
	for _, tt := range []struct {
		size, max int
		wantErr   bool
	}{
		{0, 1, false}, {1, 1, false}, {2, 1, true}, {100, 10, true}, {10, 100, false},
	} {
		b := &boundedBody{ReadCloser: io.NopCloser(iotest.OneByteReader(bytes.NewReader(make([]byte, tt.size)))), left: int64(tt.max), max: int64(tt.max)}
		got, err := io.ReadAll(b)
		if tt.wantErr != errors.Is(err, ErrResponseTooLarge) || len(got) > tt.max {
			t.Errorf("%d bytes bounded at %d: read %d, %v", tt.size, tt.max, len(got), err)
		}
		if _, again := b.Read(make([]byte, 1)); tt.wantErr && !errors.Is(again, ErrResponseTooLarge) {
			t.Errorf("a read after the bound: %v, want the same error", again)
		}
	}
	if err := WithMaxResponseBytes(0)(&config{}); err == nil {
		t.Error("WithMaxResponseBytes(0) accepted")
	}
}

// gzipBomb is a gzip body of members, each 16 MiB of "a" (the first starting
// a JSON string), about 16 kB compressed each: Go's gzip reader reads
// concatenated members as one stream.
func gzipBomb(t testing.TB, members int) []byte {
	t.Helper()
	var one, first bytes.Buffer
	for i, buf := range []*bytes.Buffer{&first, &one} {
		zw, err := gzip.NewWriterLevel(buf, gzip.BestCompression)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			_, _ = zw.Write([]byte(`{"name":"`))
		}
		chunk := bytes.Repeat([]byte("a"), 1<<20)
		for range 16 {
			_, _ = zw.Write(chunk)
		}
		_ = zw.Close()
	}
	return append(first.Bytes(), bytes.Repeat(one.Bytes(), members-1)...)
}

// TestHugeAnswersFailInBoundedMemory is issue 18's acceptance test: a
// 512 MiB body and a gzip bomb (1 MiB that unzips to 1 GiB) fail the call
// with a peak RSS under 256 MiB. The calls run in a child process of this
// test binary, so that its peak (VmHWM) is theirs alone; the body is
// generated as it is sent. Each call must also allocate under 256 MiB in
// all, which holds under the race detector too, where RSS is not checked.
func TestHugeAnswersFailInBoundedMemory(t *testing.T) {
	if os.Getenv("CLIENT_BOUND_CHILD") == "1" {
		hugeAnswersChild(t)
		return
	}
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("no /proc/self/status to read the peak RSS from")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestHugeAnswersFailInBoundedMemory$", "-test.v")
	cmd.Env = append(os.Environ(), "CLIENT_BOUND_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	const limit = 256 << 20
	found := 0
	for line := range strings.Lines(string(out)) {
		if strings.Contains(line, "allocated") {
			t.Log(strings.TrimSpace(line))
		}
		_, rest, ok := strings.Cut(line, "peak RSS ")
		if !ok {
			continue
		}
		what, kb, _ := strings.Cut(strings.TrimSpace(rest), ": ")
		n, err := strconv.ParseInt(strings.TrimSuffix(kb, " kB"), 10, 64)
		if err != nil {
			t.Fatalf("cannot read %q: %v", line, err)
		}
		found++
		t.Logf("%s: peak RSS %d MiB", what, n>>10)
		if n<<10 >= limit && !raceEnabled {
			t.Errorf("%s: peak RSS %d MiB, want under %d MiB", what, n>>10, limit>>20)
		}
	}
	if found != 2 {
		t.Fatalf("the child reported %d peaks, want 2:\n%s", found, out)
	}
}

func hugeAnswersChild(t *testing.T) {
	bomb := gzipBomb(t, 64)
	const huge = 512 << 20
	for _, tt := range []struct {
		name  string
		serve func(w http.ResponseWriter)
	}{
		{"512 MiB body", func(w http.ResponseWriter) {
			w.Header().Set("Content-Length", strconv.Itoa(huge))
			bw := bufio.NewWriterSize(w, 64<<10)
			_, _ = bw.WriteString(`{"name":"`)
			chunk := bytes.Repeat([]byte("a"), 64<<10)
			for sent := len(`{"name":"`); sent < huge; sent += len(chunk) {
				if _, err := bw.Write(chunk[:min(len(chunk), huge-sent)]); err != nil {
					return // the client hung up
				}
			}
		}},
		{fmt.Sprintf("gzip bomb (%d kB, 1 GiB unzipped)", len(bomb)>>10), func(w http.ResponseWriter) {
			w.Header().Set("Content-Encoding", "gzip")
			_, _ = w.Write(bomb)
		}},
	} {
		c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			tt.serve(w)
		}))
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		resetPeakRSS(t)
		_, err := c.GetCodespace(context.Background(), "x")
		runtime.ReadMemStats(&after)
		if !errors.Is(err, ErrResponseTooLarge) {
			t.Fatalf("%s: got %v, want an error wrapping ErrResponseTooLarge", tt.name, err)
		}
		// Under the race detector, whose shadow memory inflates RSS, what
		// the call allocated in all is the bound to hold.
		if allocated := after.TotalAlloc - before.TotalAlloc; allocated >= 256<<20 {
			t.Errorf("%s: the call allocated %d MiB, want under 256 MiB", tt.name, allocated>>20)
		}
		t.Logf("%s: %v; allocated %d MiB", tt.name, err, (after.TotalAlloc-before.TotalAlloc)>>20)
		fmt.Printf("peak RSS %s: %d kB\n", tt.name, peakRSS(t))
	}
}

// resetPeakRSS starts VmHWM again from the current RSS (Linux 4.0 and
// later), so that each call's peak is measured alone.
func resetPeakRSS(t *testing.T) {
	runtime.GC()
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		t.Logf("cannot reset the peak RSS (%v): the peaks are the process's", err)
	}
}

// peakRSS reads VmHWM, the process's peak resident set, in kB.
func peakRSS(t *testing.T) int64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(status)) {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatal("no VmHWM in /proc/self/status")
	return 0
}

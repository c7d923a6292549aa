package client

import (
	"errors"
	"fmt"
	"io"
	"net/http"
)

// DefaultMaxResponseBytes bounds how much of an answer's body the Client
// reads, after decompression, unless WithMaxResponseBytes says otherwise.
// The largest answers of the Codespaces API are pages of a list, at most 100
// items each: a page of 100 full codespaces is about 1.2 MB, and 32 MiB is
// over 25 times that, while reading it whole stays far from exhausting a
// program's memory.
const DefaultMaxResponseBytes = 32 << 20

// ErrResponseTooLarge is wrapped by the error of a call whose answer's body
// is larger than the Client reads (DefaultMaxResponseBytes, or
// WithMaxResponseBytes).
var ErrResponseTooLarge = errors.New("the answer's body is larger than the Client reads")

// boundTransport bounds what can be read of every answer's body. It sits
// right over the network transport, so it counts the bytes as decoded: Go's
// transport unzips a gzip answer it asked for itself, and a body of a few
// kilobytes that expands to gigabytes is cut at the bound like any other.
// (The Client asks for no encoding of its own; a caller who sets
// Accept-Encoding receives the encoded bytes, which the bound counts.)
type boundTransport struct {
	next http.RoundTripper
	max  int64
}

// RoundTrip implements http.RoundTripper.
func (t *boundTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if resp != nil && resp.Body != nil && resp.Body != http.NoBody {
		resp.Body = &boundedBody{ReadCloser: resp.Body, left: t.max, max: t.max}
	}
	return resp, err
}

// boundedBody reads at most max bytes of a body, and fails the read that
// would go beyond: one byte more is asked for, to tell a body of exactly
// max bytes from a longer one.
type boundedBody struct {
	io.ReadCloser
	left, max int64
	err       error // sticky once the bound is passed
}

func (b *boundedBody) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	if int64(len(p)) > b.left+1 {
		p = p[:b.left+1]
	}
	n, err := b.ReadCloser.Read(p)
	if int64(n) > b.left {
		b.err = fmt.Errorf("%w (%d bytes; WithMaxResponseBytes sets the bound)", ErrResponseTooLarge, b.max)
		n, b.left = int(b.left), 0
		return n, b.err
	}
	b.left -= int64(n)
	return n, err
}

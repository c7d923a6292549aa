package client

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/codespaces-go/codespaces/gen"
)

// cannedTransport answers every request with the same 200, without a
// network, so that what a benchmark measures is the Client's own layers.
type cannedTransport struct {
	body   []byte
	header http.Header
}

func (t *cannedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return &http.Response{
		StatusCode: 200, Status: "200 OK", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: t.header, Body: io.NopCloser(bytes.NewReader(t.body)), ContentLength: int64(len(t.body)), Request: req,
	}, nil
}

// BenchmarkClientLayers measures the Client's per-call work on a canned
// answer (no network, whose noise hides it): headers, retries, the
// per-resource rate-limit guard, the response bound, decoding; for one
// codespace and for a page of 100 (pagination's progress check included).
func BenchmarkClientLayers(b *testing.B) {
	header := http.Header{
		"Content-Type":          {"application/json; charset=utf-8"},
		"X-Ratelimit-Limit":     {"5000"},
		"X-Ratelimit-Remaining": {"4999"},
		"X-Ratelimit-Reset":     {"1700000000"},
		"X-Ratelimit-Resource":  {"core"},
	}
	one, err := json.Marshal(sampleCodespace("x", gen.CodespaceStateAvailable))
	if err != nil {
		b.Fatal(err)
	}
	page := pageOf100Codespaces(b)
	ctx := context.Background()
	newClient := func(b *testing.B, body []byte) *Client {
		c, err := New(WithToken(testToken), WithHTTPClient(&http.Client{Transport: &cannedTransport{body: body, header: header}}))
		if err != nil {
			b.Fatal(err)
		}
		return c
	}
	b.Run("get", func(b *testing.B) {
		c := newClient(b, one)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.GetCodespace(ctx, "x"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("list100", func(b *testing.B) {
		c := newClient(b, page)
		b.ReportAllocs()
		for b.Loop() {
			for _, err := range c.ListCodespaces(ctx, ListCodespacesOptions{ListOptions: ListOptions{PerPage: 100}}) {
				if err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

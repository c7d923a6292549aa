package replay

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/codespaces-go/codespaces/conformance/cassette"
	"github.com/codespaces-go/codespaces/conformance/validate"
	"github.com/codespaces-go/codespaces/gen"
)

// cannedTransport answers every request with one recorded response, so that
// a benchmark measures the client and the validation, not the network.
type cannedTransport struct {
	status int
	header http.Header
	body   string
}

func (c cannedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		_ = r.Body.Close()
	}
	return &http.Response{StatusCode: c.status, Header: c.header, Body: io.NopCloser(strings.NewReader(c.body)), Request: r}, nil
}

// BenchmarkInteraction compares one call (get a codespace, the largest
// single body) over a bare transport with the same call through the
// validating transport: the difference is what checking the request and
// the response costs.
func BenchmarkInteraction(b *testing.B) {
	c, err := cassette.Load(filepath.Join(moduleRoot(b), "cassettes", "docs", "get-for-authenticated-user.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	resp := c.Interactions[0].Response
	canned := cannedTransport{status: resp.Code, header: resp.Headers, body: resp.Body}
	v := testValidator(b)
	for _, bc := range []struct {
		name      string
		transport http.RoundTripper
	}{
		{"bare", canned},
		{"validated", v.Transport(canned, validate.Strict, nil)},
		{"validated+report", v.Transport(canned, validate.Strict, validate.NewReport(v))},
	} {
		b.Run(bc.name, func(b *testing.B) {
			api, err := gen.NewClientWithResponses("https://api.github.com", gen.WithHTTPClient(&http.Client{Transport: bc.transport}),
				gen.WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
					r.Header.Set("Authorization", "Bearer "+replayToken)
					return nil
				}))
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				r, err := api.CodespacesGetForAuthenticatedUserWithResponse(ctx, "monalisa-octocat-hello-world-g4wpq6h95q")
				if err != nil || r.JSON200 == nil {
					b.Fatalf("call failed: %v", err)
				}
			}
		})
	}
}

// BenchmarkReplayAll replays every cassette through the generated client,
// as TestReplayEveryCassette does for each client. Goal: under 3 s.
func BenchmarkReplayAll(b *testing.B) {
	root := moduleRoot(b)
	b.ReportAllocs()
	for b.Loop() {
		files := replayAll(b, root, Generated)
		if err := Check(root, files, pageSlips); err != nil {
			b.Fatal(err)
		}
	}
}

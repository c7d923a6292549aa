package scenario

import (
	"crypto/rand"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"

	"gopkg.in/dnaeon/go-vcr.v3/cassette"
	"gopkg.in/dnaeon/go-vcr.v3/recorder"

	cas "github.com/codespaces-go/codespaces/conformance/cassette"
)

// cassetteRecorder is a scenario's go-vcr recorder and the file it saves to.
type cassetteRecorder struct {
	rec  *recorder.Recorder
	path string
}

// record opens the scenario's cassette (DIR/NAME.yaml), recording what
// network sends; the cassette package scrubs credentials before saving.
func (r *runner) record(name string, network http.RoundTripper) (*cassetteRecorder, error) {
	if err := os.MkdirAll(r.cfg.RecordDir, 0o755); err != nil {
		return nil, fmt.Errorf("make the cassette directory: %w", err)
	}
	path := filepath.Join(r.cfg.RecordDir, name+".yaml")
	rec, err := cas.NewRecorder(path, recorder.ModeRecordOnly, network)
	if err != nil {
		return nil, err
	}
	rec.AddHook(stabilize, recorder.BeforeSaveHook)
	return &cassetteRecorder{rec: rec, path: path}, nil
}

// stabilize drops what only says when an exchange was recorded (the Date
// header, the latency), so that recording twice gives the same cassette
// (but for the random sealed boxes of secrets).
func stabilize(i *cassette.Interaction) error {
	i.Response.Headers = withoutHeader(i.Response.Headers, "Date")
	i.Request.Headers = withoutHeader(i.Request.Headers, "Date")
	i.Response.Duration = 0
	return nil
}

// withoutHeader returns a copy of h without name: go-vcr shares header maps
// with the live exchange, so they are replaced, not edited.
func withoutHeader(h http.Header, name string) http.Header {
	out := h.Clone()
	out.Del(name)
	return out
}

// toLoopback delivers every request to addr, the embedded mock's listener,
// whatever host its URL names: nothing the runner sends to the mock can leave
// the machine.
type toLoopback struct {
	addr string
	next http.RoundTripper
}

func (t toLoopback) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	r.URL.Scheme, r.URL.Host, r.Host = "http", t.addr, req.URL.Host
	return t.next.RoundTrip(r)
}

func hostOf(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return ""
	}
	return u.Host
}

// fakeToken makes up a token for a user of the embedded mock, shaped like a
// personal access token so that scrubbing it from cassettes is put to the
// test on every recording.
func fakeToken() string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	var b [36]byte
	_, _ = rand.Read(b[:])
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return "ghp_" + string(b[:])
}

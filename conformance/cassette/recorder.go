// Package cassette records and replays HTTP exchanges with the Codespaces
// API as go-vcr cassettes, the way this suite needs them: credentials and
// token-shaped strings scrubbed before anything reaches the disk, requests
// matched on method, path, query and (for writes) body with the random
// encrypted_value of sealed secrets ignored, and no replayed latency.
package cassette

import (
	"fmt"
	"net/http"
	"strings"

	"gopkg.in/dnaeon/go-vcr.v3/cassette"
	"gopkg.in/dnaeon/go-vcr.v3/recorder"
)

// NewRecorder returns a go-vcr recorder for the cassette file at path (the
// .yaml extension is optional), with Match as its matcher and Scrub run on
// every interaction before the cassette is saved. real sends the requests
// when recording; nil means http.DefaultTransport. Replays never wait for
// the recorded latency. Call Stop on the recorder to save what it recorded.
func NewRecorder(path string, mode recorder.Mode, real http.RoundTripper) (*recorder.Recorder, error) {
	rec, err := recorder.NewWithOptions(&recorder.Options{
		CassetteName:       strings.TrimSuffix(path, ".yaml"),
		Mode:               mode,
		RealTransport:      real,
		SkipRequestLatency: true,
	})
	if err != nil {
		return nil, fmt.Errorf("cassette: open %s: %w", path, err)
	}
	rec.SetMatcher(Match)
	rec.AddHook(func(i *cassette.Interaction) error {
		Scrub(i)
		return nil
	}, recorder.BeforeSaveHook)
	return rec, nil
}

// Load reads the cassette file at path (the .yaml extension is optional).
func Load(path string) (*cassette.Cassette, error) {
	c, err := cassette.Load(strings.TrimSuffix(path, ".yaml"))
	if err != nil {
		return nil, fmt.Errorf("cassette: load %s: %w", path, err)
	}
	return c, nil
}

package cassette

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gopkg.in/dnaeon/go-vcr.v3/recorder"
)

// Fake credentials of every shape GitHub issues. They are built at run time
// so that no token-shaped literal sits in the repository.
var (
	classicPAT = "ghp_" + strings.Repeat("A1b2", 9)
	finePAT    = "github_pat_" + strings.Repeat("Z9y8", 20)
	oauthToken = "gho_" + strings.Repeat("q7W3", 9)
	appToken   = "ghs_" + strings.Repeat("k2L4", 9)
	cookie     = "user_session=s3ss10nS3cr3t"
)

func TestRecordingScrubsEveryCredentialBeforeSaving(t *testing.T) {
	var gotAuth string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotAuth = r.Header.Get("Authorization")
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Set-Cookie", cookie)
		w.Header().Set("X-GitHub-Token", appToken)
		_, _ = io.WriteString(w, `{"name":"x","token":"`+oauthToken+`","temp_clone_token":"AAAAPRIVATECLONE","note":"use `+finePAT+`"}`)
	}))
	defer srv.Close()

	path := filepath.Join(t.TempDir(), "live", "recorded")
	rec, err := NewRecorder(path, recorder.ModeRecordOnly, srv.Client().Transport)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("PUT", srv.URL+"/user/codespaces/secrets/S?access_token="+classicPAT,
		strings.NewReader(`{"encrypted_value":"c2VhbGVk","key_id":"1","comment":"`+classicPAT+`"}`))
	req.Header.Set("Authorization", "Bearer "+classicPAT)
	req.Header.Set("Cookie", cookie)
	resp, err := rec.GetDefaultClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err := rec.Stop(); err != nil {
		t.Fatal(err)
	}

	if gotAuth != "Bearer "+classicPAT {
		t.Errorf("the server got Authorization %q: recording must send the real token", gotAuth)
	}
	if !strings.Contains(string(body), oauthToken) || resp.Header.Get("Set-Cookie") != cookie {
		t.Error("the caller did not get the live response as it was")
	}
	if req.Header.Get("Authorization") != "Bearer "+classicPAT {
		t.Error("scrubbing changed the caller's request")
	}

	raw, err := os.ReadFile(path + ".yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{classicPAT, finePAT, oauthToken, appToken, "s3ss10nS3cr3t", "AAAAPRIVATECLONE", "ghp_", "github_pat_", "gho_", "ghs_"} {
		if strings.Contains(string(raw), secret) {
			t.Errorf("the cassette holds %q:\n%s", secret, raw)
		}
	}
	if !strings.Contains(string(raw), "Bearer "+Redacted) {
		t.Errorf("the cassette lost the Authorization scheme:\n%s", raw)
	}
	c, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if leaks := FindLeaks(c); len(leaks) > 0 {
		t.Errorf("FindLeaks on the saved cassette: %v", leaks)
	}
}

func TestReplayMatchesAndSkipsTheRecordedLatency(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.yaml")
	cassetteYAML := `version: 2
interactions:
- id: 0
  request:
    method: PUT
    url: https://api.github.com/user/codespaces/secrets/S
    body: '{"encrypted_value":"b2xk","key_id":"1"}'
  response:
    code: 201
    duration: 2s
`
	if err := os.WriteFile(path, []byte(cassetteYAML), 0o600); err != nil {
		t.Fatal(err)
	}
	rec, err := NewRecorder(path, recorder.ModeReplayOnly, nil)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	req, _ := http.NewRequest("PUT", "http://127.0.0.1:1/user/codespaces/secrets/S", strings.NewReader(`{"key_id": "1", "encrypted_value": "bmV3"}`))
	resp, err := rec.GetDefaultClient().Do(req)
	if err != nil {
		t.Fatalf("a request that differs only in host and encrypted_value did not match: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != 201 {
		t.Errorf("status %d, want 201", resp.StatusCode)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("the replay took %v: the recorded latency was not skipped", d)
	}
	if _, err := NewRecorder(filepath.Join(t.TempDir(), "missing"), recorder.ModeReplayOnly, nil); err == nil {
		t.Error("replaying a missing cassette did not fail")
	}
}

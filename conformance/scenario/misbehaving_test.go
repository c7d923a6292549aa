package scenario

import (
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// tamper changes exchanges between the runner and the embedded mock.
type tamper struct {
	mu       sync.Mutex
	request  func(*http.Request)
	response func(*http.Request, *http.Response)
}

func (t *tamper) RoundTrip(req *http.Request) (*http.Response, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	req = req.Clone(req.Context())
	if t.request != nil {
		t.request(req)
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err == nil && t.response != nil {
		t.response(req, resp)
	}
	return resp, err
}

// TestScenariosCatchMisbehavingServers: a server that answers within the
// schemas but does the wrong thing fails the scenario that relies on it.
func TestScenariosCatchMisbehavingServers(t *testing.T) {
	const mainToken, second = "ghp_MainUserTokenForTamperTests000000000", "ghp_SecondUserTokenForTamperTests00000000"
	cases := []struct {
		name, scenario, want string
		tamper               *tamper
	}{
		{
			name: "an update of a secret answered as a creation", scenario: "secrets",
			want: "answered created, not updated (204)",
			tamper: func() *tamper {
				puts := 0
				return &tamper{response: func(req *http.Request, resp *http.Response) {
					if req.Method == http.MethodPut && strings.HasSuffix(req.URL.Path, "_SECRET") {
						if puts++; puts == 2 {
							resp.StatusCode, resp.Status = http.StatusCreated, "201 Created"
						}
					}
				}}
			}(),
		},
		{
			name: "one user's codespaces shown to another", scenario: "errors",
			want: "get another user's codespace: succeeded, want 404",
			tamper: &tamper{request: func(req *http.Request) {
				if req.Header.Get("Authorization") == "Bearer "+second {
					req.Header.Set("Authorization", "Bearer "+mainToken)
				}
			}},
		},
		{
			name: "a list that stops linking to the next page", scenario: "pagination",
			want: "did not come",
			tamper: &tamper{response: func(req *http.Request, resp *http.Response) {
				if req.URL.Path == "/user/codespaces" && req.URL.Query().Get("per_page") == "1" {
					resp.Header.Del("Link")
				}
			}},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, progress := mustRun(t, Config{
				Token: mainToken, SecondToken: second, Transport: tc.tamper,
				Run: regexp.MustCompile("^" + tc.scenario + "$"),
			}, All())
			sr := res.Scenarios[0]
			if sr.Outcome != Failed || !strings.Contains(sr.Error, tc.want) {
				t.Errorf("%s: outcome %s, error %q; want a failure saying %q\n%s", tc.scenario, sr.Outcome, sr.Error, tc.want, progress)
			}
			if res.Passed() {
				t.Error("the run passed")
			}
		})
	}
}

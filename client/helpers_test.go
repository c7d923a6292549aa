package client

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/codespaces-go/codespaces/gen"
)

const testToken = "ghp_TESTtoken0123456789abcdefABCDEF"

// fakeClock stands in for time: Sleep returns at once, recording how long it
// was asked to wait, and Jitter is deterministic (the full span unless
// jitter is set).
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	sleeps  []time.Duration
	jitter  func(time.Duration) time.Duration
	onSleep func(n int) // called after the n-th sleep (1-based)
}

func newFakeClock() *fakeClock { return &fakeClock{now: time.Now()} }

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f.mu.Lock()
	f.sleeps = append(f.sleeps, d)
	f.now = f.now.Add(d)
	n, hook := len(f.sleeps), f.onSleep
	f.mu.Unlock()
	if hook != nil {
		hook(n)
	}
	return ctx.Err()
}

func (f *fakeClock) Jitter(d time.Duration) time.Duration {
	if f.jitter != nil {
		return f.jitter(d)
	}
	return d
}

func (f *fakeClock) Sleeps() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.sleeps...)
}

// newTestClient starts handler on a loopback server and returns a Client for
// it with a token and a fake clock.
func newTestClient(t testing.TB, handler http.Handler, opts ...Option) (*Client, *fakeClock, *httptest.Server) {
	t.Helper()
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	clk := newFakeClock()
	all := append([]Option{WithBaseURL(srv.URL), WithToken(testToken), withClock(clk)}, opts...)
	c, err := New(all...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c, clk, srv
}

// writeJSON answers with status and v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeError answers like GitHub does for an error.
func writeError(w http.ResponseWriter, status int, message string) {
	writeJSON(w, status, map[string]string{"message": message, "documentation_url": "https://docs.github.com/rest"})
}

// sampleCodespace is a codespace with every field filled in, as GitHub
// sends it.
func sampleCodespace(name string, state gen.CodespaceState) gen.Codespace {
	ts := time.Date(2021, 10, 14, 0, 53, 30, 0, time.UTC)
	user := gen.SimpleUser{
		Login: "octocat", ID: 1, NodeID: "MDQ6VXNlcjE=", AvatarURL: "https://github.com/images/error/octocat_happy.gif",
		GravatarID: new(""), URL: "https://api.github.com/users/octocat", HTMLURL: "https://github.com/octocat",
		FollowersURL: "https://api.github.com/users/octocat/followers", FollowingURL: "https://api.github.com/users/octocat/following{/other_user}",
		GistsURL: "https://api.github.com/users/octocat/gists{/gist_id}", StarredURL: "https://api.github.com/users/octocat/starred{/owner}{/repo}",
		SubscriptionsURL: "https://api.github.com/users/octocat/subscriptions", OrganizationsURL: "https://api.github.com/users/octocat/orgs",
		ReposURL: "https://api.github.com/users/octocat/repos", EventsURL: "https://api.github.com/users/octocat/events{/privacy}",
		ReceivedEventsURL: "https://api.github.com/users/octocat/received_events", Type: "User",
	}
	repo := "https://api.github.com/repos/octocat/Hello-World"
	cs := gen.Codespace{
		ID: 2, Name: name, DisplayName: new("bookish space pancake"), EnvironmentID: new("26a7c758-7299-4a73-b978-5a92a7ae98a0"),
		Owner: user, BillableOwner: user,
		Repository: gen.MinimalRepository{
			ID: 1296269, NodeID: "MDEwOlJlcG9zaXRvcnkxMjk2MjY5", Name: "Hello-World", FullName: "octocat/Hello-World", Owner: user,
			HTMLURL: "https://github.com/octocat/Hello-World", Description: new("This your first repo!"), URL: repo,
			ArchiveURL: repo + "/{archive_format}{/ref}", AssigneesURL: repo + "/assignees{/user}", BlobsURL: repo + "/git/blobs{/sha}",
			BranchesURL: repo + "/branches{/branch}", CollaboratorsURL: repo + "/collaborators{/collaborator}", CommentsURL: repo + "/comments{/number}",
			CommitsURL: repo + "/commits{/sha}", CompareURL: repo + "/compare/{base}...{head}", ContentsURL: repo + "/contents/{+path}",
			ContributorsURL: repo + "/contributors", DeploymentsURL: repo + "/deployments", DownloadsURL: repo + "/downloads",
			EventsURL: repo + "/events", ForksURL: repo + "/forks", GitCommitsURL: repo + "/git/commits{/sha}", GitRefsURL: repo + "/git/refs{/sha}",
			GitTagsURL: repo + "/git/tags{/sha}", HooksURL: repo + "/hooks", IssueCommentURL: repo + "/issues/comments{/number}",
			IssueEventsURL: repo + "/issues/events{/number}", IssuesURL: repo + "/issues{/number}", KeysURL: repo + "/keys{/key_id}",
			LabelsURL: repo + "/labels{/name}", LanguagesURL: repo + "/languages", MergesURL: repo + "/merges",
			MilestonesURL: repo + "/milestones{/number}", NotificationsURL: repo + "/notifications{?since,all,participating}",
			PullsURL: repo + "/pulls{/number}", ReleasesURL: repo + "/releases{/id}", StargazersURL: repo + "/stargazers",
			StatusesURL: repo + "/statuses/{sha}", SubscribersURL: repo + "/subscribers", SubscriptionURL: repo + "/subscription",
			TagsURL: repo + "/tags", TeamsURL: repo + "/teams", TreesURL: repo + "/git/trees{/sha}",
		},
		Machine: &gen.CodespaceMachine{Name: "standardLinux", DisplayName: "4 cores, 8 GB RAM, 64 GB storage", OperatingSystem: "linux",
			StorageInBytes: 68719476736, MemoryInBytes: 8589934592, Cpus: 4},
		Prebuild: new(false), DevcontainerPath: new(".devcontainer/devcontainer.json"),
		CreatedAt: ts, UpdatedAt: ts, LastUsedAt: ts, State: state,
		URL:      "https://api.github.com/user/codespaces/" + name,
		Location: "WestUs2", IdleTimeoutMinutes: new(60), WebURL: "https://" + name + ".github.dev",
		MachinesURL: "https://api.github.com/user/codespaces/" + name + "/machines",
		StartURL:    "https://api.github.com/user/codespaces/" + name + "/start",
		StopURL:     "https://api.github.com/user/codespaces/" + name + "/stop",
		PullsURL:    new("https://api.github.com/repos/octocat/Hello-World/pulls/1"), RecentFolders: []string{},
	}
	cs.GitStatus.Ahead, cs.GitStatus.Behind = new(0), new(0)
	cs.GitStatus.HasUnpushedChanges, cs.GitStatus.HasUncommittedChanges, cs.GitStatus.Ref = new(false), new(false), new("main")
	return cs
}

// logBuffer is a JSON slog.Logger at Debug that records into a buffer.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func (l *logBuffer) Logger() *slog.Logger {
	return slog.New(slog.NewJSONHandler(l, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// counter counts requests per "METHOD /path".
type counter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *counter) add(r *http.Request) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = map[string]int{}
	}
	k := r.Method + " " + r.URL.Path
	c.n[k]++
	return c.n[k]
}

func (c *counter) get(key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[key]
}

// mustContainNone fails if s contains any of the secrets.
func mustContainNone(t *testing.T, what, s string, secrets ...string) {
	t.Helper()
	for _, secret := range secrets {
		if strings.Contains(s, secret) {
			t.Errorf("%s contains %q:\n%s", what, secret, s)
		}
	}
}

package mock_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/codespaces-go/codespaces/conformance/mock"
	"github.com/codespaces-go/codespaces/gen"
)

const (
	opCreateWithRepo = "codespaces/create-with-repo-for-authenticated-user"
	opGet            = "codespaces/get-for-authenticated-user"
	opList           = "codespaces/list-for-authenticated-user"
	opPutUserSecret  = "codespaces/create-or-update-secret-for-authenticated-user"
)

// serveIn sends one request to h in process; auth is the whole
// Authorization header (none when empty).
func serveIn(h http.Handler, method, target, auth, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	req.Header.Set("User-Agent", "test")
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// brief is what a test compares of a logged request.
type brief struct {
	Method, Path, Operation, User string
	Status                        int
	Body                          string
}

func briefs(rs []mock.Request) []brief {
	out := make([]brief, len(rs))
	for i, r := range rs {
		out[i] = brief{r.Method, r.Path, r.Operation, r.User, r.Status, string(r.Body)}
	}
	return out
}

func wantBriefs(t *testing.T, what string, got []mock.Request, want []brief) {
	t.Helper()
	g := briefs(got)
	if fmt.Sprint(g) != fmt.Sprint(want) {
		t.Errorf("%s:\n got %+v\nwant %+v", what, g, want)
	}
}

// TestRequestLogKeepsWhatWasSent: each request is logged with its method,
// path as sent, operation, user, status, body and the mock's time, and
// RequestMatch selects by operation, method and path or path template.
func TestRequestLogKeepsWhatWasSent(t *testing.T) {
	at := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	srv := mock.New(mock.WithClock(func() time.Time { return at }))
	h := srv.Handler()
	create := serveIn(h, "POST", "/repos/octocat/Hello-World/codespaces", "Bearer tok", `{"display_name": "docs"}`)
	wantStatus(t, "create", create.Code, http.StatusCreated, create.Body.Bytes())
	var cs gen.Codespace
	if err := json.Unmarshal(create.Body.Bytes(), &cs); err != nil {
		t.Fatal(err)
	}
	serveIn(h, "GET", "/user/codespaces/"+cs.Name, "Bearer tok", "")
	serveIn(h, "GET", "/user/codespaces/nope", "Bearer tok", "")
	serveIn(h, "GET", "/user/codespaces?per_page=1", "", "")
	serveIn(h, "GET", "/no/such/path", "Bearer tok", "")
	serveIn(h, "GET", mock.ReportPath, "", "")

	wantBriefs(t, "every request", srv.Requests(), []brief{
		{"POST", "/repos/octocat/Hello-World/codespaces", opCreateWithRepo, "octocat", 201, `{"display_name":"docs"}`},
		{"GET", "/user/codespaces/" + cs.Name, opGet, "octocat", 200, ""},
		{"GET", "/user/codespaces/nope", opGet, "octocat", 404, ""},
		{"GET", "/user/codespaces", opList, "", 401, ""},
		{"GET", "/no/such/path", "", "octocat", 404, ""},
	})
	all := srv.Requests()
	if got := all[3].Query; got != "per_page=1" {
		t.Errorf("query %q, want per_page=1", got)
	}
	for i, r := range all {
		if r.Seq != uint64(i+1) || !r.Time.Equal(at) {
			t.Errorf("request %d: seq %d at %v, want %d at the mock's clock %v", i, r.Seq, r.Time, i+1, at)
		}
	}
	wantBriefs(t, "by operation", srv.Requests(mock.RequestMatch{Operation: opGet}), []brief{
		{"GET", "/user/codespaces/" + cs.Name, opGet, "octocat", 200, ""},
		{"GET", "/user/codespaces/nope", opGet, "octocat", 404, ""},
	})
	wantBriefs(t, "by template", srv.Requests(mock.RequestMatch{Method: "get", Path: "/user/codespaces/{codespace_name}"}), []brief{
		{"GET", "/user/codespaces/" + cs.Name, opGet, "octocat", 200, ""},
		{"GET", "/user/codespaces/nope", opGet, "octocat", 404, ""},
	})
	wantBriefs(t, "by path or operation", srv.Requests(mock.RequestMatch{Path: "/user/codespaces/nope"}, mock.RequestMatch{Operation: opList}), []brief{
		{"GET", "/user/codespaces/nope", opGet, "octocat", 404, ""},
		{"GET", "/user/codespaces", opList, "", 401, ""},
	})
	if got := srv.Requests(mock.RequestMatch{Method: "DELETE"}); len(got) != 0 {
		t.Errorf("DELETE matched %d requests, want none", len(got))
	}

	srv.ClearRequests()
	serveIn(h, "GET", "/user/codespaces", "Bearer tok", "")
	got := srv.Requests()
	if len(got) != 1 || got[0].Seq != 6 {
		t.Errorf("after ClearRequests: %+v, want one request numbered 6", got)
	}
}

// TestRequestLogHoldsNoSecret: no header is kept, and the values of
// secrets in bodies and queries are redacted, at any depth, as is anything
// shaped like a GitHub token wherever it stands.
func TestRequestLogHoldsNoSecret(t *testing.T) {
	srv, base := start(t)
	c := client(t, base, "the-token-value")
	body := seal(t, c, "plaintext")
	resp := must(c.CodespacesCreateOrUpdateSecretForAuthenticatedUserWithResponse(context.Background(), "GH_TOKEN", body))(t)
	wantStatus(t, "PUT secret", resp.StatusCode(), http.StatusCreated, resp.Body)
	h := srv.Handler()
	serveIn(h, "GET", "/user/codespaces?access_token=qs-secret&per_page=2", "token the-token-value", "")
	serveIn(h, "PATCH", "/user/codespaces/nope", "Bearer the-token-value",
		`{"display_name": "x", "nested": [{"client_secret": "deep-secret", "Password": "pw-secret"}]}`)
	const pasted = "ghp_PastedIntoAField0123456789"
	serveIn(h, "PATCH", "/user/codespaces/nope?note="+pasted, "Bearer the-token-value",
		`{"display_name": "mine `+pasted+`", "recent_folders": ["`+pasted+`"]}`)

	puts := srv.Requests(mock.RequestMatch{Operation: opPutUserSecret})
	if len(puts) != 1 {
		t.Fatalf("%d PUTs logged, want 1", len(puts))
	}
	var logged map[string]string
	if err := json.Unmarshal(puts[0].Body, &logged); err != nil {
		t.Fatal(err)
	}
	if want := map[string]string{"encrypted_value": "[REDACTED]", "key_id": body.KeyID}; fmt.Sprint(logged) != fmt.Sprint(want) {
		t.Errorf("logged body %v, want %v", logged, want)
	}
	all, err := json.Marshal(srv.Requests())
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"the-token-value", *body.EncryptedValue, "qs-secret", "deep-secret", "pw-secret", "plaintext", pasted} {
		if strings.Contains(string(all), secret) {
			t.Errorf("the log holds %q: %s", secret, all)
		}
	}
	for _, want := range []string{`"query":"access_token=%5BREDACTED%5D\u0026per_page=2"`, `"display_name":"x"`, `"display_name":"mine [REDACTED]"`, `"recent_folders":["[REDACTED]"]`, `"query":"note=%5BREDACTED%5D"`} {
		if !strings.Contains(string(all), want) {
			t.Errorf("the log lacks %s: %s", want, all)
		}
	}
}

// TestRequestLogIsBounded: the log keeps the latest WithRequestLog
// requests, bodies of at most 8 KiB, only JSON bodies (another may hide a
// secret), and paths cut to 2 KiB.
func TestRequestLogIsBounded(t *testing.T) {
	srv := mock.New(mock.WithRequestLog(3))
	h := srv.Handler()
	long := strings.Repeat("x", 9<<10)
	serveIn(h, "PATCH", "/user/codespaces/a", "Bearer t", `{"display_name": "`+long+`"}`)
	serveIn(h, "PATCH", "/user/codespaces/b", "Bearer t", `display_name=oops`)
	serveIn(h, "PATCH", "/user/codespaces/c", "Bearer t", `{"display_name": "c"} {}`)
	serveIn(h, "GET", "/user/codespaces/"+long, "Bearer t", "")
	serveIn(h, "PATCH", "/user/codespaces/e", "Bearer t", `{"display_name": "e"}`)

	got := srv.Requests()
	type kept struct {
		Seq       uint64
		PathLen   int
		Body      string
		Size      int
		Omitted   string
		Truncated bool
	}
	var g []kept
	for _, r := range got {
		g = append(g, kept{r.Seq, len(r.Path), string(r.Body), r.BodySize, r.BodyOmitted, strings.HasSuffix(r.Path, "…")})
	}
	want := []kept{
		{3, len("/user/codespaces/c"), "", 24, "not JSON", false},
		{4, 2<<10 + len("…"), "", 0, "", true},
		{5, len("/user/codespaces/e"), `{"display_name":"e"}`, 21, "", false},
	}
	if fmt.Sprint(g) != fmt.Sprint(want) {
		t.Errorf("kept\n %+v\nwant\n %+v", g, want)
	}

	srv = mock.New(mock.WithRequestLog(3))
	h = srv.Handler()
	serveIn(h, "PATCH", "/user/codespaces/a", "Bearer t", `{"display_name": "`+long+`"}`)
	serveIn(h, "PATCH", "/user/codespaces/b", "Bearer t", `display_name=oops`)
	got = srv.Requests()
	if len(got) != 2 || got[0].BodyOmitted != "larger than 8 KiB" || got[0].BodySize != len(long)+20 || got[1].BodyOmitted != "not JSON" {
		t.Errorf("omitted bodies: %+v", got)
	}

	off := mock.New(mock.WithRequestLog(0))
	serveIn(off.Handler(), "GET", "/user/codespaces", "Bearer t", "")
	if got := off.Requests(); len(got) != 0 {
		t.Errorf("WithRequestLog(0) kept %d requests", len(got))
	}
}

// TestRequestLogShowsFaultsAndDrops: a faulted request is logged with the
// fault's status and its body, read before the fault hit; a dropped one
// with status 0, whether its connection was taken over and closed or, where
// it cannot be (HTTP/2), the answer aborted. In process, so that the log is
// read after the handler returned.
func TestRequestLogShowsFaultsAndDrops(t *testing.T) {
	srv := mock.New()
	srv.InjectFault(mock.Fault{Kind: mock.FaultStatus, Operation: opCreateWithRepo, Status: 503, Count: 1})
	srv.InjectFault(mock.Fault{Kind: mock.FaultDrop, Operation: opList, Count: 2})
	h := srv.Handler()
	rec := serveIn(h, "POST", "/repos/octocat/Hello-World/codespaces", "Bearer t", `{"ref":"master"}`)
	wantStatus(t, "faulted create", rec.Code, 503, rec.Body.Bytes())

	req := httptest.NewRequest("GET", "/user/codespaces", nil)
	req.Header.Set("User-Agent", "test")
	req.Header.Set("Authorization", "Bearer t")
	h.ServeHTTP(hijackable{httptest.NewRecorder()}, req)
	func() {
		defer func() {
			if p := recover(); p != http.ErrAbortHandler {
				t.Errorf("an unhijackable drop panicked with %v, want http.ErrAbortHandler", p)
			}
		}()
		h.ServeHTTP(httptest.NewRecorder(), req)
	}()
	wantBriefs(t, "log", srv.Requests(), []brief{
		{"POST", "/repos/octocat/Hello-World/codespaces", opCreateWithRepo, "octocat", 503, `{"ref":"master"}`},
		{"GET", "/user/codespaces", opList, "octocat", 0, ""},
		{"GET", "/user/codespaces", opList, "octocat", 0, ""},
	})
}

// hijackable is a ResponseWriter whose connection a drop can take over.
type hijackable struct{ *httptest.ResponseRecorder }

func (h hijackable) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	server, client := net.Pipe()
	_ = client.Close()
	return server, bufio.NewReadWriter(bufio.NewReader(server), bufio.NewWriter(server)), nil
}

// TestRequestLogUnderConcurrency: requests logged from many goroutines
// while others read the log leave the latest, numbered in order.
func TestRequestLogUnderConcurrency(t *testing.T) {
	srv := mock.New(mock.WithRequestLog(100), mock.WithRateLimit(mock.RateLimit{Unthrottled: true}))
	h := srv.Handler()
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				serveIn(h, "GET", "/user/codespaces", "Bearer t", "")
				_ = srv.Requests(mock.RequestMatch{Operation: opList})
			}
		})
	}
	wg.Wait()
	got := srv.Requests()
	if len(got) != 100 || got[0].Seq != 301 || got[99].Seq != 400 {
		t.Fatalf("kept %d requests, %d to %d; want 100, 301 to 400", len(got), got[0].Seq, got[len(got)-1].Seq)
	}
	for i := 1; i < len(got); i++ {
		if got[i].Seq != got[i-1].Seq+1 {
			t.Fatalf("request %d is numbered %d after %d", i, got[i].Seq, got[i-1].Seq)
		}
	}
}

// BenchmarkRequestLog measures what the log costs a request served in
// process: a PATCH with a small JSON body, logged (the default) and not
// (WithRequestLog(0)).
func BenchmarkRequestLog(b *testing.B) {
	for _, c := range []struct {
		name string
		n    int
	}{{"logged", 1000}, {"off", 0}} {
		b.Run(c.name, func(b *testing.B) {
			srv := mock.New(mock.WithRequestLog(c.n), mock.WithRateLimit(mock.RateLimit{Unthrottled: true}))
			h := srv.Handler()
			create := serveIn(h, "POST", "/repos/octocat/Hello-World/codespaces", "Bearer b", `{}`)
			var cs gen.Codespace
			if err := json.Unmarshal(create.Body.Bytes(), &cs); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if rec := serveIn(h, "PATCH", "/user/codespaces/"+cs.Name, "Bearer b", `{"display_name": "renamed", "machine": "standardLinux"}`); rec.Code != 200 {
					b.Fatalf("PATCH: %d %s", rec.Code, rec.Body)
				}
			}
		})
	}
}

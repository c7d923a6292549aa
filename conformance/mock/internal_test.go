package mock

import (
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/codespaces-go/codespaces/conformance/validate"
	"github.com/codespaces-go/codespaces/gen"
)

func TestPaginate(t *testing.T) {
	for _, tc := range []struct {
		total            int
		page, perPage    *int
		start, end, last int
		links            string // rel=page, in the header's order
	}{
		{total: 0, start: 0, end: 0, last: 1},
		{total: 30, start: 0, end: 30, last: 1},
		{total: 31, start: 0, end: 30, last: 2, links: "next=2 last=2"},
		{total: 7, page: ptr(2), perPage: ptr(3), start: 3, end: 6, last: 3, links: "prev=1 next=3 last=3 first=1"},
		{total: 7, page: ptr(3), perPage: ptr(3), start: 6, end: 7, last: 3, links: "prev=2 first=1"},
		{total: 7, page: ptr(9), perPage: ptr(3), start: 7, end: 7, last: 3, links: "prev=3 first=1"},
		{total: 500, perPage: ptr(1000), start: 0, end: 100, last: 5, links: "next=2 last=5"},
		{total: 5, page: ptr(math.MaxInt), perPage: ptr(100), start: 5, end: 5, last: 1, links: "prev=1 first=1"},
	} {
		w := paginate(tc.total, tc.page, tc.perPage)
		if w.start != tc.start || w.end != tc.end || w.last != tc.last {
			t.Errorf("paginate(%d, %v, %v) = [%d,%d) of %d pages, want [%d,%d) of %d", tc.total, deref(tc.page), deref(tc.perPage),
				w.start, w.end, w.last, tc.start, tc.end, tc.last)
		}
		header := w.link("http://h", &url.URL{Path: "/user/codespaces", RawQuery: "per_page=3&repository_id=1"})
		var got []string
		for _, part := range strings.Split(header, ", ") {
			if part == "" {
				continue
			}
			target, rel, _ := strings.Cut(part, "; ")
			u, err := url.Parse(strings.Trim(target, "<>"))
			if err != nil || u.Host != "h" || u.Query().Get("per_page") != "3" || u.Query().Get("repository_id") != "1" {
				t.Errorf("link %s does not keep the base and query", target)
				continue
			}
			got = append(got, strings.Trim(strings.TrimPrefix(rel, "rel="), `"`)+"="+u.Query().Get("page"))
		}
		if strings.Join(got, " ") != tc.links {
			t.Errorf("total %d page %d: links %q, want %q", tc.total, deref(tc.page), strings.Join(got, " "), tc.links)
		}
	}
}

func deref(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

func TestProgress(t *testing.T) {
	t0 := time.Unix(0, 0)
	path := []gen.CodespaceState{"A", "B", "C"}
	for _, tc := range []struct {
		name   string
		timing Timing
		steps  []time.Duration // time of each read, from t0
		want   string          // state before each read's observe
	}{
		{"instant", Timing{}, []time.Duration{0}, "C"},
		{"two polls", Timing{Polls: 2}, []time.Duration{0, 0, 0, 0, 0}, "AABBC"},
		{"duration", Timing{Duration: time.Second}, []time.Duration{0, 999 * time.Millisecond, time.Second, 1999 * time.Millisecond, 2 * time.Second}, "AABBC"},
		{"catch up", Timing{Duration: time.Second}, []time.Duration{time.Hour}, "C"},
		// Polls are done at 0.5s but time is not; at 2s time is done for B
		// too (it began when A ended, at 1s), but B has not been read yet.
		{"both", Timing{Polls: 1, Duration: time.Second}, []time.Duration{0, 500 * time.Millisecond, 2 * time.Second, 2 * time.Second}, "AABC"},
		// B alone lasts a minute; A is instant.
		{"one state timed", Timing{States: map[string]time.Duration{"B": time.Minute}}, []time.Duration{0, 59 * time.Second, time.Minute}, "BBC"},
		{"one state over the rest", Timing{Duration: time.Second, States: map[string]time.Duration{"A": 0}}, []time.Duration{0, 999 * time.Millisecond, time.Second}, "BBC"},
	} {
		var p progress[gen.CodespaceState]
		p.begin(t0, path...)
		var got strings.Builder
		for _, at := range tc.steps {
			p.advance(t0.Add(at), tc.timing)
			got.WriteString(string(p.state))
			p.observe()
		}
		if got.String() != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got.String(), tc.want)
		}
	}
}

func TestParseFault(t *testing.T) {
	for _, tc := range []struct {
		header string
		want   Fault
		err    string
	}{
		{header: "status=503;count=1", want: Fault{Kind: FaultStatus, Status: 503, Count: 1}},
		{header: " STATUS = 500 ; fraction=0.25 ", want: Fault{Kind: FaultStatus, Status: 500, Fraction: 0.25}},
		{header: "rate-limit;reset=60", want: Fault{Kind: FaultRateLimit, Reset: time.Minute}},
		{header: "secondary-rate-limit;status=429;retry-after=1500ms", want: Fault{Kind: FaultSecondaryRateLimit, Status: 429, RetryAfter: 1500 * time.Millisecond}},
		{header: "latency=20ms", want: Fault{Kind: FaultLatency, Latency: 20 * time.Millisecond}},
		{header: "drop;latency=5ms", want: Fault{Kind: FaultDrop, Latency: 5 * time.Millisecond}},
		{header: "status=500;empty", want: Fault{Kind: FaultStatus, Status: 500, Empty: true}},
		{header: "empty", err: "names no fault"},
		{header: "rate-limit;empty", err: "only a status fault can be empty"},
		{header: "", err: "names no fault"},
		{header: "count=2", err: "names no fault"},
		{header: "status=200", err: "not an error status"},
		{header: "secondary-rate-limit;status=500", err: "403 or 429"},
		{header: "status=503;count=0", err: "at least 1"},
		{header: "status=503;fraction=1.5", err: "at most 1"},
		{header: "latency=2h", err: "between 0 and a minute"},
		{header: "latency=-5", err: "negative"},
		{header: "explode", err: "unknown setting"},
	} {
		got, err := ParseFault(tc.header)
		switch {
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("ParseFault(%q) = %v, want an error about %q", tc.header, err, tc.err)
		case tc.err == "" && (err != nil || got != tc.want):
			t.Errorf("ParseFault(%q) = %+v, %v; want %+v", tc.header, got, err, tc.want)
		}
	}
}

func TestMatches(t *testing.T) {
	const etag = `W/"abc"`
	for header, want := range map[string]bool{
		`W/"abc"`:         true,
		`"abc"`:           true,
		`"x", W/"abc"`:    true,
		`*`:               true,
		``:                false,
		`"abcd"`:          false,
		`W/"ab", "other"`: false,
	} {
		if got := matches(header, etag); got != want {
			t.Errorf("matches(%q) = %v, want %v", header, got, want)
		}
	}
}

func TestValidSecretName(t *testing.T) {
	for name, ok := range map[string]bool{
		"GH_TOKEN": true, "a1": true, "_x": true,
		"": false, "1A": false, "A-B": false, "A B": false, "github_x": false, "ÄB": false,
	} {
		if err := validSecretName(name); (err == nil) != ok {
			t.Errorf("validSecretName(%q) = %v, want ok=%v", name, err, ok)
		}
	}
}

// TestPanicIsA500AndAViolation: should an operation panic, the client gets a
// GitHub-style 500 and the violation handler hears of it.
func TestPanicIsA500AndAViolation(t *testing.T) {
	var got []validate.Violation
	s := New(WithViolationHandler(func(v validate.Violation) { got = append(got, v) }))
	s.router = chi.NewRouter()
	s.router.Get("/user/codespaces", func(http.ResponseWriter, *http.Request) { panic("boom") })
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, "/user/codespaces", nil)
	req.Header.Set("Authorization", "Bearer x")
	req.Header.Set("User-Agent", "test")
	s.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusInternalServerError || !strings.Contains(rec.Body.String(), `"message"`) {
		t.Errorf("panic answered %d %s, want a GitHub-style 500", rec.Code, rec.Body)
	}
	if len(got) != 1 || got[0].Kind != validate.KindServerError || !strings.Contains(got[0].Message, "boom") {
		t.Errorf("violations %v, want the panic", got)
	}
}

// TestUnimplementedMachinery: an operation listed as not implemented (none
// is today) has its 501 exempt from the spec's checks, and a refusal whose
// status its description lacks becomes that 501.
func TestUnimplementedMachinery(t *testing.T) {
	ops, err := loadOperations()
	if err != nil {
		t.Fatal(err)
	}
	op, other := ops["codespaces/get-public-key-for-authenticated-user"], ops["codespaces/list-for-authenticated-user"]
	saved := notImplemented
	notImplemented = []string{op.id}
	defer func() { notImplemented = saved }()
	if !exempt501(op, http.StatusNotImplemented) || exempt501(op, http.StatusInternalServerError) || exempt501(other, http.StatusNotImplemented) {
		t.Error("exempt501 exempts the wrong answers")
	}
	if got := orUnimplemented(op, notFound()); got.status != http.StatusNotImplemented || !strings.Contains(got.body.(map[string]string)["message"], op.id) {
		t.Errorf("an undocumented 404 became %d %v, want the 501 naming %s", got.status, got.body, op.id)
	}
	if got := orUnimplemented(op, errorResponse(http.StatusForbidden, "x")); got.status != http.StatusForbidden {
		t.Errorf("a documented 403 became %d", got.status)
	}
	if got := NotImplemented(); len(got) != 1 || Implemented()[0] == op.id {
		t.Errorf("NotImplemented %v, Implemented starts with %s", got, Implemented()[0])
	}
}

package validate

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// Issue: a live verdict failed on what is not a spec violation. These are
// warnings: reported, counted apart, and never an error.

func TestAnUnknownEnumValueIsAWarningWithItsValue(t *testing.T) {
	v := testValidator(t)
	cs := example(t, "codespace")
	cs["state"] = "Hibernating" // a state GitHub might add tomorrow
	_, srv := serve(t, 200, mustJSON(t, cs))
	report := NewReport(v)
	client := &http.Client{Transport: v.Transport(nil, Strict, report)}

	resp, err := client.Do(request("GET", srv.URL+"/user/codespaces/x", nil))
	if err != nil {
		t.Fatalf("a Strict transport failed on a warning: %v", err)
	}
	resp.Body.Close()
	s := report.Summary()
	if s.Errors != 0 || s.Warnings != 1 {
		t.Fatalf("summary %+v, want one warning and no error", s)
	}
	w := report.Violations()[0]
	if w.Kind != KindUnknownEnum || w.Severity != SeverityWarning || !strings.Contains(w.Message, "Hibernating") {
		t.Errorf("violation %+v, want an unknown-enum warning naming the value", w)
	}
}

func TestAWrongTypeInAnEnumIsAnError(t *testing.T) {
	cs := example(t, "codespace")
	cs["state"] = 7
	vs := testValidator(t).CheckResponse(request("GET", "https://api.github.com/user/codespaces/x", nil), 200, jsonHeader(), mustJSON(t, cs))
	if len(vs) == 0 || vs[0].Severity != SeverityError || vs[0].Kind == KindUnknownEnum {
		t.Errorf("violations %s, want an error that is not an unknown enum", describe(vs))
	}
}

func TestGitHubsRateLimitAnswersAreWarnings(t *testing.T) {
	v := testValidator(t)
	body := []byte(`{"message":"API rate limit exceeded for user ID 1.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"}`)
	for _, tc := range []struct {
		name   string
		status int
		header http.Header
		want   string
	}{
		{"primary, 403", 403, http.Header{"X-Ratelimit-Remaining": {"0"}}, "x-ratelimit-remaining 0"},
		{"primary, 429", 429, http.Header{"X-Ratelimit-Remaining": {"0"}}, "x-ratelimit-remaining 0"},
		{"secondary", 403, http.Header{"Retry-After": {"60"}}, "retry-after 60"},
		// An operation that documented no 403 before the overlay's rate-limit actions.
		{"secret list", 429, http.Header{"Retry-After": {"1"}}, "retry-after 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := jsonHeader()
			for k, vv := range tc.header {
				h[k] = vv
			}
			path := "/user/codespaces"
			if tc.name == "secret list" {
				path = "/user/codespaces/secrets"
			}
			vs := v.CheckResponse(request("GET", "https://api.github.com"+path, nil), tc.status, h, body)
			if len(vs) != 1 || vs[0].Kind != KindRateLimited || vs[0].Severity != SeverityWarning || !strings.Contains(vs[0].Message, tc.want) {
				t.Errorf("violations %s, want one rate-limited warning by %s", describe(vs), tc.want)
			}
		})
	}
	// A plain 403 (no rate-limit header) is the documented "forbidden": nothing to report.
	if vs := v.CheckResponse(request("GET", "https://api.github.com/user/codespaces", nil), 403, jsonHeader(), body); len(vs) != 0 {
		t.Errorf("a plain 403: %s, want nothing", describe(vs))
	}
}

// flaky answers 502 to the first n requests, then 200 with a list.
type flaky struct {
	n     int32
	calls atomic.Int32
}

func (f *flaky) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	if f.calls.Add(1) <= f.n {
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte(`{"message":"Server Error"}`))
		return
	}
	_, _ = w.Write([]byte(`{"total_count":0,"codespaces":[]}`))
}

// getThrough sends GET srv+path for each path through a reporting
// transport, and returns the report.
func getThrough(t *testing.T, srv *httptest.Server, paths ...string) *Report {
	t.Helper()
	v := testValidator(t)
	report := NewReport(v)
	client := &http.Client{Transport: v.Transport(nil, ReportOnly, report)}
	for _, p := range paths {
		resp, err := client.Do(request("GET", srv.URL+p, nil))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	return report
}

func TestAServerErrorThatARetryGotPastIsAWarning(t *testing.T) {
	srv := httptest.NewServer(&flaky{n: 1})
	defer srv.Close()
	report := getThrough(t, srv, "/user/codespaces", "/user/codespaces") // what a retrying client does
	s := report.Summary()
	if s.Errors != 0 || s.Warnings != 1 {
		t.Fatalf("summary %+v, want the 502 as one warning", s)
	}
	if w := report.Violations()[0]; w.Kind != KindServerError || !strings.Contains(w.Message, "a retry got past it") {
		t.Errorf("violation %+v", w)
	}
}

func TestAServerErrorNothingGotPastIsAnError(t *testing.T) {
	srv := httptest.NewServer(&flaky{n: 2})
	defer srv.Close()
	// Another request's success does not excuse the first one's failure.
	report := getThrough(t, srv, "/user/codespaces", "/user/codespaces?per_page=1", "/user/codespaces?per_page=2")
	if s := report.Summary(); s.Errors != 2 || s.Warnings != 0 {
		t.Fatalf("summary %+v, want both 502s as errors", s)
	}
}

func TestARequestBodyUnderAnotherContentTypeIsAWarning(t *testing.T) {
	req := request("PATCH", "https://api.github.com/user/codespaces/x", []byte(`{"display_name":"d"}`))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded") // curl -d
	_, vs, err := testValidator(t).CheckRequest(req)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 1 || vs[0].Kind != KindContentType || vs[0].Severity != SeverityWarning {
		t.Errorf("violations %s, want one content-type warning", describe(vs))
	}
}

// Headers are judged as their schema's type, not as raw text: "0" is an
// integer, "zero" is not.
func TestHeadersAreReadAsTheirSchemaType(t *testing.T) {
	v := testValidator(t)
	body := []byte(`{"message":"API rate limit exceeded"}`)
	for _, tc := range []struct {
		remaining, limit string
		want             []string
	}{
		{"0", "5000", []string{"rate-limited "}},
		{"zero", "5000", []string{"rate-limited ", "header X-RateLimit-Remaining"}},
		{"0", "5k", []string{"rate-limited ", "header X-RateLimit-Limit"}},
	} {
		h := jsonHeader()
		h.Set("X-RateLimit-Remaining", tc.remaining)
		h.Set("X-RateLimit-Limit", tc.limit)
		h.Set("Retry-After", "30")
		vs := v.CheckResponse(request("GET", "https://api.github.com/user/codespaces", nil), 429, h, body)
		got := describe(vs)
		if len(vs) != len(tc.want) {
			t.Errorf("remaining %q, limit %q: %s, want %d violations", tc.remaining, tc.limit, got, len(tc.want))
		}
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("remaining %q, limit %q: %s, want %q", tc.remaining, tc.limit, got, w)
			}
		}
	}
}

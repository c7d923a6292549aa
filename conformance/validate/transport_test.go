package validate

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
)

// fakeGitHub answers every request with the given status and body, and
// remembers what it received.
type fakeGitHub struct {
	status   int
	body     []byte
	calls    atomic.Int32
	gotBody  atomic.Value // string
	gotQuery atomic.Value // string
}

func (f *fakeGitHub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.calls.Add(1)
	b, _ := io.ReadAll(r.Body)
	f.gotBody.Store(string(b))
	f.gotQuery.Store(r.URL.RawQuery)
	if f.body != nil {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
	}
	w.WriteHeader(f.status)
	_, _ = w.Write(f.body)
}

func serve(t *testing.T, status int, body []byte) (*fakeGitHub, *httptest.Server) {
	t.Helper()
	f := &fakeGitHub{status: status, body: body}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv
}

func TestStrictTransportFailsOnABrokenResponse(t *testing.T) {
	v := testValidator(t)
	broken := example(t, "codespace")
	broken["state"] = 7
	_, srv := serve(t, 200, mustJSON(t, broken))
	report := NewReport(v)
	client := &http.Client{Transport: v.Transport(nil, Strict, report)}

	resp, err := client.Do(request("GET", srv.URL+"/user/codespaces/x", nil))
	if err == nil {
		resp.Body.Close()
		t.Fatal("Strict transport let a broken response through")
	}
	var ve *ViolationError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v is not a *ViolationError", err)
	}
	if !strings.Contains(err.Error(), "codespaces/get-for-authenticated-user") || !strings.Contains(err.Error(), "/state") {
		t.Errorf("error %q does not name the operation and the pointer", err)
	}
	if got := report.Summary().Violations; got != 1 {
		t.Errorf("report holds %d violations, want 1", got)
	}
}

func TestStrictTransportDoesNotSendABrokenRequest(t *testing.T) {
	v := testValidator(t)
	f, srv := serve(t, 201, nil)
	client := &http.Client{Transport: v.Transport(nil, Strict, nil)}
	_, err := client.Do(request("PUT", srv.URL+"/user/codespaces/secrets/S", []byte(`{"encrypted_value":"c2VjcmV0"}`)))
	var ve *ViolationError
	if !errors.As(err, &ve) || ve.Violations[0].Pointer != "/key_id" {
		t.Fatalf("error = %v, want a violation at /key_id", err)
	}
	if n := f.calls.Load(); n != 0 {
		t.Errorf("the server received %d requests, want none", n)
	}
}

func TestStrictTransportLetsAnUnauthenticatedCallMeetIts401(t *testing.T) {
	v := testValidator(t)
	unauthenticated := func(url string) *http.Request {
		r := request("GET", url+"/user/codespaces", nil)
		r.Header.Del("Authorization")
		return r
	}
	_, srv401 := serve(t, 401, []byte(`{"message":"Requires authentication","documentation_url":"https://docs.github.com/rest"}`))
	client := &http.Client{Transport: v.Transport(nil, Strict, nil)}
	resp, err := client.Do(unauthenticated(srv401.URL))
	if err != nil {
		t.Fatalf("a 401 to a call without credentials failed: %v", err)
	}
	resp.Body.Close()

	_, srv200 := serve(t, 200, []byte(`{"total_count":0,"codespaces":[]}`))
	_, err = client.Do(unauthenticated(srv200.URL))
	var ve *ViolationError
	if !errors.As(err, &ve) || ve.Violations[0].Kind != KindAuth {
		t.Errorf("a 200 to a call without credentials: error = %v, want an auth violation", err)
	}
}

func TestReportOnlyTransportLetsTheCallGoOnUntouched(t *testing.T) {
	v := testValidator(t)
	respBody := []byte(`{"total_count":"three","codespaces":[]}`)
	f, srv := serve(t, 200, respBody)
	report := NewReport(v)
	client := &http.Client{Transport: v.Transport(nil, ReportOnly, report)}

	req := request("GET", srv.URL+"/user/codespaces?per_page=many", nil)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Equal(got, respBody) {
		t.Errorf("the caller got body %q, want %q", got, respBody)
	}
	if q := f.gotQuery.Load(); q != "per_page=many" {
		t.Errorf("the server got query %q, want it as sent", q)
	}
	vs := report.Violations()
	if len(vs) != 2 || vs[0].Kind != KindParameter || vs[1].Pointer != "/total_count" {
		t.Errorf("report violations = %+v, want the parameter and /total_count", vs)
	}
}

func TestTransportSendsTheBodyAsRead(t *testing.T) {
	v := testValidator(t)
	f, srv := serve(t, 204, nil)
	body := `{"selected_repository_ids": [42, 7]}`
	req := request("PUT", srv.URL+"/user/codespaces/secrets/S/repositories", []byte(body))
	resp, err := (&http.Client{Transport: v.Transport(nil, Strict, nil)}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := f.gotBody.Load(); got != body {
		t.Errorf("the server got %q, want %q", got, body)
	}
}

func TestTransportPassesOnNetworkErrors(t *testing.T) {
	v := testValidator(t)
	_, srv := serve(t, 200, nil)
	srv.Close()
	report := NewReport(v)
	_, err := (&http.Client{Transport: v.Transport(nil, ReportOnly, report)}).Do(request("GET", srv.URL+"/user/codespaces", nil))
	var ve *ViolationError
	if err == nil || errors.As(err, &ve) {
		t.Errorf("error = %v, want the network error", err)
	}
}

// Excuse drops exactly the violations it is asked to, before they reach the
// report or fail a Strict call; the others of the same exchange stay.
func TestTransportExcuse(t *testing.T) {
	v := testValidator(t)
	_, srv := serve(t, http.StatusServiceUnavailable, []byte(`{"message":"unavailable"}`))
	// per_page=many breaks the request; the undocumented 503 is a server error.
	url := srv.URL + "/user/codespaces/secrets?per_page=many"
	kinds := func(r *Report) (out []Kind) {
		for _, vi := range r.Violations() {
			out = append(out, vi.Kind)
		}
		slices.Sort(out)
		return out
	}
	do := func(tr *Transport) error {
		resp, err := (&http.Client{Transport: tr}).Do(request("GET", url, nil))
		if err == nil {
			resp.Body.Close()
		}
		return err
	}

	plain := NewReport(v)
	if err := do(v.Transport(nil, ReportOnly, plain)); err != nil {
		t.Fatal(err)
	}
	if got, want := kinds(plain), []Kind{KindParameter, KindServerError}; !slices.Equal(got, want) {
		t.Fatalf("without an excuse: %v, want %v", got, want)
	}

	excused := NewReport(v)
	tr := v.Transport(nil, ReportOnly, excused)
	var asked []Kind
	tr.Excuse = func(req *http.Request, vi Violation) bool {
		if req.URL.String() != url {
			t.Errorf("Excuse got request %s, want the caller's", req.URL)
		}
		asked = append(asked, vi.Kind)
		return vi.Kind == KindServerError
	}
	if err := do(tr); err != nil {
		t.Fatal(err)
	}
	if got, want := kinds(excused), []Kind{KindParameter}; !slices.Equal(got, want) {
		t.Errorf("with the server error excused: %v, want %v", got, want)
	}
	if len(asked) != 2 {
		t.Errorf("Excuse was asked about %v, want both violations", asked)
	}

	// Strict: with everything excused, the request is sent and the call
	// goes through.
	strict := v.Transport(nil, Strict, nil)
	strict.Excuse = func(*http.Request, Violation) bool { return true }
	if err := do(strict); err != nil {
		t.Errorf("Strict with every violation excused: %v", err)
	}
}

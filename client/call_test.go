package client

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// etagServer serves codespace x with an ETag, and 304 to a GET whose
// If-None-Match names it; it records each request's headers.
func etagServer(t *testing.T, got *[]http.Header) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		*got = append(*got, r.Header.Clone())
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("X-RateLimit-Remaining", "4999")
		w.Header().Set("X-GitHub-Request-Id", "0400:1")
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		okCodespace(w, r)
	})
}

func TestCallOptions(t *testing.T) {
	var got []http.Header
	c, _, _ := newTestClient(t, etagServer(t, &got))
	ctx := context.Background()

	var r Response
	cs, err := c.GetCodespace(ctx, "x", SaveResponse(&r), Header("X-Trace", "t1"), IfNoneMatch(""), nil)
	if err != nil || cs.Name != "x" {
		t.Fatal(err)
	}
	if r.StatusCode != 200 || r.ETag != `"v1"` || r.RequestID != "0400:1" || r.RateLimit == nil || r.RateLimit.Remaining != 4999 {
		t.Errorf("saved %+v", r)
	}
	if got[0].Get("X-Trace") != "t1" || got[0].Get("If-None-Match") != "" {
		t.Errorf("first request's headers %v", got[0])
	}

	edited := false
	cs, err = c.GetCodespace(ctx, "x", IfNoneMatch(r.ETag), SaveResponse(&r), EditRequest(func(_ context.Context, req *http.Request) error {
		edited = true
		return nil
	}), Header("Authorization", "token stolen"))
	if cs != nil || !errors.Is(err, ErrNotModified) || r.StatusCode != 304 || !edited {
		t.Errorf("conditional GET: %v, %v, saved status %d, edited %v; want ErrNotModified", cs, err, r.StatusCode, edited)
	}
	if want := "codespaces/get-for-authenticated-user: not modified since the ETag given (304)"; err == nil || err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	if a := got[1].Get("Authorization"); a != "Bearer "+testToken {
		t.Errorf("a call option replaced the token: %q", a)
	}

	failing := EditRequest(func(context.Context, *http.Request) error { return errors.New("no editing today") })
	if _, err := c.GetCodespace(ctx, "x", failing); err == nil || !strings.Contains(err.Error(), "no editing today") {
		t.Errorf("a failing editor: %v", err)
	}
	if _, err := Collect(c.ListCodespaces(ctx, ListCodespacesOptions{}, failing)); err == nil || !strings.Contains(err.Error(), "no editing today") {
		t.Errorf("a failing editor on a list: %v", err)
	}
}

// TestNotModifiedThroughAPI: a 304 is the answer a conditional request asks
// for, not an error.
func TestNotModifiedThroughAPI(t *testing.T) {
	var got []http.Header
	c, _, _ := newTestClient(t, etagServer(t, &got))
	r, err := c.API().CodespacesGetForAuthenticatedUserWithResponse(context.Background(), "x", func(_ context.Context, req *http.Request) error {
		req.Header.Set("If-None-Match", `"v1"`)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if r.StatusCode() != 304 || c.CheckResponse(r.HTTPResponse, r.Body) != nil {
		t.Errorf("status %d, CheckResponse %v; want 304 and no error", r.StatusCode(), c.CheckResponse(r.HTTPResponse, r.Body))
	}
}

// TestErrorAnswersAreSaved: SaveResponse reports a failed call's answer too,
// such as its rate limit.
func TestErrorAnswersAreSaved(t *testing.T) {
	c, _, _ := newTestClient(t, status(404, "X-RateLimit-Remaining", "17"))
	var r Response
	err := c.DeleteCodespace(context.Background(), "x", SaveResponse(&r))
	if !IsNotFound(err) || r.StatusCode != 404 || r.RateLimit == nil || r.RateLimit.Remaining != 17 {
		t.Errorf("got %v and saved %+v", err, r)
	}
	if !reflect.DeepEqual(r.Header.Values("X-Ratelimit-Remaining"), []string{"17"}) {
		t.Errorf("headers %v", r.Header)
	}
}

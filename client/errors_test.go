package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/codespaces-go/codespaces/gen"
)

func TestAPIError(t *testing.T) {
	tests := []struct {
		name     string
		status   int
		header   map[string]string
		body     string
		want     APIError
		wantText string
	}{
		{
			name:   "not found",
			status: 404,
			header: map[string]string{"X-GitHub-Request-Id": "0400:1234:ABCD"},
			body:   `{"message":"Not Found","documentation_url":"https://docs.github.com/rest"}`,
			want: APIError{StatusCode: 404, Method: "GET", Message: "Not Found", DocumentationURL: "https://docs.github.com/rest",
				RequestID: "0400:1234:ABCD"},
			wantText: "GET /user/codespaces/x: 404 Not Found: Not Found [request ID 0400:1234:ABCD]",
		},
		{
			name:   "validation failed",
			status: 422,
			body: `{"message":"Validation Failed","documentation_url":"https://docs.github.com/rest","errors":[
				{"resource":"Secret","field":"key_id","code":"missing_field"},
				{"code":"custom","message":"encrypted_value is not sealed","value":{"a":1}},
				"a bare string", 7, {}]}`,
			want: APIError{StatusCode: 422, Method: "GET", Message: "Validation Failed", DocumentationURL: "https://docs.github.com/rest",
				Errors: []FieldError{
					{Resource: "Secret", Field: "key_id", Code: "missing_field"},
					{Code: "custom", Message: "encrypted_value is not sealed", Value: map[string]any{"a": float64(1)}},
					{Message: "a bare string"},
				}},
			wantText: "GET /user/codespaces/x: 422 Unprocessable Entity: Validation Failed (Secret.key_id is missing_field; custom: encrypted_value is not sealed; a bare string)",
		},
		{
			name:     "not JSON",
			status:   502,
			body:     "<html>bad gateway</html>",
			want:     APIError{StatusCode: 502, Method: "GET"},
			wantText: "GET /user/codespaces/x: 502 Bad Gateway",
		},
		{
			name:     "fields of the wrong type",
			status:   500,
			body:     `{"message":42,"documentation_url":["x"],"errors":"nope"}`,
			want:     APIError{StatusCode: 500, Method: "GET"},
			wantText: "GET /user/codespaces/x: 500 Internal Server Error",
		},
		{
			name:     "unknown status",
			status:   599,
			body:     `{"message":"odd"}`,
			want:     APIError{StatusCode: 599, Method: "GET", Message: "odd"},
			wantText: "GET /user/codespaces/x: 599: odd",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _, srv := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tt.header {
					w.Header().Set(k, v)
				}
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte(tt.body))
			}), WithRetryPolicy(RetryPolicy{MaxAttempts: 1}))
			_, err := c.GetCodespace(context.Background(), "x")
			var ae *APIError
			if !errors.As(err, &ae) {
				t.Fatalf("GetCodespace: %v (%T), want an *APIError", err, err)
			}
			want := tt.want
			want.URL = srv.URL + "/user/codespaces/x"
			want.Body = []byte(tt.body)
			if !reflect.DeepEqual(*ae, want) {
				t.Errorf("got  %#v\nwant %#v", *ae, want)
			}
			if got := err.Error(); got != tt.wantText {
				t.Errorf("Error() = %q\n          want %q", got, tt.wantText)
			}
		})
	}
}

func TestAPIErrorBodyCapped(t *testing.T) {
	big := `{"message":"` + strings.Repeat("x", maxErrorBody) + `"}`
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(400)
		_, _ = w.Write([]byte(big))
	}))
	_, err := c.GetCodespace(context.Background(), "x")
	var ae *APIError
	if !errors.As(err, &ae) {
		t.Fatalf("GetCodespace: %v, want an *APIError", err)
	}
	if len(ae.Body) != maxErrorBody || !ae.BodyTruncated {
		t.Errorf("Body has %d bytes, truncated %v; want %d and true", len(ae.Body), ae.BodyTruncated, maxErrorBody)
	}
	if ae.Message != "" {
		t.Errorf("Message decoded from a truncated body: %.20q", ae.Message)
	}
}

func TestRateLimitErrors(t *testing.T) {
	reset := time.Now().Add(time.Hour).Truncate(time.Second)
	tests := []struct {
		name          string
		status        int
		header        map[string]string
		message, docs string
		check         func(t *testing.T, err error)
	}{
		{
			name:   "primary, 403",
			status: 403,
			header: map[string]string{"X-RateLimit-Limit": "5000", "X-RateLimit-Remaining": "0", "X-RateLimit-Used": "5000",
				"X-RateLimit-Reset": strconv.FormatInt(reset.Unix(), 10)},
			message: "API rate limit exceeded for user ID 1.", docs: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
			check: func(t *testing.T, err error) {
				var rle *RateLimitError
				if !errors.As(err, &rle) {
					t.Fatalf("%v (%T), want a *RateLimitError", err, err)
				}
				if rle.RateLimit.Limit != 5000 || rle.RateLimit.Remaining != 0 || !rle.RateLimit.Reset.Equal(reset) {
					t.Errorf("RateLimit = %+v", rle.RateLimit)
				}
				if want := "API rate limit exhausted (0 of 5000 left, resets at " + reset.UTC().Format(time.RFC3339) + ")"; !strings.HasPrefix(err.Error(), want) {
					t.Errorf("Error() = %q, want it to start with %q", err, want)
				}
			},
		},
		{
			name:   "primary, 429",
			status: 429,
			header: map[string]string{"X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": strconv.FormatInt(reset.Unix(), 10)},
			check: func(t *testing.T, err error) {
				var rle *RateLimitError
				if !errors.As(err, &rle) || rle.RateLimit.Limit != 60 {
					t.Fatalf("%v (%T), want a *RateLimitError with limit 60", err, err)
				}
			},
		},
		{
			name:    "secondary by documentation URL, no Retry-After",
			status:  403,
			message: "You have exceeded a secondary rate limit.",
			docs:    "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
			check: func(t *testing.T, err error) {
				var sle *SecondaryRateLimitError
				if !errors.As(err, &sle) || sle.RetryAfter != time.Minute {
					t.Fatalf("%v (%T), want a *SecondaryRateLimitError with the default minute", err, err)
				}
				if !strings.HasPrefix(err.Error(), "secondary rate limit hit, retry after 1m0s: GET /user/codespaces/x: 403 Forbidden") {
					t.Errorf("Error() = %q", err)
				}
			},
		},
		{
			name:   "secondary by Retry-After",
			status: 429,
			header: map[string]string{"Retry-After": "120"},
			check: func(t *testing.T, err error) {
				var sle *SecondaryRateLimitError
				if !errors.As(err, &sle) || sle.RetryAfter != 2*time.Minute {
					t.Fatalf("%v (%T), want a *SecondaryRateLimitError after 2m", err, err)
				}
			},
		},
		{
			name:    "secondary by message, exhausted, waits for the reset",
			status:  403,
			header:  map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": strconv.FormatInt(reset.Unix(), 10)},
			message: "You have exceeded a Secondary Rate Limit. Please wait.",
			check: func(t *testing.T, err error) {
				var sle *SecondaryRateLimitError
				if !errors.As(err, &sle) || sle.RetryAfter < 59*time.Minute || sle.RetryAfter > time.Hour {
					t.Fatalf("%v (%T), want a *SecondaryRateLimitError of about an hour", err, err)
				}
			},
		},
		{
			name:    "plain 403",
			status:  403,
			message: "Must have admin rights to Repository.",
			check: func(t *testing.T, err error) {
				var rle *RateLimitError
				var sle *SecondaryRateLimitError
				if errors.As(err, &rle) || errors.As(err, &sle) {
					t.Fatalf("%v (%T), want a plain *APIError", err, err)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tt.header {
					w.Header().Set(k, v)
				}
				writeJSON(w, tt.status, map[string]string{"message": tt.message, "documentation_url": tt.docs})
			}), WithRetryPolicy(RetryPolicy{MaxAttempts: 1}))
			_, err := c.GetCodespace(context.Background(), "x")
			var ae *APIError
			if !errors.As(err, &ae) || ae.StatusCode != tt.status {
				t.Fatalf("GetCodespace: %v, want it to wrap an *APIError with status %d", err, tt.status)
			}
			tt.check(t, err)
		})
	}
}

func TestRetryAfterHTTPDate(t *testing.T) {
	now := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	h := http.Header{"Retry-After": {now.Add(90 * time.Second).Format(http.TimeFormat)}}
	if d, ok := parseRetryAfter(h, now); !ok || d != 90*time.Second {
		t.Errorf("parseRetryAfter(date) = %v, %v; want 1m30s", d, ok)
	}
	for _, v := range []string{"-5", "soon"} {
		d, ok := parseRetryAfter(http.Header{"Retry-After": {v}}, now)
		if d != 0 || ok != (v == "-5") {
			t.Errorf("parseRetryAfter(%q) = %v, %v", v, d, ok)
		}
	}
	if d, _ := parseRetryAfter(http.Header{"Retry-After": {"99999999999999999"}}, now); d <= 0 {
		t.Errorf("a huge Retry-After overflowed to %v", d)
	}
}

// TestErrorsNeverHoldTheToken makes a server echo the request's headers back
// in an error body: the token must not reach the error.
func TestErrorsNeverHoldTheToken(t *testing.T) {
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		writeJSON(w, 401, map[string]any{
			"message":           "Bad credentials: " + auth,
			"documentation_url": "https://docs.github.com/rest?token=" + auth,
			"errors":            []any{map[string]any{"code": "invalid", "field": auth, "value": auth}, map[string]any{"code": "x", "value": []string{auth}}},
		})
	}))
	_, err := c.GetCodespace(context.Background(), "x")
	var ae *APIError
	if !errors.As(err, &ae) {
		t.Fatalf("GetCodespace: %v, want an *APIError", err)
	}
	mustContainNone(t, "Error()", err.Error(), testToken)
	mustContainNone(t, "the error's fields", fmt.Sprintf("%#v %s", *ae, ae.Body), testToken)
	if !strings.Contains(ae.Message, "[REDACTED]") {
		t.Errorf("Message = %q, want the token replaced by [REDACTED]", ae.Message)
	}
}

func TestDecodeError(t *testing.T) {
	tests := []struct {
		name, contentType, body, want string
	}{
		{"truncated JSON", "application/json", `{"name":"x","state":`, "unexpected EOF"},
		{"HTML", "text/html", `<html>oops</html>`, "invalid character '<'"},
		{"empty", "application/json", ``, "the body is empty"},
		{"null", "application/json", `null`, "the body is null"},
		{"wrong type", "application/json", `{"name":7}`, "cannot unmarshal number"},
		{"no name", "application/json", `{"state":"Available"}`, "the codespace has no name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tt.contentType)
				_, _ = w.Write([]byte(tt.body))
			}))
			cs, err := c.GetCodespace(context.Background(), "x")
			if cs != nil {
				t.Errorf("GetCodespace returned a codespace (%+v) with the error", cs)
			}
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("GetCodespace: %v (%T), want a *DecodeError", err, err)
			}
			if de.Operation != "codespaces/get-for-authenticated-user" || de.StatusCode != 200 {
				t.Errorf("DecodeError = %+v", de)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "codespaces/get-for-authenticated-user: the 200 OK answer does not decode: ") || !strings.Contains(msg, tt.want) {
				t.Errorf("Error() = %q, want the operation, the status and %q", msg, tt.want)
			}
		})
	}
}

func TestCheckResponse(t *testing.T) {
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/user/codespaces/gone" {
			writeError(w, 404, "Not Found")
			return
		}
		writeJSON(w, 200, sampleCodespace("x", gen.CodespaceStateAvailable))
	}))
	ctx := context.Background()
	r, err := c.API().CodespacesGetForAuthenticatedUserWithResponse(ctx, "gone")
	if err != nil {
		t.Fatal(err)
	}
	err = c.CheckResponse(r.HTTPResponse, r.Body)
	if !IsNotFound(err) {
		t.Errorf("CheckResponse(404) = %v, want a 404 *APIError", err)
	}
	r, err = c.API().CodespacesGetForAuthenticatedUserWithResponse(ctx, "x")
	if err != nil {
		t.Fatal(err)
	}
	if err := c.CheckResponse(r.HTTPResponse, r.Body); err != nil || r.JSON200 == nil {
		t.Errorf("CheckResponse(200) = %v (JSON200 %v), want nil", err, r.JSON200 != nil)
	}
	if err := c.CheckResponse(nil, nil); err == nil {
		t.Error("CheckResponse(nil) = nil, want an error")
	}
	huge := &http.Response{StatusCode: 500, Header: http.Header{}}
	err = c.CheckResponse(huge, make([]byte, maxErrorBody+10))
	var ae *APIError
	if !errors.As(err, &ae) || len(ae.Body) != maxErrorBody || !ae.BodyTruncated || ae.Error() != "500 Internal Server Error" {
		t.Errorf("CheckResponse(huge) = %v, want a truncated 500 *APIError", err)
	}
	if IsNotFound(errors.New("404")) || IsNotFound(nil) {
		t.Error("IsNotFound is true for something that is not an *APIError")
	}
}

func TestFieldErrorString(t *testing.T) {
	tests := map[FieldError]string{
		{Resource: "Codespace", Field: "machine", Code: "invalid"}: "Codespace.machine is invalid",
		{Field: "key_id", Code: "missing_field"}:                   "key_id is missing_field",
		{Resource: "Secret", Code: "already_exists"}:               "Secret is already_exists",
		{Code: "custom", Message: "no"}:                            "custom: no",
		{Message: "just words"}:                                    "just words",
	}
	for fe, want := range tests {
		if got := fe.String(); got != want {
			t.Errorf("%#v.String() = %q, want %q", fe, got, want)
		}
	}
}

func TestPathOf(t *testing.T) {
	for in, want := range map[string]string{
		"https://h/api/v3/x?page=2": "/api/v3/x?page=2",
		"https://h":                 "/",
		"/already/a/path":           "/already/a/path",
	} {
		if got := pathOf(in); got != want {
			t.Errorf("pathOf(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzDecodeError feeds the error decoder any status, headers and body: it
// must not panic, must keep the status and at most 1 MiB of the body, must
// classify the answer, and must never let the token through.
func FuzzDecodeError(f *testing.F) {
	f.Add(404, "", "", `{"message":"Not Found","documentation_url":"https://docs.github.com/rest"}`)
	f.Add(422, "", "", `{"message":"Validation Failed","errors":[{"resource":"Secret","field":"key_id","code":"missing_field"},"s",1,null]}`)
	f.Add(403, "0", "", `{"message":"API rate limit exceeded"}`)
	f.Add(403, "", "", `{"documentation_url":"https://docs.github.com/x#secondary-rate-limits"}`)
	f.Add(429, "", "Wed, 21 Oct 2015 07:28:00 GMT", `{}`)
	f.Add(429, "", "30", `[`)
	f.Add(500, "", "", "\xff\xfe<html>")
	f.Add(401, "", "", `{"message":"`+testToken+`","errors":[{"value":{"t":"`+testToken+`"}}]}`)
	f.Fuzz(func(t *testing.T, status int, remaining, retryAfter, body string) {
		c := &Client{token: testToken, clock: realClock{}}
		resp := &http.Response{
			StatusCode: status,
			Header:     http.Header{"X-Ratelimit-Remaining": {remaining}, "Retry-After": {retryAfter}},
			Request:    &http.Request{Method: "GET", URL: &url.URL{Scheme: "https", Host: "api.github.com", Path: "/user/codespaces/x"}},
		}
		b, truncated, _ := readErrorBody(strings.NewReader(body))
		err := c.errorFor(resp, b, truncated)
		var ae *APIError
		if !errors.As(err, &ae) {
			t.Fatalf("errorFor gave %v (%T), not an *APIError", err, err)
		}
		if ae.StatusCode != status || len(ae.Body) > maxErrorBody {
			t.Fatalf("status %d (want %d), body of %d bytes", ae.StatusCode, status, len(ae.Body))
		}
		var rle *RateLimitError
		var sle *SecondaryRateLimitError
		if (errors.As(err, &rle) || errors.As(err, &sle)) && status != 403 && status != 429 {
			t.Fatalf("status %d classified as a rate limit", status)
		}
		if sle != nil && sle.RetryAfter < 0 {
			t.Fatalf("negative RetryAfter %v", sle.RetryAfter)
		}
		msg := err.Error()
		if msg == "" || strings.Contains(msg, testToken) || strings.Contains(fmt.Sprintf("%#v %s", *ae, ae.Body), testToken) {
			t.Fatalf("the error is empty or holds the token: %q", msg)
		}
	})
}

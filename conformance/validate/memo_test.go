package validate

import (
	"errors"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/routers"
)

// memoValidator is a Validator that remembers its verdicts.
func memoValidator(t *testing.T, entries int) *Validator {
	t.Helper()
	v, err := New(WithMemory(entries))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

var templateParam = regexp.MustCompile(`\{[^}]+\}`)

// specRoutes calls f with every operation of the spec, routed from a URL
// with each template parameter filled in.
func specRoutes(t *testing.T, v *Validator, f func(route *routers.Route, r *http.Request)) {
	t.Helper()
	for _, op := range v.Operations() {
		u := "https://api.github.com" + templateParam.ReplaceAllString(op.Path, "1")
		r := request(op.Method, u, nil)
		route, _, err := v.route(r.Method, r.URL)
		if err != nil {
			t.Fatalf("%s %s: %v", op.Method, u, err)
		}
		f(route, r)
	}
}

// TestMemoKeysEveryDocumentedResponseHeader walks every header the spec
// documents on any response of any operation (the rate-limit answers'
// X-RateLimit-* and Retry-After among them) and holds the response key to
// each: a remembered verdict must not stand for a response that differs
// only in a header the check reads. A header added to the spec is covered
// here at once, and fails unless the key takes it in.
func TestMemoKeysEveryDocumentedResponseHeader(t *testing.T) {
	v := memoValidator(t, 16)
	body := []byte(`{"message":"x"}`)
	seen := map[string]bool{}
	specRoutes(t, v, func(route *routers.Route, r *http.Request) {
		for code, ref := range route.Operation.Responses.Map() {
			status, err := strconv.Atoi(code)
			if err != nil || ref.Value == nil {
				continue
			}
			documented := make([]string, 0, len(ref.Value.Headers))
			for name := range ref.Value.Headers {
				documented = append(documented, name)
			}
			if status == http.StatusForbidden || status == http.StatusTooManyRequests {
				// rateLimited reads these on any 403 or 429, documented or not.
				documented = append(documented, "X-RateLimit-Remaining", "Retry-After")
			}
			for _, name := range append(documented, "Content-Type", "Link") {
				seen[http.CanonicalHeaderKey(name)] = true
				one, other := jsonHeader(), jsonHeader()
				one.Set(name, "1")
				other.Set(name, "2")
				if v.responseKey(r, status, one, body) == v.responseKey(r, status, other, body) {
					t.Errorf("%s %d: the key does not change with header %s", route.Operation.OperationID, status, name)
				}
			}
		}
	})
	for _, name := range []string{"X-Ratelimit-Limit", "X-Ratelimit-Remaining", "X-Ratelimit-Used", "X-Ratelimit-Reset", "X-Ratelimit-Resource", "Retry-After"} {
		if !seen[name] {
			t.Errorf("the spec documents no %s: the walk would prove less than it claims", name)
		}
	}
}

// TestMemoKeysTheRequestAndTheRest: the key takes in what else the response
// check reads: the request's method and whole URL (the Link check holds
// links to the request's origin), the status and the body.
func TestMemoKeysTheRequestAndTheRest(t *testing.T) {
	v := memoValidator(t, 16)
	body := []byte(`{"total_count":0,"codespaces":[]}`)
	r := request("GET", "https://api.github.com/user/codespaces?page=1", nil)
	k := v.responseKey(r, 200, jsonHeader(), body)
	for name, other := range map[string][2]uint64{
		"host":   v.responseKey(request("GET", "https://api.other.example/user/codespaces?page=1", nil), 200, jsonHeader(), body),
		"query":  v.responseKey(request("GET", "https://api.github.com/user/codespaces?page=2", nil), 200, jsonHeader(), body),
		"method": v.responseKey(request("HEAD", "https://api.github.com/user/codespaces?page=1", nil), 200, jsonHeader(), body),
		"status": v.responseKey(r, 201, jsonHeader(), body),
		"body":   v.responseKey(r, 200, jsonHeader(), []byte(`{"total_count":0, "codespaces":[]}`)),
	} {
		if other == k {
			t.Errorf("a different %s has the same key", name)
		}
	}
	if again := v.responseKey(r, 200, jsonHeader(), body); again != k {
		t.Error("the same response has another key: nothing would be remembered")
	}
}

// TestMemoGivesTheVerdictOfAFreshCheck checks pairs of responses that differ
// only where the old mock-side memory did not look (a rate-limit header, the
// request's origin): with memory, the second gets its own verdict, the one
// a Validator without memory gives.
func TestMemoGivesTheVerdictOfAFreshCheck(t *testing.T) {
	fresh := testValidator(t)
	listBody := []byte(`{"total_count":0,"codespaces":[]}`)
	link := func() http.Header {
		h := jsonHeader()
		h.Set("Link", `<https://api.github.com/user/codespaces?page=2>; rel="next"`)
		return h
	}
	limited := func(limit string) http.Header {
		h := jsonHeader()
		h.Set("X-RateLimit-Remaining", "0")
		h.Set("X-RateLimit-Limit", limit)
		return h
	}
	for _, tc := range []struct {
		name         string
		first, again *http.Request
		status       int
		h1, h2       http.Header
		body         []byte
	}{
		{"a rate-limit header", request("GET", "https://api.github.com/user/codespaces", nil), request("GET", "https://api.github.com/user/codespaces", nil),
			429, limited("5000"), limited("5k"), []byte(`{"message":"API rate limit exceeded"}`)},
		{"the request's origin", request("GET", "https://api.github.com/user/codespaces?page=1", nil), request("GET", "https://api.other.example/user/codespaces?page=1", nil),
			200, link(), link(), listBody},
	} {
		v := memoValidator(t, 16)
		first := v.CheckResponse(tc.first, tc.status, tc.h1, tc.body)
		if want := fresh.CheckResponse(tc.first, tc.status, tc.h1, tc.body); describe(first) != describe(want) {
			t.Errorf("%s, first: %s; want %s", tc.name, describe(first), describe(want))
		}
		got := v.CheckResponse(tc.again, tc.status, tc.h2, tc.body)
		want := fresh.CheckResponse(tc.again, tc.status, tc.h2, tc.body)
		if describe(got) != describe(want) {
			t.Errorf("%s, second: %s; want %s", tc.name, describe(got), describe(want))
		}
		if describe(want) == describe(first) {
			t.Errorf("%s: both verdicts are %s; the case tests nothing", tc.name, describe(want))
		}
	}
}

// TestMemoKeysEveryRequestHeaderParameter: the request key takes in the
// Content-Type, what the Authorization says (never the credential), the URL
// and every header parameter the spec documents (none today; a new one
// fails here unless keyed).
func TestMemoKeysEveryRequestHeaderParameter(t *testing.T) {
	v := memoValidator(t, 16)
	body := []byte(`{}`)
	specRoutes(t, v, func(route *routers.Route, r *http.Request) {
		params := slices.Clone(route.Operation.Parameters)
		if route.PathItem != nil {
			params = append(params, route.PathItem.Parameters...)
		}
		names := []string{"Content-Type"}
		for _, p := range params {
			if p.Value != nil && (p.Value.In == "header" || p.Value.In == "cookie") {
				names = append(names, p.Value.Name)
			}
		}
		for _, name := range names {
			one, other := r.Clone(r.Context()), r.Clone(r.Context())
			one.Header.Set(name, "1")
			other.Header.Set(name, "2")
			if name2 := strings.ToLower(name); name2 != "content-type" {
				one.Header.Set("Cookie", name+"=1")
				other.Header.Set("Cookie", name+"=2")
			}
			if v.requestKey(route, one, body) == v.requestKey(route, other, body) {
				t.Errorf("%s: the request key does not change with %s", route.Operation.OperationID, name)
			}
		}
	})
	r := request("GET", "https://api.github.com/user/codespaces", nil)
	route, _, err := v.route(r.Method, r.URL)
	if err != nil {
		t.Fatal(err)
	}
	k := v.requestKey(route, r, nil)
	basic := r.Clone(r.Context())
	basic.Header.Set("Authorization", "Basic Og==")
	otherToken := r.Clone(r.Context())
	otherToken.Header.Set("Authorization", "Bearer another-token")
	for name, other := range map[string][2]uint64{
		"authorization problem": v.requestKey(route, basic, nil),
		"query":                 v.requestKey(route, request("GET", "https://api.github.com/user/codespaces?per_page=2", nil), nil),
		"body":                  v.requestKey(route, r, []byte(`{}`)),
	} {
		if other == k {
			t.Errorf("a different %s has the same key", name)
		}
	}
	if v.requestKey(route, otherToken, nil) != k {
		t.Error("another well-formed token makes another key: the credential would be part of the key, and every user a miss")
	}
}

// TestMemoRemembers: a second check of the same request or response is
// answered from memory, not checked again. The remembered verdict is swapped
// for a marker after the first check; the second check must give the marker.
func TestMemoRemembers(t *testing.T) {
	v := memoValidator(t, 16)
	marker := []Violation{{Kind: KindBody, Message: "remembered"}}
	only := func(what string) {
		t.Helper()
		if len(v.memo.known) != 1 {
			t.Fatalf("%s: %d verdicts kept after one check, want 1", what, len(v.memo.known))
		}
		for k := range v.memo.known {
			v.memo.known[k] = marker
		}
	}
	r := request("GET", "https://api.github.com/user/codespaces", nil)
	v.CheckResponse(r, 200, jsonHeader(), []byte(`{}`))
	only("response")
	if got := v.CheckResponse(r, 200, jsonHeader(), []byte(`{}`)); !slices.Equal(got, marker) {
		t.Errorf("the same response checked again = %v; want the remembered %v", got, marker)
	}
	clear(v.memo.known)
	if _, _, err := v.CheckRequest(r); err != nil {
		t.Fatal(err)
	}
	only("request")
	if _, got, err := v.CheckRequest(r); err != nil || !slices.Equal(got, marker) {
		t.Errorf("the same request checked again = %v, %v; want the remembered %v", got, err, marker)
	}
	if n := len(v.memo.routes); n != 1 {
		t.Errorf("%d routes kept after routing one path, want 1", n)
	}
}

// TestMemoIsBounded: past its bound the memory starts over rather than grow.
func TestMemoIsBounded(t *testing.T) {
	v := memoValidator(t, 2)
	for _, path := range []string{"/user/codespaces", "/user/codespaces/secrets", "/user/codespaces/secrets/public-key"} {
		v.CheckResponse(request("GET", "https://api.github.com"+path, nil), 200, jsonHeader(), []byte(`{}`))
	}
	if n := len(v.memo.known); n > 2 {
		t.Errorf("%d verdicts kept, bound is 2", n)
	}
}

// TestMemoRoutesAsAfresh: a remembered route is the route found afresh,
// the id-based aliases and the refusals included, and the path parameters
// a caller gets are its own to change.
func TestMemoRoutesAsAfresh(t *testing.T) {
	fresh, remembering := testValidator(t), memoValidator(t, 16)
	for _, tc := range []struct{ method, url string }{
		{"GET", "https://api.github.com/user/codespaces/a-b"},
		{"GET", "https://api.github.com/repositories/1296269/codespaces/secrets?page=2"},
		{"GET", "https://api.github.com/organizations/x/codespaces"},
		{"DELETE", "https://api.github.com/user/codespaces/secrets/public-key"},
		{"GET", "https://api.github.com/nowhere"},
	} {
		r := request(tc.method, tc.url, nil)
		_, want, wantErr := fresh.route(r.Method, r.URL)
		for range 2 {
			_, got, err := remembering.route(r.Method, r.URL)
			if got.ID != want.ID || got.Alias != want.Alias || !maps.Equal(got.PathParams, want.PathParams) || !errors.Is(err, wantErr) {
				t.Errorf("%s %s: %+v, %v; want %+v, %v", tc.method, tc.url, got, err, want, wantErr)
			}
			for k := range got.PathParams {
				got.PathParams[k] = "changed by the caller"
			}
		}
	}
}

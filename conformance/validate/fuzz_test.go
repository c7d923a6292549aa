package validate

import (
	"net/http"
	"net/url"
	"testing"
)

var fuzzMethods = []string{"GET", "POST", "PUT", "PATCH", "DELETE"}

// FuzzCheckRequest: any method, path, query and body is either no
// operation (an error) or a list of violations; never a panic.
func FuzzCheckRequest(f *testing.F) {
	f.Add(uint8(2), "/user/codespaces/secrets/S", "", []byte(`{"encrypted_value":"x","key_id":"1"}`))
	f.Add(uint8(1), "/user/codespaces", "per_page=0", []byte(`{"pull_request":{"pull_request_number":"1"}}`))
	f.Add(uint8(0), "/api/v3/repos/o/r/codespaces/machines", "location=%zz", []byte(nil))
	f.Add(uint8(3), "/user/codespaces/%2F", "", []byte(`{"recent_folders":[1,{}]}`))
	f.Fuzz(func(t *testing.T, m uint8, path, query string, body []byte) {
		v := testValidator(t)
		u := &url.URL{Scheme: "https", Host: "api.github.com", Path: path, RawQuery: query}
		r, err := http.NewRequest(fuzzMethods[int(m)%len(fuzzMethods)], u.String(), nil)
		if err != nil {
			return
		}
		if body != nil {
			r = request(r.Method, u.String(), body)
		}
		op, vs, err := v.CheckRequest(r)
		if err == nil && op.ID == "" {
			t.Fatalf("no error and no operation for %s %s", r.Method, u)
		}
		for _, vi := range vs {
			if vi.Kind == "" || vi.Message == "" {
				t.Fatalf("incomplete violation %+v", vi)
			}
		}
	})
}

// FuzzCheckResponse: any status, media type and body gets violations, never
// a panic, and each violation says what and where.
func FuzzCheckResponse(f *testing.F) {
	f.Add(uint16(200), "application/json", []byte(`{"total_count":1,"codespaces":[{"id":"x","state":null}]}`), "")
	f.Add(uint16(304), "", []byte(nil), `<https://api.github.com/user/codespaces?page=2>; rel="next"`)
	f.Add(uint16(200), "application/json; charset=utf-8", []byte(`{"total_count":3,"codespaces":[]}`), `<%>; rel=next`)
	f.Add(uint16(503), "text/html", []byte(`<html>`), "")
	f.Fuzz(func(t *testing.T, status uint16, contentType string, body []byte, link string) {
		v := testValidator(t)
		h := http.Header{}
		if contentType != "" {
			h.Set("Content-Type", contentType)
		}
		if link != "" {
			h.Set("Link", link)
		}
		for _, vi := range v.CheckResponse(request("GET", listForUser, nil), int(status), h, body) {
			if vi.Kind == "" || vi.Message == "" || vi.Operation == "" {
				t.Fatalf("incomplete violation %+v", vi)
			}
		}
	})
}

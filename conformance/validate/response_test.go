package validate

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

const (
	getCodespace = "https://api.github.com/user/codespaces/monalisa-octocat-hello-world-g4wpq6h95q"
	listForUser  = "https://api.github.com/user/codespaces"
)

func TestCheckResponseAcceptsTheSpecExamples(t *testing.T) {
	v := testValidator(t)
	codespace := example(t, "codespace")
	list := map[string]any{"total_count": 1, "codespaces": []any{codespace}}
	nullMachine := example(t, "codespace")
	nullMachine["machine"] = nil
	nullMachine["pulls_url"] = nil
	export := example(t, "user-export-details")
	export["state"] = nil
	for _, tt := range []struct {
		name, method, url string
		status            int
		body              []byte
	}{
		{"codespace", "GET", getCodespace, 200, mustJSON(t, codespace)},
		{"created", "POST", "https://api.github.com/repos/octocat/hello-world/codespaces", 201, mustJSON(t, codespace)},
		{"creation retried", "POST", "https://api.github.com/user/codespaces", 202, mustJSON(t, codespace)},
		{"nullable allOf and nullable uri", "GET", getCodespace, 200, mustJSON(t, nullMachine)},
		{"nullable enum", "GET", getCodespace + "/exports/latest", 200, mustJSON(t, export)},
		{"list", "GET", listForUser, 200, mustJSON(t, list)},
		{"machines", "GET", getCodespace + "/machines", 200, mustJSON(t, example(t, "codespace-machines-list"))},
		{"public key", "GET", "https://api.github.com/user/codespaces/secrets/public-key", 200, mustJSON(t, example(t, "codespaces-user-public-key"))},
		{"error body", "GET", getCodespace, 404, []byte(`{"message":"Not Found","documentation_url":"https://docs.github.com/rest"}`)},
		{"validation error", "PUT", "https://api.github.com/user/codespaces/secrets/S", 422, []byte(`{"message":"Validation Failed","documentation_url":"https://docs.github.com/rest","errors":[{"resource":"Secret","code":"invalid","field":"key_id"}]}`)},
	} {
		vs := v.CheckResponse(request(tt.method, tt.url, nil), tt.status, jsonHeader(), tt.body)
		if len(vs) > 0 {
			t.Errorf("%s: unexpected violations:%s", tt.name, describe(vs))
		}
	}
	for _, empty := range []struct {
		method, url string
		status      int
	}{
		{"GET", getCodespace, 304},
		{"PUT", "https://api.github.com/user/codespaces/secrets/S", 204},
	} {
		if vs := v.CheckResponse(request(empty.method, empty.url, nil), empty.status, http.Header{}, nil); len(vs) > 0 {
			t.Errorf("%s %d without a body: unexpected violations:%s", empty.method, empty.status, describe(vs))
		}
	}
	// GitHub's description gives these the body {} (an empty-object schema
	// or the accepted response), which a bare status does not meet.
	for _, emptyObject := range []struct {
		method, url string
		status      int
	}{
		{"DELETE", getCodespace, 202},
		{"PUT", "https://api.github.com/user/codespaces/secrets/S", 201},
	} {
		r := request(emptyObject.method, emptyObject.url, nil)
		if vs := v.CheckResponse(r, emptyObject.status, jsonHeader(), []byte("{}\n")); len(vs) > 0 {
			t.Errorf("%s %d with {}: unexpected violations:%s", emptyObject.method, emptyObject.status, describe(vs))
		}
		if vs := v.CheckResponse(r, emptyObject.status, http.Header{}, nil); len(vs) == 0 {
			t.Errorf("%s %d without a body: no violation, want one: the description documents {}", emptyObject.method, emptyObject.status)
		}
	}
}

func TestCheckResponseReportsEveryBodyErrorAtOnce(t *testing.T) {
	v := testValidator(t)
	broken := example(t, "codespace")
	broken["state"] = "Hibernating"
	broken["id"] = "one"
	delete(broken, "pulls_url")
	broken["git_status"].(map[string]any)["ahead"] = "2"
	broken["created_at"] = "yesterday"
	broken["web_url"] = "not a url"
	list := map[string]any{"total_count": 1, "codespaces": []any{broken}}

	vs := v.CheckResponse(request("GET", listForUser, nil), 200, jsonHeader(), mustJSON(t, list))
	want := []string{
		"body /codespaces/0/created_at",
		"body /codespaces/0/git_status/ahead",
		"body /codespaces/0/id",
		"body /codespaces/0/pulls_url",
		"unknown-enum /codespaces/0/state",
		"body /codespaces/0/web_url",
	}
	if got := kindsAndPointers(vs); !slices.Equal(got, want) {
		t.Fatalf("violations = %q\nwant %q:%s", got, want, describe(vs))
	}
	for _, vi := range vs {
		if vi.Operation != "codespaces/list-for-authenticated-user" || vi.Status != 200 {
			t.Errorf("violation %+v does not name its operation and status", vi)
		}
	}
	enum := vs[4]
	if !strings.Contains(enum.Message, `"Hibernating"`) || !strings.Contains(enum.Message, "clients must accept") {
		t.Errorf("the enum message does not say which value and that clients accept it: %s", enum.Message)
	}
	if s := enum.String(); !strings.Contains(s, "codespaces/list-for-authenticated-user") || !strings.Contains(s, "/codespaces/0/state") {
		t.Errorf("String() = %q, want the operation and the pointer", s)
	}
}

func TestCheckResponseChecksStatusAndMediaType(t *testing.T) {
	v := testValidator(t)
	errBody := []byte(`{"message":"boom"}`)
	for _, tt := range []struct {
		name   string
		status int
		header http.Header
		body   []byte
		want   []string
	}{
		{"undocumented status", 418, jsonHeader(), errBody, []string{"status "}},
		{"documented server error", 500, jsonHeader(), errBody, []string{"server-error "}},
		{"undocumented server error", 502, jsonHeader(), errBody, []string{"server-error "}},
		{"wrong media type", 200, http.Header{"Content-Type": {"text/html"}}, []byte(`<html>`), []string{"content-type ", "body "}},
		{"no media type", 404, http.Header{}, errBody, []string{"content-type "}},
		{"not JSON", 200, jsonHeader(), []byte(`{"id":`), []string{"body "}},
		{"no body where one is documented", 200, jsonHeader(), nil, []string{"body "}},
		{"a body where none is documented", 304, jsonHeader(), errBody, []string{"body "}},
		{"error body of the wrong shape", 404, jsonHeader(), []byte(`{"message":404}`), []string{"body /message"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			vs := v.CheckResponse(request("GET", getCodespace, nil), tt.status, tt.header, tt.body)
			if got := kindsAndPointers(vs); !slices.Equal(got, tt.want) {
				t.Errorf("violations = %q, want %q:%s", got, tt.want, describe(vs))
			}
		})
	}
}

func TestCheckResponseChecksPagination(t *testing.T) {
	v := testValidator(t)
	page := mustJSON(t, map[string]any{"total_count": 3, "codespaces": []any{example(t, "codespace")}})
	whole := mustJSON(t, map[string]any{"total_count": 1, "codespaces": []any{example(t, "codespace")}})
	secrets := mustJSON(t, map[string]any{"total_count": 2, "secrets": []any{example(t, "user-codespaces-secret")}})
	for _, tt := range []struct {
		name, url, link string
		body            []byte
		wantViolation   string
	}{
		{"the whole list without Link", listForUser, "", whole, ""},
		{"a page with Link", listForUser + "?per_page=1", `<https://api.github.com/user/codespaces?per_page=1&page=2>; rel="next", <https://api.github.com/user/codespaces?per_page=1&page=3>; rel="last"`, page, ""},
		{"a GHE.com page with Link", "https://api.octocorp.ghe.com/user/codespaces", `<https://api.octocorp.ghe.com/user/codespaces?page=2>; rel="next"`, page, ""},
		{"a page without Link", listForUser + "?per_page=1", "", page, "no Link header"},
		{"a page without its documented Link", "https://api.github.com/user/codespaces/secrets?per_page=1", "", secrets, "no Link header"},
		{"a malformed Link", listForUser, `https://api.github.com/user/codespaces?page=2; rel="next"`, page, "does not start with '<'"},
		{"a Link without rel", listForUser, `<https://api.github.com/user/codespaces?page=2>`, page, "no rel"},
		{"a Link to another operation", listForUser, `<https://api.github.com/user/codespaces/secrets?page=2>; rel="next"`, page, "not to this operation"},
		{"a relative Link", listForUser, `</user/codespaces?page=2>; rel="next"`, page, "not an absolute URL"},
		{"a Link to another host", listForUser, `<https://evil.example/user/codespaces?page=2>; rel="next"`, page, "off the origin"},
		{"a Link to another scheme", listForUser, `<http://api.github.com/user/codespaces?page=2>; rel="next"`, page, "off the origin"},
		{"a Link to another port", listForUser, `<https://api.github.com:8443/user/codespaces?page=2>; rel="next"`, page, "off the origin"},
		{"a Link with the default port spelled out", listForUser, `<https://api.github.com:443/user/codespaces?page=2>; rel="next"`, page, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := jsonHeader()
			if tt.link != "" {
				h.Set("Link", tt.link)
			}
			vs := v.CheckResponse(request("GET", tt.url, nil), 200, h, tt.body)
			if tt.wantViolation == "" {
				if len(vs) > 0 {
					t.Errorf("unexpected violations:%s", describe(vs))
				}
				return
			}
			if len(vs) != 1 || vs[0].Kind != KindHeader || !strings.Contains(vs[0].Message, tt.wantViolation) {
				t.Errorf("violations:%s\nwant one header violation about %q", describe(vs), tt.wantViolation)
			}
		})
	}
}

func TestCheckResponseNamesUnknownOperations(t *testing.T) {
	vs := testValidator(t).CheckResponse(request("GET", "https://api.github.com/user/repos", nil), 200, jsonHeader(), []byte(`[]`))
	if len(vs) != 1 || vs[0].Kind != KindUnknownOperation {
		t.Errorf("violations:%s\nwant one unknown-operation", describe(vs))
	}
}

// TestCheckResponseRoutesLinksUnderTheBasePath: behind a proxy's base path,
// a Link must lead to the same operation under that base path.
func TestCheckResponseRoutesLinksUnderTheBasePath(t *testing.T) {
	v, err := New(WithBasePath("/github"))
	if err != nil {
		t.Fatal(err)
	}
	page := mustJSON(t, map[string]any{"total_count": 3, "codespaces": []any{example(t, "codespace")}})
	r := request("GET", "https://proxy.example.com/github/user/codespaces?per_page=1", nil)
	for link, wantViolation := range map[string]bool{
		`<https://proxy.example.com/github/user/codespaces?per_page=1&page=2>; rel="next"`: false,
		`<https://proxy.example.com/user/codespaces?per_page=1&page=2>; rel="next"`:        true,
	} {
		h := jsonHeader()
		h.Set("Link", link)
		if vs := v.CheckResponse(r, 200, h, page); (len(vs) > 0) != wantViolation {
			t.Errorf("Link %s: violations%s; want a violation: %v", link, describe(vs), wantViolation)
		}
	}
}

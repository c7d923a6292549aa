package validate

import (
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
)

func TestCheckRequestAcceptsConformingRequests(t *testing.T) {
	v := testValidator(t)
	for _, tt := range []struct {
		method, url, body string
	}{
		{"GET", "https://api.github.com/user/codespaces?per_page=100&page=2&repository_id=1296269", ""},
		{"GET", "https://api.github.com/repos/octocat/hello-world/codespaces/machines?location=WestUs2", ""},
		{"GET", "https://api.github.com/repos/octocat/hello-world/codespaces/machines", ""},
		{"GET", "https://api.github.com/repos/octocat/hello-world/codespaces/machines?client_ip=203.0.113.7&ref=main", ""},
		{"GET", "https://api.github.com/user/codespaces?per_page=0&page=0", ""}, // the description sets no bounds
		{"POST", "https://api.github.com/user/codespaces", `{"repository_id":1,"pull_request":null,"ref":"main"}`},
		{"PUT", "https://api.github.com/user/codespaces/secrets/GH_TOKEN", `{"encrypted_value":"c2VjcmV0","key_id":"1","selected_repository_ids":[1296269,"1300192"]}`},
		{"POST", "https://api.github.com/user/codespaces", `{"repository_id":1,"ref":"main","location":"WestUs2"}`},
		{"POST", "https://api.github.com/user/codespaces", `{"pull_request":{"pull_request_number":1,"repository_id":1296269}}`},
		{"POST", "https://api.github.com/repos/octocat/hello-world/codespaces", `{"ref":"main","geo":"UsWest"}`},
		{"PUT", "https://api.github.com/user/codespaces/secrets/GH_TOKEN", `{"encrypted_value":"c2VjcmV0","key_id":"012345678912345678"}`},
		{"POST", "https://api.github.com/user/codespaces/monalisa/start", ""},
	} {
		var body []byte
		if tt.body != "" {
			body = []byte(tt.body)
		}
		op, vs, err := v.CheckRequest(request(tt.method, tt.url, body))
		if err != nil {
			t.Errorf("%s %s: %v", tt.method, tt.url, err)
			continue
		}
		if op.ID == "" {
			t.Errorf("%s %s: no operation", tt.method, tt.url)
		}
		if len(vs) > 0 {
			t.Errorf("%s %s: unexpected violations:%s", tt.method, tt.url, describe(vs))
		}
	}
}

func TestCheckRequestReportsEachProblem(t *testing.T) {
	v := testValidator(t)
	tests := []struct {
		name, method, url, body string
		want                    []string // kind + pointer
		wantIn                  string   // a phrase the first message holds
	}{
		{"per_page not a number", "GET", "https://api.github.com/user/codespaces?per_page=many", "", []string{"parameter "}, "per_page"},
		{"undocumented query parameter", "GET", "https://api.github.com/user/codespaces?perPage=10", "", []string{"parameter "}, `"perPage" is not documented`},
		{"required query parameter missing", "GET", "https://api.github.com/repos/o/r/codespaces/permissions_check?ref=main", "", []string{"parameter "}, "devcontainer_path"},
		{"path parameter of the wrong type", "POST", "https://api.github.com/repos/o/r/pulls/first/codespaces", `{}`, []string{"parameter "}, "pull_number"},
		{"neither alternative of a oneOf", "POST", "https://api.github.com/user/codespaces", `{"ref":"main"}`, []string{"request-body "}, "oneOf"},
		{"wrong type inside the body", "POST", "https://api.github.com/user/codespaces", `{"repository_id":"1"}`, []string{"request-body "}, "oneOf"},
		{"undocumented body property", "POST", "https://api.github.com/repos/o/r/codespaces", `{"repository_id":1,"ref":"main"}`, []string{"request-body /repository_id"}, "not defined"},
		{"undocumented nested property", "POST", "https://api.github.com/user/codespaces", `{"pull_request":{"pull_request_number":1,"repository_id":2,"head":"x"}}`, []string{"request-body /pull_request/head"}, "not defined"},
		{"the other alternative's property, not null", "POST", "https://api.github.com/user/codespaces", `{"repository_id":1,"pull_request":5}`, []string{"request-body /pull_request"}, "not defined"},
		{"a string where the schema says integers", "PUT", "https://api.github.com/user/codespaces/secrets/S/repositories", `{"selected_repository_ids":["1296269"]}`, []string{"request-body /selected_repository_ids/0"}, "integer"},
		{"required body property missing", "PUT", "https://api.github.com/user/codespaces/secrets/S", `{"encrypted_value":"c2VjcmV0"}`, []string{"request-body /key_id"}, "key_id"},
		{"body not allowed", "POST", "https://api.github.com/user/codespaces/x/start", `{"force":true}`, []string{"request-body "}, "takes no body"},
		{"required body missing", "PUT", "https://api.github.com/user/codespaces/secrets/S/repositories", "", []string{"request-body "}, "required"},
		{"malformed JSON", "PATCH", "https://api.github.com/user/codespaces/x", `{"machine":`, []string{"request-body "}, ""},
		{"enum in a request", "POST", "https://api.github.com/repos/o/r/codespaces", `{"geo":"Mars"}`, []string{"request-body /geo"}, `"Mars" is not one of`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body []byte
			if tt.body != "" {
				body = []byte(tt.body)
			}
			_, vs, err := v.CheckRequest(request(tt.method, tt.url, body))
			if err != nil {
				t.Fatal(err)
			}
			if got := kindsAndPointers(vs); !slices.Equal(got, tt.want) {
				t.Fatalf("violations = %q, want %q:%s", got, tt.want, describe(vs))
			}
			if !strings.Contains(vs[0].Message, tt.wantIn) {
				t.Errorf("message %q does not mention %q", vs[0].Message, tt.wantIn)
			}
			if vs[0].Operation == "" || vs[0].Status != 0 {
				t.Errorf("violation %+v lacks its operation or has a status", vs[0])
			}
		})
	}
}

func TestCheckRequestChecksCredentialsWithoutRepeatingThem(t *testing.T) {
	v := testValidator(t)
	for _, tt := range []struct {
		auth    string
		wantBad bool
	}{
		{"Bearer ghp_abc", false},
		{"token ghp_abc", false},
		{"bearer x", false},
		{"", true},
		{"Basic dXNlcjpnaHBfc2VjcmV0", true},
		{"Bearer ", true},
		{"Bearer two tokens", true}, // the mock would answer 401: so must the validator
	} {
		r := request("GET", "https://api.github.com/user/codespaces", nil)
		r.Header.Set("Authorization", tt.auth)
		if tt.auth == "" {
			r.Header.Del("Authorization")
		}
		_, vs, err := v.CheckRequest(r)
		if err != nil {
			t.Fatal(err)
		}
		if bad := len(vs) == 1 && vs[0].Kind == KindAuth; bad != tt.wantBad || (!tt.wantBad && len(vs) > 0) {
			t.Errorf("Authorization %q: violations%s", tt.auth, describe(vs))
		}
		for _, vi := range vs {
			if strings.Contains(vi.Message, "dXNlcjpnaHBfc2VjcmV0") || strings.Contains(vi.Message, "ghp_") {
				t.Errorf("the message repeats the credential: %s", vi.Message)
			}
		}
	}
}

func TestCheckRequestLeavesTheRequestAsItWas(t *testing.T) {
	v := testValidator(t)
	body := `{"selected_repository_ids":[42]}`
	r := request("PUT", "https://api.github.com/user/codespaces/secrets/S/repositories", []byte(body))
	headersBefore := r.Header.Clone()
	if _, _, err := v.CheckRequest(r); err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(r.Body)
	if err != nil || string(got) != body {
		t.Fatalf("body after CheckRequest = %q, %v; want %q", got, err, body)
	}
	again, err := r.GetBody()
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := io.ReadAll(again); string(got) != body {
		t.Errorf("GetBody after CheckRequest = %q, want %q", got, body)
	}
	if len(r.Header) != len(headersBefore) {
		t.Errorf("headers changed: %v, were %v", r.Header, headersBefore)
	}

	// per_page and page have defaults: they must not be written into the URL.
	list := request("GET", "https://api.github.com/user/codespaces", nil)
	if _, _, err := v.CheckRequest(list); err != nil {
		t.Fatal(err)
	}
	if list.URL.RawQuery != "" {
		t.Errorf("CheckRequest wrote defaults into the query: %q", list.URL.RawQuery)
	}
}

func TestCheckRequestRefusesUnknownOperations(t *testing.T) {
	v := testValidator(t)
	_, _, err := v.CheckRequest(request("GET", "https://api.github.com/user/repos", nil))
	if !errors.Is(err, ErrUnknownOperation) {
		t.Errorf("unknown path: error = %v, want ErrUnknownOperation", err)
	}
	_, _, err = v.CheckRequest(request("PATCH", "https://api.github.com/user/codespaces/secrets", nil))
	if !errors.Is(err, ErrMethodNotAllowed) {
		t.Errorf("unknown method: error = %v, want ErrMethodNotAllowed", err)
	}
}

// A server decides how to refuse a request from In and Extra, not from the
// wording of the message: a bad path parameter names nothing (404), and input
// the operation does not define is what GitHub ignores.
func TestCheckRequestSaysWhereAndWhetherExtra(t *testing.T) {
	v := testValidator(t)
	tests := []struct {
		name, method, url, body string
		in                      string
		extra                   bool
	}{
		{"path parameter of the wrong type", "POST", "https://api.github.com/repos/o/r/pulls/first/codespaces", `{}`, "path", false},
		{"query parameter of the wrong type", "GET", "https://api.github.com/user/codespaces?per_page=many", "", "query", false},
		{"required query parameter missing", "GET", "https://api.github.com/repos/o/r/codespaces/permissions_check?ref=main", "", "query", false},
		{"undocumented query parameter", "GET", "https://api.github.com/user/codespaces?perPage=10", "", "query", true},
		{"undocumented body property", "POST", "https://api.github.com/repos/o/r/codespaces", `{"colour":"blue"}`, "", true},
		{"required body property missing", "PUT", "https://api.github.com/user/codespaces/secrets/S", `{"encrypted_value":"c2VjcmV0"}`, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body []byte
			if tt.body != "" {
				body = []byte(tt.body)
			}
			_, vs, err := v.CheckRequest(request(tt.method, tt.url, body))
			if err != nil || len(vs) != 1 {
				t.Fatalf("CheckRequest = %v, %v; want one violation", err, describe(vs))
			}
			if vs[0].In != tt.in || vs[0].Extra != tt.extra {
				t.Errorf("In = %q, Extra = %v; want %q, %v (%s)", vs[0].In, vs[0].Extra, tt.in, tt.extra, vs[0])
			}
		})
	}
}

func TestToken(t *testing.T) {
	for header, want := range map[string]string{
		"Bearer abc":  "abc",
		"bearer  abc": "abc",
		"token abc":   "abc",
		"TOKEN abc ":  "abc",
		"":            "",
		"Bearer":      "",
		"Bearer ":     "",
		"Basic abc":   "",
		"Bearer a b":  "",
		"abc":         "",
	} {
		got, problem := Token(header)
		if got != want || (problem == "") != (want != "") {
			t.Errorf("Token(%q) = %q, %q; want %q", header, got, problem, want)
		}
		if want == "" && strings.Contains(problem, "abc") {
			t.Errorf("Token(%q) repeats the credential: %q", header, problem)
		}
	}
}

// TestCheckRequestReadsJSONWhateverTheContentType: GitHub reads a body as
// JSON whatever the Content-Type (curl's -d sends a form type). The header
// is one KindContentType violation; the body is still checked as JSON.
func TestCheckRequestReadsJSONWhateverTheContentType(t *testing.T) {
	v := testValidator(t)
	const url = "https://api.github.com/user/codespaces/secrets/S"
	for _, tt := range []struct {
		contentType, body string
		want              []string
	}{
		{"application/x-www-form-urlencoded", `{"encrypted_value":"c2VjcmV0","key_id":"1"}`, []string{"content-type "}},
		{"", `{"encrypted_value":"c2VjcmV0","key_id":"1"}`, []string{"content-type "}},
		{"text/plain", `{"encrypted_value":"c2VjcmV0"}`, []string{"content-type ", "request-body /key_id"}},
		{"application/json; charset=utf-8", `{"encrypted_value":"c2VjcmV0","key_id":"1"}`, nil},
		{"text/plain", `encrypted_value=c2VjcmV0&key_id=1`, []string{"request-body "}}, // not JSON: refused as the wrong media type
	} {
		r := request("PUT", url, []byte(tt.body))
		r.Header.Del("Content-Type")
		if tt.contentType != "" {
			r.Header.Set("Content-Type", tt.contentType)
		}
		_, vs, err := v.CheckRequest(r)
		if err != nil {
			t.Fatal(err)
		}
		if got := kindsAndPointers(vs); !slices.Equal(got, tt.want) {
			t.Errorf("Content-Type %q, body %s: violations %q, want %q:%s", tt.contentType, tt.body, got, tt.want, describe(vs))
		}
		if len(vs) > 0 && vs[0].Kind == KindContentType && vs[0].In != "header" {
			t.Errorf("the Content-Type violation has In %q, want header", vs[0].In)
		}
	}
}

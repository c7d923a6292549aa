package client

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

func TestParseScopes(t *testing.T) {
	tests := []struct {
		name   string
		values []string // nil: no header
		want   []string
	}{
		{"absent", nil, nil},
		{"present but empty: no scopes", []string{""}, []string{}},
		{"GitHub's example", []string{"repo, user"}, []string{"repo", "user"}},
		{"no spaces, stray commas", []string{",repo,,user,"}, []string{"repo", "user"}},
		{"repeated header, duplicates", []string{"repo", "user, repo"}, []string{"repo", "user"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			for _, v := range tt.values {
				h.Add("X-OAuth-Scopes", v)
			}
			got := parseScopes(h, "x-oauth-scopes")
			if !reflect.DeepEqual(got, tt.want) || (got == nil) != (tt.want == nil) {
				t.Errorf("parseScopes(%q) = %#v, want %#v", tt.values, got, tt.want)
			}
		})
	}
}

// TestParsePermissions reads the examples of GitHub's "Troubleshooting the
// REST API" and of its changelog (2023-08-10).
func TestParsePermissions(t *testing.T) {
	p := func(name, access string) Permission { return Permission{Name: name, Access: access} }
	tests := []struct {
		value string
		want  [][]Permission
	}{
		{"contents=read", [][]Permission{{p("contents", "read")}}},
		{"pull_requests=write,contents=read", [][]Permission{{p("pull_requests", "write"), p("contents", "read")}}},
		{"pull_requests=read,contents=read; issues=read,contents=read",
			[][]Permission{{p("pull_requests", "read"), p("contents", "read")}, {p("issues", "read"), p("contents", "read")}}},
		{"repository_projects=write; organization_projects=admin",
			[][]Permission{{p("repository_projects", "write")}, {p("organization_projects", "admin")}}},
		{" ; , =read; metadata ", [][]Permission{{p("metadata", "")}}},
		{"", nil},
	}
	for _, tt := range tests {
		h := http.Header{"X-Accepted-Github-Permissions": {tt.value}}
		if got := parsePermissions(h); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("parsePermissions(%q) = %v, want %v", tt.value, got, tt.want)
		}
	}
	if got := parsePermissions(http.Header{}); got != nil {
		t.Errorf("without the header: %v", got)
	}
}

func TestMissingScopes(t *testing.T) {
	tests := []struct {
		name          string
		accepted, has []string
		want          []string
	}{
		{"lacks the one accepted", []string{"admin:org"}, []string{"codespace", "repo"}, []string{"admin:org"}},
		{"lacks all the alternatives", []string{"admin:org", "write:org"}, []string{"repo"}, []string{"admin:org", "write:org"}},
		{"has it", []string{"admin:org"}, []string{"admin:org", "codespace"}, nil},
		// A recorded GitHub answer: accepted "notifications, repo" succeeded
		// with repo alone; accepted scopes are alternatives.
		{"has one alternative", []string{"notifications", "repo"}, []string{"gist", "repo"}, nil},
		// "Scopes for OAuth apps": write:org and read:org are part of admin:org.
		{"has it through admin:org", []string{"read:org"}, []string{"admin:org"}, nil},
		{"has it through repo", []string{"public_repo"}, []string{"repo"}, nil},
		{"a narrower scope does not give the wider", []string{"admin:org"}, []string{"read:org", "write:org"}, []string{"admin:org"}},
		{"no scopes at all", []string{"codespace"}, []string{}, []string{"codespace"}},
		{"the operation checks for none", []string{}, []string{"repo"}, nil},
		{"no X-OAuth-Scopes: not a classic token", []string{"codespace"}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := &APIError{AcceptedOAuthScopes: tt.accepted, OAuthScopes: tt.has}
			if got := e.MissingScopes(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("MissingScopes() = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestErrorsSayWhatIsMissing: the answer's headers reach the error, and its
// sentence names the missing scope or the permissions needed, for a 403 and
// a 404 (GitHub hides what a token may not see), not for other statuses.
func TestErrorsSayWhatIsMissing(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		headers map[string]string
		want    string // "" : the error says nothing of the token
	}{
		{"classic token without admin:org", 403, map[string]string{"X-Accepted-OAuth-Scopes": "admin:org", "X-OAuth-Scopes": "codespace, repo"},
			"403 Forbidden: Must have admin rights: the token lacks the scope admin:org (accepted: admin:org; token has: codespace, repo) [request ID R1]"},
		{"hidden as a 404", 404, map[string]string{"X-Accepted-OAuth-Scopes": "admin:org, write:org", "X-OAuth-Scopes": ""},
			"404 Not Found: Must have admin rights: the token lacks any of the scopes admin:org, write:org (accepted: admin:org, write:org; token has: none)"},
		{"classic token with the scope: not an admin", 403, map[string]string{"X-Accepted-OAuth-Scopes": "admin:org", "X-OAuth-Scopes": "admin:org"}, ""},
		{"fine-grained, one permission", 403, map[string]string{"X-Accepted-GitHub-Permissions": "organization_codespaces=write"},
			"Must have admin rights: the operation needs the permission organization_codespaces=write (if the token has it, the user or app lacks the rights)"},
		{"fine-grained, one set", 403, map[string]string{"X-Accepted-GitHub-Permissions": "codespaces_secrets=write,organization_codespaces=read"},
			"the operation needs the permissions codespaces_secrets=write, organization_codespaces=read (if the token has them"},
		{"fine-grained, alternatives", 404, map[string]string{"X-Accepted-GitHub-Permissions": "codespaces=write; organization_codespaces=admin"},
			"the operation needs one of the permission sets [codespaces=write] or [organization_codespaces=admin] (if the token has one"},
		{"a validation error is not about the token", 422, map[string]string{"X-Accepted-OAuth-Scopes": "admin:org", "X-OAuth-Scopes": "repo"}, ""},
		{"no headers", 403, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tt.headers {
					w.Header().Set(k, v)
				}
				w.Header().Set("X-GitHub-Request-Id", "R1")
				writeError(w, tt.status, "Must have admin rights")
			}))
			_, err := Collect(c.ListOrgCodespaces(context.Background(), "octo-org", ListOptions{}))
			var ae *APIError
			if !errors.As(err, &ae) || ae.StatusCode != tt.status {
				t.Fatalf("got %v, want an *APIError %d", err, tt.status)
			}
			msg := err.Error()
			if tt.want == "" {
				for _, word := range []string{"lacks", "needs"} {
					if strings.Contains(msg, word) {
						t.Errorf("%q speaks of the token's rights", msg)
					}
				}
				return
			}
			if !strings.Contains(msg, tt.want) {
				t.Errorf("error\n%q\nwant it to contain\n%q", msg, tt.want)
			}
			if _, sent := tt.headers["X-Accepted-OAuth-Scopes"]; (ae.AcceptedOAuthScopes != nil) != sent {
				t.Errorf("AcceptedOAuthScopes = %#v", ae.AcceptedOAuthScopes)
			}
		})
	}
}

// FuzzAccessHeaders: any header values parse without a panic into clean
// entries, parse back to the same from their canonical form, and make an
// error whose missing scopes are the accepted ones or none. The seeds are
// GitHub's documented examples; `go test` runs them.
func FuzzAccessHeaders(f *testing.F) {
	f.Add("admin:org", "codespace, repo", "")
	f.Add("notifications, repo", "gist, read:org, repo, workflow", "")
	f.Add("", "repo, user", "")
	f.Add("user", "", "pull_requests=read,contents=read; issues=read,contents=read")
	f.Add(",,", " , ", ";;=;,=,")
	f.Add("a\tb, c", "c", "x==y; =z , w=")
	f.Fuzz(func(t *testing.T, accepted, has, perms string) {
		h := http.Header{}
		h.Set("X-Accepted-OAuth-Scopes", accepted)
		h.Set("X-OAuth-Scopes", has)
		h.Set("X-Accepted-GitHub-Permissions", perms)
		acc, tok, sets := parseScopes(h, "X-Accepted-OAuth-Scopes"), parseScopes(h, "X-OAuth-Scopes"), parsePermissions(h)
		for _, s := range append(append([]string{}, acc...), tok...) {
			if s == "" || strings.Contains(s, ",") || strings.TrimSpace(s) != s {
				t.Fatalf("scope %q from %q, %q", s, accepted, has)
			}
		}
		if again := parseScopes(http.Header{"X": {strings.Join(acc, ", ")}}, "X"); !reflect.DeepEqual(again, acc) {
			t.Fatalf("%v parses back as %v", acc, again)
		}
		canonical := make([]string, len(sets))
		for i, set := range sets {
			if len(set) == 0 {
				t.Fatalf("an empty set from %q", perms)
			}
			parts := make([]string, len(set))
			for j, p := range set {
				if p.Name == "" || strings.ContainsAny(p.Name+p.Access, ",;") || strings.TrimSpace(p.Name) != p.Name {
					t.Fatalf("permission %#v from %q", p, perms)
				}
				parts[j] = p.String()
			}
			canonical[i] = strings.Join(parts, ",")
		}
		if again := parsePermissions(http.Header{"X-Accepted-Github-Permissions": {strings.Join(canonical, "; ")}}); !reflect.DeepEqual(again, sets) {
			t.Fatalf("%v parses back as %v", sets, again)
		}
		e := &APIError{StatusCode: 403, AcceptedOAuthScopes: acc, OAuthScopes: tok, AcceptedPermissions: sets}
		if m := e.MissingScopes(); m != nil && !reflect.DeepEqual(m, acc) {
			t.Fatalf("missing %v, not the accepted %v", m, acc)
		}
		_ = e.Error()
	})
}

// TestAccessHeadersAreRedacted: a proxy that echoes the token into these
// headers does not put it into the error.
func TestAccessHeadersAreRedacted(t *testing.T) {
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Accepted-OAuth-Scopes", "admin:org, "+testToken)
		w.Header().Set("X-OAuth-Scopes", testToken)
		w.Header().Set("X-Accepted-GitHub-Permissions", testToken+"="+testToken)
		writeError(w, 403, "Forbidden")
	}))
	_, err := c.GetOrgSecret(context.Background(), "o", "S")
	var ae *APIError
	if !errors.As(err, &ae) {
		t.Fatalf("got %v", err)
	}
	mustContainNone(t, "the error", err.Error(), testToken)
	ae.OAuthScopes = nil // to make Error speak of the permissions too
	mustContainNone(t, "the error", ae.Error(), testToken)
	if ae.AcceptedOAuthScopes[1] != "[REDACTED]" || ae.AcceptedPermissions[0][0] != (Permission{"[REDACTED]", "[REDACTED]"}) {
		t.Errorf("not redacted: %v, %v", ae.AcceptedOAuthScopes, ae.AcceptedPermissions)
	}
}

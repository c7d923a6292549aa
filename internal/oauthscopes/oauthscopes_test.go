package oauthscopes

import "testing"

func TestHas(t *testing.T) {
	tests := []struct {
		scopes []string
		scope  string
		want   bool
	}{
		{[]string{"codespace"}, "codespace", true},
		{[]string{"admin:org"}, "read:org", true},
		{[]string{"repo"}, "public_repo", true},
		{[]string{"read:org"}, "admin:org", false},
		{[]string{"repo", "gist"}, "codespace", false},
		{nil, "repo", false},
	}
	for _, tt := range tests {
		if got := Has(tt.scopes, tt.scope); got != tt.want {
			t.Errorf("Has(%q, %q) = %v, want %v", tt.scopes, tt.scope, got, tt.want)
		}
	}
}

func TestHasAny(t *testing.T) {
	tests := []struct {
		scopes, accepted []string
		want             bool
	}{
		{[]string{"codespace:secrets"}, []string{"codespace", "codespace:secrets"}, true},
		{[]string{"gist", "read:org", "repo"}, []string{"codespace"}, false},
		{[]string{"gist"}, nil, true},
		{nil, []string{"admin:org"}, false},
	}
	for _, tt := range tests {
		if got := HasAny(tt.scopes, tt.accepted); got != tt.want {
			t.Errorf("HasAny(%q, %q) = %v, want %v", tt.scopes, tt.accepted, got, tt.want)
		}
	}
}

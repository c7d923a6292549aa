package idalias

import "testing"

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		path string
		want Alias
		ok   bool
	}{
		// GitHub's own Links (issue 17's examples).
		{"/repositories/670312779/codespaces/secrets", Alias{Repository, 670312779, "/codespaces/secrets"}, true},
		{"/organizations/64329988/codespaces/secrets", Alias{Organization, 64329988, "/codespaces/secrets"}, true},
		{"/organizations/1/codespaces/secrets/A%2FB", Alias{Organization, 1, "/codespaces/secrets/A%2FB"}, true},
		{"/repositories/9223372036854775807/codespaces", Alias{Repository, 9223372036854775807, "/codespaces"}, true},
		{"/repositories/1", Alias{Repository, 1, ""}, true},
		{"/repositories/1/", Alias{Repository, 1, "/"}, true},
		// Not ids: no repository or organization is named.
		{"/repositories/9223372036854775808/codespaces", Alias{}, false}, // past int64
		{"/repositories/0/codespaces", Alias{}, false},
		{"/repositories/012/codespaces", Alias{}, false},
		{"/repositories/-1/codespaces", Alias{}, false},
		{"/repositories/+1/codespaces", Alias{}, false},
		{"/repositories/octocat/codespaces", Alias{}, false},
		{"/repositories//codespaces", Alias{}, false},
		{"/repositories/", Alias{}, false},
		// Other paths.
		{"/repos/octocat/hello-world/codespaces", Alias{}, false},
		{"/orgs/1/codespaces", Alias{}, false},
		{"/user/codespaces", Alias{}, false},
		{"/repositoriesX/1/codespaces", Alias{}, false},
	} {
		got, ok := Parse(tc.path)
		if got != tc.want || ok != tc.ok {
			t.Errorf("Parse(%q) = %+v, %v; want %+v, %v", tc.path, got, ok, tc.want, tc.ok)
		}
	}
}

func TestPathAndOfRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		template, rest string
		kind           Kind
	}{
		{"/repos/{owner}/{repo}/codespaces/secrets", "/codespaces/secrets", Repository},
		{"/orgs/{org}/members/{username}/codespaces", "/members/{username}/codespaces", Organization},
	} {
		k, rest, ok := Of(tc.template)
		if !ok || k != tc.kind || rest != tc.rest {
			t.Errorf("Of(%q) = %v, %q, %v; want %v, %q", tc.template, k, rest, ok, tc.kind, tc.rest)
		}
		p := Path(k, 42, rest)
		if back, ok := Parse(p); !ok || back.Kind != k || back.ID != 42 || back.Rest != rest {
			t.Errorf("Parse(Path(...)) = %+v, %v; want %v 42 %q", back, ok, k, rest)
		}
	}
	for _, template := range []string{"/user/codespaces", "/reposX/{owner}/{repo}", "/orgsX"} {
		if _, _, ok := Of(template); ok {
			t.Errorf("Of(%q) took it for a repository's or organization's path", template)
		}
	}
	if got := Repository.Template(); got != "/repositories/{repository_id}" {
		t.Errorf("Repository.Template() = %q", got)
	}
	if got := Organization.Template(); got != "/organizations/{org_id}" {
		t.Errorf("Organization.Template() = %q", got)
	}
}

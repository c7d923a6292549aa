package mock_test

import (
	"encoding/json"
	"net/http"
	"testing"
)

// TestPermissionsCheck: the world's devcontainers answer; one that asks for
// other repositories is accepted once the user accepted it; an unknown ref
// is 404, an unknown devcontainer.json 422, missing parameters refused.
func TestPermissionsCheck(t *testing.T) {
	srv, base := orgWorld(t)
	check := func(token, query string, want int) bool {
		t.Helper()
		var got struct{ Accepted bool }
		body := send(t, http.MethodGet, base+"/repos/octocat/Hello-World/codespaces/permissions_check?"+query, token, "", want)
		if want == http.StatusOK {
			if err := json.Unmarshal(body, &got); err != nil {
				t.Fatal(err)
			}
		}
		return got.Accepted
	}
	if !check("admin", "ref=master&devcontainer_path=.devcontainer/devcontainer.json", 200) {
		t.Error("a devcontainer asking nothing is not accepted")
	}
	if !check("admin", "ref=heads/new-topic&devcontainer_path=.devcontainer.json", 200) {
		t.Error("a pull request's branch as heads/BRANCH is not accepted")
	}
	const foobar = "ref=refs/heads/master&devcontainer_path=.devcontainer/foobar/devcontainer.json"
	if check("admin", foobar, 200) {
		t.Error("a devcontainer asking for other repositories is accepted before anyone accepted it")
	}
	if !srv.AcceptDevcontainerPermissions("octocat", "octocat", "hello-world", ".devcontainer/foobar/devcontainer.json") {
		t.Fatal("AcceptDevcontainerPermissions found nothing")
	}
	if !check("admin", foobar, 200) || check("member", foobar, 200) {
		t.Error("accepting is not octocat's alone")
	}
	for _, bad := range [][]string{{"ghost", "octocat", "Hello-World", ".devcontainer.json"}, {"octocat", "octocat", "nope", ".devcontainer.json"}, {"octocat", "octocat", "Hello-World", "nope.json"}} {
		if srv.AcceptDevcontainerPermissions(bad[0], bad[1], bad[2], bad[3]) {
			t.Errorf("AcceptDevcontainerPermissions%v reported true", bad)
		}
	}
	check("admin", "ref=no-such-branch&devcontainer_path=.devcontainer.json", 404)
	check("admin", "ref=master&devcontainer_path=nope/devcontainer.json", 422)
	check("admin", "ref=master", 422)
	check("admin", "devcontainer_path=.devcontainer.json", 422)
	send(t, http.MethodGet, base+"/repos/octocat/nope/codespaces/permissions_check?ref=master&devcontainer_path=.devcontainer.json", "admin", "", 404)
}

// TestPreFlight: the billable owner and the defaults, from the world.
func TestPreFlight(t *testing.T) {
	_, base := orgWorld(t)
	for _, tc := range []struct {
		token, repo, query string
		billable, location string
		devcontainer       *string
	}{
		{"admin", "octocat/Hello-World", "", "octocat", "WestUs2", ptr(".devcontainer/devcontainer.json")},
		{"member", "octocat/Hello-World", "?client_ip=192.0.2.10", "mona", "EastUs", ptr(".devcontainer/devcontainer.json")},
		{"member", "octo-org/octo-repo", "?client_ip=198.51.100.1&ref=main", "octo-org", "WestEurope", ptr(".devcontainer/devcontainer.json")},
		{"member", "octocat/Spoon-Knife", "?client_ip=203.0.113.200", "mona", "SouthEastAsia", ptr(".devcontainer/devcontainer.json")},
		{"member", "octocat/Hello-World", "?client_ip=not-an-ip&ref=new-topic", "mona", "WestUs2", ptr(".devcontainer/devcontainer.json")},
		{"member", "github/codespaces-blank", "?client_ip=2001:db8::1", "mona", "WestUs2", nil},
	} {
		t.Run(tc.token+" "+tc.repo+tc.query, func(t *testing.T) {
			var got struct {
				BillableOwner struct{ Login, Type string } `json:"billable_owner"`
				Defaults      struct {
					Location         string
					DevcontainerPath *string `json:"devcontainer_path"`
				}
			}
			if err := json.Unmarshal(send(t, http.MethodGet, base+"/repos/"+tc.repo+"/codespaces/new"+tc.query, tc.token, "", 200), &got); err != nil {
				t.Fatal(err)
			}
			d := got.Defaults
			if got.BillableOwner.Login != tc.billable || d.Location != tc.location || (d.DevcontainerPath == nil) != (tc.devcontainer == nil) ||
				d.DevcontainerPath != nil && *d.DevcontainerPath != *tc.devcontainer {
				t.Errorf("pre-flight %+v", got)
			}
		})
	}
	send(t, http.MethodGet, base+"/repos/octocat/nope/codespaces/new", "admin", "", 404)
	send(t, http.MethodGet, base+"/repos/octocat/Hello-World/codespaces/new?ref=nope", "admin", "", 404)
	// A member the access setting leaves out pays for themselves.
	send(t, http.MethodPut, base+"/orgs/octo-org/codespaces/access", "admin", `{"visibility":"disabled"}`, 204)
	var got struct {
		BillableOwner struct{ Login string } `json:"billable_owner"`
	}
	_ = json.Unmarshal(send(t, http.MethodGet, base+"/repos/octo-org/octo-repo/codespaces/new", "member", "", 200), &got)
	if got.BillableOwner.Login != "mona" {
		t.Errorf("billable owner with access disabled: %s, want mona", got.BillableOwner.Login)
	}
}

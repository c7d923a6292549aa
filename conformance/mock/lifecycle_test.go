package mock_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/codespaces-go/codespaces/conformance/mock"
	"github.com/codespaces-go/codespaces/gen"
)

// TestLifecycle drives a codespace through everything a user does with one,
// with instant timing: create, list, machines, update, stop, start, export,
// delete.
func TestLifecycle(t *testing.T) {
	ctx := context.Background()
	_, base := start(t)
	c := client(t, base, "octocat-token")

	cs := createInRepo(t, c)
	if cs.State != gen.CodespaceStateAvailable {
		t.Fatalf("created in state %s, want Available with instant timing", cs.State)
	}
	if cs.Owner.Login != "octocat" || cs.Owner.ID != 1 {
		t.Errorf("owner %s (%d), want octocat (1): the first token is octocat's", cs.Owner.Login, cs.Owner.ID)
	}
	if cs.Repository.ID != 1296269 || cs.Repository.FullName != "octocat/Hello-World" {
		t.Errorf("repository %d %s, want 1296269 octocat/Hello-World", cs.Repository.ID, cs.Repository.FullName)
	}
	if cs.Machine == nil || cs.Machine.Name != "standardLinux" {
		t.Errorf("machine %+v, want standardLinux", cs.Machine)
	}
	if got := *cs.GitStatus.Ref; got != "main" {
		t.Errorf("git ref %q, want the requested main", got)
	}

	list := must(c.CodespacesListForAuthenticatedUserWithResponse(ctx, nil))(t)
	wantStatus(t, "list", list.StatusCode(), http.StatusOK, list.Body)
	if list.JSON200.TotalCount != 1 || list.JSON200.Codespaces[0].Name != cs.Name {
		t.Fatalf("list holds %d codespaces, want just %s", list.JSON200.TotalCount, cs.Name)
	}
	inRepo := must(c.CodespacesListInRepositoryForAuthenticatedUserWithResponse(ctx, "OCTOCAT", "Hello-World", nil))(t)
	wantStatus(t, "list in repository", inRepo.StatusCode(), http.StatusOK, inRepo.Body)
	if inRepo.JSON200.TotalCount != 1 {
		t.Errorf("list in repository (owner in capitals) holds %d, want 1", inRepo.JSON200.TotalCount)
	}

	machines := must(c.CodespacesCodespaceMachinesForAuthenticatedUserWithResponse(ctx, cs.Name))(t)
	wantStatus(t, "machines", machines.StatusCode(), http.StatusOK, machines.Body)
	if names := machineNames(machines.JSON200.Machines); names != "standardLinux,premiumLinux" {
		t.Errorf("machines %s, want standardLinux,premiumLinux", names)
	}

	upd := must(c.CodespacesUpdateForAuthenticatedUserWithResponse(ctx, cs.Name, gen.CodespacesUpdateForAuthenticatedUserJSONRequestBody{
		Machine: ptr("premiumLinux"), DisplayName: ptr("my space"), RecentFolders: &[]string{"/workspaces/hello-world"},
	}))(t)
	wantStatus(t, "update", upd.StatusCode(), http.StatusOK, upd.Body)
	if *upd.JSON200.DisplayName != "my space" || strings.Join(upd.JSON200.RecentFolders, ",") != "/workspaces/hello-world" {
		t.Errorf("update left display name %q and folders %v", *upd.JSON200.DisplayName, upd.JSON200.RecentFolders)
	}
	if upd.JSON200.Machine.Name != "standardLinux" {
		t.Errorf("machine changed to %s at once; it should change on the next start", upd.JSON200.Machine.Name)
	}

	stop := must(c.CodespacesStopForAuthenticatedUserWithResponse(ctx, cs.Name))(t)
	wantStatus(t, "stop", stop.StatusCode(), http.StatusOK, stop.Body)
	if stop.JSON200.State != gen.CodespaceStateShutdown {
		t.Errorf("stopped to %s, want Shutdown", stop.JSON200.State)
	}
	startResp := must(c.CodespacesStartForAuthenticatedUserWithResponse(ctx, cs.Name))(t)
	wantStatus(t, "start", startResp.StatusCode(), http.StatusOK, startResp.Body)
	if startResp.JSON200.State != gen.CodespaceStateAvailable || startResp.JSON200.Machine.Name != "premiumLinux" {
		t.Errorf("started to %s on %s, want Available on premiumLinux", startResp.JSON200.State, startResp.JSON200.Machine.Name)
	}

	exp := must(c.CodespacesExportForAuthenticatedUserWithResponse(ctx, cs.Name))(t)
	wantStatus(t, "export", exp.StatusCode(), http.StatusAccepted, exp.Body)
	if *exp.JSON202.State != "succeeded" || exp.JSON202.Branch == nil || len(*exp.JSON202.Sha) != 40 {
		t.Errorf("export %+v, want succeeded with a branch and a 40-hex SHA", exp.JSON202)
	}
	for _, id := range []string{*exp.JSON202.ID, "latest"} {
		got := must(c.CodespacesGetExportDetailsForAuthenticatedUserWithResponse(ctx, cs.Name, id))(t)
		wantStatus(t, "export "+id, got.StatusCode(), http.StatusOK, got.Body)
		if *got.JSON200.Sha != *exp.JSON202.Sha {
			t.Errorf("export %s has SHA %s, want %s", id, *got.JSON200.Sha, *exp.JSON202.Sha)
		}
	}
	missing := must(c.CodespacesGetExportDetailsForAuthenticatedUserWithResponse(ctx, cs.Name, "99"))(t)
	wantStatus(t, "unknown export", missing.StatusCode(), http.StatusNotFound, missing.Body)

	del := must(c.CodespacesDeleteForAuthenticatedUserWithResponse(ctx, cs.Name))(t)
	wantStatus(t, "delete", del.StatusCode(), http.StatusAccepted, del.Body)
	gone := must(c.CodespacesGetForAuthenticatedUserWithResponse(ctx, cs.Name))(t)
	wantStatus(t, "get after delete", gone.StatusCode(), http.StatusNotFound, gone.Body)
	if gone.JSON404 == nil || *gone.JSON404.Message != "Not Found" {
		t.Errorf("404 body %s, want GitHub's Not Found", gone.Body)
	}
	again := must(c.CodespacesDeleteForAuthenticatedUserWithResponse(ctx, cs.Name))(t)
	wantStatus(t, "delete again", again.StatusCode(), http.StatusNotFound, again.Body)
}

func machineNames(ms []gen.CodespaceMachine) string {
	names := make([]string, len(ms))
	for i, m := range ms {
		names[i] = m.Name
	}
	return strings.Join(names, ",")
}

// TestTimingAfterPolls checks that each transitional state is shown by the
// configured number of reads, for codespaces and exports.
func TestTimingAfterPolls(t *testing.T) {
	ctx := context.Background()
	_, base := start(t, mock.WithTiming(mock.Timing{Polls: 1}))
	c := client(t, base, "tok")

	cs := createInRepo(t, c)
	states := []gen.CodespaceState{cs.State}
	for range 3 {
		states = append(states, must(c.CodespacesGetForAuthenticatedUserWithResponse(ctx, cs.Name))(t).JSON200.State)
	}
	if got := joinStates(states); got != "Queued,Queued,Provisioning,Available" {
		t.Errorf("create then three GETs: %s, want Queued,Queued,Provisioning,Available", got)
	}

	// GitHub queues a stop first, and answers while it is Queued.
	states = []gen.CodespaceState{must(c.CodespacesStopForAuthenticatedUserWithResponse(ctx, cs.Name))(t).JSON200.State}
	// The list counts as a read, too.
	states = append(states, must(c.CodespacesListForAuthenticatedUserWithResponse(ctx, nil))(t).JSON200.Codespaces[0].State)
	for range 3 {
		states = append(states, must(c.CodespacesGetForAuthenticatedUserWithResponse(ctx, cs.Name))(t).JSON200.State)
	}
	if got := joinStates(states); got != "Queued,Queued,ShuttingDown,Shutdown,Shutdown" {
		t.Errorf("stop, list, three GETs: %s, want Queued,Queued,ShuttingDown,Shutdown,Shutdown", got)
	}

	exp := must(c.CodespacesExportForAuthenticatedUserWithResponse(ctx, cs.Name))(t)
	if *exp.JSON202.State != "in_progress" || exp.JSON202.Sha != nil {
		t.Errorf("export answered %s with SHA %v, want in_progress without one", *exp.JSON202.State, exp.JSON202.Sha)
	}
	busy := must(c.CodespacesExportForAuthenticatedUserWithResponse(ctx, cs.Name))(t)
	wantStatus(t, "second export while one runs", busy.StatusCode(), http.StatusUnprocessableEntity, busy.Body)
	first := must(c.CodespacesGetExportDetailsForAuthenticatedUserWithResponse(ctx, cs.Name, "latest"))(t)
	second := must(c.CodespacesGetExportDetailsForAuthenticatedUserWithResponse(ctx, cs.Name, "latest"))(t)
	if *first.JSON200.State != "in_progress" || *second.JSON200.State != "succeeded" {
		t.Errorf("export polls: %s then %s, want in_progress then succeeded", *first.JSON200.State, *second.JSON200.State)
	}
	if second.JSON200.CompletedAt == nil || second.JSON200.Branch == nil {
		t.Errorf("succeeded export lacks completed_at or branch: %s", second.Body)
	}
}

// TestTimingAfterDuration checks timed transitions on an injected clock,
// including a codespace that catches up on states nobody looked at.
func TestTimingAfterDuration(t *testing.T) {
	ctx := context.Background()
	clock := &fakeClock{now: time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)}
	_, base := start(t, mock.WithTiming(mock.Timing{Duration: 10 * time.Second}), mock.WithClock(clock.Now))
	c := client(t, base, "tok")
	cs := createInRepo(t, c)
	get := func() gen.CodespaceState {
		return must(c.CodespacesGetForAuthenticatedUserWithResponse(ctx, cs.Name))(t).JSON200.State
	}
	if got := get(); got != gen.CodespaceStateQueued {
		t.Fatalf("at once: %s, want Queued", got)
	}
	clock.advance(10 * time.Second)
	if got := get(); got != gen.CodespaceStateProvisioning {
		t.Fatalf("after 10s: %s, want Provisioning", got)
	}
	clock.advance(9 * time.Second)
	if got := get(); got != gen.CodespaceStateProvisioning {
		t.Fatalf("after 19s: %s, want still Provisioning", got)
	}
	clock.advance(time.Second)
	if got := get(); got != gen.CodespaceStateAvailable {
		t.Fatalf("after 20s: %s, want Available", got)
	}
	must(c.CodespacesStopForAuthenticatedUserWithResponse(ctx, cs.Name))(t)
	clock.advance(time.Hour)
	if got := get(); got != gen.CodespaceStateShutdown {
		t.Fatalf("an hour after stop: %s, want Shutdown", got)
	}
	started := must(c.CodespacesStartForAuthenticatedUserWithResponse(ctx, cs.Name))(t).JSON200
	if started.State != gen.CodespaceStateQueued || !started.LastUsedAt.Equal(clock.Now()) {
		t.Errorf("start answered %s last used %v, want Queued at %v", started.State, started.LastUsedAt, clock.Now())
	}
	clock.advance(10 * time.Second)
	if got := get(); got != gen.CodespaceStateStarting {
		t.Fatalf("10s after start: %s, want Starting", got)
	}
	clock.advance(10 * time.Second)
	if got := get(); got != gen.CodespaceStateAvailable {
		t.Fatalf("20s after start: %s, want Available", got)
	}
}

// TestUpdateRefusesUnknownMachine: a machine type the codespace cannot use
// is refused with a body naming the field: 422, which the overlay documents
// for PATCH from GitHub's answers (spec/overlay.yaml, unprocessable).
func TestUpdateRefusesUnknownMachine(t *testing.T) {
	ctx := context.Background()
	_, base := start(t)
	c := client(t, base, "tok")
	cs := createInRepo(t, c)
	resp := must(c.CodespacesUpdateForAuthenticatedUserWithResponse(ctx, cs.Name, gen.CodespacesUpdateForAuthenticatedUserJSONRequestBody{Machine: ptr("hugeLinux")}))(t)
	wantStatus(t, "update to an unknown machine", resp.StatusCode(), http.StatusUnprocessableEntity, resp.Body)
	if !strings.Contains(string(resp.Body), `"field":"machine"`) {
		t.Errorf("422 body %s does not name the machine field", resp.Body)
	}
	start := must(c.CodespacesStopForAuthenticatedUserWithResponse(ctx, cs.Name))(t)
	if start.JSON200.Machine.Name != "standardLinux" {
		t.Errorf("machine %s after a refused update", start.JSON200.Machine.Name)
	}
}

// TestTimingBelowASecond: timestamps show whole seconds, but transitions run
// on the clock's full precision.
func TestTimingBelowASecond(t *testing.T) {
	clock := &fakeClock{now: time.Date(2024, 5, 1, 12, 0, 0, 900e6, time.UTC)}
	_, base := start(t, mock.WithTiming(mock.Timing{Duration: 300 * time.Millisecond}), mock.WithClock(clock.Now))
	c := client(t, base, "tok")
	cs := createInRepo(t, c)
	clock.advance(150 * time.Millisecond) // into the next second, but not 300ms on
	got := must(c.CodespacesGetForAuthenticatedUserWithResponse(context.Background(), cs.Name))(t).JSON200
	if got.State != gen.CodespaceStateQueued {
		t.Errorf("150ms after create: %s, want still Queued", got.State)
	}
	if got.CreatedAt.Nanosecond() != 0 {
		t.Errorf("created_at %v has a fraction of a second", got.CreatedAt)
	}
	clock.advance(150 * time.Millisecond)
	if st := must(c.CodespacesGetForAuthenticatedUserWithResponse(context.Background(), cs.Name))(t).JSON200.State; st != gen.CodespaceStateProvisioning {
		t.Errorf("300ms after create: %s, want Provisioning", st)
	}
}

// TestStartWhileStopping: a start of a codespace on its way to Shutdown,
// Queued or ShuttingDown, is refused with 409 (the mock's choice: cli/cli
// issue 10218 says only that GitHub does not start it).
func TestStartWhileStopping(t *testing.T) {
	ctx := context.Background()
	clock := &fakeClock{now: time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)}
	_, base := start(t, mock.WithTiming(mock.Timing{Duration: 10 * time.Second}), mock.WithClock(clock.Now))
	c := client(t, base, "tok")
	cs := createInRepo(t, c)
	clock.advance(time.Minute)
	stop := must(c.CodespacesStopForAuthenticatedUserWithResponse(ctx, cs.Name))(t)
	if stop.JSON200.State != gen.CodespaceStateQueued {
		t.Errorf("stop answered %s, want Queued", stop.JSON200.State)
	}
	for _, want := range []gen.CodespaceState{gen.CodespaceStateQueued, gen.CodespaceStateShuttingDown} {
		if got := must(c.CodespacesGetForAuthenticatedUserWithResponse(ctx, cs.Name))(t).JSON200.State; got != want {
			t.Fatalf("read %s, want %s", got, want)
		}
		resp := must(c.CodespacesStartForAuthenticatedUserWithResponse(ctx, cs.Name))(t)
		wantStatus(t, "start while "+string(want)+" on the way to Shutdown", resp.StatusCode(), http.StatusConflict, resp.Body)
		clock.advance(10 * time.Second)
	}
	if got := must(c.CodespacesGetForAuthenticatedUserWithResponse(ctx, cs.Name))(t).JSON200.State; got != gen.CodespaceStateShutdown {
		t.Errorf("20s after the stop: %s, want Shutdown: the refused starts changed nothing", got)
	}
}

// TestStartQueuesFirst: GitHub starts a codespace Shutdown → Queued →
// Starting → Available and answers the start while it is Queued
// (microsoft/PowerShellForGitHub, GitHubCodespaces.ps1 at
// 9ec863b14277a524aa8f2931b742bb3dfed10d5a).
func TestStartQueuesFirst(t *testing.T) {
	ctx := context.Background()
	srv, base := start(t, mock.WithTiming(mock.Timing{Polls: 1}))
	c := client(t, base, "tok")
	cs := createInRepo(t, c)
	if !srv.StopCodespaceIdle(cs.Name) {
		t.Fatal("StopCodespaceIdle found no codespace")
	}
	var states []gen.CodespaceState
	for range 3 {
		states = append(states, must(c.CodespacesGetForAuthenticatedUserWithResponse(ctx, cs.Name))(t).JSON200.State)
	}
	if got := joinStates(states); got != "Queued,ShuttingDown,Shutdown" {
		t.Errorf("an idle stop read three times: %s, want Queued,ShuttingDown,Shutdown", got)
	}
	states = []gen.CodespaceState{must(c.CodespacesStartForAuthenticatedUserWithResponse(ctx, cs.Name))(t).JSON200.State}
	for range 3 {
		states = append(states, must(c.CodespacesGetForAuthenticatedUserWithResponse(ctx, cs.Name))(t).JSON200.State)
	}
	if got := joinStates(states); got != "Queued,Queued,Starting,Available" {
		t.Errorf("start then three GETs: %s, want Queued,Queued,Starting,Available", got)
	}
}

// TestStartRunningConflicts: starting an Available codespace answers 409, as
// GitHub's does (cli/cli internal/codespaces/api/api.go, StartCodespace: "409
// means the codespace is already running"), and changes nothing.
func TestStartRunningConflicts(t *testing.T) {
	ctx := context.Background()
	// The clock moves before the start, so that a start that touched the
	// codespace would show in updated_at.
	clock := &fakeClock{now: time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)}
	_, base := start(t, mock.WithClock(clock.Now))
	c := client(t, base, "tok")
	cs := createInRepo(t, c)
	clock.advance(time.Minute)
	resp := must(c.CodespacesStartForAuthenticatedUserWithResponse(ctx, cs.Name))(t)
	wantStatus(t, "start of an Available codespace", resp.StatusCode(), http.StatusConflict, resp.Body)
	if resp.JSON409 == nil || resp.JSON409.Message == nil || *resp.JSON409.Message == "" {
		t.Errorf("409 body %s, want GitHub's error body with a message", resp.Body)
	}
	got := must(c.CodespacesGetForAuthenticatedUserWithResponse(ctx, cs.Name))(t).JSON200
	if got.State != gen.CodespaceStateAvailable || !got.UpdatedAt.Equal(cs.UpdatedAt) {
		t.Errorf("after the refused start: %s updated %v, want Available updated %v", got.State, got.UpdatedAt, cs.UpdatedAt)
	}
}

// TestStopStoppedAnswersAsIs: no record shows what GitHub answers to a stop
// of a stopped codespace; the mock keeps answering 200 with it as it is.
func TestStopStoppedAnswersAsIs(t *testing.T) {
	ctx := context.Background()
	// A clock that moves between the stops: on the real one both fall in
	// the same second, and a second stop that ran the path again would
	// leave updated_at as it was.
	clock := &fakeClock{now: time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)}
	_, base := start(t, mock.WithClock(clock.Now))
	c := client(t, base, "tok")
	cs := createInRepo(t, c)
	first := must(c.CodespacesStopForAuthenticatedUserWithResponse(ctx, cs.Name))(t)
	clock.advance(time.Minute)
	again := must(c.CodespacesStopForAuthenticatedUserWithResponse(ctx, cs.Name))(t)
	wantStatus(t, "second stop", again.StatusCode(), http.StatusOK, again.Body)
	if again.JSON200.State != gen.CodespaceStateShutdown || !again.JSON200.UpdatedAt.Equal(first.JSON200.UpdatedAt) {
		t.Errorf("second stop answered %s updated %v, want Shutdown as the first left it (%v)", again.JSON200.State, again.JSON200.UpdatedAt, first.JSON200.UpdatedAt)
	}
}

// TestCreateVariants covers the other two ways to create, and what they refuse.
func TestCreateVariants(t *testing.T) {
	ctx := context.Background()
	_, base := start(t)
	c := client(t, base, "tok")

	pr := must(c.CodespacesCreateWithPrForAuthenticatedUserWithResponse(ctx, "octocat", "Hello-World", 1,
		gen.CodespacesCreateWithPrForAuthenticatedUserJSONRequestBody{Machine: ptr("premiumLinux")}))(t)
	wantStatus(t, "create from pull request", pr.StatusCode(), http.StatusCreated, pr.Body)
	if pr.JSON201.PullsURL == nil || *pr.JSON201.PullsURL != base+"/repos/octocat/Hello-World/pulls/1" {
		t.Errorf("pulls_url %v, want the pull request's on the mock", pr.JSON201.PullsURL)
	}
	if *pr.JSON201.GitStatus.Ref != "new-topic" {
		t.Errorf("ref %q, want the pull request's branch new-topic", *pr.JSON201.GitStatus.Ref)
	}

	var byID gen.CreateCodespaceRequest
	if err := byID.FromCreateCodespaceForRepository(gen.CreateCodespaceForRepository{RepositoryID: 1296269, Location: ptr("WestEurope")}); err != nil {
		t.Fatal(err)
	}
	user := must(c.CodespacesCreateForAuthenticatedUserWithResponse(ctx, byID))(t)
	wantStatus(t, "create for user by repository id", user.StatusCode(), http.StatusCreated, user.Body)
	if user.JSON201.Location != gen.CodespaceLocationWestEurope || user.JSON201.PullsURL != nil {
		t.Errorf("location %s pulls_url %v, want WestEurope and null", user.JSON201.Location, user.JSON201.PullsURL)
	}

	kept := must(c.CodespacesCreateWithRepoForAuthenticatedUserWithResponse(ctx, "octocat", "Spoon-Knife", gen.CodespacesCreateWithRepoForAuthenticatedUserJSONRequestBody{
		IdleTimeoutMinutes: ptr(60), RetentionPeriodMinutes: ptr(120), DisplayName: ptr("kept"), Geo: ptr(gen.CodespacesCreateWithRepoForAuthenticatedUserJSONBodyGeoSoutheastAsia),
	}))(t)
	wantStatus(t, "create with settings", kept.StatusCode(), http.StatusCreated, kept.Body)
	if k := kept.JSON201; *k.IdleTimeoutMinutes != 60 || *k.RetentionPeriodMinutes != 120 || *k.DisplayName != "kept" ||
		k.Location != gen.CodespaceLocationSouthEastAsia || !k.RetentionExpiresAt.Equal(k.LastUsedAt.Add(180*time.Minute)) {
		t.Errorf("created with idle 60, retention 120, geo SoutheastAsia: %s", kept.Body)
	}

	var byPull gen.CreateCodespaceRequest
	var pull gen.CreateCodespaceForPullRequest
	pull.PullRequest.PullRequestNumber, pull.PullRequest.RepositoryID = 1, 1296269
	if err := byPull.FromCreateCodespaceForPullRequest(pull); err != nil {
		t.Fatal(err)
	}
	fromPull := must(c.CodespacesCreateForAuthenticatedUserWithResponse(ctx, byPull))(t)
	wantStatus(t, "create for user by pull request", fromPull.StatusCode(), http.StatusCreated, fromPull.Body)

	refusals := []struct {
		name string
		do   func() (int, []byte)
		want int
	}{
		{"unknown repository", func() (int, []byte) {
			r := must(c.CodespacesCreateWithRepoForAuthenticatedUserWithResponse(ctx, "octocat", "nope", gen.CodespacesCreateWithRepoForAuthenticatedUserJSONRequestBody{}))(t)
			return r.StatusCode(), r.Body
		}, http.StatusNotFound},
		{"unknown pull request", func() (int, []byte) {
			r := must(c.CodespacesCreateWithPrForAuthenticatedUserWithResponse(ctx, "octocat", "Hello-World", 2, gen.CodespacesCreateWithPrForAuthenticatedUserJSONRequestBody{}))(t)
			return r.StatusCode(), r.Body
		}, http.StatusNotFound},
		{"unknown machine", func() (int, []byte) {
			r := must(c.CodespacesCreateWithRepoForAuthenticatedUserWithResponse(ctx, "octocat", "Hello-World", gen.CodespacesCreateWithRepoForAuthenticatedUserJSONRequestBody{Machine: ptr("hugeLinux")}))(t)
			return r.StatusCode(), r.Body
		}, http.StatusBadRequest},
		{"unknown devcontainer", func() (int, []byte) {
			r := must(c.CodespacesCreateWithRepoForAuthenticatedUserWithResponse(ctx, "octocat", "Hello-World", gen.CodespacesCreateWithRepoForAuthenticatedUserJSONRequestBody{DevcontainerPath: ptr(".devcontainer/nope.json")}))(t)
			return r.StatusCode(), r.Body
		}, http.StatusBadRequest},
		{"unknown location", func() (int, []byte) {
			r := must(c.CodespacesCreateWithRepoForAuthenticatedUserWithResponse(ctx, "octocat", "Hello-World", gen.CodespacesCreateWithRepoForAuthenticatedUserJSONRequestBody{Location: ptr("Mars")}))(t)
			return r.StatusCode(), r.Body
		}, http.StatusBadRequest},
		{"idle timeout too short", func() (int, []byte) {
			r := must(c.CodespacesCreateWithRepoForAuthenticatedUserWithResponse(ctx, "octocat", "Hello-World", gen.CodespacesCreateWithRepoForAuthenticatedUserJSONRequestBody{IdleTimeoutMinutes: ptr(1)}))(t)
			return r.StatusCode(), r.Body
		}, http.StatusBadRequest},
		{"retention too long", func() (int, []byte) {
			r := must(c.CodespacesCreateWithRepoForAuthenticatedUserWithResponse(ctx, "octocat", "Hello-World", gen.CodespacesCreateWithRepoForAuthenticatedUserJSONRequestBody{RetentionPeriodMinutes: ptr(50000)}))(t)
			return r.StatusCode(), r.Body
		}, http.StatusBadRequest},
		{"display name too long", func() (int, []byte) {
			r := must(c.CodespacesCreateWithRepoForAuthenticatedUserWithResponse(ctx, "octocat", "Hello-World", gen.CodespacesCreateWithRepoForAuthenticatedUserJSONRequestBody{DisplayName: ptr(strings.Repeat("x", 49))}))(t)
			return r.StatusCode(), r.Body
		}, http.StatusUnprocessableEntity},
		{"unknown repository id", func() (int, []byte) {
			var body gen.CreateCodespaceRequest
			_ = body.FromCreateCodespaceForRepository(gen.CreateCodespaceForRepository{RepositoryID: 42})
			r := must(c.CodespacesCreateForAuthenticatedUserWithResponse(ctx, body))(t)
			return r.StatusCode(), r.Body
		}, http.StatusNotFound},
	}
	for _, tc := range refusals {
		status, body := tc.do()
		if status != tc.want {
			t.Errorf("%s: status %d, want %d; body %s", tc.name, status, tc.want, body)
		}
		if !strings.Contains(string(body), `"documentation_url"`) {
			t.Errorf("%s: body %s is not GitHub-style", tc.name, body)
		}
	}
}

// TestCreateRetried checks the 202 path: CreateRetriedNext(1) is used up
// by the next create that makes a codespace, not by other requests or a
// create refused; the codespace exists, shows Queued, and comes up on the
// next read; the create after it is a 201 again.
func TestCreateRetried(t *testing.T) {
	ctx := context.Background()
	m, base := start(t)
	c := client(t, base, "tok")
	m.CreateRetriedNext(1)
	must(c.CodespacesListForAuthenticatedUserWithResponse(ctx, nil))(t)
	refused := must(c.CodespacesCreateWithRepoForAuthenticatedUserWithResponse(ctx, "octocat", "Hello-World",
		gen.CodespacesCreateWithRepoForAuthenticatedUserJSONRequestBody{Machine: ptr("no-such-machine")}))(t)
	if refused.StatusCode() < 400 {
		t.Fatalf("a create on an unknown machine: %d, want it refused", refused.StatusCode())
	}
	resp := must(c.CodespacesCreateWithRepoForAuthenticatedUserWithResponse(ctx, "octocat", "Hello-World",
		gen.CodespacesCreateWithRepoForAuthenticatedUserJSONRequestBody{}))(t)
	wantStatus(t, "create", resp.StatusCode(), http.StatusAccepted, resp.Body)
	if resp.JSON202.State != gen.CodespaceStateQueued {
		t.Errorf("202 shows %s, want Queued", resp.JSON202.State)
	}
	got := must(c.CodespacesGetForAuthenticatedUserWithResponse(ctx, resp.JSON202.Name))(t)
	if got.JSON200.State != gen.CodespaceStateAvailable {
		t.Errorf("next read shows %s, want Available", got.JSON200.State)
	}
	again := must(c.CodespacesCreateWithRepoForAuthenticatedUserWithResponse(ctx, "octocat", "Hello-World",
		gen.CodespacesCreateWithRepoForAuthenticatedUserJSONRequestBody{}))(t)
	wantStatus(t, "second create", again.StatusCode(), http.StatusCreated, again.Body)
}

// TestURLsLeadBackToTheMock follows the URLs a codespace carries: a client
// that never builds a path itself can still drive the codespace.
func TestURLsLeadBackToTheMock(t *testing.T) {
	_, base := start(t)
	cs := createInRepo(t, client(t, base, "tok"))
	for name, u := range map[string]string{
		"url": cs.URL, "machines_url": cs.MachinesURL, "start_url": cs.StartURL, "stop_url": cs.StopURL,
		"repository.url": cs.Repository.URL, "owner.url": cs.Owner.URL,
	} {
		if !strings.HasPrefix(u, base+"/") {
			t.Errorf("%s = %s, want it on the mock's base %s", name, u, base)
		}
	}
	for _, step := range []struct {
		method, url string
		want        int
	}{
		{http.MethodPost, cs.StopURL, http.StatusOK},
		{http.MethodPost, cs.StartURL, http.StatusOK},
		{http.MethodGet, cs.MachinesURL, http.StatusOK},
		{http.MethodGet, cs.URL, http.StatusOK},
	} {
		req, _ := http.NewRequest(step.method, step.url, nil)
		req.Header.Set("Authorization", "token tok")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != step.want {
			t.Errorf("%s %s: %d, want %d", step.method, step.url, resp.StatusCode, step.want)
		}
	}
}

func joinStates(states []gen.CodespaceState) string {
	s := make([]string, len(states))
	for i, st := range states {
		s[i] = string(st)
	}
	return strings.Join(s, ",")
}

type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

package mock

import (
	"context"
	"net/http"
	"strings"

	"github.com/codespaces-go/codespaces/gen"
	"github.com/codespaces-go/codespaces/gen/server"
)

// api implements the generated strict server interface on the Server's state.
// The pipeline (pipeline.go) has already routed, authenticated and checked
// the request; callFrom(ctx) says for whom and to which base URL to answer.
type api struct{ s *Server }

var _ server.StrictServerInterface = (*api)(nil)

// Paths a codespace moves along. Start and stop queue first, as GitHub's do:
// microsoft/PowerShellForGitHub, whose tests run against GitHub, waits
// through "Shutdown > Queued > Starting > Available" and "Available > Queued
// > ShuttingDown > ShutDown" (GitHubCodespaces.ps1, Wait-GitHubCodespaceAction,
// commit 9ec863b14277a524aa8f2931b742bb3dfed10d5a). The path of a creation
// is the mock's choice: no recording shows the states a new codespace
// passes through; that module counts Provisioning among them.
var (
	createPath = []gen.CodespaceState{gen.CodespaceStateQueued, gen.CodespaceStateProvisioning, gen.CodespaceStateAvailable}
	stopPath   = []gen.CodespaceState{gen.CodespaceStateQueued, gen.CodespaceStateShuttingDown, gen.CodespaceStateShutdown}
	startPath  = []gen.CodespaceState{gen.CodespaceStateQueued, gen.CodespaceStateStarting, gen.CodespaceStateAvailable}
	// failedCreatePath is a creation FailNextCreated makes fail, where it
	// would have become Available.
	failedCreatePath = []gen.CodespaceState{gen.CodespaceStateQueued, gen.CodespaceStateProvisioning, gen.CodespaceStateFailed}
)

// onCodespace runs f, under the lock, on the caller's codespace with its
// state brought up to date, and answers 404 when there is none: another
// user's codespace is as missing as a deleted one. R is the operation's
// response type, which response satisfies.
func onCodespace[R any](ctx context.Context, s *Server, name string, f func(*call, *codespace) R) R {
	c := callFrom(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.codespaces[name]
	if cs == nil || cs.owner != c.user {
		return any(notFound()).(R)
	}
	s.advance(cs)
	return f(c, cs)
}

// advance moves a codespace along its path as the timing allows, and ends
// its pending operation when that is over. Called with s.mu held.
func (s *Server) advance(cs *codespace) {
	now := s.cfg.clock()
	cs.life.advance(now, s.cfg.timing)
	if cs.pending != nil && cs.pending.over(now) {
		cs.pending = nil
		cs.updatedAt = s.now()
	}
}

// stop sets a codespace on its way to Shutdown, unless it is there or on
// its way already: a second stop changes nothing and answers 200, a choice
// for lack of evidence of what GitHub answers. Called with s.mu held.
func (s *Server) stop(cs *codespace) {
	if !stopping(cs) {
		s.setOut(cs, stopPath)
	}
}

// stopping reports whether a codespace is Shutdown or on its way there.
func stopping(cs *codespace) bool { return cs.life.end() == gen.CodespaceStateShutdown }

// remove deletes a codespace, which is gone (404) at once, and answers 202
// with the body {}: the generated 202 type embeds its map in a struct, which
// encoding/json writes as {"AcceptedJSONResponse":...}. Called with s.mu held.
func (s *Server) remove(cs *codespace) response {
	delete(s.codespaces, cs.name)
	s.forgetCodespace(cs)
	cs.owner.removeCodespace(cs)
	return response{status: http.StatusAccepted, body: map[string]any{}}
}

// ok is a 200 answer with body.
func ok(body any) response { return response{status: http.StatusOK, body: body} }

// setOut starts a codespace on a path and, when timing is instant, lets it
// reach the end at once. Called with s.mu held.
func (s *Server) setOut(cs *codespace, path []gen.CodespaceState) {
	cs.life.begin(s.cfg.clock(), path...)
	cs.updatedAt = s.now()
	s.advance(cs)
}

func (a *api) CodespacesGetForAuthenticatedUser(ctx context.Context, req server.CodespacesGetForAuthenticatedUserRequestObject) (server.CodespacesGetForAuthenticatedUserResponseObject, error) {
	s := a.s
	return onCodespace(ctx, s, req.CodespaceName, func(c *call, cs *codespace) server.CodespacesGetForAuthenticatedUserResponseObject {
		cs.observe()
		return ok(s.render(c, cs))
	}), nil
}

func (a *api) CodespacesListForAuthenticatedUser(ctx context.Context, req server.CodespacesListForAuthenticatedUserRequestObject) (server.CodespacesListForAuthenticatedUserResponseObject, error) {
	p := req.Params
	var repo *repository
	if p.RepositoryID != nil {
		if repo = a.s.repoWithID(callFrom(ctx).user, *p.RepositoryID); repo == nil {
			return notFound(), nil
		}
	}
	return a.s.listCodespaces(callFrom(ctx), repo, p.Page, p.PerPage), nil
}

func (a *api) CodespacesListInRepositoryForAuthenticatedUser(ctx context.Context, req server.CodespacesListInRepositoryForAuthenticatedUserRequestObject) (server.CodespacesListInRepositoryForAuthenticatedUserResponseObject, error) {
	repo := a.s.repoNamed(callFrom(ctx).user, req.Owner, req.Repo)
	if repo == nil {
		return notFound(), nil
	}
	return a.s.listCodespaces(callFrom(ctx), repo, req.Params.Page, req.Params.PerPage), nil
}

// listCodespaces answers a page of the caller's codespaces, of one repository
// when repo is not nil.
func (s *Server) listCodespaces(c *call, repo *repository, page, perPage *int) response {
	s.mu.Lock()
	defer s.mu.Unlock()
	var all []*codespace
	for _, cs := range c.user.codespaces {
		if repo == nil || cs.repo == repo {
			all = append(all, cs)
		}
	}
	return s.codespacePage(c, all, page, perPage)
}

// codespaceList is a list of codespaces as the list operations answer it.
type codespaceList struct {
	TotalCount int             `json:"total_count"`
	Codespaces []codespaceView `json:"codespaces"`
}

// codespacePage answers a page of codespaces; every codespace listed counts
// as read. The answer is built by hand: the description documents no Link
// header on these lists, so the generated response types cannot carry one,
// yet GitHub sends it. Called with s.mu held.
func (s *Server) codespacePage(c *call, all []*codespace, page, perPage *int) response {
	win := paginate(len(all), page, perPage)
	list := codespaceList{TotalCount: len(all), Codespaces: make([]codespaceView, 0, win.end-win.start)}
	for _, cs := range all[win.start:win.end] {
		s.advance(cs)
		cs.observe()
		list.Codespaces = append(list.Codespaces, s.render(c, cs))
	}
	return withLink(ok(list), win, c)
}

func (a *api) CodespacesUpdateForAuthenticatedUser(ctx context.Context, req server.CodespacesUpdateForAuthenticatedUserRequestObject) (server.CodespacesUpdateForAuthenticatedUserResponseObject, error) {
	s := a.s
	return onCodespace(ctx, s, req.CodespaceName, func(c *call, cs *codespace) server.CodespacesUpdateForAuthenticatedUserResponseObject {
		if refused, ok := busy(cs); ok {
			return refused
		}
		if b := req.Body; b != nil {
			if b.Machine != nil {
				m := s.world().machine(cs.repo, *b.Machine)
				if m == nil {
					return invalid(c.op.pick(http.StatusUnprocessableEntity, http.StatusBadRequest), "Codespace", "machine", "invalid",
						"machine "+quote(*b.Machine)+" is not available for this codespace")
				}
				// GitHub moves a codespace to a new machine type when it next starts.
				if m.Name != cs.machine.Name && s.cfg.machineChangePending != nil {
					cs.pending = newPendingOp(*s.cfg.machineChangePending, s.cfg.clock())
				}
				cs.pendingMachine = m
			}
			if b.DisplayName != nil {
				if resp, ok := checkDisplayName(c.op, *b.DisplayName); !ok {
					return resp
				}
				cs.displayName = *b.DisplayName
			}
			if b.RecentFolders != nil {
				cs.recentFolders = append([]string{}, *b.RecentFolders...)
			}
			cs.updatedAt = s.now()
		}
		return ok(s.render(c, cs))
	}), nil
}

func (a *api) CodespacesDeleteForAuthenticatedUser(ctx context.Context, req server.CodespacesDeleteForAuthenticatedUserRequestObject) (server.CodespacesDeleteForAuthenticatedUserResponseObject, error) {
	s := a.s
	return onCodespace(ctx, s, req.CodespaceName, func(c *call, cs *codespace) server.CodespacesDeleteForAuthenticatedUserResponseObject {
		return s.remove(cs)
	}), nil
}

func (a *api) CodespacesStartForAuthenticatedUser(ctx context.Context, req server.CodespacesStartForAuthenticatedUserRequestObject) (server.CodespacesStartForAuthenticatedUserResponseObject, error) {
	s := a.s
	return onCodespace(ctx, s, req.CodespaceName, func(c *call, cs *codespace) server.CodespacesStartForAuthenticatedUserResponseObject {
		if refused, ok := busy(cs); ok {
			return refused
		}
		switch {
		case cs.life.settled() && cs.life.state == gen.CodespaceStateShutdown:
			if cs.pendingMachine != nil {
				cs.machine, cs.pendingMachine = *cs.pendingMachine, nil
			}
			cs.lastUsedAt = s.now()
			s.setOut(cs, startPath)
		case cs.life.settled() && cs.life.state == gen.CodespaceStateAvailable:
			// cli/cli's StartCodespace (internal/codespaces/api/api.go, since
			// commit a3efb53c443d07dfab92a2dae7d66073d6e47124): "409 means the
			// codespace is already running". GitHub's message is not on record.
			return errorResponse(http.StatusConflict, "The codespace is already running.")
		case stopping(cs):
			// Queued or ShuttingDown on the way to Shutdown. A choice: cli/cli
			// issue 10218 only says such a start does nothing.
			return errorResponse(http.StatusConflict, "The codespace is shutting down; start it once it has stopped.")
		}
		// Queued, Provisioning or Starting on the way up: answered as it is,
		// a choice for lack of evidence (cli/cli starts any codespace that is
		// not Available and takes 200 and 409 alike).
		return ok(s.render(c, cs))
	}), nil
}

func (a *api) CodespacesStopForAuthenticatedUser(ctx context.Context, req server.CodespacesStopForAuthenticatedUserRequestObject) (server.CodespacesStopForAuthenticatedUserResponseObject, error) {
	s := a.s
	return onCodespace(ctx, s, req.CodespaceName, func(c *call, cs *codespace) server.CodespacesStopForAuthenticatedUserResponseObject {
		if refused, ok := busy(cs); ok {
			return refused
		}
		s.stop(cs)
		return ok(s.render(c, cs))
	}), nil
}

// codespaceView is a codespace as answers show it: gen's Codespace, with
// publish_url always there, as GitHub sends it: the URL to publish an
// unpublished codespace, else null, which gen's omitempty field could not
// write (oapi-codegen issue 2503). encoding/json lets the outer field win.
type codespaceView struct {
	gen.Codespace
	PublishURL *string `json:"publish_url"`
}

// render is a codespace as the API shows it, with URLs on the caller's base.
// Called with s.mu held.
func (s *Server) render(c *call, cs *codespace) codespaceView {
	owner := showUser(c.base, cs.owner)
	api := c.base + "/user/codespaces/" + cs.name
	var pulls *string
	if cs.pull != 0 {
		pulls = ptr(c.base + "/repos/" + cs.repo.fullName() + "/pulls/" + itoa(cs.pull))
	}
	var devcontainer *string
	if cs.devcontainerPath != "" { // a repository without a devcontainer.json, as the template
		devcontainer = ptr(cs.devcontainerPath)
	}
	machine := cs.machine
	out := gen.Codespace{
		ID:                 cs.id,
		Name:               cs.name,
		DisplayName:        ptr(cs.displayName),
		EnvironmentID:      ptr(cs.environmentID),
		Owner:              owner,
		BillableOwner:      showUser(c.base, s.billedTo(cs)),
		Machine:            &machine,
		DevcontainerPath:   devcontainer,
		Prebuild:           ptr(false),
		CreatedAt:          cs.createdAt,
		UpdatedAt:          cs.updatedAt,
		LastUsedAt:         cs.lastUsedAt,
		State:              cs.life.state,
		URL:                api,
		Location:           cs.location,
		IdleTimeoutMinutes: ptr(cs.idleTimeout),
		WebURL:             "https://" + cs.name + ".github.dev",
		MachinesURL:        api + "/machines",
		StartURL:           api + "/start",
		StopURL:            api + "/stop",
		PullsURL:           pulls,
		RecentFolders:      append([]string{}, cs.recentFolders...),
		PendingOperation:   ptr(cs.pending != nil),
		Repository:         showRepository(c.base, cs.repo),
	}
	out.GitStatus.Ahead, out.GitStatus.Behind = ptr(0), ptr(0)
	out.GitStatus.HasUncommittedChanges, out.GitStatus.HasUnpushedChanges = ptr(false), ptr(false)
	out.GitStatus.Ref = ptr(cs.ref)
	if cs.retention != nil {
		out.RetentionPeriodMinutes = ptr(*cs.retention)
		out.RetentionExpiresAt = ptr(cs.lastUsedAt.Add(minutes(*cs.retention + cs.idleTimeout)))
	}
	if cs.pending != nil {
		out.PendingOperationDisabledReason = ptr(cs.pending.Reason)
	}
	view := codespaceView{Codespace: out}
	if cs.unpublished {
		view.PublishURL = ptr(api + "/publish")
	}
	return view
}

func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }

// withLink adds the page's Link header, if the list has more than one page.
func withLink(resp response, win window, c *call) response {
	if link := linkOf(win, c); link != nil {
		if resp.header == nil {
			resp.header = make(http.Header)
		}
		resp.header.Set("Link", *link)
	}
	return resp
}

// linkOf is the page's Link header for a generated response's Headers, nil
// when one page holds the whole list.
func linkOf(win window, c *call) *string {
	if link := win.link(c.base, c.url); link != "" {
		return &link
	}
	return nil
}

package mock

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/codespaces-go/codespaces/gen"
	"github.com/codespaces-go/codespaces/gen/server"
)

// creation is what the three create operations have in common.
type creation struct {
	repo             *repository
	pull             int
	ref              *string
	location         *string
	geo              *string // gen has one enum type per body; the values are the same
	machine          *string
	devcontainerPath *string
	displayName      *string
	idleTimeout      *int
	retention        *int
}

func (a *api) CodespacesCreateWithRepoForAuthenticatedUser(ctx context.Context, req server.CodespacesCreateWithRepoForAuthenticatedUserRequestObject) (server.CodespacesCreateWithRepoForAuthenticatedUserResponseObject, error) {
	repo := a.s.repoNamed(callFrom(ctx).user, req.Owner, req.Repo)
	if repo == nil {
		return notFound(), nil
	}
	cr := creation{repo: repo}
	if b := req.Body; b != nil {
		cr.ref, cr.location, cr.geo, cr.machine = b.Ref, b.Location, (*string)(b.Geo), b.Machine
		cr.devcontainerPath, cr.displayName, cr.idleTimeout, cr.retention = b.DevcontainerPath, b.DisplayName, b.IdleTimeoutMinutes, b.RetentionPeriodMinutes
	}
	made, failure := a.s.create(callFrom(ctx), cr)
	return answerCreate(made, failure), nil
}

func (a *api) CodespacesCreateWithPrForAuthenticatedUser(ctx context.Context, req server.CodespacesCreateWithPrForAuthenticatedUserRequestObject) (server.CodespacesCreateWithPrForAuthenticatedUserResponseObject, error) {
	repo := a.s.repoNamed(callFrom(ctx).user, req.Owner, req.Repo)
	if repo == nil {
		return notFound(), nil
	}
	if _, ok := repo.pulls[req.PullNumber]; !ok {
		return notFound(), nil
	}
	cr := creation{repo: repo, pull: req.PullNumber}
	if b := req.Body; b != nil {
		cr.location, cr.geo, cr.machine, cr.devcontainerPath = b.Location, (*string)(b.Geo), b.Machine, b.DevcontainerPath
		cr.displayName, cr.idleTimeout, cr.retention = b.DisplayName, b.IdleTimeoutMinutes, b.RetentionPeriodMinutes
	}
	made, failure := a.s.create(callFrom(ctx), cr)
	return answerCreate(made, failure), nil
}

func (a *api) CodespacesCreateForAuthenticatedUser(ctx context.Context, req server.CodespacesCreateForAuthenticatedUserRequestObject) (server.CodespacesCreateForAuthenticatedUserResponseObject, error) {
	c := callFrom(ctx)
	cr, failure := a.s.creationFor(c, req.Body)
	if failure != nil {
		return *failure, nil
	}
	made, failure := a.s.create(c, cr)
	return answerCreate(made, failure), nil
}

// answerCreate picks a create operation's answer: the refusal, 202 when the
// mock plays "creation is being retried in the background", else 201.
func answerCreate(made created, failure *response) response {
	switch {
	case failure != nil:
		return *failure
	case made.retried:
		return response{status: http.StatusAccepted, body: made.codespace}
	}
	return response{status: http.StatusCreated, body: made.codespace}
}

// created is a codespace create made, as shown, and whether the answer is 202.
type created struct {
	codespace codespaceView
	retried   bool
}

// creationFor reads POST /user/codespaces, whose body names a repository or a
// pull request, never both.
func (s *Server) creationFor(c *call, body *gen.CreateCodespaceRequest) (creation, *response) {
	fail := func(field, message string) (creation, *response) {
		resp := invalid(c.op.pick(http.StatusUnprocessableEntity, http.StatusBadRequest), "Codespace", field, "invalid", message)
		return creation{}, &resp
	}
	if body == nil {
		return fail("repository_id", "repository_id or pull_request is required")
	}
	raw, err := body.MarshalJSON()
	var fields map[string]json.RawMessage
	if err == nil {
		err = json.Unmarshal(raw, &fields)
	}
	if err != nil {
		return fail("repository_id", "the body is not an object")
	}
	// A property that is null names nothing: {"repository_id": N,
	// "pull_request": null} matches only the repository branch of the
	// body's oneOf, and real clients send it.
	hasPull := present(fields["pull_request"])
	hasRepo := present(fields["repository_id"])
	switch {
	case hasPull && hasRepo:
		return fail("pull_request", "give repository_id or pull_request, not both")
	case hasPull:
		b, err := body.AsCreateCodespaceForPullRequest()
		if err != nil {
			return fail("pull_request", "pull_request must be an object with pull_request_number and repository_id")
		}
		repo := s.repoWithID(c.user, b.PullRequest.RepositoryID)
		if repo == nil {
			return creation{}, ptr(notFound())
		}
		if _, ok := repo.pulls[b.PullRequest.PullRequestNumber]; !ok {
			return creation{}, ptr(notFound())
		}
		return creation{repo: repo, pull: b.PullRequest.PullRequestNumber, location: b.Location, geo: (*string)(b.Geo),
			machine: b.Machine, devcontainerPath: b.DevcontainerPath, idleTimeout: b.IdleTimeoutMinutes}, nil
	case hasRepo:
		b, err := body.AsCreateCodespaceForRepository()
		if err != nil {
			return fail("repository_id", "repository_id must be an integer")
		}
		repo := s.repoWithID(c.user, b.RepositoryID)
		if repo == nil {
			return creation{}, ptr(notFound())
		}
		return creation{repo: repo, ref: b.Ref, location: b.Location, geo: (*string)(b.Geo), machine: b.Machine,
			devcontainerPath: b.DevcontainerPath, displayName: b.DisplayName, idleTimeout: b.IdleTimeoutMinutes,
			retention: b.RetentionPeriodMinutes}, nil
	}
	return fail("repository_id", "repository_id or pull_request is required")
}

// present reports whether a JSON property was given a value other than null.
func present(raw json.RawMessage) bool {
	t := bytes.TrimSpace(raw)
	return len(t) > 0 && !bytes.Equal(t, []byte("null"))
}

// Bounds GitHub puts on what a codespace is created with.
const (
	minIdleTimeout  = 5
	maxIdleTimeout  = 240
	maxRetention    = 43200
	maxDisplayName  = 48
	defaultIdleTime = 30
)

// create makes a codespace for the caller, or refuses what cr asks for.
func (s *Server) create(c *call, cr creation) (created, *response) {
	bad := func(field, message string) (created, *response) {
		resp := invalid(c.op.pick(http.StatusBadRequest, http.StatusUnprocessableEntity), "Codespace", field, "invalid", message)
		return created{}, &resp
	}
	machine := s.world().defaultMachine(cr.repo)
	if cr.machine != nil {
		if machine = s.world().machine(cr.repo, *cr.machine); machine == nil {
			return bad("machine", "machine "+quote(*cr.machine)+" is not available for this repository")
		}
	}
	location, ok := pickLocation(cr.location, cr.geo)
	if !ok {
		return bad("location", "location "+quote(*cr.location)+" is not a Codespaces location")
	}
	devcontainer := cr.repo.defaultDevcontainer()
	if cr.devcontainerPath != nil {
		devcontainer = *cr.devcontainerPath
		if !cr.repo.hasDevcontainer(devcontainer) {
			return bad("devcontainer_path", "no devcontainer.json at "+quote(devcontainer))
		}
	}
	idle := defaultIdleTime
	if cr.idleTimeout != nil {
		if idle = *cr.idleTimeout; idle < minIdleTimeout || idle > maxIdleTimeout {
			return bad("idle_timeout_minutes", fmt.Sprintf("idle_timeout_minutes must be between %d and %d", minIdleTimeout, maxIdleTimeout))
		}
	}
	if cr.retention != nil && (*cr.retention < 0 || *cr.retention > maxRetention) {
		return bad("retention_period_minutes", fmt.Sprintf("retention_period_minutes must be between 0 and %d", maxRetention))
	}
	if cr.displayName != nil {
		if resp, ok := checkDisplayName(c.op, *cr.displayName); !ok {
			return created{}, &resp
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	cs := &codespace{
		id:               s.nextID,
		name:             s.newCodespaceName(c.user, cr.repo),
		owner:            c.user,
		repo:             cr.repo,
		pull:             cr.pull,
		unpublished:      cr.repo.isTemplate,
		environmentID:    s.newUUID(),
		machine:          *machine,
		devcontainerPath: devcontainer,
		ref:              cr.repo.defaultBranch,
		location:         location,
		idleTimeout:      idle,
		retention:        cr.retention,
		recentFolders:    []string{},
		createdAt:        now,
		lastUsedAt:       now,
	}
	s.nextID++
	switch {
	case cr.ref != nil && *cr.ref != "":
		cs.ref = *cr.ref
	case cr.pull != 0:
		cs.ref = cr.repo.pulls[cr.pull]
	}
	cs.displayName = s.newDisplayName()
	if cr.displayName != nil {
		cs.displayName = *cr.displayName
	}
	s.addCodespace(cs)

	path := createPath
	if s.failNext > 0 {
		s.failNext--
		path = failedCreatePath
	}
	cs.life.begin(s.cfg.clock(), path...)
	cs.updatedAt = now
	if s.takeCreateRetriedLocked() {
		// The answer shows the codespace queued again; it moves on from the
		// next read, however instant the timing.
		return created{codespace: s.render(c, cs), retried: true}, nil
	}
	s.advance(cs)
	return created{codespace: s.render(c, cs)}, nil
}

func checkDisplayName(op *operation, name string) (response, bool) {
	if len(name) > maxDisplayName {
		return invalid(op.pick(http.StatusUnprocessableEntity, http.StatusBadRequest), "Codespace", "display_name", "invalid",
			fmt.Sprintf("display_name must be at most %d characters", maxDisplayName)), false
	}
	return response{}, true
}

// pickLocation maps the request's location or geo to a Codespaces location;
// GitHub picks one from the caller's IP when neither is given.
func pickLocation(location, geo *string) (gen.CodespaceLocation, bool) {
	if location != nil && *location != "" {
		for _, l := range []gen.CodespaceLocation{gen.CodespaceLocationEastUs, gen.CodespaceLocationSouthEastAsia,
			gen.CodespaceLocationWestEurope, gen.CodespaceLocationWestUs2} {
			if strings.EqualFold(string(l), *location) {
				return l, true
			}
		}
		return "", false
	}
	if geo != nil {
		switch gen.CreateCodespaceForRepositoryGeo(*geo) {
		case gen.CreateCodespaceForRepositoryGeoUsEast:
			return gen.CodespaceLocationEastUs, true
		case gen.CreateCodespaceForRepositoryGeoEuropeWest:
			return gen.CodespaceLocationWestEurope, true
		case gen.CreateCodespaceForRepositoryGeoSoutheastAsia:
			return gen.CodespaceLocationSouthEastAsia, true
		}
	}
	return defaultLocation, true
}

// defaultLocation is where the world places a codespace whose location
// nothing decides: the mock cannot tell where a caller is.
const defaultLocation = gen.CodespaceLocationWestUs2

// defaultDevcontainer is the devcontainer.json a codespace gets when it
// names none: .devcontainer/devcontainer.json where the repository has one,
// else its first, else none (""), as for the blank template.
func (r *repository) defaultDevcontainer() string {
	const usual = ".devcontainer/devcontainer.json"
	switch {
	case len(r.devcontainers) == 0:
		return ""
	case r.hasDevcontainer(usual):
		return usual
	}
	return r.devcontainers[0].path
}

func (r *repository) hasDevcontainer(path string) bool {
	for _, d := range r.devcontainers {
		if d.path == path {
			return true
		}
	}
	return false
}

const nameAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

// newCodespaceName makes a name the way GitHub does: owner, repository and a
// random suffix. Called with s.mu held.
func (s *Server) newCodespaceName(u *user, r *repository) string {
	for {
		var b strings.Builder
		b.WriteString(strings.ToLower(u.login + "-" + r.name + "-"))
		for range 10 {
			b.WriteByte(nameAlphabet[s.rng.IntN(len(nameAlphabet))])
		}
		if _, taken := s.codespaces[b.String()]; !taken {
			return b.String()
		}
	}
}

// newUUID makes a version 4 UUID from the seeded generator. Called with s.mu held.
func (s *Server) newUUID() string {
	hi, lo := s.rng.Uint64(), s.rng.Uint64()
	hi = hi&^0xf000 | 0x4000
	lo = lo&^(0xc<<60) | 0x8<<60
	h := fmt.Sprintf("%016x%016x", hi, lo)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

var (
	adjectives = []string{"bookish", "fuzzy", "jubilant", "laughing", "sturdy", "verbose"}
	nouns      = []string{"space", "garbanzo", "umbrella", "spork", "orbit", "waffle"}
	foods      = []string{"pancake", "potato", "trout", "lamp", "goggles", "tribble"}
)

// newDisplayName makes a name like GitHub's "bookish space pancake". Called
// with s.mu held.
func (s *Server) newDisplayName() string {
	return adjectives[s.rng.IntN(len(adjectives))] + " " + nouns[s.rng.IntN(len(nouns))] + " " + foods[s.rng.IntN(len(foods))]
}

func itoa(n int) string { return strconv.Itoa(n) }

func minutes(n int) time.Duration { return time.Duration(n) * time.Minute }

package scenario

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/codespaces-go/codespaces/client"
	"github.com/codespaces-go/codespaces/conformance/mock"
)

// checkRepository makes sure, before a live run creates anything, that the
// repository ID it was given is owner/repo's: the creates address the
// repository by ID, and a wrong one would make billed codespaces in a
// repository the run was not pointed at.
func (r *runner) checkRepository(ctx context.Context) error {
	what := r.cfg.Owner + "/" + r.cfg.Repo
	found, err := r.lookUp(ctx, r.cfg.Owner, r.cfg.Repo)
	if err != nil {
		return fmt.Errorf("check the repository %s (a live run needs a repository the token can see): %w", what, err)
	}
	if found.ID != r.cfg.RepositoryID {
		return fmt.Errorf("the repository ID %d is not %s's (that is %d): refusing to create anything", r.cfg.RepositoryID, what, found.ID)
	}
	if r.ref == "" {
		if found.DefaultBranch == "" {
			return fmt.Errorf("the repository %s names no default branch: pass -ref", what)
		}
		r.ref = found.DefaultBranch
	}
	return nil
}

// setOrganization fills in the organization the run administers: the
// mock's, or, live, the one -org and -org-repo name, whose repository's ID
// is looked up (organization secrets select repositories by ID). A live run
// without them has none, and its organization scenarios skip.
func (r *runner) setOrganization(ctx context.Context) error {
	cfg := r.cfg
	switch {
	case r.embedded:
		r.org = Organization{Login: mock.OrgLogin, Repo: mock.OrgRepo, RepoID: mock.OrgRepoID, Access: cfg.OrgAccess}
		return nil
	case cfg.Org == "" || cfg.OrgRepo == "":
		return nil
	}
	found, err := r.lookUp(ctx, cfg.Org, cfg.OrgRepo)
	if err != nil {
		return fmt.Errorf("look up the organization's repository %s/%s (-org, -org-repo): %w", cfg.Org, cfg.OrgRepo, err)
	}
	r.org = Organization{Login: cfg.Org, Repo: cfg.OrgRepo, RepoID: found.ID, Access: cfg.OrgAccess}
	return nil
}

// foundRepository is what the run reads of GET /repos/{owner}/{repo}.
type foundRepository struct {
	ID            int64
	DefaultBranch string
}

// lookUp asks GET /repos/{owner}/{repo}, which is not a Codespaces
// operation, so the exchange goes through the client's own transport
// (token, headers, retries) straight to the network, outside the validator
// and the report.
func (r *runner) lookUp(ctx context.Context, owner, repo string) (foundRepository, error) {
	c, err := client.New(client.WithBaseURL(r.base), client.WithToken(r.token), client.WithUserAgent(UserAgent),
		client.WithHTTPClient(&http.Client{Transport: r.network}))
	if err != nil {
		return foundRepository{}, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet,
		c.BaseURL()+"repos/"+url.PathEscape(owner)+"/"+url.PathEscape(repo), nil)
	if err != nil {
		return foundRepository{}, err
	}
	resp, err := c.HTTPClient().Do(req)
	if err != nil {
		return foundRepository{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err == nil {
		err = c.CheckResponse(resp, body)
	}
	if err != nil {
		return foundRepository{}, err
	}
	var found struct {
		ID            *int64 `json:"id"`
		DefaultBranch string `json:"default_branch"`
	}
	if err := json.Unmarshal(body, &found); err != nil || found.ID == nil {
		return foundRepository{}, fmt.Errorf("the answer has no repository id")
	}
	return foundRepository{ID: *found.ID, DefaultBranch: found.DefaultBranch}, nil
}

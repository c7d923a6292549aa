package scenario

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/codespaces-go/codespaces/client"
)

// checkRepository makes sure, before a live run creates anything, that the
// repository ID it was given is owner/repo's: the creates address the
// repository by ID, and a wrong one would make billed codespaces in a
// repository the run was not pointed at. It asks GET /repos/{owner}/{repo},
// which is not a Codespaces operation, so the exchange goes through the
// client's own transport (token, headers, retries) straight to the network,
// outside the validator and the report.
func (r *runner) checkRepository(ctx context.Context) error {
	what := r.cfg.Owner + "/" + r.cfg.Repo
	c, err := client.New(client.WithBaseURL(r.base), client.WithToken(r.token), client.WithUserAgent(UserAgent),
		client.WithHTTPClient(&http.Client{Transport: r.network}))
	if err != nil {
		return fmt.Errorf("check the repository %s: %w", what, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet,
		c.BaseURL()+"repos/"+url.PathEscape(r.cfg.Owner)+"/"+url.PathEscape(r.cfg.Repo), nil)
	if err != nil {
		return fmt.Errorf("check the repository %s: %w", what, err)
	}
	resp, err := c.HTTPClient().Do(req)
	if err != nil {
		return fmt.Errorf("check the repository %s: %w", what, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err == nil {
		err = c.CheckResponse(resp, body)
	}
	if err != nil {
		return fmt.Errorf("check the repository %s (a live run needs a repository the token can see): %w", what, err)
	}
	var repo struct {
		ID *int64 `json:"id"`
	}
	if err := json.Unmarshal(body, &repo); err != nil || repo.ID == nil {
		return fmt.Errorf("check the repository %s: the answer has no repository id", what)
	}
	if *repo.ID != r.cfg.RepositoryID {
		return fmt.Errorf("the repository ID %d is not %s's (that is %d): refusing to create anything", r.cfg.RepositoryID, what, *repo.ID)
	}
	return nil
}

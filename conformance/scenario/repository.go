package scenario

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// checkRepository makes sure, before a live run creates anything, that the
// repository ID it was given is owner/repo's: the creates address the
// repository by ID, and a wrong one would make billed codespaces in a
// repository the run was not pointed at. It asks GET /repos/{owner}/{repo},
// which is not a Codespaces operation, so the exchange goes straight to the
// network, outside the validator and the report.
func (r *runner) checkRepository(ctx context.Context) error {
	u := strings.TrimRight(r.base, "/") + "/repos/" + url.PathEscape(r.cfg.Owner) + "/" + url.PathEscape(r.cfg.Repo)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return fmt.Errorf("check the repository: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+r.token)
	req.Header.Set("Accept", "application/vnd.github+json")
	req.Header.Set("X-GitHub-Api-Version", "2022-11-28")
	req.Header.Set("User-Agent", UserAgent)
	resp, err := r.network.RoundTrip(req)
	if err != nil {
		return fmt.Errorf("check the repository %s/%s: %w", r.cfg.Owner, r.cfg.Repo, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("check the repository %s/%s: %w", r.cfg.Owner, r.cfg.Repo, err)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("check the repository %s/%s: GET /repos/%s/%s answered %s; a live run needs a repository the token can see",
			r.cfg.Owner, r.cfg.Repo, r.cfg.Owner, r.cfg.Repo, resp.Status)
	}
	var repo struct {
		ID       *int64 `json:"id"`
		FullName string `json:"full_name"`
	}
	if err := json.Unmarshal(body, &repo); err != nil || repo.ID == nil {
		return fmt.Errorf("check the repository %s/%s: the answer has no repository id", r.cfg.Owner, r.cfg.Repo)
	}
	if *repo.ID != r.cfg.RepositoryID {
		return fmt.Errorf("the repository ID %d is not %s/%s's (that is %d): refusing to create anything", r.cfg.RepositoryID, r.cfg.Owner, r.cfg.Repo, *repo.ID)
	}
	return nil
}

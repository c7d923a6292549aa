package client

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"

	"github.com/codespaces-go/codespaces/gen"
	"github.com/codespaces-go/codespaces/internal/linkheader"
)

// ListOptions shapes a paginated list.
type ListOptions struct {
	// PerPage is how many items each request fetches, 1 to 100; zero leaves
	// it to the server (30 on GitHub).
	PerPage int
}

// ListCodespacesOptions shapes ListCodespaces.
type ListCodespacesOptions struct {
	// PerPage is as in ListOptions.
	PerPage int
	// RepositoryID, if not zero, keeps only the codespaces of that repository.
	RepositoryID int64
}

// ListCodespaces returns the user's codespaces, fetching pages as the loop
// needs them (following each answer's Link rel="next"). The loop ends after
// the last page, after the first error (yielded with a nil codespace), or
// when the caller breaks out of it.
//
//	for cs, err := range c.ListCodespaces(ctx, client.ListCodespacesOptions{}) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(cs.Name, cs.State)
//	}
func (c *Client) ListCodespaces(ctx context.Context, opts ListCodespacesOptions) iter.Seq2[*gen.Codespace, error] {
	params := &gen.CodespacesListForAuthenticatedUserParams{PerPage: perPage(opts.PerPage)}
	if opts.RepositoryID != 0 {
		params.RepositoryID = &opts.RepositoryID
	}
	return paginate(ctx, c, opListCodespaces, opts.PerPage, func() (*http.Response, error) {
		return c.raw().CodespacesListForAuthenticatedUser(ctx, params)
	}, func(p *codespaceList) []gen.Codespace { return p.Codespaces })
}

// ListRepositoryCodespaces returns the user's codespaces of the repository
// owner/repo, page by page as ListCodespaces does.
func (c *Client) ListRepositoryCodespaces(ctx context.Context, owner, repo string, opts ListOptions) iter.Seq2[*gen.Codespace, error] {
	if err := requireNames(opListRepositoryCodespaces, "owner", owner, "repository name", repo); err != nil {
		return failed[gen.Codespace](err)
	}
	params := &gen.CodespacesListInRepositoryForAuthenticatedUserParams{PerPage: perPage(opts.PerPage)}
	return paginate(ctx, c, opListRepositoryCodespaces, opts.PerPage, func() (*http.Response, error) {
		return c.raw().CodespacesListInRepositoryForAuthenticatedUser(ctx, owner, repo, params)
	}, func(p *codespaceList) []gen.Codespace { return p.Codespaces })
}

// ListDevcontainers returns the devcontainer configurations of the
// repository owner/repo that a codespace can be created from, page by page as
// ListCodespaces does.
func (c *Client) ListDevcontainers(ctx context.Context, owner, repo string, opts ListOptions) iter.Seq2[*Devcontainer, error] {
	if err := requireNames(opListDevcontainers, "owner", owner, "repository name", repo); err != nil {
		return failed[Devcontainer](err)
	}
	params := &gen.CodespacesListDevcontainersInRepositoryForAuthenticatedUserParams{PerPage: perPage(opts.PerPage)}
	return paginate(ctx, c, opListDevcontainers, opts.PerPage, func() (*http.Response, error) {
		return c.raw().CodespacesListDevcontainersInRepositoryForAuthenticatedUser(ctx, owner, repo, params)
	}, func(p *devcontainerList) []Devcontainer { return p.Devcontainers })
}

// Devcontainer is a devcontainer configuration of a repository. The spec
// describes it inline, so gen has no name for it; this alias is that type.
type Devcontainer = struct {
	DisplayName *string `json:"display_name,omitempty"`
	Name        *string `json:"name,omitempty"`
	Path        string  `json:"path"`
}

// The lists' answers, which the spec describes inline.
type (
	codespaceList struct {
		Codespaces []gen.Codespace `json:"codespaces"`
		TotalCount int             `json:"total_count"`
	}
	devcontainerList struct {
		Devcontainers []Devcontainer `json:"devcontainers"`
		TotalCount    int            `json:"total_count"`
	}
	secretList struct {
		Secrets    []gen.CodespacesSecret `json:"secrets"`
		TotalCount int                    `json:"total_count"`
	}
	repositoryList struct {
		Repositories []gen.MinimalRepository `json:"repositories"`
		TotalCount   int                     `json:"total_count"`
	}
)

func perPage(n int) *int {
	if n == 0 {
		return nil
	}
	return &n
}

// maxPerPage is the spec's maximum of per_page (spec_test.go holds it to the
// spec: the client cannot read the spec at run time without linking it).
const maxPerPage = 100

// paginate yields the items of every page: first fetches page one; later
// pages are the Link rel="next" of the page before. An empty page ends the
// list even if it links to another, so a server that always links onward
// cannot keep the loop going forever.
func paginate[P, T any](ctx context.Context, c *Client, op string, perPage int, first func() (*http.Response, error), items func(*P) []T) iter.Seq2[*T, error] {
	if perPage < 0 || perPage > maxPerPage {
		return failed[T](fmt.Errorf("%s: per page must be between 1 and %d, not %d", op, maxPerPage, perPage))
	}
	return func(yield func(*T, error) bool) {
		fetch := first
		seen := map[string]bool{}
		for {
			resp, err := fetch()
			page, resp, err := decode[P](c, op, resp, err)
			if err != nil {
				yield(nil, err)
				return
			}
			seen[resp.Request.URL.String()] = true
			list := items(page)
			for i := range list {
				if !yield(&list[i], nil) {
					return
				}
			}
			next, ok := linkheader.Find("next", resp.Header.Values("Link")...)
			if !ok || len(list) == 0 {
				return
			}
			u, err := c.nextPage(op, resp.Request.URL, next)
			if err != nil {
				yield(nil, err)
				return
			}
			if seen[u.String()] {
				yield(nil, fmt.Errorf("%s: the next-page link %s leads back to a page already read", op, u.Redacted()))
				return
			}
			fetch = func() (*http.Response, error) {
				req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
				if err != nil {
					return nil, err
				}
				return c.http.Do(req)
			}
		}
	}
}

// nextPage resolves a next-page link against the page it came with, and
// refuses one that leaves the API's origin.
func (c *Client) nextPage(op string, current *url.URL, link string) (*url.URL, error) {
	ref, err := url.Parse(link)
	if err != nil {
		return nil, fmt.Errorf("%s: the next-page link is not a URL: %w", op, err)
	}
	u := current.ResolveReference(ref)
	if !sameOrigin(u, c.origin) {
		return nil, fmt.Errorf("%s: the next-page link %s leaves the API at %s", op, u.Redacted(), c.origin.Redacted())
	}
	return u, nil
}

// failed is a list that yields err and ends.
func failed[T any](err error) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) { yield(nil, err) }
}

// Collect drains a list iterator into a slice: every item of every page.
// On an error it returns the items read before it, and the error.
func Collect[T any](seq iter.Seq2[*T, error]) ([]*T, error) {
	var out []*T
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}

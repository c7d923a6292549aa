package client

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"

	"github.com/codespaces-go/codespaces/gen"
	"github.com/codespaces-go/codespaces/internal/linkheader"
	"github.com/codespaces-go/codespaces/internal/origin"
)

// ListOptions shapes a paginated list.
type ListOptions struct {
	// PerPage is how many items each request fetches, 1 to 100; zero leaves
	// it to the server (30 on GitHub).
	PerPage int
	// Page is the page to start at, counting from 1 (the default), such as
	// a Page.Number+1 seen earlier.
	Page int
}

// ListCodespacesOptions shapes ListCodespaces.
type ListCodespacesOptions struct {
	ListOptions
	// RepositoryID, if not zero, keeps only the codespaces of that repository.
	RepositoryID int64
}

// Page is one page of a list, as the Pages methods yield it.
type Page[T any] struct {
	// Items are the page's items.
	Items []T
	// TotalCount is the list's total_count: the items of all pages.
	TotalCount int
	// Number is the page's number, counting from 1: a list can be taken up
	// again later at Number+1 (ListOptions.Page).
	Number int
	// Response is the page's answer: its ETag, rate limit and headers.
	Response *Response
}

// ListCodespaces returns the user's codespaces, fetching pages as the loop
// needs them (following each answer's Link rel="next"). The loop ends after
// the last page, after the first error (yielded with a nil codespace), or
// when the caller breaks out of it. callOpts apply to every page's request.
//
//	for cs, err := range c.ListCodespaces(ctx, client.ListCodespacesOptions{}) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(cs.Name, cs.State)
//	}
func (c *Client) ListCodespaces(ctx context.Context, opts ListCodespacesOptions, callOpts ...CallOption) iter.Seq2[*gen.Codespace, error] {
	return itemsOf(c.ListCodespacesPages(ctx, opts, callOpts...))
}

// ListCodespacesPages is ListCodespaces a page at a time, with each page's
// total_count, number and answer.
func (c *Client) ListCodespacesPages(ctx context.Context, opts ListCodespacesOptions, callOpts ...CallOption) iter.Seq2[*Page[gen.Codespace], error] {
	params := &gen.CodespacesListForAuthenticatedUserParams{PerPage: nonZero(opts.PerPage), Page: nonZero(opts.Page)}
	if opts.RepositoryID != 0 {
		params.RepositoryID = &opts.RepositoryID
	}
	return paginate(ctx, c, opListCodespaces, opts.ListOptions, callOpts, func(ctx context.Context, cl *call) (*http.Response, error) {
		return c.raw().CodespacesListForAuthenticatedUser(ctx, params, cl.editors...)
	}, (*codespaceList).page, codespaceID)
}

// ListRepositoryCodespaces returns the user's codespaces of the repository
// owner/repo, page by page as ListCodespaces does.
func (c *Client) ListRepositoryCodespaces(ctx context.Context, owner, repo string, opts ListOptions, callOpts ...CallOption) iter.Seq2[*gen.Codespace, error] {
	return itemsOf(c.ListRepositoryCodespacesPages(ctx, owner, repo, opts, callOpts...))
}

// ListRepositoryCodespacesPages is ListRepositoryCodespaces a page at a time.
func (c *Client) ListRepositoryCodespacesPages(ctx context.Context, owner, repo string, opts ListOptions, callOpts ...CallOption) iter.Seq2[*Page[gen.Codespace], error] {
	if err := requireNames(opListRepositoryCodespaces, ownerParam(owner), repoParam(repo)); err != nil {
		return failed[Page[gen.Codespace]](err)
	}
	params := &gen.CodespacesListInRepositoryForAuthenticatedUserParams{PerPage: nonZero(opts.PerPage), Page: nonZero(opts.Page)}
	return paginate(ctx, c, opListRepositoryCodespaces, opts, callOpts, func(ctx context.Context, cl *call) (*http.Response, error) {
		return c.raw().CodespacesListInRepositoryForAuthenticatedUser(ctx, owner, repo, params, cl.editors...)
	}, (*codespaceList).page, codespaceID)
}

// ListDevcontainers returns the devcontainer configurations of the
// repository owner/repo that a codespace can be created from, page by page as
// ListCodespaces does.
func (c *Client) ListDevcontainers(ctx context.Context, owner, repo string, opts ListOptions, callOpts ...CallOption) iter.Seq2[*gen.Devcontainer, error] {
	return itemsOf(c.ListDevcontainersPages(ctx, owner, repo, opts, callOpts...))
}

// ListDevcontainersPages is ListDevcontainers a page at a time.
func (c *Client) ListDevcontainersPages(ctx context.Context, owner, repo string, opts ListOptions, callOpts ...CallOption) iter.Seq2[*Page[gen.Devcontainer], error] {
	if err := requireNames(opListDevcontainers, ownerParam(owner), repoParam(repo)); err != nil {
		return failed[Page[gen.Devcontainer]](err)
	}
	params := &gen.CodespacesListDevcontainersInRepositoryForAuthenticatedUserParams{PerPage: nonZero(opts.PerPage), Page: nonZero(opts.Page)}
	return paginate(ctx, c, opListDevcontainers, opts, callOpts, func(ctx context.Context, cl *call) (*http.Response, error) {
		return c.raw().CodespacesListDevcontainersInRepositoryForAuthenticatedUser(ctx, owner, repo, params, cl.editors...)
	}, (*devcontainerList).page, devcontainerID)
}

// The lists' answers, which the spec describes inline, and how paginate
// reads each one's items and total.
type (
	codespaceList struct {
		Codespaces []gen.Codespace `json:"codespaces"`
		TotalCount int             `json:"total_count"`
	}
	devcontainerList struct {
		Devcontainers []gen.Devcontainer `json:"devcontainers"`
		TotalCount    int                `json:"total_count"`
	}
	// secretList is the list of each scope's secrets, whose types differ.
	secretList[T any] struct {
		Secrets    []T `json:"secrets"`
		TotalCount int `json:"total_count"`
	}
	repositoryList struct {
		Repositories []gen.MinimalRepository `json:"repositories"`
		TotalCount   int                     `json:"total_count"`
	}
)

func (p *codespaceList) page() ([]gen.Codespace, int)          { return p.Codespaces, p.TotalCount }
func (p *devcontainerList) page() ([]gen.Devcontainer, int)    { return p.Devcontainers, p.TotalCount }
func (p *secretList[T]) page() ([]T, int)                      { return p.Secrets, p.TotalCount }
func (p *repositoryList) page() ([]gen.MinimalRepository, int) { return p.Repositories, p.TotalCount }

// What names an item of each list, for paginate to tell new items from
// repeated ones: a codespace's name is unique (it is in its URLs), a
// devcontainer is its path and name, a secret its name, a repository its id.
func codespaceID(cs *gen.Codespace) string         { return cs.Name }
func repositoryID(r *gen.MinimalRepository) string { return strconv.FormatInt(r.ID, 10) }
func devcontainerID(d *gen.Devcontainer) string {
	if d.Name == nil {
		return d.Path
	}
	return d.Path + "\x00" + *d.Name
}

func nonZero(n int) *int {
	if n == 0 {
		return nil
	}
	return &n
}

// maxPerPage is the spec's maximum of per_page (spec_test.go holds it to the
// spec: the client cannot read the spec at run time without linking it).
const maxPerPage = 100

// paginate yields every page: first fetches the first page asked for;
// later pages are the Link rel="next" of the page before. A server that
// always links onward cannot keep the loop going: the list ends at an empty
// page, and fails, naming what happened, when a next link leads to a page
// already read, when a page adds no item that earlier pages did not have
// (a next link that changes on every page, ?page=1&x=N, while the items do
// not), or when more distinct items came than the largest total_count said
// the list has. id names an item, to tell a new one from one read before.
//
// Items are told apart by what names them in the API (a codespace's name, a
// secret's name, a repository's id), so a list that changes while it is read
// can repeat an item across pages; only a whole page of them fails. An
// endless list of ever new items whose total_count grows with them is not
// told from a long one: the context and the caller's loop bound it.
func paginate[P, T any](ctx context.Context, c *Client, op string, list ListOptions, opts []CallOption,
	first func(context.Context, *call) (*http.Response, error), items func(*P) ([]T, int), id func(*T) string) iter.Seq2[*Page[T], error] {
	switch {
	case list.PerPage < 0 || list.PerPage > maxPerPage:
		return failed[Page[T]](fmt.Errorf("%s: per page must be between 1 and %d, not %d", op, maxPerPage, list.PerPage))
	case list.Page < 0:
		return failed[Page[T]](fmt.Errorf("%s: the page to start at counts from 1, not %d", op, list.Page))
	}
	return func(yield func(*Page[T], error) bool) {
		ctx, cl := c.begin(ctx, op, opts)
		fetch := first
		seen := map[string]bool{}
		progress := listProgress[T]{id: id, read: map[string]struct{}{}}
		for {
			resp, err := fetch(ctx, cl)
			body, resp, err := decode[P](cl, resp, err)
			if err != nil {
				yield(nil, err)
				return
			}
			seen[resp.Request.URL.String()] = true
			page := &Page[T]{Number: pageNumber(resp.Request.URL), Response: newResponse(resp)}
			page.Items, page.TotalCount = items(body)
			if err := progress.add(page.Items, page.TotalCount); err != nil {
				yield(nil, fmt.Errorf("%s: the page at %s %w", op, resp.Request.URL.Redacted(), err))
				return
			}
			if !yield(page, nil) {
				return
			}
			next, ok := linkheader.Find("next", resp.Header.Values("Link")...)
			if !ok || len(page.Items) == 0 {
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
			fetch = func(ctx context.Context, cl *call) (*http.Response, error) {
				req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
				if err != nil {
					return nil, err
				}
				for _, edit := range cl.editors {
					if err := edit(ctx, req); err != nil {
						return nil, err
					}
				}
				return c.http.Do(req)
			}
		}
	}
}

// listProgress is what a list has read so far, to tell whether a page
// brings it further.
type listProgress[T any] struct {
	id       func(*T) string
	read     map[string]struct{} // the ids of the items read
	maxTotal int                 // the largest total_count seen
}

// add counts a page's items in, or says why the page brings the list no
// further; the error completes "the page at URL ...".
func (p *listProgress[T]) add(items []T, total int) error {
	before := len(p.read)
	for i := range items {
		p.read[p.id(&items[i])] = struct{}{}
	}
	p.maxTotal = max(p.maxTotal, total)
	switch {
	case len(items) > 0 && len(p.read) == before:
		return fmt.Errorf("adds nothing: its %d items all came on earlier pages", len(items))
	case len(p.read) > p.maxTotal:
		return fmt.Errorf("brings the list to %d items, more than its total_count of %d", len(p.read), p.maxTotal)
	}
	return nil
}

// pageNumber reads a page's number from its URL: 1 without a page parameter.
func pageNumber(u *url.URL) int {
	if n, err := strconv.Atoi(u.Query().Get("page")); err == nil && n > 0 {
		return n
	}
	return 1
}

// itemsOf flattens pages into their items.
func itemsOf[T any](pages iter.Seq2[*Page[T], error]) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		for page, err := range pages {
			if err != nil {
				yield(nil, err)
				return
			}
			for i := range page.Items {
				if !yield(&page.Items[i], nil) {
					return
				}
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
	if !origin.Same(u, c.origin) {
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

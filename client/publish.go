package client

import (
	"context"

	"github.com/codespaces-go/codespaces/gen"
)

const opPublishCodespace = "codespaces/publish-for-authenticated-user"

// PublishCodespace publishes an unpublished codespace (one created from a
// template, whose PublishURL is set): GitHub creates a repository for it
// under the user and returns the codespace with that full repository.
// GitHub refuses a codespace that is already published. opts names the
// repository and says whether it is private; nil fields are left to GitHub.
//
// It is never retried automatically (a retry after a lost answer would find
// the codespace published and fail, or create a second repository): on an
// error, get the codespace to learn whether it was published.
func (c *Client) PublishCodespace(ctx context.Context, name string, opts gen.PublishCodespaceOptions, callOpts ...CallOption) (*gen.CodespaceWithFullRepository, error) {
	if err := requireNames(opPublishCodespace, codespaceParam(name)); err != nil {
		return nil, err
	}
	ctx, cl := c.begin(ctx, opPublishCodespace, callOpts)
	resp, err := c.raw().CodespacesPublishForAuthenticatedUser(ctx, name, opts, cl.editors...)
	return decodeNamed(cl, resp, err, func(cs *gen.CodespaceWithFullRepository) string { return cs.Name })
}

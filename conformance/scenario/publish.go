package scenario

import (
	"context"
	"fmt"
	"net/http"
	"slices"

	"github.com/codespaces-go/codespaces/client"
	"github.com/codespaces-go/codespaces/conformance/mock"
	"github.com/codespaces-go/codespaces/gen"
)

// The template GitHub's blank codespaces are made from, on GitHub as in the
// mock's world.
const (
	templateOwner = mock.TemplateOwner
	templateRepo  = mock.TemplateRepo
)

// publish makes a codespace from GitHub's blank template, which is
// unpublished (publish_url set), waits for it, and publishes it to a new
// private repository of the user's; the codespace is then in that
// repository, with no publish_url, and listed by it. A second publish is
// refused (422: "This will fail for a codespace that is already
// published"). The repository stays: the API cannot delete repositories.
func publish(ctx context.Context, e *Env) error {
	if !e.Publish {
		return Skip("publishing creates a repository, which the API cannot delete: pass -publish to run it")
	}
	res, err := e.Client.CreateCodespaceInRepository(ctx, templateOwner, templateRepo,
		gen.CreateCodespaceInRepositoryOptions{DisplayName: ptr(e.DisplayName("publish"))})
	if err != nil {
		return fmt.Errorf("create a codespace from the template %s/%s: %w", templateOwner, templateRepo, err)
	}
	name := res.Codespace.Name
	e.Created(name)
	if err := expect(res.Codespace.PublishURL != nil, "codespace %s made from the template has no publish_url", name); err != nil {
		return err
	}
	if err := e.waitAvailable(ctx, name); err != nil {
		return err
	}
	repoName := e.DisplayName("published")
	pub, err := e.Client.PublishCodespace(ctx, name, gen.PublishCodespaceOptions{Name: &repoName, Private: ptr(true)})
	if err != nil {
		return fmt.Errorf("publish codespace %s: %w", name, err)
	}
	full := pub.Owner.Login + "/" + repoName
	if !e.Embedded {
		e.ledger.add(kindRepository, full)
	}
	if err := expect(pub.Repository.FullName == full && pub.Repository.Private,
		"publishing %s made repository %s (private: %v), not private %s", name, pub.Repository.FullName, pub.Repository.Private, full); err != nil {
		return err
	}
	e.Logf("codespace %s published to %s", name, full)
	_, err = e.Client.PublishCodespace(ctx, name, gen.PublishCodespaceOptions{Name: ptr(repoName + "-again")})
	if err := expectStatus(err, http.StatusUnprocessableEntity, "publish codespace "+name+" again"); err != nil {
		return err
	}
	cs, err := e.Client.GetCodespace(ctx, name)
	if err != nil {
		return fmt.Errorf("get published codespace %s: %w", name, err)
	}
	if err := expect(cs.PublishURL == nil && cs.Repository.FullName == full,
		"published codespace %s has publish_url %v in repository %s, want none in %s", name, deref(cs.PublishURL), cs.Repository.FullName, full); err != nil {
		return err
	}
	inRepo, err := client.Collect(e.Client.ListRepositoryCodespaces(ctx, pub.Owner.Login, repoName, client.ListOptions{}))
	if err != nil {
		return fmt.Errorf("list the codespaces of the new repository %s: %w", full, err)
	}
	if err := expect(slices.ContainsFunc(inRepo, func(c *gen.Codespace) bool { return c.Name == name }), "the new repository %s does not list codespace %s", full, name); err != nil {
		return err
	}
	return e.deleteCodespace(ctx, name)
}

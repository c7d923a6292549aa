package scenario

import (
	"context"
	"fmt"
	"strings"

	"github.com/codespaces-go/codespaces/client"
	"github.com/codespaces-go/codespaces/gen"
	"github.com/codespaces-go/codespaces/internal/idalias"
)

// pageSecrets is how many secrets the secret-pages scenario puts in each
// scope: at one per page, two pages at least.
const pageSecrets = 2

// pagedScope is a scope whose secrets the secret-pages scenario pages
// through.
type pagedScope struct {
	what string
	kind itemKind
	// idKind is the id-based path GitHub's Links lead to for this scope.
	idKind idalias.Kind
	set    func(ctx context.Context, name string) error
	list   func(ctx context.Context) ([]string, error) // one secret a page
	del    func(ctx context.Context, name string) error
}

// secretPages puts secrets in the run's repository and, given one, in the
// organization, and pages through each scope's secrets one at a time along
// the Link headers, as clients do: each of them comes once, in as many
// pages as the items need. GitHub's Links on these lists lead to id-based
// paths (https://api.github.com/repositories/670312779/codespaces/secrets?per_page=1&page=2,
// https://api.github.com/organizations/64329988/codespaces/secrets?per_page=1&page=2:
// cassettes/github), which reach the same operations; the client follows
// them as given, and the validating transport checks them as those
// operations. The embedded mock must lead there too; elsewhere the form is
// noted.
func secretPages(ctx context.Context, e *Env) error {
	r := e.Repo
	scopes := []pagedScope{{
		what: "repository " + r.Owner + "/" + r.Name + "'s", kind: kindRepoSecret, idKind: idalias.Repository,
		set: func(ctx context.Context, name string) error {
			_, err := e.Client.SetRepoSecret(ctx, r.Owner, r.Name, name, []byte("conformance page"), client.SetRepoSecretOptions{})
			return err
		},
		list: func(ctx context.Context) ([]string, error) {
			list, err := client.Collect(e.Client.ListRepoSecrets(ctx, r.Owner, r.Name, client.ListOptions{PerPage: 1}))
			return names(list, func(s *gen.RepoCodespacesSecret) string { return s.Name }), err
		},
		del: func(ctx context.Context, name string) error {
			return e.Client.DeleteRepoSecret(ctx, r.Owner, r.Name, name)
		},
	}}
	if o := e.Org; o.Login != "" {
		scopes = append(scopes, pagedScope{
			what: "organization " + o.Login + "'s", kind: kindOrgSecret, idKind: idalias.Organization,
			set: func(ctx context.Context, name string) error {
				_, err := e.Client.SetOrgSecret(ctx, o.Login, name, []byte("conformance page"), gen.OrgSecretVisibilityAll, client.SetOrgSecretOptions{})
				return err
			},
			list: func(ctx context.Context) ([]string, error) {
				list, err := client.Collect(e.Client.ListOrgSecrets(ctx, o.Login, client.ListOptions{PerPage: 1}))
				return names(list, func(s *gen.CodespacesOrgSecret) string { return s.Name }), err
			},
			del: func(ctx context.Context, name string) error { return e.Client.DeleteOrgSecret(ctx, o.Login, name) },
		})
	}
	for _, sc := range scopes {
		if err := pageThrough(ctx, e, sc); err != nil {
			return err
		}
	}
	return nil
}

// pageThrough is secretPages in one scope.
func pageThrough(ctx context.Context, e *Env, sc pagedScope) error {
	var mine []string
	for i := range pageSecrets {
		name := e.SecretName(fmt.Sprintf("page_%d", i+1))
		e.ledger.add(sc.kind, name)
		if err := sc.set(ctx, name); err != nil {
			if err := e.needsRight(err, sc.what+" secrets need the right to manage them"); err != nil {
				return err
			}
			return fmt.Errorf("put %s secret %s: %w", sc.what, name, err)
		}
		mine = append(mine, name)
	}
	pctx, probe := e.Observe(ctx)
	got, err := sc.list(pctx)
	if err != nil {
		return fmt.Errorf("page through %s secrets: %w", sc.what, err)
	}
	seen := map[string]int{}
	for _, n := range got {
		seen[strings.ToUpper(n)]++
		if seen[strings.ToUpper(n)] > 1 {
			return fmt.Errorf("%s secrets: %s came twice", sc.what, n)
		}
	}
	for _, n := range mine {
		if seen[n] != 1 {
			return fmt.Errorf("%s secrets: %s did not come", sc.what, n)
		}
	}
	pages := probe.Exchanges()
	if err := expect(len(pages) >= len(got), "%s secrets: %d came in %d pages of 1", sc.what, len(got), len(pages)); err != nil {
		return err
	}
	// The pages after the first are where the Links led.
	idBased := 0
	idForm := sc.idKind.Template()
	prefix, _, _ := strings.Cut(idForm, "{") // after a base path, if any
	for _, x := range pages[1:] {
		if i := strings.Index(x.Path, prefix); i >= 0 {
			if a, ok := idalias.Parse(x.Path[i:]); ok && a.Kind == sc.idKind {
				idBased++
			}
		}
	}
	e.Logf("%s secrets: %d in %d pages of 1, %d of the %d pages after the first at GitHub's id-based %s/…", sc.what, len(got), len(pages), idBased, len(pages)-1, idForm)
	if e.Embedded {
		if err := expect(idBased == len(pages)-1, "%s secrets: the mock's Links led %d of %d pages to %s/…, as GitHub's do", sc.what, idBased, len(pages)-1, idForm); err != nil {
			return err
		}
	}
	for _, n := range mine {
		if err := sc.del(ctx, n); err != nil {
			return fmt.Errorf("delete %s secret %s: %w", sc.what, n, err)
		}
		e.ledger.remove(sc.kind, n)
	}
	return nil
}

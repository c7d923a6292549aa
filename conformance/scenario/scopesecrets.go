package scenario

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/codespaces-go/codespaces/client"
)

// secretScope is one of the three places secrets live (the user's, an
// organization's, a repository's), as the shared part of their scenarios
// sees it: the same life, each scope's own calls.
type secretScope struct {
	what string // "the organization octo-org's", for messages
	// set seals value with the scope's key and puts it.
	set func(ctx context.Context, name string, value []byte) (*client.SecretResult, error)
	// get reads the secret's name back.
	get  func(ctx context.Context, name string) (string, error)
	list func(ctx context.Context) ([]string, error)
	del  func(ctx context.Context, name string) error
}

// secretLife creates a secret in the scope (201), updates it (204), reads
// and lists it, and runs between before it is deleted, then checks that it
// is 404 and no longer listed.
func secretLife(ctx context.Context, e *Env, sc secretScope, name string, noted func(), between func() error) error {
	noted()
	for i, want := range []client.SecretOutcome{client.SecretCreated, client.SecretUpdated} {
		res, err := sc.set(ctx, name, fmt.Appendf(nil, "conformance value %d", i+1))
		if err != nil {
			return fmt.Errorf("put %s secret %s: %w", sc.what, name, err)
		}
		if err := expect(res.Outcome == want, "putting %s secret %s answered %s, not %s", sc.what, name, res, want); err != nil {
			return err
		}
	}
	e.Logf("%s secret %s created (201) and updated (204)", sc.what, name)
	got, err := sc.get(ctx, name)
	if err != nil {
		return fmt.Errorf("get %s secret %s: %w", sc.what, name, err)
	}
	if err := expect(strings.EqualFold(got, name), "%s secret %s reads back as %s", sc.what, name, got); err != nil {
		return err
	}
	if err := scopeListed(ctx, sc, name, true); err != nil {
		return err
	}
	if between != nil {
		if err := between(); err != nil {
			return err
		}
	}
	if err := sc.del(ctx, name); err != nil {
		return fmt.Errorf("delete %s secret %s: %w", sc.what, name, err)
	}
	_, err = sc.get(ctx, name)
	if err := expectStatus(err, http.StatusNotFound, "get "+sc.what+" deleted secret "+name); err != nil {
		return err
	}
	e.Logf("%s secret %s deleted: 404", sc.what, name)
	return scopeListed(ctx, sc, name, false)
}

// scopeListed checks whether the scope's secrets include name.
func scopeListed(ctx context.Context, sc secretScope, name string, want bool) error {
	names, err := sc.list(ctx)
	if err != nil {
		return fmt.Errorf("list %s secrets: %w", sc.what, err)
	}
	found := slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(n, name) })
	if want {
		return expect(found, "%s %d secrets do not include %s", sc.what, len(names), name)
	}
	return expect(!found, "%s secrets still include %s after it was deleted", sc.what, name)
}

// names maps a list to the names in it.
func names[T any](list []*T, name func(*T) string) []string {
	out := make([]string, 0, len(list))
	for _, v := range list {
		out = append(out, name(v))
	}
	return out
}

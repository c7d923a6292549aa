package scenario

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/codespaces-go/codespaces/client"
	"github.com/codespaces-go/codespaces/gen"
)

type itemKind int

const (
	kindCodespace       itemKind = iota + 1 // the main user's
	kindMemberCodespace                     // the second user's
	kindSecret                              // the main user's
	kindOrgSecret                           // of Env.Org
	kindRepoSecret                          // of Env.Repo
	// kindRepository is a repository a live publish made: the API has no
	// repository delete, so the clean-up reports it as left behind.
	kindRepository
)

// ledger lists what a scenario created and has not deleted yet.
type ledger struct {
	mu    sync.Mutex
	items map[itemKind][]string
}

func newLedger() *ledger { return &ledger{items: map[itemKind][]string{}} }

func (l *ledger) add(k itemKind, name string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !slices.Contains(l.items[k], name) {
		l.items[k] = append(l.items[k], name)
	}
}

func (l *ledger) remove(k itemKind, name string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.items[k] = slices.DeleteFunc(l.items[k], func(n string) bool { return n == name })
}

func (l *ledger) pending(k itemKind) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.items[k])
}

// Cleanup says what a clean-up deleted, what it could not, and what it had
// to leave.
type Cleanup struct {
	Codespaces []string `json:"codespaces,omitempty"`
	// Secrets are the user's by name, an organization's or a repository's
	// as "NAME of SCOPE".
	Secrets []string `json:"secrets,omitempty"`
	// Left are the repositories a live publish made, which no Codespaces
	// operation (nor any of the API's, for a fine-grained token without
	// the delete_repo scope) can delete: the run names them for whoever
	// runs it to delete by hand.
	Left   []string `json:"left,omitempty"`
	Errors []string `json:"errors,omitempty"`
}

// empty reports whether the clean-up had nothing to do and nothing failed.
func (c Cleanup) empty() bool {
	return len(c.Codespaces) == 0 && len(c.Secrets) == 0 && len(c.Left) == 0 && len(c.Errors) == 0
}

// deleter deletes one kind of thing the run made, by name.
func (e *Env) deleter(k itemKind) func(ctx context.Context, name string) error {
	switch k {
	case kindCodespace:
		return func(ctx context.Context, name string) error { return e.Client.DeleteCodespace(ctx, name) }
	case kindMemberCodespace:
		if e.Second == nil {
			return nil
		}
		return func(ctx context.Context, name string) error { return e.Second.DeleteCodespace(ctx, name) }
	case kindSecret:
		return func(ctx context.Context, name string) error { return e.Client.DeleteSecret(ctx, name) }
	case kindOrgSecret:
		return func(ctx context.Context, name string) error { return e.Client.DeleteOrgSecret(ctx, e.Org.Login, name) }
	case kindRepoSecret:
		return func(ctx context.Context, name string) error {
			return e.Client.DeleteRepoSecret(ctx, e.Repo.Owner, e.Repo.Name, name)
		}
	}
	return nil
}

// cleanUp deletes what the ledger still lists. A 404 counts as deleted.
func cleanUp(ctx context.Context, e *Env) Cleanup {
	var out Cleanup
	for _, k := range []itemKind{kindCodespace, kindMemberCodespace, kindSecret, kindOrgSecret, kindRepoSecret, kindRepository} {
		del := e.deleter(k)
		for _, name := range e.ledger.pending(k) {
			if k == kindRepository {
				out.Left = append(out.Left, name)
			} else if del != nil {
				out.note(e, k, name, del(ctx, name))
			}
			e.ledger.remove(k, name)
		}
	}
	return out
}

// sweep deletes the codespaces and secrets that carry the run's names (and
// nothing else), in case a scenario created something whose answer it
// never saw: the user's, the second user's, and the organization's and the
// repository's secrets where the token may list them.
func sweep(ctx context.Context, e *Env, runID string) Cleanup {
	var out Cleanup
	ours := func(display *string) bool {
		return display != nil && strings.HasPrefix(*display, codespacePrefix(runID))
	}
	ourSecret := func(name string) bool { return strings.HasPrefix(strings.ToUpper(name), secretPrefix(runID)) }
	codespaces := func(c *client.Client) iter.Seq2[*gen.Codespace, error] {
		return c.ListCodespaces(ctx, client.ListCodespacesOptions{ListOptions: client.ListOptions{PerPage: 100}})
	}
	sweepKind(ctx, e, &out, kindCodespace, "codespaces", codespaces(e.Client), func(cs *gen.Codespace) (string, bool) { return cs.Name, ours(cs.DisplayName) })
	if e.Second != nil {
		sweepKind(ctx, e, &out, kindMemberCodespace, "the second user's codespaces", codespaces(e.Second), func(cs *gen.Codespace) (string, bool) { return cs.Name, ours(cs.DisplayName) })
	}
	sweepKind(ctx, e, &out, kindSecret, "secrets", e.Client.ListSecrets(ctx, client.ListOptions{PerPage: 100}), func(s *gen.CodespacesSecret) (string, bool) { return s.Name, ourSecret(s.Name) })
	if e.Org.Login != "" {
		sweepKind(ctx, e, &out, kindOrgSecret, "the organization's secrets", e.Client.ListOrgSecrets(ctx, e.Org.Login, client.ListOptions{PerPage: 100}),
			func(s *gen.CodespacesOrgSecret) (string, bool) { return s.Name, ourSecret(s.Name) })
	}
	sweepKind(ctx, e, &out, kindRepoSecret, "the repository's secrets", e.Client.ListRepoSecrets(ctx, e.Repo.Owner, e.Repo.Name, client.ListOptions{PerPage: 100}),
		func(s *gen.RepoCodespacesSecret) (string, bool) { return s.Name, ourSecret(s.Name) })
	return out
}

// sweepKind deletes what list yields that match says is the run's. A list
// refused for want of a right (403 or 404) holds nothing the run made: the
// run needed that right to make it.
func sweepKind[T any](ctx context.Context, e *Env, out *Cleanup, k itemKind, what string, list iter.Seq2[*T, error], match func(*T) (string, bool)) {
	var names []string
	for v, err := range list {
		var ae *client.APIError
		if errors.As(err, &ae) && (ae.StatusCode == http.StatusForbidden || ae.StatusCode == http.StatusNotFound) {
			return
		}
		if err != nil {
			out.Errors = append(out.Errors, fmt.Sprintf("list %s: %v", what, err))
			return
		}
		if name, ok := match(v); ok {
			names = append(names, name)
		}
	}
	del := e.deleter(k)
	for _, name := range names {
		out.note(e, k, name, del(ctx, name))
	}
}

func (c *Cleanup) note(e *Env, k itemKind, name string, err error) {
	switch {
	case client.IsNotFound(err):
		// Already gone: nothing was left behind.
	case err != nil:
		c.Errors = append(c.Errors, fmt.Sprintf("delete %s: %v", name, err))
	case k == kindCodespace || k == kindMemberCodespace:
		c.Codespaces = append(c.Codespaces, name)
	case k == kindOrgSecret:
		c.Secrets = append(c.Secrets, name+" of "+e.Org.Login)
	case k == kindRepoSecret:
		c.Secrets = append(c.Secrets, name+" of "+e.Repo.Owner+"/"+e.Repo.Name)
	default:
		c.Secrets = append(c.Secrets, name)
	}
}

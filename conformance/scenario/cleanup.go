package scenario

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/codespaces-go/codespaces/client"
)

type itemKind int

const (
	kindCodespace itemKind = iota + 1
	kindSecret
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

// Cleanup says what a clean-up deleted, and what it could not.
type Cleanup struct {
	Codespaces []string `json:"codespaces,omitempty"`
	Secrets    []string `json:"secrets,omitempty"`
	Errors     []string `json:"errors,omitempty"`
}

// empty reports whether the clean-up had nothing to do and nothing failed.
func (c Cleanup) empty() bool {
	return len(c.Codespaces) == 0 && len(c.Secrets) == 0 && len(c.Errors) == 0
}

// cleanUp deletes what the ledger still lists. A 404 counts as deleted.
func cleanUp(ctx context.Context, c *client.Client, l *ledger) Cleanup {
	var out Cleanup
	for _, name := range l.pending(kindCodespace) {
		out.note(kindCodespace, name, c.DeleteCodespace(ctx, name))
		l.remove(kindCodespace, name)
	}
	for _, name := range l.pending(kindSecret) {
		out.note(kindSecret, name, c.DeleteSecret(ctx, name))
		l.remove(kindSecret, name)
	}
	return out
}

// sweep deletes the user's codespaces and secrets that carry the run's
// names (and nothing else), in case a scenario created something whose
// answer it never saw.
func sweep(ctx context.Context, c *client.Client, runID string) Cleanup {
	var out Cleanup
	var names []string
	for cs, err := range c.ListCodespaces(ctx, client.ListCodespacesOptions{PerPage: 100}) {
		if err != nil {
			out.Errors = append(out.Errors, fmt.Sprintf("list codespaces: %v", err))
			break
		}
		if cs.DisplayName != nil && strings.HasPrefix(*cs.DisplayName, codespacePrefix(runID)) {
			names = append(names, cs.Name)
		}
	}
	for _, name := range names {
		out.note(kindCodespace, name, c.DeleteCodespace(ctx, name))
	}
	names = names[:0]
	for s, err := range c.ListSecrets(ctx, client.ListOptions{PerPage: 100}) {
		if err != nil {
			out.Errors = append(out.Errors, fmt.Sprintf("list secrets: %v", err))
			break
		}
		if strings.HasPrefix(strings.ToUpper(s.Name), secretPrefix(runID)) {
			names = append(names, s.Name)
		}
	}
	for _, name := range names {
		out.note(kindSecret, name, c.DeleteSecret(ctx, name))
	}
	return out
}

func (c *Cleanup) note(k itemKind, name string, err error) {
	switch {
	case client.IsNotFound(err):
		// Already gone: nothing was left behind.
	case err != nil:
		c.Errors = append(c.Errors, fmt.Sprintf("delete %s: %v", name, err))
	case k == kindCodespace:
		c.Codespaces = append(c.Codespaces, name)
	default:
		c.Secrets = append(c.Secrets, name)
	}
}

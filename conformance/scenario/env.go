package scenario

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/codespaces-go/codespaces/client"
)

// Repository is the repository a run works in.
type Repository struct {
	Owner      string
	Name       string
	ID         int64
	PullNumber int
	// DefaultBranch is the branch the permissions check and the pre-flight
	// ask about (Config.Ref).
	DefaultBranch string
}

// Organization is the organization a run administers, and the repository
// of it the run works in; Login is empty when the run has none.
type Organization struct {
	Login  string
	Repo   string
	RepoID int64
	// Access is the organization's codespaces access setting, which the
	// run restores after changing it; empty when the run may not change it.
	Access string
}

// Env is what a scenario works with: clients for the target, the repository,
// names that mark what the run creates, the waits to use, and a ledger of
// what is still to be deleted.
type Env struct {
	// Client is the main user's client.
	Client *client.Client
	// Second is another user's client; nil when the target has none.
	Second *client.Client
	// Anonymous sends no token.
	Anonymous *client.Client
	Repo      Repository
	Org       Organization
	Location  string
	// Publish says the run may publish a codespace, creating a repository
	// that the API cannot delete.
	Publish bool
	// Embedded says the target is the embedded mock: faults can be injected
	// and its world is known.
	Embedded bool

	runID       string
	poll        client.PollOptions
	waitTimeout time.Duration
	ledger      *ledger
	logf        func(format string, args ...any)
}

// Logf notes a step; the runner prints notes with -v.
func (e *Env) Logf(format string, args ...any) {
	if e.logf != nil {
		e.logf(format, args...)
	}
}

// DisplayName is the display name of a codespace the run creates, tagged
// with what it is for; the clean-up recognises it.
func (e *Env) DisplayName(tag string) string {
	return codespacePrefix(e.runID) + tag
}

// SecretName is the name of a secret the run creates; the clean-up
// recognises it.
func (e *Env) SecretName(tag string) string {
	return secretPrefix(e.runID) + strings.ToUpper(tag)
}

func codespacePrefix(runID string) string { return "conformance-" + runID + "-" }

func secretPrefix(runID string) string { return "CONFORMANCE_" + strings.ToUpper(runID) + "_" }

// WaitOptions are the codespace waits' options for the target: millisecond
// polls for the mock, the client's defaults for a live server.
func (e *Env) WaitOptions() client.WaitOptions { return client.WaitOptions{PollOptions: e.poll} }

// ActionWaitOptions are the options of the waits that follow a create, a
// start or a stop, polling as WaitOptions do.
func (e *Env) ActionWaitOptions() client.ActionWaitOptions {
	return client.ActionWaitOptions{PollOptions: e.poll}
}

// ExportWaitOptions are the export waits' options for the target.
func (e *Env) ExportWaitOptions() client.ExportWaitOptions {
	return client.ExportWaitOptions{PollOptions: e.poll}
}

// WaitContext bounds one wait.
func (e *Env) WaitContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, e.waitTimeout)
}

// Created notes a codespace the run created, for the clean-up to delete if
// the scenario does not.
func (e *Env) Created(name string) { e.ledger.add(kindCodespace, name) }

// Deleted notes that a codespace noted by Created is gone.
func (e *Env) Deleted(name string) { e.ledger.remove(kindCodespace, name) }

// SecretCreated notes a secret the run may have created.
func (e *Env) SecretCreated(name string) { e.ledger.add(kindSecret, name) }

// SecretDeleted notes that a secret is gone.
func (e *Env) SecretDeleted(name string) { e.ledger.remove(kindSecret, name) }

// Observe returns a context whose requests p records.
func (e *Env) Observe(ctx context.Context) (context.Context, *Probe) {
	p := &Probe{}
	return withProbe(ctx, p), p
}

// WithFault returns a context whose requests ask the mock for fault (the
// X-Mock-Fault syntax, e.g. "status=503;count=1") and are recorded by the
// probe. status is what the fault answers: the violations that status
// explains are excused from the report. Only the embedded mock honours it.
func (e *Env) WithFault(ctx context.Context, fault string, status int) (context.Context, *Probe) {
	p := &Probe{fault: fault, status: status}
	return withProbe(ctx, p), p
}

// waitGone polls a codespace until it answers 404: deletion is accepted
// (202) and carried out in the background.
func (e *Env) waitGone(ctx context.Context, name string) error {
	return e.waitGoneBy(ctx, e.Client, name)
}

// waitGoneBy is waitGone for the codespace of c's user.
func (e *Env) waitGoneBy(ctx context.Context, c *client.Client, name string) error {
	ctx, cancel := e.WaitContext(ctx)
	defer cancel()
	interval := e.poll.MinInterval
	if interval <= 0 {
		interval = client.DefaultMinInterval
	}
	state := "there" // until a read says which state it is in
	for {
		cs, err := c.GetCodespace(ctx, name)
		switch {
		case client.IsNotFound(err):
			return nil
		case err != nil && ctx.Err() == nil:
			return fmt.Errorf("get deleted codespace %s: %w", name, err)
		case err != nil:
			return fmt.Errorf("codespace %s is still %s after deletion: %w", name, state, ctx.Err())
		}
		state = string(cs.State)
		e.Logf("codespace %s is still %s after deletion", name, state)
		t := time.NewTimer(interval)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("codespace %s is still %s after deletion: %w", name, state, ctx.Err())
		case <-t.C:
		}
	}
}

// randomRunID is six hex digits: enough that two live runs do not share
// names.
func randomRunID() string {
	var b [3]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

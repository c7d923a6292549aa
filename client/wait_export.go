package client

import (
	"context"
	"errors"
	"fmt"

	"github.com/codespaces-go/codespaces/gen"
)

// The export states that end a wait. The spec types the state as a plain
// string ("succeeded | failed | in_progress" in its example), so gen has no
// constants for them.
const (
	exportSucceeded = "succeeded"
	exportFailed    = "failed"
)

// ErrExportFailed is wrapped by WaitForExport's error when the export ended
// in the failed state.
var ErrExportFailed = errors.New("the export failed")

// ExportWaitOptions shapes WaitForExport and ExportCodespaceAndWait. The
// zero value polls as PollOptions' zero value does.
type ExportWaitOptions struct {
	PollOptions
	// OnProgress, if not nil, is called with the export each time its state
	// is seen to change, the first time included.
	OnProgress func(*gen.CodespaceExportDetails)
}

// ExportWaitError is the error of an export wait that did not end in
// succeeded. The cause (Err) is ErrExportFailed, ErrGone joined with the
// 404's *APIError, the context's error, or the error of a call that failed
// for good.
type ExportWaitError struct {
	// Name is the codespace's name and ExportID the export's.
	Name, ExportID string
	// Export is the export as last seen, or nil if it never was.
	Export *gen.CodespaceExportDetails
	Err    error
}

// Error says which state the export is in and why the wait ended.
func (e *ExportWaitError) Error() string {
	what := fmt.Sprintf("export %s of codespace %s", e.ExportID, e.Name)
	switch {
	case isContextEnd(e.Err) && e.Export != nil:
		return fmt.Sprintf("%s is still %s: %v", what, exportState(e.Export), e.Err)
	case isContextEnd(e.Err):
		return fmt.Sprintf("%s was never seen: %v", what, e.Err)
	case errors.Is(e.Err, ErrExportFailed):
		return fmt.Sprintf("%s failed", what)
	case errors.Is(e.Err, ErrGone):
		return fmt.Sprintf("%s went away while waiting for it: %v", what, e.Err)
	}
	return fmt.Sprintf("waiting for %s: %v", what, e.Err)
}

// Unwrap returns the cause.
func (e *ExportWaitError) Unwrap() error { return e.Err }

// WaitForExport polls an export of a codespace (exportID "latest" is the most
// recent) until it succeeded, and returns it. A failed export, a 404 or an
// error that is not transient ends the wait; an unknown or missing state is
// polled on. It polls as every waiter does (see Waiting in the package
// documentation); every error is an *ExportWaitError.
func (c *Client) WaitForExport(ctx context.Context, name, exportID string, opts ExportWaitOptions) (*gen.CodespaceExportDetails, error) {
	return c.waitExport(ctx, name, exportID, nil, opts)
}

// ExportCodespaceAndWait starts an export (see ExportCodespace) and waits for
// it (see WaitForExport).
func (c *Client) ExportCodespaceAndWait(ctx context.Context, name string, opts ExportWaitOptions) (*gen.CodespaceExportDetails, error) {
	export, err := c.ExportCodespace(ctx, name)
	if err != nil {
		return nil, err
	}
	id := "latest"
	if export.ID != nil && *export.ID != "" {
		id = *export.ID
	}
	return c.waitExport(ctx, name, id, export, opts)
}

func (c *Client) waitExport(ctx context.Context, name, exportID string, first *gen.CodespaceExportDetails, opts ExportWaitOptions) (*gen.CodespaceExportDetails, error) {
	if name == "" || exportID == "" {
		return nil, &ExportWaitError{Name: name, ExportID: exportID, Err: errors.New("the codespace name or export ID is empty")}
	}
	timeout, err := opts.timeout()
	if err != nil {
		return nil, &ExportWaitError{Name: name, ExportID: exportID, Err: err}
	}
	out := poll(ctx, c, opts.poller(c.clock), first, pollSpec[gen.CodespaceExportDetails]{
		get: func(ctx context.Context, o ...CallOption) (*gen.CodespaceExportDetails, error) {
			return c.GetExport(ctx, name, exportID, o...)
		},
		state: exportState,
		judge: func(_ context.Context, e *gen.CodespaceExportDetails) (bool, error) {
			switch exportState(e) {
			case exportSucceeded:
				return true, nil
			case exportFailed:
				return false, ErrExportFailed
			}
			return false, nil
		},
		progress: opts.OnProgress,
		timeout:  timeout,
	})
	if out.err != nil {
		return nil, &ExportWaitError{Name: name, ExportID: exportID, Export: out.last, Err: out.err}
	}
	return out.last, nil
}

func exportState(e *gen.CodespaceExportDetails) string {
	if e.State == nil {
		return "without a state"
	}
	return string(*e.State)
}

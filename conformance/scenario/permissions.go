package scenario

import (
	"context"
	"fmt"
	"strings"

	"github.com/codespaces-go/codespaces/client"
	"github.com/codespaces-go/codespaces/conformance/mock"
	"github.com/codespaces-go/codespaces/gen"
)

// documentationIP is in 192.0.2.0/24, RFC 5737's documentation network,
// which the mock places in EastUs; no real client has it.
const documentationIP = "192.0.2.10"

// permissions asks, for each of the repository's devcontainers on its
// default branch, whether the permissions it asks for have been accepted,
// and asks for the defaults of a new codespace (the pre-flight) with and
// without a client IP. Against the mock the answers are its world's: only
// the foobar devcontainer asks for permissions, which nobody has accepted;
// octocat pays; WestUs2 by default and EastUs for the documentation IP.
func permissions(ctx context.Context, e *Env) error {
	r := e.Repo
	list, err := client.Collect(e.Client.ListDevcontainers(ctx, r.Owner, r.Name, client.ListOptions{}))
	if err != nil {
		return fmt.Errorf("list devcontainers: %w", err)
	}
	if err := expect(len(list) > 0, "%s/%s has no devcontainers", r.Owner, r.Name); err != nil {
		return err
	}
	for _, d := range list {
		accepted, err := e.Client.DevcontainerPermissionsAccepted(ctx, r.Owner, r.Name, r.DefaultBranch, d.Path)
		if err != nil {
			return fmt.Errorf("check the permissions of %s at %s: %w", d.Path, r.DefaultBranch, err)
		}
		e.Logf("devcontainer %s at %s: permissions accepted: %v", d.Path, r.DefaultBranch, accepted)
		if asks := strings.Contains(d.Path, "/foobar/"); e.Embedded && accepted == asks {
			return fmt.Errorf("the permissions of %s at %s are accepted: %v, want %v", d.Path, r.DefaultBranch, accepted, !asks)
		}
	}
	for _, ask := range []struct {
		options  client.CodespaceDefaultsOptions
		location gen.CodespaceLocation
	}{
		{client.CodespaceDefaultsOptions{}, gen.CodespaceLocationWestUs2},
		{client.CodespaceDefaultsOptions{ClientIP: documentationIP, Ref: r.DefaultBranch}, gen.CodespaceLocationEastUs},
	} {
		d, err := e.Client.CodespaceDefaults(ctx, r.Owner, r.Name, ask.options)
		if err != nil {
			return fmt.Errorf("get the defaults of a codespace in %s/%s (%+v): %w", r.Owner, r.Name, ask.options, err)
		}
		if err := expect(d.BillableOwner != nil && d.Location != "", "the defaults (%+v) name no billable owner or no location", ask.options); err != nil {
			return err
		}
		e.Logf("defaults (%+v): %s pays, location %s, devcontainer %v", ask.options, d.BillableOwner.Login, d.Location, deref(d.DevcontainerPath))
		if e.Embedded && (d.BillableOwner.Login != mock.OctocatLogin || d.Location != string(ask.location)) {
			return fmt.Errorf("the defaults (%+v) are %s paying in %s, want %s in %s", ask.options, d.BillableOwner.Login, d.Location, mock.OctocatLogin, ask.location)
		}
	}
	return nil
}

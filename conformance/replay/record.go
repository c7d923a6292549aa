package replay

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"gopkg.in/dnaeon/go-vcr.v3/recorder"

	"github.com/codespaces-go/codespaces/client"
	"github.com/codespaces-go/codespaces/conformance/cassette"
	"github.com/codespaces-go/codespaces/conformance/validate"
	"github.com/codespaces-go/codespaces/gen"
)

// LiveOptions says which live server RecordLive calls and where it saves
// what it answered.
type LiveOptions struct {
	Path    string // the cassette file to write, e.g. cassettes/live/github.com.yaml
	BaseURL string // e.g. https://api.github.com or https://api.SUBDOMAIN.ghe.com
	Token   string
	// Repository, "owner/name", adds the repository-scoped operations.
	Repository string
	// Location is asked for the repository's machines; empty lets the
	// server choose by IP, as the description allows.
	Location string
}

// RecordLive makes a cassette for later replays: it calls the operations
// that change nothing (lists, gets, the public key, machine types) against a
// live server, checks every exchange, and saves them, scrubbed, to
// opts.Path. What the server answers, 4xx
// included, is recorded as it is; the report says what broke the spec.
func RecordLive(ctx context.Context, opts LiveOptions, v *validate.Validator) (*validate.Report, error) {
	rec, err := cassette.NewRecorder(opts.Path, recorder.ModeRecordOnly, nil)
	if err != nil {
		return nil, err
	}
	report := validate.NewReport(v)
	c, err := client.New(client.WithBaseURL(opts.BaseURL), client.WithToken(opts.Token),
		client.WithHTTPClient(&http.Client{Transport: v.Transport(rec, validate.ReportOnly, report)}),
		client.WithRetryPolicy(client.RetryPolicy{MaxAttempts: 1}))
	if err != nil {
		return nil, fmt.Errorf("replay: record: %w", err)
	}
	callErr := recordCalls(ctx, c.API(), opts)
	if err := rec.Stop(); err != nil {
		return report, fmt.Errorf("replay: save the cassette %s: %w", opts.Path, err)
	}
	return report, callErr
}

func recordCalls(ctx context.Context, api *gen.ClientWithResponses, opts LiveOptions) error {
	perPage := 5
	list, err := api.CodespacesListForAuthenticatedUserWithResponse(ctx, &gen.CodespacesListForAuthenticatedUserParams{PerPage: &perPage})
	if err != nil {
		return fmt.Errorf("replay: record: list codespaces: %w", err)
	}
	if list.JSON200 != nil && len(list.JSON200.Codespaces) > 0 {
		name := list.JSON200.Codespaces[0].Name
		if _, err := api.CodespacesGetForAuthenticatedUserWithResponse(ctx, name); err != nil {
			return fmt.Errorf("replay: record: get a codespace: %w", err)
		}
		if _, err := api.CodespacesCodespaceMachinesForAuthenticatedUserWithResponse(ctx, name); err != nil {
			return fmt.Errorf("replay: record: list a codespace's machines: %w", err)
		}
	}
	secrets, err := api.CodespacesListSecretsForAuthenticatedUserWithResponse(ctx, &gen.CodespacesListSecretsForAuthenticatedUserParams{PerPage: &perPage})
	if err != nil {
		return fmt.Errorf("replay: record: list secrets: %w", err)
	}
	if secrets.JSON200 != nil && len(secrets.JSON200.Secrets) > 0 {
		name := secrets.JSON200.Secrets[0].Name
		if _, err := api.CodespacesGetSecretForAuthenticatedUserWithResponse(ctx, name); err != nil {
			return fmt.Errorf("replay: record: get a secret: %w", err)
		}
		if _, err := api.CodespacesListRepositoriesForSecretForAuthenticatedUserWithResponse(ctx, name); err != nil {
			return fmt.Errorf("replay: record: list a secret's repositories: %w", err)
		}
	}
	if _, err := api.CodespacesGetPublicKeyForAuthenticatedUserWithResponse(ctx); err != nil {
		return fmt.Errorf("replay: record: get the public key: %w", err)
	}
	owner, repo, ok := strings.Cut(opts.Repository, "/")
	if !ok {
		return nil
	}
	if _, err := api.CodespacesListInRepositoryForAuthenticatedUserWithResponse(ctx, owner, repo, &gen.CodespacesListInRepositoryForAuthenticatedUserParams{PerPage: &perPage}); err != nil {
		return fmt.Errorf("replay: record: list a repository's codespaces: %w", err)
	}
	if _, err := api.CodespacesListDevcontainersInRepositoryForAuthenticatedUserWithResponse(ctx, owner, repo, nil); err != nil {
		return fmt.Errorf("replay: record: list devcontainers: %w", err)
	}
	if _, err := api.CodespacesRepoMachinesForAuthenticatedUserWithResponse(ctx, owner, repo, &gen.CodespacesRepoMachinesForAuthenticatedUserParams{Location: optional(opts.Location)}); err != nil {
		return fmt.Errorf("replay: record: list a repository's machines: %w", err)
	}
	return nil
}

// optional is nil for the zero value, so that an unset option is not sent.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

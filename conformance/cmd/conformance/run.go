package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"

	"github.com/codespaces-go/codespaces/conformance/scenario"
)

// Exit codes.
const (
	exitPass  = 0
	exitFail  = 1
	exitUsage = 2
)

// Environment variables the command reads.
const (
	envToken       = "GITHUB_TOKEN"
	envSecondToken = "GITHUB_SECOND_TOKEN"
	envStepSummary = "GITHUB_STEP_SUMMARY"
)

// run is the whole command but the process: main passes it os.Args[1:], the
// standard streams and os.Getenv, tests their own.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	if len(args) > 0 && args[0] == "serve" {
		return serve(ctx, args[1:], stdout, stderr)
	}
	cfg, files, err := parseRunFlags(args, stderr, getenv)
	if errors.Is(err, flag.ErrHelp) {
		return exitPass
	}
	if err != nil {
		fmt.Fprintln(stderr, "conformance:", err)
		return exitUsage
	}
	cfg.Progress = stdout
	res, err := scenario.Run(ctx, cfg)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	fmt.Fprintln(stdout)
	if err := res.WriteText(stdout); err != nil {
		fmt.Fprintln(stderr, "conformance: write the report:", err)
		return exitFail
	}
	if err := files.write(res, getenv(envStepSummary)); err != nil {
		fmt.Fprintln(stderr, "conformance:", err)
		return exitFail
	}
	if !res.Passed() {
		return exitFail
	}
	return exitPass
}

// reportFiles are where the report goes besides the terminal.
type reportFiles struct {
	markdown string
	json     string
	junit    string
}

// write writes the Markdown, JSON and JUnit reports, and appends the Markdown to
// the CI job summary when stepSummary names one.
func (f reportFiles) write(res *scenario.Result, stepSummary string) error {
	var md bytes.Buffer
	if f.markdown != "" || stepSummary != "" {
		if err := res.WriteMarkdown(&md); err != nil {
			return fmt.Errorf("render the Markdown report: %w", err)
		}
	}
	if f.markdown != "" {
		if err := os.WriteFile(f.markdown, md.Bytes(), 0o644); err != nil {
			return fmt.Errorf("write the report: %w", err)
		}
	}
	if stepSummary != "" {
		if err := appendFile(stepSummary, md.Bytes()); err != nil {
			return fmt.Errorf("append to the job summary %s: %w", envStepSummary, err)
		}
	}
	if f.json != "" {
		var buf bytes.Buffer
		if err := res.WriteJSON(&buf); err != nil {
			return fmt.Errorf("render the JSON report: %w", err)
		}
		if err := os.WriteFile(f.json, buf.Bytes(), 0o644); err != nil {
			return fmt.Errorf("write the JSON report: %w", err)
		}
	}
	if f.junit != "" {
		var buf bytes.Buffer
		if err := res.WriteJUnit(&buf); err != nil {
			return err
		}
		if err := os.WriteFile(f.junit, buf.Bytes(), 0o644); err != nil {
			return fmt.Errorf("write the JUnit report: %w", err)
		}
	}
	return nil
}

func appendFile(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

// parseRunFlags reads the flags of a run into a scenario.Config.
func parseRunFlags(args []string, stderr io.Writer, getenv func(string) string) (scenario.Config, reportFiles, error) {
	var (
		cfg   scenario.Config
		files reportFiles
		runRE string
	)
	fs := flag.NewFlagSet("conformance", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage:
  conformance [flags]                 run every scenario against the embedded mock
  conformance -base-url URL [flags]   run them against a live server (token in GITHUB_TOKEN)
  conformance serve [-addr HOST:PORT] serve the mock alone

A live run creates codespaces named "conformance-<run id>-..." and secrets named
"CONFORMANCE_<RUN ID>_...", deletes them, and touches nothing else. Fault-injection
scenarios run only against the embedded mock. GITHUB_SECOND_TOKEN, if set, is another
user's token (a member, not an admin, of -org) for the cross-user 404 and the
member's 403 checks. The organization scenarios run live only with -org and
-org-repo; the access operations only with -org-access; publish only with -publish,
because it creates a repository the API cannot delete. A scenario whose token lacks
a right skips, naming it. With GITHUB_STEP_SUMMARY set, the Markdown report is
appended to it.

Flags:
`)
		fs.PrintDefaults()
	}
	fs.StringVar(&cfg.BaseURL, "base-url", "", "API root of a live server, e.g. https://api.github.com (default: the embedded mock)")
	fs.StringVar(&cfg.Owner, "owner", "", "owner of the repository to create codespaces in (required with -base-url; the mock's "+scenario.DefaultOwner+" otherwise)")
	fs.StringVar(&cfg.Repo, "repo", "", "name of that repository (required with -base-url; the mock's "+scenario.DefaultRepo+" otherwise)")
	fs.Int64Var(&cfg.RepositoryID, "repository-id", 0, fmt.Sprintf("ID of that repository (required with -base-url, and checked; the mock's %d otherwise)", scenario.DefaultRepositoryID))
	fs.IntVar(&cfg.PullNumber, "pull-number", 0, fmt.Sprintf("number of an open pull request of that repository (required with -base-url; the mock's %d otherwise)", scenario.DefaultPullNumber))
	fs.StringVar(&cfg.Ref, "ref", "", "branch whose devcontainers the permissions check asks about (default: the repository's default branch; the mock's "+scenario.DefaultRef+")")
	fs.StringVar(&cfg.Org, "org", "", "organization to administer (token: admin:org); live runs without it skip the organization scenarios (the mock's "+scenario.DefaultOrg+" otherwise)")
	fs.StringVar(&cfg.OrgRepo, "org-repo", "", "name of a repository of -org to make a member's codespace in and select organization secrets for (the mock's "+scenario.DefaultOrgRepo+" otherwise)")
	fs.StringVar(&cfg.OrgAccess, "org-access", "", "the organization's codespaces access setting now (disabled, all_members or all_members_and_outside_collaborators): lets a live run call the access operations, and it is set back to this")
	fs.BoolVar(&cfg.Publish, "publish", false, "let a live run publish a codespace: it creates a repository conformance-<run id>-published that the API cannot delete")
	fs.StringVar(&cfg.Location, "location", scenario.DefaultLocation, "location to ask for the repository's machines in")
	fs.StringVar(&runRE, "run", "", "run only the scenarios whose names match this regular expression")
	fs.DurationVar(&cfg.Timeout, "timeout", 0, "time limit of the scenarios (default 2m for the mock, 1h live)")
	fs.StringVar(&cfg.RecordDir, "record", "", "write one scrubbed cassette per scenario to this directory")
	fs.StringVar(&cfg.RunID, "run-id", "", "letters and digits marking what a live run creates (default: random)")
	fs.StringVar(&files.markdown, "report", "", "write the report as Markdown to this file")
	fs.StringVar(&files.json, "json", "", "write the report as JSON to this file")
	fs.StringVar(&files.junit, "junit", "", "write the report as JUnit XML to this file (a test case per scenario step)")
	fs.BoolVar(&cfg.Verbose, "v", false, "print each scenario's steps")
	if err := fs.Parse(args); err != nil {
		return cfg, files, err
	}
	if fs.NArg() > 0 {
		return cfg, files, fmt.Errorf("unexpected arguments %q (did you mean \"serve\"?)", fs.Args())
	}
	if runRE != "" {
		re, err := regexp.Compile(runRE)
		if err != nil {
			return cfg, files, fmt.Errorf("-run: %w", err)
		}
		cfg.Run = re
	}
	if cfg.BaseURL != "" {
		cfg.Token = getenv(envToken)
		cfg.SecondToken = getenv(envSecondToken)
		if cfg.Token == "" {
			return cfg, files, fmt.Errorf("-base-url needs a token in %s", envToken)
		}
	}
	return cfg, files, nil
}

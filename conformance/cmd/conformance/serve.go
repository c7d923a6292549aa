package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/codespaces-go/codespaces/conformance/mock"
	"github.com/codespaces-go/codespaces/conformance/validate"
)

// serve runs the mock alone until ctx ends (SIGINT or SIGTERM from main),
// for clients in other languages: it prints the base URL to give them. On
// shutdown it writes the report of what it saw (-report, -json), prints its
// counts and exits 1 if they hold an error: a request of a client's that
// breaks the spec, or an answer of the mock's that does.
func serve(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("conformance serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "host:port to listen on (port 0 picks a free one)")
	polls := fs.Int("polls", 0, "reads each transitional state (Queued, Starting, ...) lasts; 0 is instant")
	duration := fs.Duration("duration", 0, "how long each transitional state lasts in real time, e.g. 5s (with -polls, both must pass)")
	var states stateDurations
	fs.Var(&states, "state-duration", "how long one state lasts, over -duration: STATE=DURATION, repeatable or comma-separated (e.g. Provisioning=60s,Starting=10s)")
	pending := fs.Int("machine-change-pending", 0, "reads of the codespace an operation stays pending after a PATCH moves it to another machine, as GitHub's does (start, stop, update and export answer 422 meanwhile); 0: no update makes one pending")
	seed := fs.Uint64("seed", 1, "seed of the names, keys and SHAs the mock makes up")
	octocat := fs.String("octocat-token", "", "the token that is octocat (id 1), the world's first user, when the world gives it none; default: the first token seen that the world does not name")
	publicURL := fs.String("public-url", "", "base URL clients reach the mock at, behind a proxy or a port mapping (default: X-Forwarded-Host/-Proto, else the request's Host)")
	rateLimit := fs.Int("rate-limit", 0, "requests per hour per user before GitHub's 403 (default 5000)")
	reportFile := fs.String("report", "", "write the Markdown report of every exchange to this file on shutdown")
	jsonFile := fs.String("json", "", "write the report as JSON to this file on shutdown")
	verbose := fs.Bool("v", false, "log one line per request to stderr")
	worldFile := fs.String("world", "", "serve the world this YAML or JSON document describes (users, organizations, repositories, machines; the mock package's default-world.yaml is the default and the example), and go back to it on POST /_mock/reset")
	fs.Usage = func() {
		fmt.Fprintf(stderr, `Usage: conformance serve [flags]

Serves the stateful Codespaces mock until interrupted, in the default world
or -world's. Any bearer token authenticates: a token the world names is its
user; the first other one seen is the world's first user (octocat), unless
-octocat-token names its token or the world gives it one; every other token
is a user whose login the token decides (user-1a2b3c4d). A request may ask for a fault with the X-Mock-Fault
header, e.g. "status=503;count=1". GET %s returns the report so far
(?format=markdown for Markdown). Tests script the mock over plain HTTP
beside it, no token needed: POST /_mock/reset, PUT /_mock/world,
GET /_mock/requests, POST /_mock/faults, PUT /_mock/rate-limits/LOGIN,
POST /_mock/codespaces/fail-next, ... (the mock package's doc, Control API,
lists them). serve exits 1 if the report counts an
error: a client sent a request that breaks the spec, or the mock answered
one that does. A request without credentials is answered 401, as GitHub
does, and breaks nothing; a JSON body under another Content-Type (served,
as GitHub does) is a warning only.

Flags:
`, mock.ReportPath)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitPass
		}
		return exitUsage
	}
	if fs.NArg() > 0 || *polls < 0 || *duration < 0 || *rateLimit < 0 || *pending < 0 {
		fmt.Fprintln(stderr, "conformance serve: takes only flags, and -polls, -duration, -rate-limit and -machine-change-pending must not be negative")
		return exitUsage
	}
	if *publicURL != "" {
		if u, err := url.Parse(*publicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			fmt.Fprintf(stderr, "conformance serve: -public-url %q is not an http(s) URL with a host\n", *publicURL)
			return exitUsage
		}
	}
	var world *mock.World
	if *worldFile != "" {
		var err error
		if world, err = readWorld(*worldFile); err != nil {
			fmt.Fprintf(stderr, "conformance serve: %v\n", err)
			return exitUsage
		}
	}
	opts := []mock.Option{
		mock.WithWorld(world),
		mock.WithSeed(*seed),
		mock.WithTiming(mock.Timing{Polls: *polls, Duration: *duration, States: states}),
		mock.WithOctocatToken(*octocat),
		mock.WithBaseURL(*publicURL),
		mock.WithRateLimit(mock.RateLimit{Limit: *rateLimit}),
	}
	if *pending > 0 {
		opts = append(opts, mock.WithMachineChangePending(mock.PendingOperation{Polls: *pending}))
	}
	if *verbose {
		opts = append(opts, mock.WithLogger(slog.New(slog.NewTextHandler(stderr, nil))))
	}
	// Files that cannot be written are found now, not after an hour's run.
	for _, f := range []string{*reportFile, *jsonFile} {
		if f == "" {
			continue
		}
		if err := os.WriteFile(f, nil, 0o644); err != nil {
			fmt.Fprintf(stderr, "conformance serve: %v\n", err)
			return exitUsage
		}
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "conformance serve: listen on %s: %v\n", *addr, err)
		return exitUsage
	}
	srv := mock.New(opts...)
	fmt.Fprintf(stdout, "conformance: serving the Codespaces mock at http://%s (interrupt to stop; report at %s)\n", ln.Addr(), mock.ReportPath)
	code := exitPass
	if err := srv.Serve(ctx, ln); err != nil {
		fmt.Fprintln(stderr, "conformance serve:", err)
		code = exitFail
	}
	if err := writeReports(srv.Report(), *reportFile, *jsonFile); err != nil {
		fmt.Fprintln(stderr, "conformance serve:", err)
		code = exitFail
	}
	// The counts are the report's own (validate.Summary), so that this line,
	// GET /_mock/report and -report/-json say the same.
	s := srv.Report().Summary()
	fmt.Fprintf(stdout, "conformance: the mock stopped after %d requests to %d operations; %s\n", s.Calls, s.Called, s.ViolationCounts())
	if s.Errors > 0 {
		code = exitFail
	}
	return code
}

// readWorld reads -world's document; its errors name the file, the line and
// the field, as a compiler's do (world.yaml:12: repositories[1].id: ...).
func readWorld(path string) (*mock.World, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("-world: %w", err)
	}
	w, err := mock.ParseWorld(data)
	var we *mock.WorldError
	switch {
	case errors.As(err, &we) && we.Line > 0:
		return nil, fmt.Errorf("%s:%d: %s: %s", path, we.Line, orDocument(we.Field), we.Problem)
	case err != nil:
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return w, nil
}

func orDocument(field string) string {
	if field == "" {
		return "the document"
	}
	return field
}

func writeReports(r *validate.Report, markdown, json string) error {
	write := func(path string, to func(io.Writer) error) error {
		if path == "" {
			return nil
		}
		f, err := os.Create(path)
		if err != nil {
			return fmt.Errorf("write the report: %w", err)
		}
		if err := to(f); err != nil {
			_ = f.Close()
			return fmt.Errorf("write the report to %s: %w", path, err)
		}
		return f.Close()
	}
	return errors.Join(write(markdown, r.WriteMarkdown), write(json, r.WriteJSON))
}

// stateDurations is -state-duration: STATE=DURATION pairs.
type stateDurations map[string]time.Duration

func (s *stateDurations) String() string {
	if s == nil || *s == nil {
		return ""
	}
	var parts []string
	for k, v := range *s {
		parts = append(parts, k+"="+v.String())
	}
	return strings.Join(parts, ",")
}

func (s *stateDurations) Set(v string) error {
	if *s == nil {
		*s = stateDurations{}
	}
	for _, pair := range strings.Split(v, ",") {
		state, d, ok := strings.Cut(strings.TrimSpace(pair), "=")
		if !ok || state == "" {
			return fmt.Errorf("%q is not STATE=DURATION", pair)
		}
		dur, err := time.ParseDuration(d)
		if err != nil || dur < 0 {
			return fmt.Errorf("%q: the duration must be like 60s, not negative", pair)
		}
		(*s)[state] = dur
	}
	return nil
}

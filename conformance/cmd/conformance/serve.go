package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"

	"github.com/codespaces-go/codespaces/conformance/mock"
)

// serve runs the mock alone until ctx ends (SIGINT or SIGTERM from main),
// for clients in other languages: it prints the base URL to give them.
func serve(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("conformance serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "host:port to listen on (port 0 picks a free one)")
	polls := fs.Int("polls", 0, "reads each transitional state (Queued, Starting, ...) lasts; 0 is instant")
	seed := fs.Uint64("seed", 1, "seed of the names, keys and SHAs the mock makes up")
	verbose := fs.Bool("v", false, "log one line per request to stderr")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: conformance serve [flags]\n\nServes the stateful Codespaces mock until interrupted. Any bearer token\nauthenticates; the first one seen is octocat's, each other one another user.\nA request may ask for a fault with the X-Mock-Fault header, e.g. \"status=503;count=1\".\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitPass
		}
		return exitUsage
	}
	if fs.NArg() > 0 || *polls < 0 {
		fmt.Fprintln(stderr, "conformance serve: takes only flags, and -polls must not be negative")
		return exitUsage
	}
	opts := []mock.Option{mock.WithSeed(*seed), mock.WithTiming(mock.Timing{Polls: *polls})}
	if *verbose {
		opts = append(opts, mock.WithLogger(slog.New(slog.NewTextHandler(stderr, nil))))
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "conformance serve: listen on %s: %v\n", *addr, err)
		return exitUsage
	}
	fmt.Fprintf(stdout, "conformance: serving the Codespaces mock at http://%s (interrupt to stop)\n", ln.Addr())
	if err := mock.New(opts...).Serve(ctx, ln); err != nil {
		fmt.Fprintln(stderr, "conformance serve:", err)
		return exitFail
	}
	fmt.Fprintln(stdout, "conformance: the mock stopped")
	return exitPass
}

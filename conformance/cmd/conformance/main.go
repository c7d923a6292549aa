// Command conformance runs the conformance scenarios against the embedded
// mock (the default) or a live server, and prints a per-operation report of
// what the validating transport saw; or, as "conformance serve", serves the
// mock alone for other clients.
//
//	go run ./conformance/cmd/conformance                         # every scenario against the embedded mock
//	GITHUB_TOKEN=... go run ./conformance/cmd/conformance -base-url https://api.github.com \
//	    -owner OWNER -repo REPO -repository-id ID -pull-number N  # against GitHub
//	go run ./conformance/cmd/conformance serve -addr 127.0.0.1:8080
//
// It exits 0 when every scenario passed, no exchange broke the spec and every
// operation was called; 1 otherwise; 2 when it could not run at all.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		// The first interrupt ends the scenarios and lets the clean-up run;
		// a second one, with the default handling restored, ends the process.
		<-ctx.Done()
		stop()
	}()
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

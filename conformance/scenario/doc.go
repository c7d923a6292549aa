// Package scenario is the conformance runner: the scenarios that drive every
// operation of the Codespaces API through package client, and Run, which
// plays them against the embedded mock or a live server with the validating
// transport between client and network, and reports per operation.
//
// Everything the command conformance/cmd/conformance does besides parsing
// flags lives here, so tests run it in-process:
//
//	res, err := scenario.Run(ctx, scenario.Config{Progress: os.Stdout})
//	if err == nil {
//		_ = res.WriteText(os.Stdout)
//	}
//	ok := err == nil && res.Passed()
//
// A run against a live server (Config.BaseURL) touches only what it creates:
// codespaces get the display name "conformance-<run id>-…" and secrets the
// name "CONFORMANCE_<RUN ID>_…", and a deferred clean-up deletes what a
// failed scenario left behind, matching those names and nothing else.
package scenario

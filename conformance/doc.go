// Package conformance is the home of the suite that checks the Codespaces
// SDK and any server speaking the API against spec/codespaces.yaml:
//
//   - validate: checks requests and responses against the spec (a
//     validating http.RoundTripper, server-side checks, per-operation
//     reports).
//   - cassette: records and replays exchanges as go-vcr cassettes, with
//     credentials scrubbed and a matcher that ignores sealed secrets.
//   - replay: drives every cassette under cassettes/ through the generated
//     client and client.Client, offline, and judges the result; records
//     new cassettes against a live server on request.
//   - mock: a stateful stand-in for GitHub; cmd/conformance: the runner.
//
// FINDINGS.md lists where GitHub's reference pages contradict the spec.
package conformance

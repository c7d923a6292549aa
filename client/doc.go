// Package client is the Go client of the GitHub Codespaces REST API: the
// generated typed client of package gen, plus what every real GitHub client
// needs.
//
// # Construction
//
// New takes functional options:
//
//	c, err := client.New(
//		client.WithToken(os.Getenv("GITHUB_TOKEN")),
//		client.WithBaseURL("https://api.octocorp.ghe.com"), // GHE.com; api.github.com by default
//		client.WithLogger(slog.Default()),
//	)
//
// Every request carries "Authorization: Bearer TOKEN" (only to the base URL's
// origin), "Accept: application/vnd.github+json", a User-Agent and
// "X-GitHub-Api-Version: 2022-11-28". These, the retries and the rate-limit
// tracking are http.RoundTripper layers under the generated client, so
// c.API() reaches every operation of the spec with all of them applied; the
// methods of Client add to it and hide nothing.
//
// # Errors
//
// A non-2xx answer is an *APIError (status, message, documentation URL,
// field errors, request ID, raw body up to 1 MiB). The primary rate limit is
// a *RateLimitError and the secondary one a *SecondaryRateLimitError; both
// wrap the *APIError, and errors.As finds each. A 2xx answer whose body does
// not decode is a *DecodeError naming the operation and status. Errors and
// logs never contain the token or a secret's plaintext. RateLimit and
// ParseRateLimit read the X-RateLimit-* headers of any response.
//
// # Retries
//
// Requests that are safe to repeat (GET, PUT, DELETE, and starting or
// stopping a codespace) are retried, at most three times in all by default,
// after connection errors, 500/502/503/504 and rate limits that end soon
// enough, with capped exponential backoff and full jitter, honouring
// Retry-After, and never beyond the context. Creating a codespace and
// exporting one are never retried automatically: a lost answer must not
// create a second codespace. See RetryPolicy.
//
// # Pagination
//
// List methods return iter.Seq2 iterators that fetch pages as the loop needs
// them, following the Link header's rel="next":
//
//	for cs, err := range c.ListCodespaces(ctx, client.ListCodespacesOptions{PerPage: 100}) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(cs.Name, cs.State)
//	}
//
// # Secrets
//
// SetSecret goes from plaintext to stored secret in one call (fetch the
// user's public key, seal the value with libsodium's crypto_box_seal, put it
// with the key's ID) and reports whether the secret was created or updated.
// EncryptSecret is the sealing alone.
//
// # Waiting
//
// WaitForCodespace polls a codespace until it is Available (or another
// target state) as a state machine: terminal states end the wait at once, a
// stopped codespace can be started again, transient errors are polled
// through, and the interval backs off with jitter. CreateCodespaceAndWait,
// StartCodespaceAndWait, StopCodespaceAndWait and WaitForExport build on it.
// Errors are *WaitError or *ExportWaitError and carry what was last seen.
package client

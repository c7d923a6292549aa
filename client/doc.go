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
// The Codespaces API is on GitHub.com (the default) and on GitHub Enterprise
// Cloud with data residency, at https://api.SUBDOMAIN.ghe.com (no /api/v3).
// GitHub Enterprise Server has no Codespaces API.
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
// wrap the answer's *APIError (except a request the Client did not send,
// see below), and errors.As finds each. A call made with IfNoneMatch whose
// resource did not change returns an error wrapping ErrNotModified. A 2xx answer whose body does
// not decode is a *DecodeError naming the operation and status. An answer
// larger than the Client reads (WithMaxResponseBytes) fails the call with an
// error wrapping ErrResponseTooLarge. Errors and
// logs never contain the token or a secret's plaintext. RateLimit and
// ParseRateLimit read the X-RateLimit-* headers of any response, and
// RateLimits has the latest limit of each resource.
//
// GitHub answers an operation the token may not use with 403, or with 404
// where it hides what the user may not see (organization admin operations
// are the common case). The *APIError keeps what the answer said of the
// token: AcceptedOAuthScopes and OAuthScopes for classic tokens (any one of
// the accepted scopes suffices; MissingScopes compares the two, knowing that
// admin:org includes write:org and read:org, repo includes public_repo, and
// the like), AcceptedPermissions for fine-grained tokens and GitHub Apps.
// For a 403 or 404 its message names what is missing, such as "the token
// lacks the scope admin:org (accepted: admin:org; token has: codespace,
// repo)".
//
// # Retries
//
// Requests that are safe to repeat (GET, PUT, DELETE, and starting or
// stopping a codespace, an organization admin's stop too) are retried, at most three times in all by default,
// after connection errors, 500/502/503/504 and rate limits that end soon
// enough, with capped exponential backoff and full jitter, honouring
// Retry-After, and never beyond the context. Creating a codespace,
// exporting one and publishing one are never retried automatically: a lost
// answer must not create a second codespace or repository. See RetryPolicy.
//
// A retry can follow an attempt that was carried out although its answer was
// lost (a 502, a connection broken after sending). So a retried DELETE that
// finds nothing (404) succeeds, and a retried secret PUT answered 204
// reports SecretCreatedOrUpdated rather than claiming the secret already
// existed.
//
// # Waiting, retries and rate limits
//
// What is retried: within one call, the requests named above, by the
// retry layer under every method and under API(). What is waited for: by a
// waiter (WaitForCodespace, WaitForExport and the ...AndWait methods), a
// state, by polling. The two meet at GitHub's rate limits, which both obey:
//
//   - Primary limit exhausted (X-RateLimit-Remaining: 0). The Client
//     remembers the reset time of that resource (core, codespaces, ...) and
//     sends nothing to the operations metered in it before then (plus a
//     second for clock skew), whichever method or goroutine asks; see
//     RetryPolicy for how it learns where an operation is metered. A call waits for
//     the reset if it is at most RetryPolicy.MaxRetryAfter (1 minute) away
//     and within the context's deadline; otherwise it fails at once with a
//     *RateLimitError (NotSent when nothing was sent, RateLimit.Reset saying
//     when to come back). With MaxAttempts 1 it never waits.
//   - Secondary limit (403 or 429 with Retry-After, or naming the secondary
//     limit). A call retries after Retry-After (a minute if none is given)
//     when that is within MaxRetryAfter and the context; otherwise the
//     *SecondaryRateLimitError carries RetryAfter.
//   - During a wait, a rate-limit error is not polled through: the waiter
//     sleeps for the longer of its poll interval and the limit's end, or,
//     when that end comes after the wait's deadline (Timeout or the
//     context's), fails at once with a *WaitError wrapping the rate-limit
//     error.
//   - A waiter's polls after the first are conditional (If-None-Match with
//     the last ETag); while nothing changes GitHub answers 304, which it does
//     not count against the primary limit. In a compressed benchmark of a 60 s
//     provision, a wait cost 2 counted answers where a 1 s ticker cost 60.
//
// What a waiter does: it polls with exponential backoff and jitter (1 s to
// 10 s by default, back to 1 s whenever the state changes); ends at once in
// a terminal state (Failed, Deleted, Archived, Unavailable, Moved) or on a
// 404 (ErrGone); polls through 5xx answers and network errors (each poll
// also being retried by the retry layer); starts a stopped codespace when
// asked to (StartIfStopped, StartCodespaceAndWait) and stops a running one
// for StopCodespaceAndWait, at most three times, taking a 409 (busy) or a
// 422 (an operation pending) as "look again", which does not count as one
// of the three; and treats a Shutdown (or, for a stop, Available) read
// right after its own start as possibly stale until the codespace's
// updated_at is newer than the start's answer or 30 s have passed.
//
// What bounds it: PollOptions.Timeout (DefaultWaitTimeout, 30 minutes, if
// zero) and the context, whichever ends first. At the timeout the error wraps
// ErrWaitTimeout (which is also context.DeadlineExceeded) and says which
// state the codespace is still in; every waiter error is a *WaitError or
// *ExportWaitError carrying what was last seen.
//
// Conditional requests are open to callers too: every method takes
// CallOptions, so IfNoneMatch(etag) with an ETag saved by SaveResponse makes
// a repeated read cost a 304, reported as ErrNotModified. Through API(), a
// 304 is an answer, not an error, and CheckResponse passes it. With
// WithETagCache, the Client does this for every repeated GET by itself and
// answers a 304 with the answer it kept.
//
// # Pagination
//
// List methods return iter.Seq2 iterators that fetch pages as the loop needs
// them, following the Link header's rel="next" (the ...Pages methods yield
// whole pages with total_count, the page number and the answer's ETag and
// rate limit, and ListOptions.Page starts a list at a given page):
//
//	for cs, err := range c.ListCodespaces(ctx, client.ListCodespacesOptions{ListOptions: client.ListOptions{PerPage: 100}}) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(cs.Name, cs.State)
//	}
//
// A list whose pages stop bringing it further ends with an error that says
// how: a next link back to a page already read, a page of items all read
// before, or more items than total_count said.
//
// # Secrets
//
// SetSecret, SetOrgSecret and SetRepoSecret go from plaintext to stored
// secret in one call (fetch the scope's public key, seal the value with
// libsodium's crypto_box_seal, put it with the key's ID) and report whether
// the secret was created or updated. The three scopes (the user's, an
// organization's, a repository's) share this one path. Each scope's key is
// fetched once and kept by the Client, per organization and per repository;
// when GitHub refuses a value because the key was replaced since (a 422
// naming key_id or encrypted_value), the Client fetches the key again and
// puts the value once more. GetPublicKey, GetOrgPublicKey and
// GetRepoPublicKey always ask GitHub. EncryptSecret is the sealing alone.
//
// # Organizations and repositories
//
// An organization's admin lists, stops and deletes its members' codespaces
// (ListOrgCodespaces, ListMemberCodespaces, StopMemberCodespace,
// DeleteMemberCodespace; a delete is accepted, 202, and carried out in the
// background) and manages its secrets (SetOrgSecret with a visibility,
// ListOrgSecrets, the selected repositories of a secret of visibility
// selected). SetOrgCodespacesAccess and its kin are deprecated by GitHub.
// Repository secrets (SetRepoSecret, ListRepoSecrets, ...) are for those who
// administer the repository. PublishCodespace turns a codespace made from a
// template into a repository of its own; DevcontainerPermissionsAccepted and
// CodespaceDefaults answer, before a create, whether the devcontainer's
// permissions are accepted and what the create would default to.
//
// # Waiting
//
// WaitForCodespace polls a codespace until it is Available (or another
// target state) as a state machine, described above under "Waiting, retries
// and rate limits". CreateCodespaceAndWait, StartCodespaceAndWait,
// StopCodespaceAndWait and WaitForExport build on it.
package client

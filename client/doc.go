// Package client is the Go client of the GitHub Codespaces REST API: the
// generated typed client of package gen, plus what every real GitHub client
// needs. Each rule below is written here once; method and type docs point
// to the section.
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
// tracking are http.RoundTripper layers under the generated client, so c.API()
// reaches every operation of the spec with all of them applied; the methods of
// Client add to it and hide nothing.
//
// # Calls
//
// Every method of an operation reads the same way: the context, the path
// parameters, required input (positional, or a request struct such as
// CreateCodespaceRequest), then opts, a value struct of optional knobs whose
// zero value means GitHub's defaults (ListOptions, SetSecretOptions,
// gen.UpdateCodespaceOptions, ...), and last callOpts ...CallOption, which
// shape the one HTTP exchange (IfNoneMatch, Header, EditRequest,
// SaveResponse). Request bodies and results are package gen's types where
// GitHub's description defines them; CreateResult and SecretResult report
// what a create or a secret's PUT did.
//
// # Errors
//
// A non-2xx answer is an *APIError (status, message, documentation URL, field
// errors, request ID, raw body up to 1 MiB). The primary rate limit is a
// *RateLimitError and the secondary one a *SecondaryRateLimitError; both wrap
// the answer's *APIError (except a request the Client did not send, see Rate
// limits), and errors.As finds each. A call made with IfNoneMatch whose
// resource did not change returns an error wrapping ErrNotModified. A 2xx
// answer whose body does not decode is a *DecodeError naming the operation and
// status. An answer larger than the Client reads (WithMaxResponseBytes) fails
// the call with an error wrapping ErrResponseTooLarge. Errors and logs never
// contain the token or a secret's plaintext.
//
// GitHub answers an operation the token may not use with 403, or with 404
// where it hides what the user may not see (organization admin operations are
// the common case). The *APIError keeps what the answer said of the token:
// AcceptedOAuthScopes and OAuthScopes for classic tokens (any one of the
// accepted scopes suffices; MissingScopes compares the two, knowing that
// admin:org includes write:org and read:org, repo includes public_repo, and the
// like), AcceptedPermissions for fine-grained tokens and GitHub Apps. For a 403
// or 404 its message names what is missing, such as "the token lacks the scope
// admin:org (accepted: admin:org; token has: codespace, repo)".
//
// # Retries
//
// Only requests that are safe to repeat are retried: GET, HEAD, OPTIONS, PUT,
// DELETE, and the POSTs of StartCodespace, StopCodespace and
// StopMemberCodespace, known by the operation the method names (a POST sent
// through API() or HTTPClient() is sent once). Creating a codespace, exporting
// one and publishing one are never retried, nor is PATCH: a lost answer must
// not create a second codespace, export or repository.
//
// A request is retried after a connection error that came before any answer,
// after 500, 502, 503 and 504, and after a rate limit that ends soon enough
// (see Rate limits); no other status is retried. It is tried at most
// RetryPolicy.MaxAttempts times in all (3 by default), waiting before retry n
// a uniformly random duration in [0, min(MaxBackoff, BaseBackoff·2^(n-1))]
// ("full jitter"), or the answer's Retry-After when it is no longer than
// MaxRetryAfter, and never beyond the context.
//
// A retry can follow an attempt that was carried out although its answer was
// lost (a 502, a connection broken after sending). So a retried DELETE that
// finds nothing (404) succeeds, and a retried secret PUT answered 204 reports
// SecretCreatedOrUpdated rather than claiming the secret already existed.
//
// # Rate limits
//
// GitHub counts the primary rate limit per resource (X-RateLimit-Resource:
// core, codespaces, ...; its answers to the Codespaces secrets operations name
// codespaces). The Client learns from the answers which resource each
// operation is metered in; an operation no answer has placed yet counts as
// core, where GitHub meters most. RateLimit and ParseRateLimit read the
// X-RateLimit-* headers of any response, and RateLimits has the latest limit
// of each resource.
//
//   - Primary limit spent (X-RateLimit-Remaining: 0). Until the resource's
//     reset plus a second for clock skew, no request of the Client to an
//     operation metered there is sent, from any method or goroutine;
//     operations of other resources still go out. A call waits for the reset
//     if it is at most RetryPolicy.MaxRetryAfter (1 minute) away and within the
//     context's deadline; otherwise it fails at once with a *RateLimitError
//     (NotSent when nothing was sent, RateLimit.Reset saying when to come
//     back, RateLimit.Resource which resource). With MaxAttempts 1 it never
//     waits.
//   - Secondary limit (403 or 429 with Retry-After, or naming the secondary
//     limit). A call retries after Retry-After (a minute if none is given)
//     when that is within MaxRetryAfter and the context; otherwise the
//     *SecondaryRateLimitError carries RetryAfter.
//
// A waiter obeys the same limits; see Waiting for what it does when one is
// spent.
//
// # Conditional requests
//
// GitHub answers a request whose If-None-Match still matches the resource's
// ETag with 304, which it does not count against the primary rate limit. Two
// things send it:
//
//   - IfNoneMatch(etag), a CallOption, with an ETag saved by SaveResponse: the
//     call returns an error wrapping ErrNotModified when nothing changed. The
//     waiters' polls after the first are made this way. Through API(), a 304
//     is an answer, not an error, and CheckResponse passes it.
//   - ETagCache, an http.RoundTripper users add under the Client
//     (WithHTTPClient): every repeated GET becomes conditional and a 304 is
//     answered with the kept 200.
//
// # Pagination
//
// List methods return iter.Seq2 iterators that fetch pages as the loop needs
// them, following the Link header's rel="next" (the ...Pages methods yield
// whole pages with total_count, the page number and the answer's ETag and rate
// limit, and ListOptions.Page starts a list at a given page):
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
// SetSecret, SetOrgSecret and SetRepoSecret go from plaintext to stored secret
// in one call (fetch the scope's public key, seal the value with libsodium's
// crypto_box_seal, put it with the key's ID) and report whether the secret was
// created or updated. The three scopes (the user's, an organization's, a
// repository's) share this one path. The key is fetched for each set; when
// GitHub refuses the value because the key was replaced meanwhile (a 422, or
// the repository PUT's 400, whose errors name the field key_id or
// encrypted_value), the key is fetched again and the value sealed and put once
// more. GetPublicKey, GetOrgPublicKey and GetRepoPublicKey return a scope's
// key; EncryptSecret is the sealing alone.
//
// # Waiting
//
// A waiter (WaitForCodespace, WaitForExport and the ...AndWait methods) polls
// for a state; WaitForCodespace's documentation has the codespace's state
// machine, WaitForExport's the export's. Every waiter:
//
//   - polls with exponential backoff and jitter between PollOptions'
//     MinInterval and MaxInterval (1 s to 10 s by default), starting over at
//     MinInterval whenever the state changes;
//   - makes its polls after the first conditional (If-None-Match with the last
//     ETag), so while nothing changes they cost 304s; in a compressed
//     benchmark of a 60 s provision, a wait cost 2 counted answers where a 1 s
//     ticker cost 60;
//   - polls through 5xx answers and network errors (each poll also being
//     retried, see Retries) and ends on a 404 (ErrGone) or any other error;
//   - during a rate limit, sleeps for the longer of its poll interval and the
//     limit's end, or, when that end comes after the wait's deadline, fails at
//     once with the rate-limit error;
//   - is bounded by PollOptions.Timeout (DefaultWaitTimeout, 30 minutes, if
//     zero) and the context, whichever ends first. At the timeout the error
//     wraps ErrWaitTimeout (which is also context.DeadlineExceeded) and says
//     which state the resource is still in; every waiter error is a
//     *WaitError or *ExportWaitError carrying what was last seen.
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
package client

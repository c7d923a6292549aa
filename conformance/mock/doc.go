// Package mock is a stateful, in-memory stand-in for the Codespaces part of
// GitHub's REST API, served from the strict server interface generated into
// gen/server from spec/codespaces.yaml (a slice of GitHub's own description).
// It routes all 48 operations and plays each of them the way GitHub
// documents it: the authenticated user's codespaces, machines, exports and
// secrets; organizations, their codespaces, access settings and secrets;
// repository secrets; publishing a codespace made from a template; the
// permissions check and the pre-flight of /codespaces/new. Codespaces move
// through their states, exports complete, secrets are opened with the mock's
// own key pairs (one for users, one per organization, one per repository),
// lists paginate, and every request and response is checked against the
// spec by conformance/validate. Where GitHub's docs leave a choice open, the
// file that plays the operations says what the mock chose (orgs.go,
// orgaccess.go, orgsecrets.go, reposecrets.go, publish.go, preflight.go).
//
// # From Go
//
//	srv := mock.New(mock.WithTiming(mock.Timing{Polls: 2}))
//	baseURL, stop := srv.Start() // a free loopback port
//	defer stop()
//	// point any client at baseURL; srv.Violations() lists what the mock
//	// itself got wrong, srv.Report() every exchange per operation.
//
// Handler mounts the mock in your own server; Serve and ListenAndServe run
// it until a context ends.
//
// # From any language
//
// Serve the mock (the conformance runner's "serve -addr 127.0.0.1:8080"
// subcommand does this) and use its URL as the API's base URL, the way you
// would point a client at GHE.com (https://api.SUBDOMAIN.ghe.com): the
// operations are at the root (http://127.0.0.1:8080/user/codespaces).
//
//   - GitHub's gates: a request without a User-Agent is a 403, an
//     X-GitHub-Api-Version other than 2022-11-28 or 2026-03-10 a 400.
//     Request bodies are read as JSON whatever their Content-Type (curl's -d
//     sends application/x-www-form-urlencoded); the report warns about it.
//   - Rate limits: every answer carries X-RateLimit-Limit, -Remaining,
//     -Used, -Reset and -Resource, counted down per user (per IP without
//     credentials) and per resource: 5000 and 60 an hour unless
//     WithRateLimit says otherwise. A 304 costs nothing; a spent budget is
//     answered 403 (or 429) with GitHub's body until the window resets.
//     The secrets operations (user, organization and repository secrets,
//     their public keys and selected repositories: every path under
//     /codespaces/secrets) are metered in the codespaces resource, with a
//     count and a reset of their own; everything else in core
//     (RateLimitResource says which, SetRateLimitRemainingIn spends one).
//     Known: GitHub's recorded answers to the organization and repository
//     secrets operations say "X-RateLimit-Resource: codespaces", with a
//     count apart from core's (octokit/octokit.rb's cassettes under
//     spec/cassettes/Octokit_Client_CodespacesSecrets, recorded in 2023: a
//     repository's public key at codespaces used 37 one minute after
//     POST /user/repos at core used 68). Not known, for want of a recorded
//     answer: the user's secrets (metered in codespaces here, as the other
//     secrets are), and the codespaces, machines, exports and
//     organization operations (in core here); the codespaces resource's
//     limit (5000 in the recordings, the same as core's here).
//   - Headers, as GitHub's recorded answers have them (headers.go): JSON
//     answers are "application/json; charset=utf-8"; a success with a body
//     has "Cache-Control: private, max-age=60, s-maxage=60" (a 204 and an
//     error have none); a 204 has no Content-Type and no ETag; every answer
//     has X-GitHub-Media-Type "github.v3; format=json",
//     X-GitHub-Api-Version-Selected, GitHub's Access-Control-Expose-Headers
//     and Access-Control-Allow-Origin: *, and an X-GitHub-Request-Id in
//     GitHub's shape (five hex groups, C0DE first); and what the token
//     may do: a classic token's scopes in X-OAuth-Scopes and the
//     operation's in X-Accepted-OAuth-Scopes, or, for any other token, the
//     permissions the operation needs in X-Accepted-GitHub-Permissions (see
//     Rights).
//   - Behind a proxy: the URLs in answers are on WithBaseURL (serve's
//     -public-url), else on X-Forwarded-Host and X-Forwarded-Proto, else on
//     the request's own Host (the address it reached, for an HTTP/1.0
//     request that names none).
//   - The report so far is at GET /_mock/report (ReportPath); the control
//     API (below) is beside it under /_mock/.
//   - Served (Serve, Start, ListenAndServe, serve): a request has 10s for
//     its headers and 30s in all, its answer two minutes (room for the
//     longest latency fault), an idle keep-alive connection is closed after
//     30s, headers over 64 KiB are a 431, and at most 1024 connections are
//     open at once (more wait to be accepted). WithLimits changes them;
//     Limits says why each number.
//   - Authentication: any token, as "Authorization: Bearer TOKEN" or
//     "token TOKEN". Each distinct token is a distinct user. A token the
//     world names (users[].token) is that user. The world's first user
//     (octocat in the default world), if the world gives it no token, is
//     WithOctocatToken's (serve -octocat-token), else, so that a client
//     that sends any token works, the first token the mock sees that the
//     world does not name. Every other token is a user whose login and id
//     the token decides, whatever order tokens arrive in: user- and eight
//     hex digits of its SHA-256 (user-1a2b3c4d), and 10,000,000,000 plus
//     the same 32 bits. One user's codespaces and secrets are 404 to every
//     other. CI hands out a token per job, so the mock keeps 10,000 users
//     (WithIdleUsers) and, past that, drops the least recently seen that
//     hold nothing (no codespace, secret, accepted permission, published
//     repository, selected membership or spent rate limit; never one of the
//     world's): such a token, seen again, has its login again and nothing
//     else: a token the world does not name, or names without a kind, has
//     DefaultRights (see Rights). Users and codespaces are indexed, so no
//     request scans them all. No or a malformed Authorization header
//     is a 401 with GitHub's body ({"message": "Requires authentication",
//     "documentation_url": ...}).
//   - The world is a document (World; YAML or JSON): its users and their
//     tokens' kinds, scopes and permissions, organizations (admins,
//     members, plan, codespaces access), repositories (id, default branch,
//     pull requests, devcontainers, the machines allowed, prebuilds,
//     private, template), machines, and the codespaces and secrets it
//     starts with (names and settings, never a value). WithWorld, serve's
//     -world FILE and PUT /_mock/world set it; ParseWorld's errors name
//     the line and the field. Reset goes back to the world the mock started
//     with, ReplaceWorld to another (each clears every codespace, secret,
//     user, fault added since, rate-limit budget and script; the report
//     stays). default-world.yaml, shipped with this package, is the default
//     world and the example to copy: the repositories octocat/Hello-World (id 1296269, pull
//     request 1 from branch new-topic, three devcontainers, default branch
//     master) and octocat/Spoon-Knife (id 1300192); the organization
//     octo-org (id 6811672), whose admin is octocat and whose members are
//     all other users, with octo-org/octo-repo (id 1300211, default branch
//     main, Hello-World's devcontainers); GitHub's template
//     github/codespaces-blank (id 570024467, is_template, no
//     devcontainer.json); the machines standardLinux and premiumLinux; the
//     locations EastUs, SouthEastAsia, WestEurope and WestUs2 (WestUs2 the
//     default). Owner, organization and repository names are not case
//     sensitive. Repository owners show as simple-users, of type
//     Organization for octo-org and github.
//   - Organizations: listing, stopping and deleting members' codespaces
//     and the access settings are for admins: 403 for a member, 404 for
//     anyone else and for an organization that does not exist. octo-org
//     owns (bills, lists, stops, deletes) the codespaces its members make in
//     octo-repo while its access setting (all_members at first) enables
//     them; a member it does not enable still creates codespaces in the
//     public octo-repo, billed to themselves.
//   - Organization secrets (admins only) have visibility all, private or
//     selected; selected_repository_ids only with selected and only
//     octo-org's repositories (else 422); the selected-repository
//     endpoints answer 409 when the visibility is not selected. Repository
//     secrets are for whoever administers the repository (octocat its own,
//     octo-org's admin octo-repo, a publisher theirs): 403 for others.
//   - Publish: a codespace made from the template is unpublished
//     (publish_url set, billed to its user); POST .../publish creates
//     {login}/{name} (named after the codespace without a name, public
//     unless "private": true) and moves the codespace there (publish_url
//     null); a second publish, or one of a codespace that has a repository,
//     is 422. A private published repository is 404 to everyone else.
//   - The permissions check knows a repository's default branch and pull
//     request heads (404 for another ref) and devcontainers (422 for
//     another path); a devcontainer that asks for other repositories is
//     accepted once AcceptDevcontainerPermissions says so. The pre-flight
//     answers the billable owner and the defaults: the location by
//     client_ip (RFC 5737's documentation networks 192.0.2.0/24 EastUs,
//     198.51.100.0/24 WestEurope, 203.0.113.0/24 SouthEastAsia; any other
//     WestUs2) and the repository's default devcontainer.json (null for
//     the template).
//   - Codespaces: create (201, or 202 after CreateRetriedNext) →
//     Queued → Provisioning → Available; stop → Queued → ShuttingDown →
//     Shutdown; start → Queued → Starting → Available, on the machine a
//     PATCH chose; a start of a running codespace is 409; while an
//     operation is pending, start, stop, update and export are 422 (see
//     Lifecycle below); DELETE is 202
//     with the body {} and the codespace is gone (404) at once. How long the transitional states
//     last is the server's Timing: instant by default. Every API URL in an
//     answer (url, start_url, stop_url, machines_url, pulls_url, export_url,
//     Link, ...) is on the base URL the request was sent to, so a client can
//     follow them; web URLs (html_url, web_url) point at github.com as
//     GitHub's do.
//   - Exports: POST .../exports is 202 with an id and export_url; the export
//     goes in_progress → succeeded with a branch and a sha; "latest" names the
//     newest.
//   - Secrets: GET /user/codespaces/secrets/public-key gives a 32-byte
//     Curve25519 key (base64) and its key_id. Seal the value with libsodium's
//     crypto_box_seal (nacl box.SealAnonymous, PyNaCl SealedBox, tweetsodium
//     seal), base64 it, and PUT it with that key_id: 201 with the body {}
//     when created, 204 when updated; organization and repository secrets
//     the same with their own keys. selected_repository_ids takes
//     integers or strings of digits, as GitHub's description allows. A
//     value that is not base64 or does not open, or a key_id that is
//     unknown or was rotated out (Server.RotateKey rotates every scope's),
//     is a 422 naming the field. Names are stored upper-case. GitHub's docs
//     give the rules for names the mock applies (letters, digits and
//     underscores, no leading digit, no GITHUB_ prefix) but no length limit
//     ("Naming secrets" and "Limits for secrets", which limit a user to 100
//     secrets of 48 KB, in docs.github.com/codespaces/managing-your-codespaces/
//     managing-your-account-specific-secrets-for-github-codespaces), and
//     none is known, so the mock sets none: a served mock's 64 KiB bound on
//     the request line and headers (Limits) bounds a name in the path.
//   - Lists take per_page (default 30, at most 100: more is read as 100) and
//     page, and answer an RFC 8288 Link header (prev, next, last, first)
//     with absolute URLs in GitHub's form: a repository's or an
//     organization's list links to its id-based path
//     (/repositories/1296269/…, /organizations/6811672/…), a user's to
//     /user/…, and the query is the request's, in its order, with page set
//     where it stood or added last (?per_page=1&page=2).
//   - GitHub's id-based paths, /repositories/{repository_id}/… and
//     /organizations/{org_id}/…, reach the operations of
//     /repos/{owner}/{repo}/… and /orgs/{org}/… (aliases.go); an id of no
//     repository or organization is 404.
//   - Machines: the repository's list takes location, client_ip and ref, all
//     optional; every machine has prebuild_availability: null in
//     octocat/Spoon-Knife (no prebuilds), "none" off Hello-World's default
//     branch, else ready (standardLinux) or in_progress (premiumLinux).
//   - GETs carry a weak ETag (W/"<SHA-256 of the body>"), and where the
//     spec documents 304 (a codespace, the user's and the organization's
//     lists, machines) a matching If-None-Match is answered 304; a write
//     that answers with a body (a secret PUT's 201 with {}) carries a
//     strong one, as GitHub's do.
//   - Bad input is a GitHub-style 4xx, never a 5xx. Unparsable JSON is
//     400 "Problems parsing JSON"; a body that breaks the schema is 422
//     "Invalid request.\n\nFor 'properties/ref', 5 is not a string." or
//     "Invalid request.\n\n\"visibility\" wasn't supplied." (GitHub's two
//     recorded forms; other problems are said in the same form with the
//     validator's words, and a wrong-typed string is quoted only in part);
//     unknown paths are 404. Error bodies carry the status as a string and
//     a documentation_url on the operation's own page (its externalDocs),
//     GitHub's general page for answers about no operation. A page or
//     per_page that is no number is read as absent, as GitHub does. Where
//     the description documents a status without a body (the access
//     operations' 400, the 409 of an organization secret's repositories)
//     the answer still has GitHub's error body. A missing organization or
//     repository is a 404, as GitHub answers (the overlay documents it on
//     the secrets lists, public keys and repository-secret PUT, where the
//     description lacked it). A DELETE with the body {} (octokit.rb sends
//     one) is answered as without it.
//
// # Rights
//
// Each user's token has Rights (tokens.go): a kind, and a classic token's
// scopes or another token's permissions. The world names them per user;
// WithTokenRights gives them to a token in Go; any other token gets
// DefaultRights, by its prefix, which let it do everything its kind may:
// ghp_, gho_ and tokens without a known prefix are classic with admin:org,
// codespace and repo; github_pat_ (fine-grained), ghu_ (an app acting for
// a user) and ghs_ (an app's installation) hold every permission the
// operations need. What the rights mean, with the evidence for each rule in
// rights.go and plans.go:
//
//   - A classic token is answered "X-OAuth-Scopes" (its scopes, sorted,
//     ", "-separated) and "X-Accepted-OAuth-Scopes" (the scopes the
//     operation's description names). With none of those, nor a scope
//     that includes one (admin:org includes read:org), it gets 403
//     "Must have admin rights to Repository." (cli/cli #5491, #2845).
//   - Any other token is answered "X-Accepted-GitHub-Permissions" (e.g.
//     "codespaces=read,organization_codespaces=read", from GitHub's table
//     of the permissions each endpoint needs). Without them a fine-grained
//     token gets 403 "Resource not accessible by personal access token", an
//     app's token 403 "Resource not accessible by integration".
//   - An installation token (ghs_) acts as the app, which has no
//     codespaces or secrets of its own: the user's endpoints (/user/..., and
//     creating or listing one's codespaces in a repository) answer 403
//     "Resource not accessible by integration" whatever its permissions
//     (google/go-github #3000). The organization's endpoints, repository
//     secrets, devcontainers and a repository's machines accept it.
//   - The check comes after the rate limit has counted the request and
//     before the request's body is checked: a token without the scope gets
//     the 403 even for a body that would be a 422 (the mock's choice: no
//     recorded answer shows either).
//   - Plans: an organization on GitHub Free (plan "free") answers 404 to
//     every organization secrets endpoint, its admin's requests too (the
//     same thread); other plans, and the default world's organizations,
//     have them. Nothing else depends on the plan.
//
// # Control API
//
// What a test in any language does to the mock besides calling GitHub's
// API, over plain HTTP under /_mock/: what Go tests do with the Server's
// methods (named in the table). Its endpoints need no token and pass none
// of GitHub's gates (anyone who reaches the mock can script it: serve it
// on loopback); they are not in the report or the request log. Bodies are
// JSON objects, optional where every property is; a property the endpoint
// does not take, or a value out of range, is a 422, unparsable JSON a 400,
// a body over 64 KiB a 413, an unknown path a 404 and another method a 405
// with Allow, each with GitHub's error body ({"message",
// "documentation_url", "status"}) whose documentation_url is this section.
// A success without an answer is 204.
//
//	GET    /_mock/report                    the report so far (?format=markdown)
//	POST   /_mock/reset                     back to the world the mock started with: codespaces, secrets,
//	                                        faults, spent limits, scripted creates and the request log are
//	                                        gone (Reset)
//	PUT    /_mock/world                     a world document (YAML or JSON, at most 1 MiB) replaces the world,
//	                                        as a reset to it (ReplaceWorld); a bad one is a 422 whose errors
//	                                        name the field and the line, and changes nothing
//	GET    /_mock/world                     the document the world was made from, without its users' tokens:
//	                                        JSON, or YAML with ?format=yaml or an Accept naming YAML (World)
//	GET    /_mock/requests                  the request log: {"total_count", "requests"}, oldest first;
//	                                        ?operation=ID, ?method=GET, ?path=/user/codespaces/{codespace_name}
//	                                        narrow it (Requests); an unknown parameter or operation is a 422
//	DELETE /_mock/requests                  empty it (ClearRequests)
//	POST   /_mock/codespaces/fail-next      {"count": 1}: the next creates' codespaces fail while they
//	                                        provision, Queued → Provisioning → Failed (FailNextCreated)
//	POST   /_mock/codespaces/retry-next     {"count": 1}: the next creates answer 202, queued again (CreateRetriedNext)
//	POST   /_mock/codespaces/{name}/fail    the codespace goes to Failed and stays (FailCodespace)
//	POST   /_mock/codespaces/{name}/stop-idle
//	                                        it stops by itself, as after its idle timeout (StopCodespaceIdle)
//	PUT    /_mock/codespaces/{name}/pending-operation
//	                                        {"reason", "operation", "polls", "duration": "90s"}: an operation
//	                                        is pending (BeginPendingOperation; PendingOperation says what each does)
//	DELETE /_mock/codespaces/{name}/pending-operation
//	                                        it is over (EndPendingOperation)
//	PUT    /_mock/rate-limits/{login}       {"resource": "core", "remaining": 0}: what the user may still
//	                                        spend in the resource's window; the defaults spend core
//	                                        (SetRateLimitRemainingIn)
//	POST   /_mock/faults                    {"fault": "status=503;count=1", "operation": ID} or with "method"
//	                                        and "path" (a template or a concrete path) instead of
//	                                        "operation", or neither for every request: 201 (InjectFault)
//	DELETE /_mock/faults                    every fault is gone (ClearFaults)
//	POST   /_mock/keys/rotate               every secrets key pair is replaced (RotateKey)
//	POST   /_mock/devcontainer-permissions  {"login", "owner", "repo", "devcontainer_path"}: the user accepted
//	                                        what the devcontainer asks for (AcceptDevcontainerPermissions)
//
// A codespace, user or devcontainer that is not there is a 404. A fault
// takes X-Mock-Fault's syntax and meaning (Faults, below), but matches the
// requests of every user, as InjectFault's do; without a count it hits
// every matching request until DELETE /_mock/faults. The mock holds at
// most 1000 faults that may still hit.
//
// The request log keeps the latest 1000 requests (WithRequestLog): method,
// path as sent, query, operation, user's login, status (0 for a dropped
// connection), the mock's time (WithClock) and the JSON body. It keeps no
// header, so no token; the values of secrets' properties in bodies and
// queries (encrypted_value, value, token, password, secret, private_key,
// names ending in _token, _secret or _password) are "[REDACTED]"; a body
// that is not JSON (it could hide one) or over 8 KiB after redaction is
// left out, and body_omitted says why; paths and queries are cut at 2 KiB.
//
// # Lifecycle
//
// What GitHub is seen to do, and where the mock chooses for lack of
// evidence:
//
//   - Start and stop queue first: Shutdown → Queued → Starting → Available
//     and Available → Queued → ShuttingDown → Shutdown, the "expected states
//     for happy paths" of microsoft/PowerShellForGitHub, whose tests run
//     against GitHub (GitHubCodespaces.ps1, Wait-GitHubCodespaceAction,
//     commit 9ec863b14277a524aa8f2931b742bb3dfed10d5a). That the POST
//     answers while the codespace is still Queued is read from there (its
//     waiter, run after the POST, waits out Queued first), not from a
//     recorded answer. The mock's answer shows Queued under any Timing
//     with Polls or a Duration for Queued.
//   - Creation: Queued → Provisioning → Available. A new codespace is
//     answered while queued ("it was successfully queued for creation,
//     which is what create in this case represents most of the time":
//     cli/cli pull request 4520, review by its author); the states between
//     are the mock's choice, no recording shows them. The mock answers 201
//     unless told to answer 202; PowerShellForGitHub's live tests silence a
//     "202" warning on every create, so GitHub may answer 202 more often
//     than the mock does by default.
//   - A 202 create (GitHub's "being retried in the background", with the
//     codespace queued) has one way: CreateRetriedNext(n) makes the next n
//     creates that succeed answer it, from Go, in process or through
//     mocktest. It is a script method, not an option or a request header,
//     so that a control API can offer the same to clients in other
//     languages, whose generated clients cannot add a header to one call:
//     the control API's POST /_mock/codespaces/retry-next.
//   - The zero Timing is instant, a choice for fast tests: the answer to
//     create, start and stop already shows the state the action ends in.
//   - Starting an Available codespace is 409: cli/cli's StartCodespace
//     (internal/codespaces/api/api.go, since commit
//     a3efb53c443d07dfab92a2dae7d66073d6e47124) says "409 means the
//     codespace is already running" and ignores it. GitHub's message is
//     not on record; the mock's is its own.
//   - Choices: a start of a codespace on its way to Shutdown (Queued or
//     ShuttingDown) is 409 too (cli/cli issue 10218 says only that such a
//     start does nothing); a start on the way up (Queued, Provisioning,
//     Starting) is 200 with the codespace as it is (cli/cli starts any
//     codespace that is not Available and takes 200 and 409 alike); a stop
//     of a stopped or stopping codespace is 200 with it as it is: no
//     record shows what GitHub answers.
//   - Pending operations: "When a codespace has a pending operation, it
//     can't be started, stopped, updated or exported" (cli/cli pull request
//     5319, by GitHub's Codespaces team). Those four answer 422 "your
//     codespace has an operation pending: updating to a sku with a
//     different amount of storage; please wait until this operation is
//     complete", the message quoted there, and the codespace shows
//     pending_operation: true and pending_operation_disabled_reason
//     ("Changing machine types..." there). Reads and DELETE still work, as
//     the description says. In Go, BeginPendingOperation and
//     EndPendingOperation script one (PendingOperation sets the texts and
//     how long it lasts); WithMachineChangePending, and serve's
//     -machine-change-pending N, make every PATCH that moves a codespace to
//     another machine begin one, as GitHub does when the storage differs
//     (the default world's two machines have the same storage, so without
//     it no update does). The stop of an organization's codespace is not
//     refused meanwhile: the description documents no 422 there and no
//     record shows one.
//
// # Faults
//
// A request asks for a fault in the X-Mock-Fault header: settings separated
// by semicolons.
//
//	X-Mock-Fault: status=503;count=1        first such request 503, retries pass
//	X-Mock-Fault: status=502;fraction=0.5   half of them, drawn with the seed
//	X-Mock-Fault: status=500;empty          500 with no body under a JSON Content-Type, as GitHub's sometimes is
//	X-Mock-Fault: rate-limit;reset=60       403, X-RateLimit-Remaining: 0, X-RateLimit-Reset now+60s
//	X-Mock-Fault: secondary-rate-limit;status=429;retry-after=2
//	X-Mock-Fault: latency=250ms             answered normally, late
//	X-Mock-Fault: drop                      the connection is closed unanswered
//
// count=N limits a fault to the first N requests of the same user and
// operation that carry the same header, so a client that retries with the
// header still on sees the fault, then success. In Go, WithFaults and
// InjectFault set faults for a whole run, by operationId or by method and
// path; over HTTP, so do the control API's POST /_mock/faults, for clients
// that cannot add a header to one call. Faulted answers are not checked against the spec: they are meant to
// break it.
package mock

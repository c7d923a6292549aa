// Package interop holds tests only: clients written by others, in other
// languages, driving the mock the way "conformance serve" serves it, with no
// special treatment. Each client lives in its own directory with its own
// toolchain's lock file; octokit/ is GitHub's JavaScript client, Octokit,
// with libsodium sealing the secrets. TestOctokit has it drive each of the
// spec's 48 operations, as an organization's admin and as a member, and
// checks that the mock's report shows every operation called and no
// violation, and that the secrets of all three scopes open to what Octokit
// sealed. TestOctokitControl has octokit/control.mjs script the mock through
// its control API with plain fetch (a world put in place, a reset, a create
// that fails, a fault, a spent rate limit, the request log) and Octokit see
// each script in GitHub's answers, as its own token and as a classic token
// without the codespace scope.
//
// The tests skip when a client's toolchain or dependencies are missing
// (node on PATH, octokit/node_modules), except under CI=true, where CI has
// installed them and their absence is a failure. "make interop" installs
// them from the lock file (npm ci) and runs these tests.
//
// octokit/package.json overrides Octokit's content-type dependency to 2.1.0:
// @octokit/request 10.0.16 asks for content-type ^3, which declares Node 22
// although @octokit/rest 22 supports Node 20, the Node CI runs. The same
// downgrade is proposed upstream (octokit/request.js pull request 835), and
// both versions export the same parse.
package interop

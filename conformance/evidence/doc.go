// Package evidence holds the suite to GitHub's real answers: the exchanges
// with api.github.com in cassettes/github, transcribed from public
// recordings (other SDKs' VCR cassettes) and from answers quoted in issue
// threads, each naming its source (cassettes/github/README.md).
//
// Its tests check two things. The validator (conformance/validate) must
// find no error in GitHub's answers: where GitHub departs from its own
// description, the departure may only be a warning. And each recorded
// request is sent to the mock (conformance/mock), whose answer must match
// GitHub's on these features (Features):
//
//   - status;
//   - media type and charset of Content-Type (none for a bodiless answer);
//   - ETag: none, weak (W/"…") or strong;
//   - X-RateLimit-Resource;
//   - Cache-Control;
//   - Link: for each link, in order, its rel, the form of its path
//     (id-based /repositories/{id}/… and /organizations/{id}/…, name-based
//     /repos/… and /orgs/…, or /user/…) and the order of its query's keys;
//   - the body's keys: the top-level members, and for a member that is a
//     list of objects the members of its items (secrets[].name), compared
//     as sets; an empty body and {} differ;
//   - the message of an error body (a quote that shows only the message
//     gives it in the interaction's message).
//
// # Mapping the recording onto the mock's world
//
// GitHub's world at recording time is not the mock's. A cassette says how
// to map it, and the test applies the mapping before it sends a request:
//
//   - mapping (per cassette): substrings of the request's URL replaced by
//     the mock's, e.g. "/repositories/670312779/" → "/repositories/1296269/"
//     (the recorder's fresh repository becomes octocat/Hello-World) and
//     "/orgs/<GITHUB_TEST_ORGANIZATION>/" → "/orgs/octo-org/".
//   - setup (per cassette): requests sent to the mock before the first
//     interaction, so that the mock holds what GitHub held then (for
//     example, secrets an earlier test of the same run had created), with
//     the reason in setup.why. A setup request may capture members of its
//     answer (capture: {codespace: name}); {codespace} in later setup
//     requests and in the mapping's targets becomes the value. A setup
//     request with as: member is sent by another user, a member of
//     octo-org, for things GitHub's recorder did not own.
//   - mock_options (per cassette): options the mock is built with, by name
//     (mockOptions in the tests), for behaviour GitHub showed at recording
//     time that the mock plays only when asked: machine-change-pending
//     makes a PATCH to another machine begin a pending operation.
//   - the requests of one cassette go to one fresh mock, in order, so each
//     builds on the state the previous ones left, as on GitHub.
//   - authentication: the recorded credential is replaced by the mock's
//     octocat token (octocat administers Hello-World and octo-org).
//   - sealed secrets: a PUT with an encrypted_value was sealed to GitHub's
//     key, which the mock cannot open; the test asks the mock for the
//     scope's public key and seals a value of its own, with the mock's
//     key_id.
//   - Accept-Encoding is dropped, so that bodies compare uncompressed.
//
// Where the mock cannot match, the interaction says why: mock_skip (the
// exchange is not sent: GitHub's state or failure at recording time has no
// counterpart in the mock) or mock_differs (feature → reason). A feature
// the source does not show is listed in unknown and not compared. Nothing
// else may differ. When the status differs, only the status is reported:
// another status is another answer, and the rest differs for that reason.
package evidence

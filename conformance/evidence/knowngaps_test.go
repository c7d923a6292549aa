package evidence

// TEMPORARY: the known gaps, where the suite is not yet true to GitHub's
// recordings (issue 17). Every entry must still cover a finding (the tests
// fail when a gap closes, so the table only shrinks), and every finding
// must be covered. An entry goes when the helper named in it lands the
// behaviour on main. A difference that is no gap but a fact of the
// recording (GitHub's state or failure then) belongs in the cassette
// instead, as mock_skip or mock_differs with its reason.

// knownValidatorGaps are errors the validator still finds in GitHub's
// answers, or in requests GitHub accepted. Key is the violation's kind.
var knownValidatorGaps = []gap{}

// knownMockGaps are features on which the mock still answers unlike
// GitHub. Key is the feature; GitHub and Mock are its values.
var knownMockGaps = []gap{}

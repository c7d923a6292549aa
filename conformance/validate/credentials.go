package validate

import "strings"

// Token reads an Authorization header the way GitHub does: "Bearer TOKEN"
// (the spec's scheme) or the older "token TOKEN", the scheme in any case,
// then exactly one token. Otherwise problem says what is wrong, without
// repeating the header's value. The validator reports the problem; the mock
// answers 401 with it. One reading for both, so the two cannot disagree.
func Token(authorization string) (token, problem string) {
	if strings.TrimSpace(authorization) == "" {
		return "", "no Authorization header; the spec requires a bearer token"
	}
	scheme, rest, _ := strings.Cut(strings.TrimSpace(authorization), " ")
	token = strings.TrimSpace(rest)
	switch {
	case !strings.EqualFold(scheme, "bearer") && !strings.EqualFold(scheme, "token"):
		// Not even the scheme is repeated: a header without one starts
		// with the token itself.
		return "", `the Authorization scheme is neither "Bearer" nor GitHub's older "token"`
	case token == "":
		return "", "the Authorization header has a scheme but no token"
	case strings.ContainsAny(token, " \t"):
		return "", "the Authorization header holds more than one token"
	}
	return token, ""
}

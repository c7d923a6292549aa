package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxErrorBody caps how much of an error answer is read and kept.
const maxErrorBody = 1 << 20

// secondaryLimitWait is how long GitHub asks clients to wait after a
// secondary rate limit that names no time.
const secondaryLimitWait = time.Minute

// APIError is a non-2xx answer. Every error the Client returns for such an
// answer is or wraps an *APIError (the rate-limit errors too), so errors.As
// finds it.
type APIError struct {
	// StatusCode is the HTTP status, such as 404.
	StatusCode int
	// Method and URL say which request was answered.
	Method string
	URL    string
	// Message and DocumentationURL come from the JSON body, when it has them.
	Message          string
	DocumentationURL string
	// Errors lists the rejected fields of a validation error (422).
	Errors []FieldError
	// RequestID is the X-GitHub-Request-Id header: quote it to GitHub support.
	RequestID string
	// RateLimit is what the X-RateLimit-* headers said, if anything.
	RateLimit RateLimit
	// AcceptedOAuthScopes is X-Accepted-OAuth-Scopes: the scopes of which
	// the operation accepts any one. OAuthScopes is X-OAuth-Scopes: the
	// scopes the token has. GitHub sends both for classic tokens and OAuth
	// apps' tokens; each is nil without its header and empty when the header
	// is. MissingScopes compares them.
	AcceptedOAuthScopes []string
	OAuthScopes         []string
	// AcceptedPermissions is X-Accepted-GitHub-Permissions, which GitHub
	// sends for fine-grained tokens and GitHub Apps: the sets of permissions
	// of which any one suffices, each set needing all of its permissions.
	AcceptedPermissions [][]Permission
	// Body is the raw body, at most 1 MiB of it; BodyTruncated says whether
	// there was more.
	Body          []byte
	BodyTruncated bool
}

// FieldError is one entry of a validation error's "errors" list.
type FieldError struct {
	Resource string
	Field    string
	// Code is GitHub's reason, such as "missing_field", "invalid" or "custom".
	Code    string
	Message string
	// Value is the rejected value, when GitHub sends it back.
	Value any
}

// String reads like "Secret.key_id is missing_field".
func (e FieldError) String() string {
	var b strings.Builder
	switch {
	case e.Resource != "" && e.Field != "":
		b.WriteString(e.Resource + "." + e.Field)
	case e.Field != "":
		b.WriteString(e.Field)
	default:
		b.WriteString(e.Resource)
	}
	if e.Code != "" {
		if b.Len() > 0 {
			b.WriteString(" is ")
		}
		b.WriteString(e.Code)
	}
	if e.Message != "" {
		if b.Len() > 0 {
			b.WriteString(": ")
		}
		b.WriteString(e.Message)
	}
	return b.String()
}

// Error reads like "GET /user/codespaces/x: 404 Not Found: Not Found
// [request ID 0400:1234]". For a 403 or 404 whose headers tell, it names
// what the token lacked: "GET /orgs/o/codespaces: 403 Forbidden: Must have
// admin rights: the token lacks the scope admin:org (accepted: admin:org;
// token has: codespace, repo)", or the permissions a fine-grained token
// needs.
func (e *APIError) Error() string {
	var b strings.Builder
	if e.Method != "" || e.URL != "" {
		b.WriteString(strings.TrimSpace(e.Method + " " + pathOf(e.URL)))
		b.WriteString(": ")
	}
	b.WriteString(strconv.Itoa(e.StatusCode))
	if text := http.StatusText(e.StatusCode); text != "" {
		b.WriteString(" " + text)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if len(e.Errors) > 0 {
		b.WriteString(" (")
		for i, fe := range e.Errors {
			if i > 0 {
				b.WriteString("; ")
			}
			b.WriteString(fe.String())
		}
		b.WriteString(")")
	}
	if e.StatusCode == http.StatusForbidden || e.StatusCode == http.StatusNotFound {
		if access := e.accessSentence(); access != "" {
			b.WriteString(": " + access)
		}
	}
	if e.RequestID != "" {
		b.WriteString(" [request ID " + e.RequestID + "]")
	}
	return b.String()
}

// RateLimitError is the primary rate limit: a 403 or 429 whose
// X-RateLimit-Remaining is 0, or a request the Client did not send because
// an earlier answer said the limit of the resource its operation is metered
// in was exhausted. No request to an operation of that resource will succeed
// before RateLimit.Reset.
type RateLimitError struct {
	// RateLimit is the exhausted limit; its Resource names the resource
	// spent, such as "core" or "codespaces" (empty when the answer named
	// none).
	RateLimit RateLimit
	// Err is the answer itself; nil when NotSent.
	Err *APIError
	// NotSent says the Client refused to send the request: the latest
	// answer's X-RateLimit-Remaining was 0 and its reset is still ahead.
	NotSent bool
}

// Error names the resource spent, says how many requests are left of how
// many and when the limit resets, followed by the answer's own error.
func (e *RateLimitError) Error() string {
	reset := "at an unknown time"
	if !e.RateLimit.Reset.IsZero() {
		reset = "at " + e.RateLimit.Reset.UTC().Format(time.RFC3339)
	}
	var cause any = e.Err
	if e.Err == nil {
		cause = "the request was not sent"
	}
	resource := ""
	if e.RateLimit.Resource != "" {
		resource = " for the " + e.RateLimit.Resource + " resource"
	}
	return fmt.Sprintf("API rate limit exhausted%s (%d of %d left, resets %s): %v",
		resource, e.RateLimit.Remaining, e.RateLimit.Limit, reset, cause)
}

// Unwrap returns the *APIError, or nil for a request not sent.
func (e *RateLimitError) Unwrap() error {
	if e.Err == nil {
		return nil // not a nil *APIError, which errors.As would hand out
	}
	return e.Err
}

// SecondaryRateLimitError is GitHub's secondary rate limit (too many
// requests at once or too fast): a 403 or 429 whose documentation URL or
// message mentions secondary rate limits, or that carries Retry-After.
type SecondaryRateLimitError struct {
	// RetryAfter is how long to wait before the next request: Retry-After if
	// sent, else until the rate limit's reset if that is exhausted, else the
	// minute GitHub asks for.
	RetryAfter time.Duration
	// Err is the answer itself.
	Err *APIError
}

// Error says how long to wait, followed by the answer's own error.
func (e *SecondaryRateLimitError) Error() string {
	return fmt.Sprintf("secondary rate limit hit, retry after %v: %v", e.RetryAfter, e.Err)
}

// Unwrap returns the *APIError.
func (e *SecondaryRateLimitError) Unwrap() error { return e.Err }

// DecodeError is a 2xx answer whose body is not what the operation returns:
// not JSON, truncated, null, or missing what identifies the resource.
type DecodeError struct {
	// Operation is the operationId, such as
	// "codespaces/get-for-authenticated-user".
	Operation  string
	StatusCode int
	Err        error
}

// Error names the operation and the status, and says what did not decode.
func (e *DecodeError) Error() string {
	return fmt.Sprintf("%s: the %d %s answer does not decode: %v",
		e.Operation, e.StatusCode, http.StatusText(e.StatusCode), e.Err)
}

// Unwrap returns the decoding error.
func (e *DecodeError) Unwrap() error { return e.Err }

// IsNotFound reports whether err is or wraps an *APIError with status 404.
func IsNotFound(err error) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.StatusCode == http.StatusNotFound
}

// readErrorBody reads at most maxErrorBody bytes and reports whether more
// were left. It does not close the body.
func readErrorBody(r io.Reader) (body []byte, truncated bool, err error) {
	body, err = io.ReadAll(io.LimitReader(r, maxErrorBody+1))
	if len(body) > maxErrorBody {
		return body[:maxErrorBody], true, err
	}
	return body, false, err
}

// newAPIError builds the error of a non-2xx answer from its already read
// body. It never fails: what cannot be decoded is left empty, and the raw
// body is kept.
func newAPIError(resp *http.Response, body []byte, truncated bool) *APIError {
	e := &APIError{
		StatusCode:    resp.StatusCode,
		RequestID:     resp.Header.Get("X-Github-Request-Id"),
		Body:          body,
		BodyTruncated: truncated,
	}
	e.RateLimit, _ = ParseRateLimit(resp.Header)
	e.AcceptedOAuthScopes = parseScopes(resp.Header, "X-Accepted-Oauth-Scopes")
	e.OAuthScopes = parseScopes(resp.Header, "X-Oauth-Scopes")
	e.AcceptedPermissions = parsePermissions(resp.Header)
	if resp.Request != nil {
		e.Method = resp.Request.Method
		if resp.Request.URL != nil {
			e.URL = resp.Request.URL.Redacted()
		}
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(body, &fields) != nil {
		return e
	}
	e.Message = jsonString(fields["message"])
	e.DocumentationURL = jsonString(fields["documentation_url"])
	var items []json.RawMessage
	if json.Unmarshal(fields["errors"], &items) == nil {
		for _, raw := range items {
			if fe, ok := decodeFieldError(raw); ok {
				e.Errors = append(e.Errors, fe)
			}
		}
	}
	return e
}

// decodeFieldError reads one entry of "errors": an object, or (as GitHub
// sometimes sends) a bare string.
func decodeFieldError(raw json.RawMessage) (FieldError, bool) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return FieldError{Message: s}, s != ""
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return FieldError{}, false
	}
	fe := FieldError{
		Resource: jsonString(m["resource"]),
		Field:    jsonString(m["field"]),
		Code:     jsonString(m["code"]),
		Message:  jsonString(m["message"]),
	}
	if v, ok := m["value"]; ok {
		_ = json.Unmarshal(v, &fe.Value)
	}
	ok := fe.Resource != "" || fe.Field != "" || fe.Code != "" || fe.Message != "" || fe.Value != nil
	return fe, ok
}

// jsonString returns raw's value if it is a JSON string, else "".
func jsonString(raw json.RawMessage) string {
	var s string
	if len(raw) == 0 || json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return s
}

// classify turns a non-2xx answer into the most specific error type.
func classify(e *APIError, h http.Header, now time.Time) error {
	if e.StatusCode != http.StatusForbidden && e.StatusCode != http.StatusTooManyRequests {
		return e
	}
	retryAfter, hasRetryAfter := parseRetryAfter(h, now)
	secondary := mentionsSecondary(e.DocumentationURL) || mentionsSecondary(e.Message)
	switch {
	case secondary || (hasRetryAfter && !exhausted(h)):
		if !hasRetryAfter {
			retryAfter = secondaryLimitWait
			if exhausted(h) && !e.RateLimit.Reset.IsZero() {
				retryAfter = max(e.RateLimit.Reset.Sub(now), 0)
			}
		}
		return &SecondaryRateLimitError{RetryAfter: retryAfter, Err: e}
	case exhausted(h):
		return &RateLimitError{RateLimit: e.RateLimit, Err: e}
	}
	return e
}

func mentionsSecondary(s string) bool {
	s = strings.ToLower(s)
	return strings.Contains(s, "secondary rate limit") || strings.Contains(s, "secondary-rate-limit")
}

// redact removes every copy of secret from what an error carries, in case a
// server or proxy echoed a request header back.
func (e *APIError) redact(secret string) {
	if secret == "" {
		return
	}
	const mask = "[REDACTED]"
	e.Message = strings.ReplaceAll(e.Message, secret, mask)
	e.DocumentationURL = strings.ReplaceAll(e.DocumentationURL, secret, mask)
	e.URL = strings.ReplaceAll(e.URL, secret, mask)
	e.Body = bytes.ReplaceAll(e.Body, []byte(secret), []byte(mask))
	for _, scopes := range [][]string{e.AcceptedOAuthScopes, e.OAuthScopes} {
		for i := range scopes {
			scopes[i] = strings.ReplaceAll(scopes[i], secret, mask)
		}
	}
	for _, set := range e.AcceptedPermissions {
		for i := range set {
			set[i].Name = strings.ReplaceAll(set[i].Name, secret, mask)
			set[i].Access = strings.ReplaceAll(set[i].Access, secret, mask)
		}
	}
	for i := range e.Errors {
		fe := &e.Errors[i]
		fe.Resource = strings.ReplaceAll(fe.Resource, secret, mask)
		fe.Field = strings.ReplaceAll(fe.Field, secret, mask)
		fe.Code = strings.ReplaceAll(fe.Code, secret, mask)
		fe.Message = strings.ReplaceAll(fe.Message, secret, mask)
		if s, ok := fe.Value.(string); ok {
			fe.Value = strings.ReplaceAll(s, secret, mask)
		} else if fe.Value != nil {
			if b, err := json.Marshal(fe.Value); err != nil || bytes.Contains(b, []byte(secret)) {
				fe.Value = mask
			}
		}
	}
}

// pathOf returns the path and query of a URL string, for shorter messages.
func pathOf(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		if j := strings.IndexByte(u[i+3:], '/'); j >= 0 {
			return u[i+3+j:]
		}
		return "/"
	}
	return u
}

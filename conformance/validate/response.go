package validate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
)

// CheckResponse checks a response to r against the operation r addresses:
// the status is documented and not a server error, the media type is the
// documented one, the body matches the schema (every failure at once, each
// with its JSON pointer), and documented headers are well formed, Link
// included, with a partial page of a list required to link on.
//
// r is only read for its method and URL; its body is not touched. A request
// that addresses no operation yields one KindUnknownOperation violation.
func (v *Validator) CheckResponse(r *http.Request, status int, header http.Header, body []byte) []Violation {
	if v.memo == nil {
		return v.checkResponseTo(r, status, header, body)
	}
	return v.memo.recall(v.responseKey(r, status, header, body), func() []Violation {
		return v.checkResponseTo(r, status, header, body)
	})
}

func (v *Validator) checkResponseTo(r *http.Request, status int, header http.Header, body []byte) []Violation {
	base := Violation{Method: r.Method, Path: r.URL.Path, Status: status}
	route, op, err := v.route(r.Method, r.URL)
	if err != nil {
		base.Kind, base.Message = KindUnknownOperation, err.Error()
		return classify([]Violation{base})
	}
	base.Operation = op.ID
	return classify(v.checkResponse(route, r.URL, base, status, header, body))
}

// checkResponse checks a response to a request for reqURL, which routed to
// route.
func (v *Validator) checkResponse(route *routers.Route, reqURL *url.URL, base Violation, status int, header http.Header, body []byte) []Violation {
	var out []Violation
	add := func(kind Kind, ptr, format string, args ...any) {
		vi := base
		vi.Kind, vi.Pointer, vi.Message = kind, ptr, fmt.Sprintf(format, args...)
		out = append(out, vi)
	}

	responses := route.Operation.Responses
	ref := responses.Status(status)
	if ref == nil {
		ref = responses.Default()
	}
	hasBody := len(bytes.TrimSpace(body)) > 0
	if status >= 500 {
		documented := "documented"
		if ref == nil {
			documented = "not documented"
		}
		without := ""
		if !hasBody {
			without = ", without a body"
		}
		add(KindServerError, "", "the server failed with %d %s%s (%s for this operation)", status, http.StatusText(status), without, documented)
		if !hasBody {
			// GitHub's 5xx answers sometimes have no body at all, with
			// Content-Length: 0 and a JSON Content-Type (cli/cli issues
			// 7819, 9003, 9922): the server error is the finding, and a
			// missing body or its media type adds nothing to it.
			return out
		}
	} else if ref == nil {
		add(KindStatus, "", "status %d is not documented for this operation (documented: %s)", status, strings.Join(documentedStatuses(responses), ", "))
	}
	if why := rateLimited(status, header); why != "" {
		add(KindRateLimited, "", "the server rate-limited the request: %d with %s", status, why)
	}
	if ref == nil || ref.Value == nil {
		return out
	}
	resp := ref.Value

	if len(resp.Content) == 0 {
		switch {
		case hasBody && status >= 400:
			// GitHub's error answers carry a JSON error body (message,
			// documentation_url) where the description documents none, as
			// the 409 of an organization secret's repositories: tolerated.
			add(KindBody, "", "status %d is documented without a body, but %d bytes came; GitHub sends an error body with its error answers, which the description does not document here", status, len(body))
			out[len(out)-1].Severity = SeverityWarning
		case hasBody:
			add(KindBody, "", "status %d is documented without a body, but %d bytes came", status, len(body))
		}
	} else {
		ct := header.Get("Content-Type")
		mt := resp.Content.Get(ct)
		if ct == "" || mt == nil {
			add(KindContentType, "", "Content-Type %q is not the documented %s", ct, strings.Join(contentTypes(resp.Content), " or "))
			mt = resp.Content.Get("application/json")
		}
		if mt != nil && mt.Schema != nil {
			value, ok := decodeJSON(body, hasBody, status, add)
			if ok {
				if err := mt.Schema.Value.VisitJSON(value, append(slices.Clip(v.schemaOpts), openapi3.VisitAsResponse())...); err != nil {
					bodyViolations := schemaViolations(err, base, KindBody, true)
					sortViolations(bodyViolations)
					out = append(out, bodyViolations...)
				}
				out = append(out, v.checkHeaders(resp, route, reqURL, base, status, header, value)...)
				return out
			}
		}
	}
	out = append(out, v.checkHeaders(resp, route, reqURL, base, status, header, nil)...)
	return out
}

// decodeJSON parses a response body, reporting a missing or malformed one.
func decodeJSON(body []byte, hasBody bool, status int, add func(Kind, string, string, ...any)) (any, bool) {
	if !hasBody {
		add(KindBody, "", "status %d is documented with a body, but none came", status)
		return nil, false
	}
	var value any
	if err := json.Unmarshal(body, &value); err != nil {
		add(KindBody, "", "the body is not JSON: %v", err)
		return nil, false
	}
	return value, true
}

func documentedStatuses(responses *openapi3.Responses) []string {
	codes := make([]string, 0, responses.Len())
	for code := range responses.Map() {
		codes = append(codes, code)
	}
	slices.SortFunc(codes, func(a, b string) int {
		x, errA := strconv.Atoi(a)
		y, errB := strconv.Atoi(b)
		if errA != nil || errB != nil {
			return strings.Compare(a, b)
		}
		return x - y
	})
	return codes
}

func contentTypes(c openapi3.Content) []string {
	types := make([]string, 0, len(c))
	for t := range c {
		types = append(types, t)
	}
	slices.Sort(types)
	return types
}

// sortViolations orders violations by pointer, so that reports and test
// failures read the same from run to run.
func sortViolations(vs []Violation) {
	slices.SortStableFunc(vs, func(a, b Violation) int {
		if c := strings.Compare(a.Pointer, b.Pointer); c != 0 {
			return c
		}
		return strings.Compare(a.Message, b.Message)
	})
}

// rateLimited tells whether an answer is GitHub's rate-limit answer, and by
// which header: a 403 or 429 with x-ratelimit-remaining 0 (the primary
// limit) or with retry-after (a secondary one). GitHub's docs,
// "Troubleshooting the REST API".
func rateLimited(status int, header http.Header) string {
	if status != http.StatusForbidden && status != http.StatusTooManyRequests {
		return ""
	}
	if header.Get("X-RateLimit-Remaining") == "0" {
		return "x-ratelimit-remaining 0"
	}
	if ra := header.Get("Retry-After"); ra != "" {
		return "retry-after " + ra
	}
	return ""
}

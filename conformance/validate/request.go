package validate

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/codespaces-go/codespaces/internal/textcut"
)

// CheckRequest finds the operation r addresses and checks r against it:
// credentials, path, query and header parameters (undocumented query
// parameters included), media type and body. r is left as it was: its body
// is read and put back (with GetBody set), and defaults are never written
// into it.
//
// The error is non-nil when r addresses no operation (it wraps
// ErrUnknownOperation or ErrMethodNotAllowed) or its body cannot be read;
// violations are not errors.
func (v *Validator) CheckRequest(r *http.Request) (Operation, []Violation, error) {
	route, op, err := v.route(r.Method, r.URL)
	if err != nil {
		return Operation{}, nil, fmt.Errorf("validate: %s %s: %w", r.Method, r.URL.Path, err)
	}
	body, err := bufferBody(r)
	if err != nil {
		return op, nil, fmt.Errorf("validate: %s %s: read the request body: %w", r.Method, r.URL.Path, err)
	}
	check := func() []Violation { return classify(v.checkRequest(r.Context(), r, body, route, op)) }
	if v.memo == nil {
		return op, check(), nil
	}
	return op, v.memo.recall(v.requestKey(route, r, body), check), nil
}

func (v *Validator) checkRequest(ctx context.Context, r *http.Request, body []byte, route *routers.Route, op Operation) []Violation {
	base := Violation{Operation: op.ID, Method: r.Method, Path: r.URL.Path}
	var out []Violation
	if _, msg := Token(r.Header.Get("Authorization")); msg != "" {
		vi := base
		vi.Kind, vi.Message = KindAuth, msg
		out = append(out, vi)
	}

	// kin-openapi may write into the request it validates (defaults, the
	// body), so it gets a copy.
	clone := r.Clone(ctx)
	clone.Body = io.NopCloser(bytes.NewReader(body))
	clone.ContentLength = int64(len(body))
	contentType := r.Header.Get("Content-Type")
	if vi, ok := readAsJSON(route, contentType, body, base); ok {
		// GitHub reads a request body as JSON whatever its Content-Type (its
		// own curl examples send -d without one, so curl says
		// application/x-www-form-urlencoded). The header is reported, and the
		// body is checked as the JSON it is.
		out = append(out, vi)
		contentType = "application/json"
		clone.Header.Set("Content-Type", contentType)
	}
	input := &openapi3filter.RequestValidationInput{
		Request:    clone,
		PathParams: op.specParams(),
		Route:      route,
		Options: &openapi3filter.Options{
			MultiError:          true,
			SkipSettingDefaults: true,
			// A body on an operation that takes none is reported below, as
			// a warning.
			// Credentials are checked above, with GitHub's schemes.
			AuthenticationFunc:      func(context.Context, *openapi3filter.AuthenticationInput) error { return nil },
			SchemaValidationOptions: v.schemaOpts,
		},
	}
	if err := openapi3filter.ValidateRequest(ctx, input); err != nil {
		out = append(out, requestViolations(err, base)...)
	}
	if vi, ok := unexpectedBody(route, body, base); ok {
		out = append(out, vi)
	}
	out = append(out, undocumentedQuery(r.URL.Query(), route, base)...)
	if mt := route.Operation.RequestBody; mt != nil && len(bytes.TrimSpace(body)) > 0 {
		out = append(out, undocumentedProperties(mt.Value, contentType, body, base)...)
	}
	return out
}

// readAsJSON reports a request whose body is JSON for an operation that
// takes JSON, sent with another Content-Type or none: one KindContentType
// violation, In "header", which a server that acts like GitHub tolerates.
func readAsJSON(route *routers.Route, contentType string, body []byte, base Violation) (Violation, bool) {
	rb := route.Operation.RequestBody
	trimmed := bytes.TrimSpace(body)
	if rb == nil || rb.Value == nil || len(trimmed) == 0 || rb.Value.Content.Get(contentType) != nil ||
		rb.Value.Content.Get("application/json") == nil || !json.Valid(trimmed) {
		return Violation{}, false
	}
	vi := base
	vi.Kind, vi.In = KindContentType, "header"
	if contentType == "" {
		vi.Message = "the JSON body came without a Content-Type; the documented one is application/json"
	} else {
		vi.Message = fmt.Sprintf("the JSON body came as Content-Type %q; the documented one is application/json", contentType)
	}
	return vi, true
}

// unexpectedBody reports a body on an operation that takes none: a warning,
// and Extra, because GitHub ignores it. Octokit.rb sends {} with a DELETE,
// and GitHub answers 204 (issue 17). The body's content stays out of the
// message: it may be a secret.
func unexpectedBody(route *routers.Route, body []byte, base Violation) (Violation, bool) {
	if route.Operation.RequestBody != nil || len(body) == 0 {
		return Violation{}, false
	}
	vi := base
	vi.Kind, vi.Extra, vi.Severity = KindRequestBody, true, SeverityWarning
	vi.Message = fmt.Sprintf("the operation takes no body, but %d bytes came; GitHub ignores a body here (Octokit.rb sends {} with a DELETE, and GitHub answers 204)", len(body))
	return vi, true
}

// bufferBody reads r's body and puts an equivalent one back.
func bufferBody(r *http.Request) ([]byte, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	body, err := io.ReadAll(r.Body)
	_ = r.Body.Close()
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	if err != nil {
		return nil, err
	}
	return body, nil
}

// requestViolations maps kin-openapi's request errors to violations.
func requestViolations(err error, base Violation) []Violation {
	var errs []error
	var me openapi3.MultiError
	if errors.As(err, &me) {
		errs = me
	} else {
		errs = []error{err}
	}
	var out []Violation
	for _, e := range errs {
		var re *openapi3filter.RequestError
		if !errors.As(e, &re) {
			vi := base
			vi.Kind, vi.Message = KindParameter, e.Error()
			out = append(out, vi)
			continue
		}
		switch {
		case re.Parameter != nil:
			where := fmt.Sprintf("%s parameter %q", re.Parameter.In, re.Parameter.Name)
			if leaves, _ := flatten(re.Err); len(leaves) > 0 {
				for _, vi := range schemaViolations(re.Err, base, KindParameter, false) {
					vi.Message = where + ": " + vi.Message
					vi.Pointer, vi.In, vi.Param = "", re.Parameter.In, re.Parameter.Name
					out = append(out, vi)
				}
				continue
			}
			vi := base
			vi.Kind, vi.Message, vi.In, vi.Param = KindParameter, where+": "+reason(re), re.Parameter.In, re.Parameter.Name
			out = append(out, vi)
		default:
			if leaves, _ := flatten(re.Err); len(leaves) > 0 {
				out = append(out, schemaViolations(re.Err, base, KindRequestBody, false)...)
				continue
			}
			vi := base
			vi.Kind, vi.Message = KindRequestBody, reason(re)
			out = append(out, vi)
		}
	}
	return out
}

func reason(re *openapi3filter.RequestError) string {
	switch {
	case re.Reason != "" && re.Err != nil && re.Reason != re.Err.Error():
		return re.Reason + ": " + re.Err.Error()
	case re.Reason != "":
		return re.Reason
	case re.Err != nil:
		return re.Err.Error()
	}
	return "invalid"
}

// undocumentedQuery reports query parameters the operation does not define:
// kin-openapi ignores them, but a client that sends "perPage" instead of
// "per_page" has a bug the server will not tell it about.
func undocumentedQuery(q url.Values, route *routers.Route, base Violation) []Violation {
	var out []Violation
	for name := range q {
		if route.Operation.Parameters.GetByInAndName(openapi3.ParameterInQuery, name) != nil ||
			route.PathItem.Parameters.GetByInAndName(openapi3.ParameterInQuery, name) != nil {
			continue
		}
		vi := base
		vi.Kind, vi.In, vi.Param, vi.Extra = KindParameter, openapi3.ParameterInQuery, name, true
		vi.Message = fmt.Sprintf("query parameter %q is not documented for this operation", textcut.Cut(name, maxExample))
		out = append(out, vi)
	}
	sortViolations(out)
	return out
}

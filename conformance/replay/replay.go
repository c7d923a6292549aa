// Package replay drives recorded cassettes through the real clients with the
// validating transport between client and recorder, offline: every
// interaction of every cassette becomes a call of the generated client (or,
// when it cannot build the recorded request, the recorded request itself),
// and every request and response is checked against the spec. RecordLive
// makes such cassettes from a live server's answers.
package replay

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"

	vcr "gopkg.in/dnaeon/go-vcr.v3/cassette"
	"gopkg.in/dnaeon/go-vcr.v3/recorder"

	"github.com/codespaces-go/codespaces/client"
	"github.com/codespaces-go/codespaces/conformance/cassette"
	"github.com/codespaces-go/codespaces/conformance/validate"
	"github.com/codespaces-go/codespaces/gen"
)

// Stack is the client a replay drives.
type Stack int

const (
	// Generated is gen.ClientWithResponses on a bare *http.Client.
	Generated Stack = iota
	// Wrapper is the generated client as client.Client.API returns it: with
	// the wrapper's authentication, headers and rate-limit tracking (retries
	// off, since a cassette holds each answer once).
	Wrapper
)

// String names the client the stack drives.
func (s Stack) String() string {
	if s == Wrapper {
		return "client.Client"
	}
	return "gen.ClientWithResponses"
}

// replayToken is what replays authenticate with: never a real credential.
const replayToken = "replay-token"

// Interaction is what replaying one recorded interaction showed.
type Interaction struct {
	Index     int
	Method    string
	URL       string // as recorded
	Operation string // operationId; empty when the request addresses none
	// Alias is GitHub's id-based prefix the recorded request used (where a
	// Link led), "" for the operation's own path; validate.Operation.Alias.
	Alias  string
	Status int // the status the client received
	// Typed tells whether the generated client's own method built the
	// request; when false the recorded request was sent as it was.
	Typed      bool
	Violations []validate.Violation
	// Err is a failure of the replay itself: no matching interaction, the
	// wrong one, or a response the typed client could not decode.
	Err error
}

// File is the result of replaying one cassette.
type File struct {
	Path         string
	Interactions []Interaction
}

// ReplayFile replays every interaction of the cassette at path, in order,
// through the given stack. It fails only when the cassette cannot be read;
// what goes wrong in an interaction is in that Interaction.
func ReplayFile(ctx context.Context, path string, v *validate.Validator, stack Stack) (File, error) {
	recorded, err := cassette.Load(path)
	if err != nil {
		return File{}, err
	}
	rec, err := cassette.NewRecorder(path, recorder.ModeReplayOnly, nil)
	if err != nil {
		return File{}, err
	}
	defer func() { _ = rec.Stop() }()

	out := File{Path: path}
	for n, i := range recorded.Interactions {
		out.Interactions = append(out.Interactions, replayOne(ctx, n, i.Request, i.Response.Code, rec, v, stack))
	}
	return out, nil
}

func replayOne(ctx context.Context, n int, req vcr.Request, wantStatus int, rec http.RoundTripper, v *validate.Validator, stack Stack) Interaction {
	res := Interaction{Index: n, Method: req.Method, URL: req.URL}
	u, err := url.Parse(req.URL)
	if err != nil {
		res.Err = fmt.Errorf("the recorded URL does not parse: %w", err)
		return res
	}
	report := validate.NewReport(v)
	httpClient := &http.Client{Transport: v.Transport(rec, validate.ReportOnly, report)}
	op, findErr := v.Find(req.Method, u)
	res.Operation, res.Alias = op.ID, op.Alias

	base := u.Scheme + "://" + u.Host + op.Prefix
	api, doer, err := newStack(stack, base, httpClient)
	if err != nil {
		res.Err = err
		return res
	}
	var typed any
	if findErr == nil {
		typed, err = callTyped(ctx, api, call{op: op, query: u.Query(), body: []byte(req.Body), editor: copyHeaders(req.Headers)})
		res.Typed = !errors.Is(err, errUntypable)
	}
	switch {
	case !res.Typed:
		res.Status, err = sendRecorded(ctx, doer, req, stack)
	case err == nil:
		res.Status, err = decoded(typed)
	}
	res.Err = err
	if res.Err == nil && res.Status != wantStatus {
		res.Err = fmt.Errorf("the client received %d, but the interaction recorded %d: the matcher paired it with another interaction", res.Status, wantStatus)
	}
	for _, rv := range report.Violations() {
		for range rv.Count {
			res.Violations = append(res.Violations, rv.Violation)
		}
	}
	return res
}

// newStack builds the client to replay with over httpClient, whose transport
// validates and replays.
func newStack(stack Stack, base string, httpClient *http.Client) (*gen.ClientWithResponses, *http.Client, error) {
	if stack == Wrapper {
		c, err := client.New(client.WithBaseURL(base), client.WithToken(replayToken),
			client.WithHTTPClient(httpClient), client.WithRetryPolicy(client.RetryPolicy{MaxAttempts: 1}))
		if err != nil {
			return nil, nil, fmt.Errorf("replay: build the client: %w", err)
		}
		return c.API(), c.HTTPClient(), nil
	}
	bearer := func(_ context.Context, r *http.Request) error {
		r.Header.Set("Authorization", "Bearer "+replayToken)
		return nil
	}
	api, err := gen.NewClientWithResponses(base, gen.WithHTTPClient(httpClient), gen.WithRequestEditorFn(bearer))
	if err != nil {
		return nil, nil, fmt.Errorf("replay: build the generated client: %w", err)
	}
	return api, httpClient, nil
}

// sendRecorded sends the recorded request as it is, through the same
// transports as the typed calls.
func sendRecorded(ctx context.Context, doer *http.Client, req vcr.Request, stack Stack) (int, error) {
	var body io.Reader
	if req.Body != "" {
		body = strings.NewReader(req.Body)
	}
	r, err := http.NewRequestWithContext(ctx, req.Method, req.URL, body)
	if err != nil {
		return 0, fmt.Errorf("replay: rebuild the recorded request: %w", err)
	}
	_ = copyHeaders(req.Headers)(ctx, r)
	if ct := req.Headers.Get("Content-Type"); ct != "" {
		r.Header.Set("Content-Type", ct)
	}
	if stack == Generated {
		r.Header.Set("Authorization", "Bearer "+replayToken)
	}
	resp, err := doer.Do(r)
	if err != nil {
		return 0, err
	}
	_ = resp.Body.Close()
	return resp.StatusCode, nil
}

// decoded returns the status of a typed response and checks that the
// generated client decoded the body of a status the spec documents with
// one: its JSON<status> field must be set.
func decoded(typed any) (int, error) {
	v := reflect.ValueOf(typed)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return 0, errors.New("replay: no typed response")
	}
	v = v.Elem()
	resp, ok := v.FieldByName("HTTPResponse").Interface().(*http.Response)
	if !ok || resp == nil {
		return 0, errors.New("replay: the typed response has no HTTP response")
	}
	body, _ := v.FieldByName("Body").Interface().([]byte)
	field := v.FieldByName(fmt.Sprintf("JSON%d", resp.StatusCode))
	if field.IsValid() && len(bytes.TrimSpace(body)) > 0 && field.IsNil() {
		return resp.StatusCode, fmt.Errorf("replay: the generated client did not decode the %d body (Content-Type %q)",
			resp.StatusCode, strings.TrimSpace(resp.Header.Get("Content-Type")))
	}
	return resp.StatusCode, nil
}

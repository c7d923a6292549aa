package mock

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/codespaces-go/codespaces/internal/textcut"
	"github.com/codespaces-go/codespaces/internal/tokenshape"
)

// Request is one request the mock answered, as its request log keeps it
// (Requests, and GET /_mock/requests): enough to assert that a client called
// an operation, and with what, without holding anything secret. No header is
// kept, so neither the token nor any other credential is; in the body and
// the query, the value of every property that names a secret
// (encrypted_value, value, token, password, secret, private_key, and names
// ending in _token, _secret or _password) is replaced with "[REDACTED]",
// and so is anything shaped like a GitHub token wherever it stands (a
// token pasted into a display name, or into the path).
type Request struct {
	// Seq numbers the requests the mock logged, from 1, so that a reader
	// can tell what came after what, and how many were dropped.
	Seq    uint64    `json:"seq"`
	Time   time.Time `json:"time"` // when it arrived, on the mock's clock (WithClock)
	Method string    `json:"method"`
	// Path is the path as the client sent it (without the public base
	// path: WithBaseURL); an id-based path (/repositories/1296269/...)
	// stays id-based.
	Path  string `json:"path"`
	Query string `json:"query,omitempty"`
	// Operation is the operationId the request was routed to; "" for a
	// request of no operation (an unknown path, GET /repos/{owner}/{repo}).
	Operation string `json:"operation,omitempty"`
	// User is the login of the user the token authenticates as; "" when
	// it was refused or never asked for (a gate's refusal comes first).
	User string `json:"user,omitempty"`
	// Status is the status of the answer; 0 when there was none (a
	// dropped connection: the "drop" fault).
	Status int `json:"status"`
	// Body is the JSON body, redacted; absent when there was none or it was
	// left out (BodyOmitted says why).
	Body        json.RawMessage `json:"body,omitempty"`
	BodySize    int             `json:"body_size"` // bytes as sent
	BodyOmitted string          `json:"body_omitted,omitempty"`

	pattern string // the operation's path template, for RequestMatch
}

// RequestMatch selects requests of the log. Its zero value matches every
// request; each field set narrows it: Operation by operationId, Method by
// HTTP method (any case), Path by the spec's path template
// ("/user/codespaces/{codespace_name}") or by the path as sent.
type RequestMatch struct {
	Operation string
	Method    string
	Path      string
}

func (m RequestMatch) matches(r *Request) bool {
	return (m.Operation == "" || m.Operation == r.Operation) &&
		(m.Method == "" || strings.EqualFold(m.Method, r.Method)) &&
		(m.Path == "" || m.Path == r.Path || m.Path == r.pattern)
}

// Bounds of the request log: whatever clients send, it holds at most
// WithRequestLog's count of entries (1000 by default), each with at most
// maxLoggedBody bytes of body and maxLoggedTarget of path and query, some
// 12 MiB in all. The API's bodies are a few hundred bytes; its paths name
// at most three things of at most 100 characters each.
const (
	defaultRequestLog = 1000
	maxLoggedBody     = 8 << 10
	maxLoggedTarget   = 2 << 10
)

// WithRequestLog sets how many of the latest requests the mock's request
// log keeps (Requests, GET /_mock/requests): 1000 by default; 0 keeps
// none. Older ones are dropped first.
func WithRequestLog(n int) Option { return func(c *config) { c.requestLog = max(0, n) } }

// requestLog is a ring of the latest requests.
type requestLog struct {
	size    int // entries it keeps; set once, read without the lock
	mu      sync.Mutex
	entries []Request // the ring; it grows to size, then next wraps
	next    int       // where the next entry goes once the ring is full
	seq     uint64
}

// newRequestLog keeps n entries; the ring grows as requests come, so that a
// mock that serves few costs little.
func newRequestLog(n int) *requestLog { return &requestLog{size: n} }

// off reports whether the log keeps nothing (WithRequestLog(0)).
func (l *requestLog) off() bool { return l.size == 0 }

// add logs r, numbering it, and drops the oldest entry when full.
func (l *requestLog) add(r Request) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seq++
	r.Seq = l.seq
	if len(l.entries) < l.size {
		l.entries = append(l.entries, r)
		return
	}
	l.entries[l.next] = r
	l.next = (l.next + 1) % len(l.entries)
}

// matching returns the logged requests m matches, oldest first.
func (l *requestLog) matching(m RequestMatch) []Request {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := []Request{}
	for i := range l.entries {
		r := &l.entries[(l.next+i)%len(l.entries)]
		if m.matches(r) {
			out = append(out, *r)
		}
	}
	return out
}

func (l *requestLog) clear() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries, l.next = l.entries[:0], 0
}

// Requests returns the requests in the log (WithRequestLog) that match any
// of match, every one without a match, oldest first. Requests to the mock's
// own endpoints under /_mock/ are not logged.
func (s *Server) Requests(match ...RequestMatch) []Request {
	if len(match) == 0 {
		return s.requestLog.matching(RequestMatch{})
	}
	all := s.requestLog.matching(RequestMatch{})
	out := all[:0]
	for _, r := range all {
		for _, m := range match {
			if m.matches(&r) {
				out = append(out, r)
				break
			}
		}
	}
	return out
}

// ClearRequests empties the request log; the numbering (Seq) goes on.
func (s *Server) ClearRequests() { s.requestLog.clear() }

// logEntry makes the log's entry for a request: its target and body cut to
// the log's bounds and stripped of secrets.
func logEntry(at time.Time, method, path, rawQuery string, body []byte) Request {
	r := Request{Time: at, Method: textcut.Cut(method, 16), Path: textcut.Cut(tokenshape.Replace(path, redacted), maxLoggedTarget), BodySize: len(body)}
	r.Query = textcut.Cut(redactQuery(rawQuery), maxLoggedTarget)
	r.Body, r.BodyOmitted = redactBody(body)
	return r
}

const redacted = "[REDACTED]"

// secretName reports whether a property or parameter of that name holds a
// secret.
func secretName(name string) bool {
	name = strings.ToLower(name)
	switch name {
	case "encrypted_value", "value", "token", "access_token", "password", "secret", "private_key":
		return true
	}
	for _, suffix := range []string{"_token", "_secret", "_password"} {
		if strings.HasSuffix(name, suffix) {
			return true
		}
	}
	return false
}

// redactBody returns a JSON body with its secrets' values redacted, or why
// it is left out: a body that is not JSON may hold a secret nobody can find
// in it.
func redactBody(body []byte) (json.RawMessage, string) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, ""
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil || dec.More() {
		return nil, "not JSON"
	}
	out := body
	if redactValue(v) {
		var err error
		if out, err = json.Marshal(v); err != nil {
			return nil, "not JSON"
		}
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, out); err != nil {
		return nil, "not JSON"
	}
	if compact.Len() > maxLoggedBody {
		return nil, "larger than 8 KiB"
	}
	return compact.Bytes(), ""
}

// redactValue replaces the values of secrets' properties in v, at any
// depth, and reports whether it replaced any.
func redactValue(v any) bool {
	changed := false
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			switch e := e.(type) {
			case string:
				if secretName(k) || tokenshape.Contains(e) {
					v[k] = redactedString(k, e)
					changed = true
				}
				continue
			}
			if secretName(k) {
				v[k] = redacted
				changed = true
				continue
			}
			changed = redactValue(e) || changed
		}
	case []any:
		for i, e := range v {
			if s, ok := e.(string); ok {
				if tokenshape.Contains(s) {
					v[i] = tokenshape.Replace(s, redacted)
					changed = true
				}
				continue
			}
			changed = redactValue(e) || changed
		}
	}
	return changed
}

// redactedString is the logged value of a string property: all of it when
// its name says it is a secret, else only what is shaped like a token.
func redactedString(name, value string) string {
	if secretName(name) {
		return redacted
	}
	return tokenshape.Replace(value, redacted)
}

// redactQuery redacts the values of secrets' parameters (GitHub once took
// ?access_token=); a query that does not parse is left out, as it may hide
// one.
func redactQuery(raw string) string {
	if raw == "" {
		return ""
	}
	q, err := url.ParseQuery(raw)
	if err != nil {
		return redacted
	}
	changed := false
	for k, vs := range q {
		for i, v := range vs {
			if secretName(k) || tokenshape.Contains(v) {
				vs[i] = redactedString(k, v)
				changed = true
			}
		}
	}
	if !changed {
		return raw
	}
	return q.Encode()
}

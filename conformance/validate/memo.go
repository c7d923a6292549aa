package validate

import (
	"hash/maphash"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
)

// memo remembers verdicts, keyed by a 128-bit hash of everything the check
// reads, so that a server answering the same bytes again and again (a
// codespace polled until it changes) is not walked through its schema each
// time; and routes, keyed by method and path, which are all routing reads.
// What a check reads is listed next to the key (responseHeaders,
// requestKey), built from the spec, so that key and check change together.
type memo struct {
	max   int
	seeds [2]maphash.Seed
	// headers names, for each status the spec documents, every response
	// header the response check may read for it on any operation.
	headers map[int][]string
	// otherHeaders holds what responseHeaders found for the statuses no
	// operation documents (a 502, say), 100 to 599, so that their keys do not
	// walk the spec each time.
	otherHeaders sync.Map // int → []string
	// requestHeaders names, for each operation, the request headers the
	// request check reads (requestHeaders).
	requestHeaders map[*openapi3.Operation][]string
	spec           *openapi3.T

	mu     sync.Mutex
	known  map[[2]uint64][]Violation
	routes map[routeKey]routed
}

type routeKey struct{ method, escapedPath string }

type routed struct {
	route *routers.Route
	op    Operation
	err   error
}

func newMemo(max int, doc *openapi3.T) *memo {
	m := &memo{max: max, seeds: [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}, spec: doc,
		headers: map[int][]string{}, requestHeaders: map[*openapi3.Operation][]string{},
		known: map[[2]uint64][]Violation{}, routes: map[routeKey]routed{}}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			m.requestHeaders[op] = requestHeaders(item, op)
			for code := range op.Responses.Map() {
				if status, err := strconv.Atoi(code); err == nil && m.headers[status] == nil {
					m.headers[status] = m.readHeaders(status)
				}
			}
		}
	}
	return m
}

// recall returns the verdict remembered under key, or checks and remembers.
func (m *memo) recall(key [2]uint64, check func() []Violation) []Violation {
	m.mu.Lock()
	vs, ok := m.known[key]
	m.mu.Unlock()
	if ok {
		return slices.Clone(vs)
	}
	vs = check()
	m.mu.Lock()
	if len(m.known) >= m.max {
		clear(m.known) // crude, but bounded; verdicts are cheap to redo
	}
	m.known[key] = slices.Clone(vs)
	m.mu.Unlock()
	return vs
}

// route returns the route remembered for the method and path, or finds and
// remembers it. Its PathParams are the caller's own.
func (m *memo) route(method string, u *url.URL, find func() (*routers.Route, Operation, error)) (*routers.Route, Operation, error) {
	k := routeKey{method, u.EscapedPath()}
	m.mu.Lock()
	r, ok := m.routes[k]
	m.mu.Unlock()
	if !ok {
		r.route, r.op, r.err = find()
		m.mu.Lock()
		if len(m.routes) >= m.max {
			clear(m.routes)
		}
		m.routes[k] = r
		m.mu.Unlock()
	}
	r.op.PathParams = maps.Clone(r.op.PathParams)
	return r.route, r.op, r.err
}

// responseHeaders names every header the response check may read for a
// status, on any operation: Content-Type, Link (checked on every paginated
// list), the rate-limit headers of a 403 or 429 (rateLimited), and each
// header the spec documents for the status, its class (4XX) or as default
// (checkHeaders). More than one operation reads costs only remembered
// verdicts; fewer would let a remembered verdict pass an unchecked header.
func (m *memo) responseHeaders(status int) []string {
	if names, ok := m.headers[status]; ok {
		return names
	}
	if names, ok := m.otherHeaders.Load(status); ok {
		return names.([]string)
	}
	names := m.readHeaders(status)
	if status >= 100 && status <= 599 {
		m.otherHeaders.Store(status, names)
	}
	return names
}

// readHeaders is responseHeaders read from the spec.
func (m *memo) readHeaders(status int) []string {
	names := []string{"Content-Type", "Link"}
	if status == http.StatusForbidden || status == http.StatusTooManyRequests {
		names = append(names, "X-RateLimit-Remaining", "Retry-After")
	}
	code := strconv.Itoa(status)
	for _, item := range m.spec.Paths.Map() {
		for _, op := range item.Operations() {
			for _, c := range []string{code, code[:1] + "XX", "default"} {
				if ref := op.Responses.Value(c); ref != nil && ref.Value != nil {
					for name := range ref.Value.Headers {
						names = append(names, name)
					}
				}
			}
		}
	}
	for i, name := range names {
		names[i] = http.CanonicalHeaderKey(name)
	}
	// Sorted, since the spec's headers come from maps, and the same response
	// must make the same key.
	slices.Sort(names)
	return slices.Compact(names)
}

// keyParts hashes strings, each length-prefixed so that no two lists of
// parts run together alike, and then the body, twice with two seeds.
type keyParts struct{ h [2]maphash.Hash }

// start readies k to hash a key of this kind. k is the caller's, so that it
// stays on the stack.
func (m *memo) start(k *keyParts, kind string) *keyParts {
	for i, seed := range m.seeds {
		k.h[i].SetSeed(seed)
	}
	return k.add(kind)
}

func (k *keyParts) add(parts ...string) *keyParts {
	var n [20]byte
	for i := range k.h {
		for _, s := range parts {
			k.h[i].Write(strconv.AppendInt(n[:0], int64(len(s)), 10))
			k.h[i].WriteByte(':')
			k.h[i].WriteString(s)
		}
	}
	return k
}

// url adds every part of u.
func (k *keyParts) url(u *url.URL) *keyParts {
	user := ""
	if u.User != nil {
		user = u.User.String()
	}
	return k.add(u.Scheme, u.Opaque, user, u.Host, u.Path, u.RawPath, u.RawQuery, strconv.FormatBool(u.ForceQuery))
}

// header adds the values of each named header (canonical names), however
// many there are.
func (k *keyParts) header(h http.Header, names []string) *keyParts {
	for _, name := range names {
		values := h[name]
		k.add(name, strconv.Itoa(len(values)))
		k.add(values...)
	}
	return k
}

func (k *keyParts) sum(body []byte) [2]uint64 {
	var out [2]uint64
	for i := range k.h {
		k.h[i].Write(body)
		out[i] = k.h[i].Sum64()
	}
	return out
}

// responseKey is everything CheckResponse reads of a response to r: the
// method and whole URL of the request (routing and the Link check read
// them), the status, the headers responseHeaders names, and the body.
func (v *Validator) responseKey(r *http.Request, status int, header http.Header, body []byte) [2]uint64 {
	var k keyParts
	return v.memo.start(&k, "response").add(r.Method, strconv.Itoa(status)).url(r.URL).
		header(header, v.memo.responseHeaders(status)).sum(body)
}

// requestKey is everything CheckRequest reads of r: the method and whole URL
// (path and query parameters), what Token makes of its Authorization (not
// the credential itself, so that every user's same request is one), the
// Content-Type, the header parameters the operation documents, and the body.
func (v *Validator) requestKey(route *routers.Route, r *http.Request, body []byte) [2]uint64 {
	_, authProblem := Token(r.Header.Get("Authorization"))
	names, ok := v.memo.requestHeaders[route.Operation]
	if !ok {
		names = requestHeaders(route.PathItem, route.Operation)
	}
	var k keyParts
	return v.memo.start(&k, "request").add(r.Method, authProblem).url(r.URL).
		header(r.Header, names).sum(body)
}

// requestHeaders names the request headers the request check reads: the
// Content-Type, and every header parameter of the operation (the spec
// documents none today; kin-openapi would check one), canonical.
func requestHeaders(item *openapi3.PathItem, op *openapi3.Operation) []string {
	names := []string{"Content-Type"}
	params := op.Parameters
	if item != nil {
		params = append(slices.Clip(params), item.Parameters...)
	}
	for _, p := range params {
		switch {
		case p == nil || p.Value == nil:
		case p.Value.In == openapi3.ParameterInHeader:
			names = append(names, http.CanonicalHeaderKey(p.Value.Name))
		case p.Value.In == openapi3.ParameterInCookie:
			names = append(names, "Cookie")
		}
	}
	return names
}

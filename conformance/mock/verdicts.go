package mock

import (
	"hash/maphash"
	"slices"
	"strconv"
	"sync"

	"github.com/codespaces-go/codespaces/conformance/validate"
)

// verdicts remembers what the validator said about requests and responses,
// keyed by everything its check reads. For a response: the operation, the
// status, the Content-Type and Link headers (the only headers the spec
// documents) and the body. For a request: the method, the path and query,
// the Content-Type and the body (the spec has no header parameters, and
// credentials were checked before). Clients send the same requests and the
// mock answers the same bytes again and again (a codespace polled until it
// changes), and walking a codespace's schema costs more than serving it; a
// remembered verdict is the verdict the validator would give.
type verdicts struct {
	max   int
	seeds [2]maphash.Seed
	mu    sync.Mutex
	known map[[2]uint64][]validate.Violation
}

func newVerdicts(max int) *verdicts {
	return &verdicts{max: max, seeds: [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()},
		known: make(map[[2]uint64][]validate.Violation)}
}

func (v *verdicts) responseKey(op string, status int, contentType, link string, body []byte) [2]uint64 {
	return v.key(body, "response", op, strconv.Itoa(status), contentType, link)
}

func (v *verdicts) requestKey(method, uri, contentType string, body []byte) [2]uint64 {
	return v.key(body, "request", method, uri, contentType)
}

// key hashes the parts, length-prefixed, and the body twice into 128 bits.
func (v *verdicts) key(body []byte, parts ...string) [2]uint64 {
	var k [2]uint64
	for i, seed := range v.seeds {
		var h maphash.Hash
		h.SetSeed(seed)
		for _, s := range parts {
			h.WriteString(strconv.Itoa(len(s)))
			h.WriteByte(':')
			h.WriteString(s)
		}
		h.Write(body)
		k[i] = h.Sum64()
	}
	return k
}

// check returns the validator's verdict, from memory when the same request
// or response was checked before. Remembered violations get this request's
// path.
func (v *verdicts) check(key [2]uint64, path string, check func() []validate.Violation) []validate.Violation {
	v.mu.Lock()
	vs, ok := v.known[key]
	v.mu.Unlock()
	if ok {
		vs = slices.Clone(vs)
		for i := range vs {
			vs[i].Path = path
		}
		return vs
	}
	vs = check()
	v.mu.Lock()
	if len(v.known) >= v.max {
		clear(v.known) // crude, but bounded; verdicts are cheap to redo
	}
	v.known[key] = slices.Clone(vs)
	v.mu.Unlock()
	return vs
}

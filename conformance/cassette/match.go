package cassette

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"reflect"

	"gopkg.in/dnaeon/go-vcr.v3/cassette"
)

// ignoredBodyMembers are the top-level members of JSON request bodies whose
// values Match does not compare (it still requires them on both sides or on
// neither): a sealed box is random, so the same secret encrypts differently
// every time.
var ignoredBodyMembers = []string{"encrypted_value"}

// Match is the suite's go-vcr matcher: same method, same path, same query
// (in any order), and for requests that carry a body, the same JSON with
// ignoredBodyMembers left out. Scheme and host are not compared, so a
// cassette recorded against one server replays against any other.
//
// Match reads r's body and puts it back.
func Match(r *http.Request, i cassette.Request) bool {
	if r.Method != i.Method {
		return false
	}
	recorded, err := url.Parse(i.URL)
	if err != nil || r.URL.Path != recorded.Path {
		return false
	}
	if !reflect.DeepEqual(nonNil(r.URL.Query()), nonNil(recorded.Query())) {
		return false
	}
	if r.Body == nil || r.Body == http.NoBody {
		return len(bytes.TrimSpace([]byte(i.Body))) == 0
	}
	body, err := io.ReadAll(r.Body)
	_ = r.Body.Close()
	r.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		return false
	}
	return SameBody(body, []byte(i.Body))
}

func nonNil(v url.Values) url.Values {
	if v == nil {
		return url.Values{}
	}
	return v
}

// SameBody tells whether two request bodies match: equal as JSON once
// ignoredBodyMembers are dropped, or, when either is not JSON, equal byte
// for byte up to surrounding whitespace.
func SameBody(a, b []byte) bool {
	a, b = bytes.TrimSpace(a), bytes.TrimSpace(b)
	va, okA := normalizeBody(a)
	vb, okB := normalizeBody(b)
	if !okA || !okB {
		return bytes.Equal(a, b)
	}
	return reflect.DeepEqual(va, vb)
}

// normalizeBody decodes a JSON body, numbers kept exact, and blanks the
// values Match ignores.
func normalizeBody(b []byte) (any, bool) {
	if len(b) == 0 {
		return nil, true
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, false
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, false // trailing data: not one JSON document
	}
	if obj, ok := v.(map[string]any); ok {
		for _, k := range ignoredBodyMembers {
			if _, present := obj[k]; present {
				obj[k] = nil
			}
		}
	}
	return v, true
}

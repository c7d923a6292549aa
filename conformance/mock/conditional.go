package mock

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
)

// conditional gives a successful read an ETag computed from its body and, for
// operations whose spec documents 304, turns it into a 304 when the request's
// If-None-Match names that ETag.
func conditional(r *http.Request, op *operation, rec *recorder) {
	sum := sha256.Sum256(rec.body.Bytes())
	etag := `W/"` + hex.EncodeToString(sum[:16]) + `"`
	rec.header.Set("ETag", etag)
	if !op.documents(http.StatusNotModified) || !matches(r.Header.Get("If-None-Match"), etag) {
		return
	}
	rec.status = http.StatusNotModified
	rec.body.Reset()
	rec.header.Del("Content-Type")
}

// matches applies If-None-Match's weak comparison: a list of entity tags, or *.
func matches(ifNoneMatch, etag string) bool {
	if ifNoneMatch == "" {
		return false
	}
	want := strings.TrimPrefix(etag, "W/")
	for _, tag := range strings.Split(ifNoneMatch, ",") {
		tag = strings.TrimSpace(tag)
		if tag == "*" || strings.TrimPrefix(tag, "W/") == want {
			return true
		}
	}
	return false
}

// conditionalStage gives the operation's successful read an ETag, and
// answers 304 where the spec has one and If-None-Match matches (the
// rate-limit stage gives the request back: a 304 is free).
func (s *Server) conditionalStage(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r)
		c := callFrom(r.Context())
		if r.Method == http.MethodGet && c.rec.status == http.StatusOK {
			conditional(r, c.op, c.rec)
		}
	})
}

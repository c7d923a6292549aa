package mock

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
)

// conditional gives a successful read a weak ETag computed from its body and,
// for operations whose spec documents 304, turns it into a 304 when the
// request's If-None-Match names that ETag.
func conditional(r *http.Request, op *operation, rec *recorder) {
	etag := "W/" + entityTag(rec.body.Bytes())
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

// entityTag is GitHub's: the SHA-256 of the body in hex, quoted.
func entityTag(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + hex.EncodeToString(sum[:]) + `"`
}

// conditionalStage gives the operation's successful read a weak ETag, and
// answers 304 where the spec has one and If-None-Match matches (the
// rate-limit stage gives the request back: a 304 is free). A write that
// answers with a body gets a strong ETag, as GitHub's do: the 201 with {}
// of a secret's PUT (octokit.rb's recorded answers, see headers.go), the 201
// of POST /user/repos in the same cassettes.
func (s *Server) conditionalStage(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r)
		c := callFrom(r.Context())
		switch {
		case r.Method == http.MethodGet && c.rec.status == http.StatusOK:
			conditional(r, c.op, c.rec)
		case r.Method != http.MethodGet && c.rec.status >= 200 && c.rec.status < 300 && c.rec.body.Len() > 0:
			c.rec.header.Set("ETag", entityTag(c.rec.body.Bytes()))
		}
	})
}

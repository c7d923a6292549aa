package mock

import (
	"net/http"
	"strconv"
)

// headerStage finishes every answer with the headers GitHub puts on all of
// its answers.
func (s *Server) headerStage(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r)
		c := callFrom(r.Context())
		if c.op != nil && c.op.bodiless[c.rec.status] {
			// The description documents this answer without a body (the
			// organization access operations' 400, say). GitHub's carries one,
			// but a client generated from the description may refuse a body it
			// was told would not come; the status says what happened.
			c.rec.body.Reset()
			c.rec.header.Del("Content-Type")
		}
		c.rec.header.Set("X-GitHub-Request-Id", s.requestID())
	})
}

func (s *Server) requestID() string {
	return "MOCK:" + strconv.FormatUint(s.requests.Add(1), 16)
}

package mock

import (
	"fmt"
	"mime"
	"net/http"
	"slices"
	"strings"
)

// The headers below are GitHub's as its recorded answers carry them:
// octokit/octokit.rb's cassettes of the Codespaces secrets operations
// (spec/cassettes/Octokit_Client_CodespacesSecrets/..., recorded on
// api.github.com in July and December 2023, e.g.
// with_an_org_with_a_secret/_delete_org_codespaces_secret/delete_existing_secret.json
// at commit f67dd253f43aeadd8d83253eb68124233c585a1b, and
// with_a_repo_without_secrets/_create_or_update_codespaces_secret/creating_secret_returns_201.json
// at da1b5eb6b33293d188b52fce2246e84b3a679e8d); GitHub's error answers as
// jcabi/jcabi-github#1540 (a 422) and cli/cli#7819 (a 500) quote them.
const (
	// jsonType is the Content-Type of every JSON answer of GitHub's.
	jsonType = "application/json; charset=utf-8"
	// cacheControl is on GitHub's answers with a body that succeeded (a 200,
	// a 201 with {}); its 204s and its error answers have none.
	cacheControl = "private, max-age=60, s-maxage=60"
	// mediaType is the default media type's (application/vnd.github+json,
	// or no Accept at all), on every answer, a 204's too.
	mediaType = "github.v3; format=json"
	// exposedHeaders is GitHub's Access-Control-Expose-Headers, with
	// Access-Control-Allow-Origin: * on every answer.
	exposedHeaders = "ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, X-RateLimit-Remaining, " +
		"X-RateLimit-Used, X-RateLimit-Resource, X-RateLimit-Reset, X-OAuth-Scopes, X-Accepted-OAuth-Scopes, " +
		"X-Poll-Interval, X-GitHub-Media-Type, X-GitHub-SSO, X-GitHub-Request-Id, Deprecation, Sunset"
)

// headerStage finishes every answer with the headers GitHub puts on its
// answers: the charset of JSON, Cache-Control on a success with a body, a
// 204 bare, the media type and API version served, CORS, what the token's
// rights are and what the operation asks (rights.go), and a request id in
// GitHub's shape.
func (s *Server) headerStage(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r)
		c := callFrom(r.Context())
		h := c.rec.header
		status := c.rec.status
		if status == 0 {
			status = http.StatusOK
		}
		switch {
		case status == http.StatusNoContent:
			c.rec.body.Reset()
			h.Del("Content-Type")
			h.Del("ETag")
		case c.rec.body.Len() > 0 && isJSON(h.Get("Content-Type")):
			h.Set("Content-Type", jsonType)
		}
		if status == http.StatusNotModified || status < 300 && status != http.StatusNoContent && c.rec.body.Len() > 0 {
			h.Set("Cache-Control", cacheControl)
		}
		h.Set("X-GitHub-Media-Type", mediaType)
		if v := servedVersion(r); v != "" {
			h.Set("X-GitHub-Api-Version-Selected", v)
		}
		h.Set("Access-Control-Expose-Headers", exposedHeaders)
		h.Set("Access-Control-Allow-Origin", "*")
		s.rightsHeaders(h, c)
		h.Set("X-GitHub-Request-Id", s.requestID())
	})
}

func isJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}

// servedVersion is the API version an answer was made for: the one asked
// for, or GitHub's default; none where the version asked for is not served
// (the gate's 400).
func servedVersion(r *http.Request) string {
	version, asked := askedVersion(r)
	if !asked {
		return APIVersions[0]
	}
	if slices.Contains(APIVersions, version) {
		return version
	}
	return ""
}

// requestID is an X-GitHub-Request-Id in GitHub's shape: five groups of
// upper-case hex digits, the last the time in seconds (e.g.
// CBA8:37E4:9B0FC:A0695:6578EEB8). The first is C0DE, which no request id
// of GitHub's seen so far starts with, and the count of requests makes it
// unique.
func (s *Server) requestID() string {
	n := s.requests.Add(1)
	return fmt.Sprintf("C0DE:%04X:%06X:%06X:%08X", uint16(n>>24), uint32(n)&0xFFFFFF, uint32(n*0x9E3779B1)&0xFFFFFF, uint32(s.now().Unix()))
}

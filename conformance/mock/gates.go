package mock

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// GitHub's edge answers some requests before any operation sees them: no
// User-Agent, an API version it does not serve, a spent rate limit. These
// answers are the same for every operation. The overlay documents them on
// every operation (403 and 429, GitHub's rate-limit answers; 400, its answer
// to an unsupported API version), so they are checked like any answer.

// APIVersions are the values of X-GitHub-Api-Version that GitHub serves
// today: the 2022-11-28 default and 2026-03-10 (the version the
// description's x-github-breaking-changes name). Any other value is a 400.
var APIVersions = []string{"2022-11-28", "2026-03-10"}

const (
	userAgentDocs  = "https://docs.github.com/rest/using-the-rest-api/getting-started-with-the-rest-api#user-agent"
	apiVersionDocs = "https://docs.github.com/rest/about-the-rest-api/api-versions"
	rateLimitDocs  = "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api"
)

// gate answers a request GitHub's edge refuses before routing it further,
// or returns nil: no User-Agent is a 403 (GitHub: "All API requests must
// include a valid User-Agent header"), an unsupported X-GitHub-Api-Version a
// 400 naming the supported ones. Neither body repeats the request's values
// beyond the version it asked for.
func gate(r *http.Request) *response {
	if strings.TrimSpace(r.Header.Get("User-Agent")) == "" {
		resp := response{status: http.StatusForbidden, body: map[string]string{
			"message": "Request forbidden by administrative rules. Please make sure your request has a User-Agent header " +
				"(" + userAgentDocs + ").",
			"documentation_url": userAgentDocs,
			"status":            "403",
		}}
		return &resp
	}
	if version, asked := askedVersion(r); asked {
		if !slices.Contains(APIVersions, version) {
			resp := response{status: http.StatusBadRequest, body: map[string]string{
				"message": fmt.Sprintf("Unsupported 'X-GitHub-Api-Version' header: %s. The supported versions are: %s.",
					quoteVersion(version), strings.Join(APIVersions, ", ")),
				"documentation_url": apiVersionDocs,
				"status":            "400",
			}}
			return &resp
		}
	}
	return nil
}

// askedVersion is the X-GitHub-Api-Version the request asks for, its
// values joined as one, and whether it asks for any.
func askedVersion(r *http.Request) (version string, asked bool) {
	v, asked := r.Header["X-Github-Api-Version"]
	return strings.TrimSpace(strings.Join(v, ",")), asked
}

// quoteVersion keeps an asked-for version short and printable in a message.
func quoteVersion(v string) string {
	if len(v) > 40 {
		v = v[:40] + "…"
	}
	return strconv.Quote(v)
}

// gateStage answers what gate refuses. Both answers are documented for
// every operation (the overlay's 400 for an unsupported API version, and
// 403), and checked like any other answer.
func (s *Server) gateStage(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if refused := gate(r); refused != nil {
			_ = refused.write(w)
			return
		}
		next.ServeHTTP(w, r)
	})
}

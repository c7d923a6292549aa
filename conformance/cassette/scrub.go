package cassette

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"gopkg.in/dnaeon/go-vcr.v3/cassette"

	"github.com/codespaces-go/codespaces/internal/tokenshape"
)

// Redacted replaces every credential Scrub removes.
const Redacted = "REDACTED"

// secretKeyPattern matches a JSON member whose name says it holds a
// credential ("token", "temp_clone_token", "client_secret", "password"),
// with a string value.
var secretKeyPattern = regexp.MustCompile(`"(token|[A-Za-z0-9_]*_token|password|[A-Za-z0-9_]*_secret)"(\s*:\s*)"((?:[^"\\]|\\.)*)"`)

// sensitiveQuery names query parameters that carry credentials.
var sensitiveQuery = map[string]bool{"access_token": true, "token": true, "client_secret": true, "jwt": true, "code": true}

// ScrubString replaces every token-shaped substring of s with Redacted.
func ScrubString(s string) string {
	return tokenshape.Replace(s, Redacted)
}

// Scrub removes credentials from an interaction, in place: the
// Authorization headers of every scheme (the scheme stays, the credential
// goes), cookies, headers whose name says they hold a token or secret,
// credentials in URLs and forms, credential members of JSON bodies, and
// token-shaped strings anywhere. Header maps are replaced, not edited:
// go-vcr shares them with the live request and response.
func Scrub(i *cassette.Interaction) {
	i.Request.Headers = scrubHeaders(i.Request.Headers)
	i.Response.Headers = scrubHeaders(i.Response.Headers)
	i.Request.URL = scrubURL(i.Request.URL)
	i.Request.RequestURI = scrubURL(i.Request.RequestURI)
	i.Request.Host = ScrubString(i.Request.Host)
	i.Request.Body = scrubBody(i.Request.Body)
	i.Response.Body = scrubBody(i.Response.Body)
	if i.Request.Form != nil {
		form := url.Values{}
		for k, vs := range i.Request.Form {
			for _, v := range vs {
				if sensitiveQuery[strings.ToLower(k)] {
					v = Redacted
				}
				form.Add(k, ScrubString(v))
			}
		}
		i.Request.Form = form
	}
}

func scrubHeaders(h http.Header) http.Header {
	if h == nil {
		return nil
	}
	out := make(http.Header, len(h))
	for name, values := range h {
		canonical := http.CanonicalHeaderKey(name)
		switch {
		case canonical == "Cookie" || canonical == "Set-Cookie":
			continue
		case canonical == "Authorization" || canonical == "Proxy-Authorization":
			for _, v := range values {
				out[name] = append(out[name], redactCredential(v))
			}
		case sensitiveHeaderName(canonical):
			for range values {
				out[name] = append(out[name], Redacted)
			}
		default:
			for _, v := range values {
				out[name] = append(out[name], ScrubString(v))
			}
		}
	}
	return out
}

// sensitiveHeaderName tells headers that carry credentials by name, such as
// X-GitHub-Token or X-Api-Key. GitHub's own X-OAuth-Scopes and the token
// expiry date are harmless but cheap to lose.
func sensitiveHeaderName(canonical string) bool {
	lower := strings.ToLower(canonical)
	for _, word := range []string{"token", "secret", "api-key", "apikey", "password", "signature"} {
		if strings.Contains(lower, word) {
			return true
		}
	}
	return false
}

// redactCredential keeps an Authorization header's scheme and drops the
// rest: "Bearer ghp_x" becomes "Bearer REDACTED".
func redactCredential(v string) string {
	scheme, _, found := strings.Cut(strings.TrimSpace(v), " ")
	if !found || scheme == "" || tokenshape.Contains(scheme) {
		return Redacted
	}
	return scheme + " " + Redacted
}

func scrubURL(raw string) string {
	if raw == "" {
		return raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ScrubString(raw)
	}
	if u.User != nil {
		u.User = url.User(Redacted)
	}
	if u.RawQuery != "" {
		q := u.Query()
		changed := false
		for k := range q {
			if sensitiveQuery[strings.ToLower(k)] {
				q.Set(k, Redacted)
				changed = true
			}
		}
		if changed {
			u.RawQuery = q.Encode()
		}
	}
	return ScrubString(u.String())
}

func scrubBody(body string) string {
	if body == "" {
		return body
	}
	body = secretKeyPattern.ReplaceAllString(body, `"$1"$2"`+Redacted+`"`)
	return ScrubString(body)
}

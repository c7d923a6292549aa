package cassette

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"gopkg.in/dnaeon/go-vcr.v3/cassette"

	"github.com/codespaces-go/codespaces/internal/tokenshape"
)

// Leak is a credential found in a cassette. What says which kind, never the
// value itself.
type Leak struct {
	Interaction int    // the interaction's index in the cassette
	Where       string // e.g. "request header Authorization", "response body"
	What        string
}

// String says where the leak is and what kind it is.
func (l Leak) String() string {
	return fmt.Sprintf("interaction %d, %s: %s", l.Interaction, l.Where, l.What)
}

// publishedExamples are credential-named values that GitHub's reference
// pages print in their examples; cassettes transcribed from the pages hold
// them, and they are public.
var publishedExamples = map[string]bool{
	"ABTLWHOULUVAXGTRYU7OC2876QJ2O": true, // temp_clone_token of the Hello-World repository example
}

// FindLeaks lists the credentials left in a cassette: what Scrub would have
// removed.
func FindLeaks(c *cassette.Cassette) []Leak {
	var out []Leak
	for n, i := range c.Interactions {
		for _, l := range findLeaks(i) {
			l.Interaction = n
			out = append(out, l)
		}
	}
	return out
}

func findLeaks(i *cassette.Interaction) []Leak {
	var out []Leak
	add := func(where, what string) { out = append(out, Leak{Where: where, What: what}) }
	for _, side := range []struct {
		name string
		h    http.Header
	}{{"request", i.Request.Headers}, {"response", i.Response.Headers}} {
		for name, values := range side.h {
			canonical := http.CanonicalHeaderKey(name)
			where := side.name + " header " + canonical
			for _, v := range values {
				switch {
				case canonical == "Cookie" || canonical == "Set-Cookie":
					add(where, "a cookie")
				case canonical == "Authorization" || canonical == "Proxy-Authorization":
					if v != Redacted && !strings.HasSuffix(v, " "+Redacted) {
						add(where, "a credential that is not redacted")
					}
				case sensitiveHeaderName(canonical) && v != Redacted:
					add(where, "a header named as a secret")
				case tokenshape.Contains(v):
					add(where, "a token-shaped string")
				}
			}
		}
	}
	for _, u := range []struct{ where, raw string }{{"request URL", i.Request.URL}, {"request URI", i.Request.RequestURI}} {
		out = append(out, urlLeaks(u.where, u.raw)...)
	}
	for k, vs := range i.Request.Form {
		for _, v := range vs {
			if (sensitiveQuery[strings.ToLower(k)] && v != Redacted) || tokenshape.Contains(v) {
				add("request form "+k, "a credential")
			}
		}
	}
	for _, b := range []struct{ where, body string }{{"request body", i.Request.Body}, {"response body", i.Response.Body}} {
		if tokenshape.Contains(b.body) {
			add(b.where, "a token-shaped string")
		}
		for _, m := range secretKeyPattern.FindAllStringSubmatch(b.body, -1) {
			if v := m[3]; v != Redacted && v != "" && !publishedExamples[v] {
				add(b.where, fmt.Sprintf("a value in %q", m[1]))
			}
		}
	}
	return out
}

func urlLeaks(where, raw string) []Leak {
	if raw == "" {
		return nil
	}
	var out []Leak
	if tokenshape.Contains(raw) {
		out = append(out, Leak{Where: where, What: "a token-shaped string"})
	}
	u, err := url.Parse(raw)
	if err != nil {
		return out
	}
	if u.User != nil && u.User.String() != Redacted {
		out = append(out, Leak{Where: where, What: "user information"})
	}
	for k, vs := range u.Query() {
		for _, v := range vs {
			if sensitiveQuery[strings.ToLower(k)] && v != Redacted {
				out = append(out, Leak{Where: where, What: fmt.Sprintf("a credential in query parameter %q", k)})
			}
		}
	}
	return out
}

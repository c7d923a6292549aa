package evidence

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestMockAnswersAsGitHubDid sends every recorded request to a fresh mock
// per cassette, in order, mapped onto the mock's world (see the package
// doc), and compares the mock's answer with GitHub's feature by feature.
// A feature may differ only where the interaction says why (mock_differs),
// and a reason given where nothing differs is stale and fails too.
func TestMockAnswersAsGitHubDid(t *testing.T) {
	var found []finding
	compared := 0
	for _, c := range recordings(t) {
		w := newMockWorld(t, c.MockOptions)
		captured := map[string]string{}
		for _, r := range c.Setup.Requests {
			p, b := fill(r.Path, captured), fill(r.Body, captured)
			if ph := placeholder.FindString(p + b); ph != "" {
				t.Fatalf("%s: setup %s %s holds %s, which no earlier setup request captured", fileOf(c), r.Method, p, ph)
			}
			token, err := setupToken(r.As)
			if err != nil {
				t.Fatalf("%s: setup %s %s: %v", fileOf(c), r.Method, p, err)
			}
			status, _, body, err := w.sendAs(token, r.Method, p, nil, b)
			if err != nil || status >= 300 {
				t.Fatalf("%s: setup %s %s: %d %s %v", fileOf(c), r.Method, p, status, body, err)
			}
			if err := capture(r.Capture, body, captured); err != nil {
				t.Fatalf("%s: setup %s %s: %v", fileOf(c), r.Method, p, err)
			}
		}
		for _, i := range c.Interactions {
			if i.MockSkip != "" {
				continue
			}
			path, err := c.mapURL(i.Request.URL, captured)
			if err != nil {
				t.Errorf("%s: %v", c.Where(i), err)
				continue
			}
			status, h, body, err := w.send(i.Request.Method, path, i.Request.Headers, i.Request.Body)
			if err != nil {
				t.Errorf("%s: %v", c.Where(i), err)
				continue
			}
			compared++
			github := FeaturesOf(i.Response.Code, i.Response.Headers, []byte(i.Response.Body))
			if i.Message != "" {
				github[FeatureMessage] = i.Message
			}
			mock := FeaturesOf(status, h, body)
			differs := Compare(github, mock, i.Unknown)
			if github[FeatureStatus] != mock[FeatureStatus] {
				// Another status is another answer: the rest of it would
				// differ for that reason alone.
				differs = slices.DeleteFunc(differs, func(d Difference) bool { return d.Feature != FeatureStatus })
			}
			for _, d := range differs {
				if _, explained := i.MockDiffers[d.Feature]; explained {
					continue
				}
				found = append(found, finding{File: fileOf(c), Interaction: i.ID, Key: d.Feature, GitHub: d.GitHub, Mock: d.Mock, Detail: d.String()})
			}
			for f := range i.MockDiffers {
				if !slices.ContainsFunc(differs, func(d Difference) bool { return d.Feature == f }) {
					t.Errorf("%s: mock_differs explains %s, but the mock now matches GitHub on it: drop the reason", c.Where(i), f)
				}
			}
		}
	}
	if compared == 0 {
		t.Fatal("no exchange was compared")
	}
	t.Logf("%d recorded exchanges compared with the mock's answers", compared)
	reportFindings(t, "the mock", found)
}

// mapURL turns a recorded URL into the mock's path and query: the
// cassette's mapping applied (its targets filled with what the setup
// captured), scheme and host dropped.
func (c *Cassette) mapURL(raw string, captured map[string]string) (string, error) {
	for from, to := range c.Mapping {
		raw = strings.ReplaceAll(raw, from, fill(to, captured))
	}
	if p := placeholder.FindString(raw); p != "" {
		return "", fmt.Errorf("the mapped URL %q holds %s, which no setup request captured", raw, p)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("the mapped URL %q does not parse: %w", raw, err)
	}
	return u.RequestURI(), nil
}

// fill replaces each {placeholder} in s with what the setup captured.
func fill(s string, captured map[string]string) string {
	for k, v := range captured {
		s = strings.ReplaceAll(s, "{"+k+"}", v)
	}
	return s
}

// placeholder finds a {placeholder} left unfilled, which would send a
// request for a thing that does not exist and pass for a 404.
var placeholder = regexp.MustCompile(`\{[A-Za-z_]+\}`)

// capture records the answer's members that a setup request names.
func capture(what map[string]string, body []byte, into map[string]string) error {
	if len(what) == 0 {
		return nil
	}
	var members map[string]any
	if err := json.Unmarshal(body, &members); err != nil {
		return fmt.Errorf("capture from an answer that is not a JSON object: %w", err)
	}
	for placeholder, member := range what {
		v, ok := members[member].(string)
		if !ok {
			return fmt.Errorf("capture %s: the answer has no string member %q", placeholder, member)
		}
		into[placeholder] = v
	}
	return nil
}

// setupToken is the token of a setup request's sender.
func setupToken(as string) (string, error) {
	switch as {
	case "":
		return mockToken, nil
	case "member":
		return memberToken, nil
	}
	return "", fmt.Errorf("as names no user: %q", as)
}

package evidence

import (
	"bytes"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"testing"

	"github.com/codespaces-go/codespaces/conformance/validate"
)

// TestValidatorFindsNoErrorInGitHubsAnswers: the validator must accept
// what api.github.com really sent. Where GitHub departs from its own
// description, the departure may be a warning (which names the overlay
// action or the reason), never an error. A recorded 5xx is a true finding
// (GitHub failed) and stays one; nothing beside it may be an error. A
// request GitHub answered with success was one GitHub accepts, so it may
// not be an error either. What a partial quote does not show is not judged.
func TestValidatorFindsNoErrorInGitHubsAnswers(t *testing.T) {
	v, err := validate.New()
	if err != nil {
		t.Fatal(err)
	}
	var found []finding
	for _, c := range recordings(t) {
		for _, i := range c.Interactions {
			for _, vi := range judge(t, v, i) {
				if vi.Severity == validate.SeverityWarning {
					if vi.Message == "" {
						t.Errorf("%s: a warning that says nothing: %v", c.Where(i), vi)
					}
					t.Logf("%s: warning: %s", c.Where(i), vi)
					continue
				}
				found = append(found, finding{File: fileOf(c), Interaction: i.ID, Key: string(vi.Kind), Detail: vi.String()})
			}
		}
	}
	reportFindings(t, "the validator", found)
}

// judge returns the violations of one recorded exchange that the test
// holds against the validator.
func judge(t *testing.T, v *validate.Validator, i Interaction) []validate.Violation {
	t.Helper()
	r := httptest.NewRequest(i.Request.Method, i.Request.URL, bytes.NewReader([]byte(i.Request.Body)))
	r.Header = i.Request.Headers.Clone()
	var out []validate.Violation
	_, reqViolations, err := v.CheckRequest(r)
	accepted := i.Response.Code >= 200 && i.Response.Code < 300
	if err != nil && accepted {
		out = append(out, validate.Violation{Kind: validate.KindUnknownOperation, Severity: validate.SeverityError,
			Method: r.Method, Path: r.URL.Path, Message: err.Error()})
	}
	if accepted {
		out = append(out, reqViolations...)
	}
	for _, vi := range v.CheckResponse(r, i.Response.Code, i.Response.Headers, []byte(i.Response.Body)) {
		if vi.Kind == validate.KindServerError && i.Response.Code >= 500 {
			continue // GitHub did fail: the finding is true
		}
		if f, ok := featureOfKind[vi.Kind]; ok && slices.Contains(i.Unknown, f) {
			continue // the source does not show it
		}
		out = append(out, vi)
	}
	return out
}

// featureOfKind is the feature of a response violation's kind, so that a
// partial quote is judged only on what it shows.
var featureOfKind = map[validate.Kind]string{
	validate.KindContentType: FeatureMediaType,
	validate.KindBody:        FeatureBodyKeys,
	validate.KindUnknownEnum: FeatureBodyKeys,
	validate.KindHeader:      FeatureLink,
}

func fileOf(c *Cassette) string { return filepath.Base(c.Path) }

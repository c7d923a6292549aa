package evidence

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/codespaces-go/codespaces/conformance/cassette"
)

// Dir is the directory of GitHub's recorded exchanges, relative to the
// module root: the cassette package's, which scans it for credentials.
const Dir = cassette.EvidenceDir

// Cassette is one file of cassettes/github: a go-vcr v3 cassette whose
// extra members say where it comes from and how to map it onto the mock.
// go-vcr ignores them, so the file still loads as a cassette.
type Cassette struct {
	Path    string            `yaml:"-"`
	Source  Source            `yaml:"source"`
	Mapping map[string]string `yaml:"mapping"`
	Setup   Setup             `yaml:"setup"`
	// MockOptions names the options the mock is built with for this
	// cassette (see the package doc): GitHub's behaviour at recording time
	// that the mock plays only when asked.
	MockOptions []string `yaml:"mock_options"`
	// Interactions are the exchanges, in the order they were recorded.
	Interactions []Interaction `yaml:"interactions"`
}

// Source names a recording: a repository, a path in it and a commit.
type Source struct {
	Repository string `yaml:"repository"`
	Path       string `yaml:"path"`
	Commit     string `yaml:"commit"`
}

// Setup is what GitHub held before the first interaction, as requests that
// make the mock hold it too.
type Setup struct {
	Why      string         `yaml:"why"`
	Requests []SetupRequest `yaml:"requests"`
}

// SetupRequest is one request of a Setup, on the mock's world.
type SetupRequest struct {
	Method string `yaml:"method"`
	Path   string `yaml:"path"`
	Body   string `yaml:"body"`
	// Capture names values of the answer's top-level JSON members, as
	// placeholder → member: {placeholder} in later setup paths and bodies
	// and in the mapping's targets becomes the value (a codespace's name,
	// which the mock makes up).
	Capture map[string]string `yaml:"capture"`
	// As is who sends it: "" for octocat, who sends every recorded
	// request, or "member" for another user, a member of octo-org.
	As string `yaml:"as"`
}

// Interaction is one recorded exchange.
type Interaction struct {
	ID int `yaml:"id"`
	// SourceInteraction is the exchange's index in the source recording.
	SourceInteraction *int `yaml:"source_interaction"`
	// Source is an issue thread's URL, for an exchange quoted there.
	Source string `yaml:"source"`
	Quoted string `yaml:"quoted"`
	// Message is the error message a quote shows when it shows no body.
	Message string `yaml:"message"`
	// Unknown lists the features the source does not show.
	Unknown []string `yaml:"unknown"`
	// MockSkip says why the exchange is not sent to the mock.
	MockSkip string `yaml:"mock_skip"`
	// MockDiffers says, feature by feature, why the mock's answer differs.
	MockDiffers map[string]string `yaml:"mock_differs"`
	Request     Request           `yaml:"request"`
	Response    Response          `yaml:"response"`
}

// Request is the recorded request.
type Request struct {
	Method  string      `yaml:"method"`
	URL     string      `yaml:"url"`
	Headers http.Header `yaml:"headers"`
	Body    string      `yaml:"body"`
}

// Response is the recorded answer.
type Response struct {
	Code    int         `yaml:"code"`
	Headers http.Header `yaml:"headers"`
	Body    string      `yaml:"body"`
}

// Where names an interaction in failure messages: the file and its id.
func (c *Cassette) Where(i Interaction) string {
	return fmt.Sprintf("%s #%d", filepath.Base(c.Path), i.ID)
}

// Load reads every cassette under dir, sorted by file name, and checks
// that each names its source and uses only known feature names.
func Load(dir string) ([]*Cassette, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("evidence: no cassettes in %s", dir)
	}
	slices.Sort(paths)
	var out []*Cassette
	for _, p := range paths {
		c, err := loadFile(p)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

func loadFile(path string) (*Cassette, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("evidence: %w", err)
	}
	c := &Cassette{Path: path}
	if err := yaml.Unmarshal(raw, c); err != nil {
		return nil, fmt.Errorf("evidence: %s: %w", path, err)
	}
	var problems []error
	for n := range c.Interactions {
		i := &c.Interactions[n]
		i.Request.Headers = canonical(i.Request.Headers)
		i.Response.Headers = canonical(i.Response.Headers)
		where := c.Where(*i)
		if i.Source == "" && c.Source.Repository == "" {
			problems = append(problems, fmt.Errorf("%s names no source", where))
		}
		if c.Source.Repository != "" && (c.Source.Path == "" || len(c.Source.Commit) != 40) {
			problems = append(problems, fmt.Errorf("%s: a repository source needs a path and a full commit", where))
		}
		for _, f := range i.Unknown {
			if !slices.Contains(FeatureNames, f) {
				problems = append(problems, fmt.Errorf("%s: unknown names no feature: %q", where, f))
			}
		}
		for f, why := range i.MockDiffers {
			if !slices.Contains(FeatureNames, f) || strings.TrimSpace(why) == "" {
				problems = append(problems, fmt.Errorf("%s: mock_differs %q needs a feature name and a reason", where, f))
			}
		}
	}
	if err := errors.Join(problems...); err != nil {
		return nil, fmt.Errorf("evidence: %s: %w", path, err)
	}
	return c, nil
}

// canonical rekeys a header map written by hand or by another recorder
// ("Etag", "X-Ratelimit-Resource") the way net/http looks names up.
func canonical(h http.Header) http.Header {
	out := make(http.Header, len(h))
	for k, vs := range h {
		ck := http.CanonicalHeaderKey(k)
		out[ck] = append(out[ck], vs...)
	}
	return out
}

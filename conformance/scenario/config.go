package scenario

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/codespaces-go/codespaces/conformance/mock"
	"github.com/codespaces-go/codespaces/gen"
)

// Defaults of Config: the mock's world, which mirrors GitHub's reference
// pages.
const (
	DefaultOwner        = mock.OctocatLogin
	DefaultRepo         = mock.HelloWorldRepo
	DefaultRepositoryID = mock.HelloWorldID
	DefaultPullNumber   = mock.HelloWorldPull
	DefaultLocation     = string(gen.CodespaceLocationWestUs2)
	// DefaultRef is Hello-World's default branch, in the mock's world as
	// on GitHub.
	DefaultRef     = "master"
	DefaultOrg     = mock.OrgLogin
	DefaultOrgRepo = mock.OrgRepo
)

// The organization's codespaces access settings a live run may restore
// (Config.OrgAccess): the API cannot read the setting, so the run is told
// it, and selected_members is not among them because its list of users
// cannot be told in one word.
var restorableAccess = []string{"disabled", "all_members", "all_members_and_outside_collaborators"}

// Default time limits of a whole run (scenarios only; clean-up has its own).
const (
	DefaultMockTimeout = 2 * time.Minute
	DefaultLiveTimeout = time.Hour
)

// Config says what to run against and how. The zero value runs every
// scenario against the embedded mock.
type Config struct {
	// BaseURL is the API root of a live server (https://api.github.com,
	// GHE.com's https://api.SUBDOMAIN.ghe.com, or a served mock).
	// Empty means: start the mock in-process on loopback and run against it.
	BaseURL string
	// Token authenticates the main user; required with BaseURL. The
	// embedded mock makes one up unless it is set.
	Token string
	// SecondToken is another user's token, for the check that one user's
	// codespace is 404 to another. Without it a live run skips that check;
	// the embedded mock makes one up.
	SecondToken string

	// The repository to work in, and its pull request: the mock's
	// octocat/Hello-World (1296269) and pull request 1 unless set. A run
	// against a BaseURL must set all four, and checks that the ID is the
	// repository's before it creates anything.
	Owner        string
	Repo         string
	RepositoryID int64
	PullNumber   int
	// Ref is the branch whose devcontainers the permissions check asks
	// about: the repository's default branch unless set (live, as
	// GET /repos/{owner}/{repo} names it; DefaultRef on the mock).
	Ref string
	// Location is passed to the repository machines operation (WestUs2
	// unless set).
	Location string

	// Org is the organization the organization scenarios administer, and
	// OrgRepo a repository of it, in which a member's codespace is made and
	// for which an organization secret is selected: the mock's octo-org and
	// octo-repo unless set. A live run without both skips those scenarios,
	// and looks the repository's ID up before it starts.
	Org     string
	OrgRepo string
	// OrgAccess lets a live run call the organization's (deprecated) access
	// operations, which change who may create codespaces the organization
	// pays for, and which the API cannot read: it is the setting the
	// organization has now (disabled, all_members or
	// all_members_and_outside_collaborators), which the run sets again when
	// it is done. Empty: a live run skips those calls. Against the mock the
	// run knows the setting (all_members).
	OrgAccess string
	// Publish lets a live run publish a codespace made from GitHub's blank
	// template: that creates a real repository, named
	// conformance-<run id>-published, which the API cannot delete, so the
	// run leaves it and says so. Without it a live run skips publish. The
	// mock always publishes.
	Publish bool

	// Run, if not nil, selects the scenarios whose names it matches.
	Run *regexp.Regexp
	// Timeout bounds the scenarios: DefaultMockTimeout or DefaultLiveTimeout
	// unless set.
	Timeout time.Duration
	// RunID marks what a run creates; a random one (live) or "mock"
	// (embedded) unless set. Letters and digits only.
	RunID string
	// RecordDir, if not empty, receives one scrubbed go-vcr cassette per
	// scenario run.
	RecordDir string

	// Progress receives one line per scenario as it runs (nil: none);
	// Verbose adds each scenario's steps.
	Progress io.Writer
	Verbose  bool

	// Transport sends the requests onto the network; nil means a private
	// copy of http.DefaultTransport. Tests put faulty transports here.
	Transport http.RoundTripper
}

// mockOrgAccess is the access setting the mock's organization starts with.
const mockOrgAccess = "all_members"

var runIDPattern = regexp.MustCompile(`^[A-Za-z0-9]{1,16}$`)

// withDefaults checks cfg and fills in what it leaves out.
func (cfg Config) withDefaults() (Config, error) {
	if cfg.BaseURL != "" {
		u, err := url.Parse(cfg.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return cfg, fmt.Errorf("the base URL %q is not an http(s) URL", cfg.BaseURL)
		}
		if cfg.Token == "" {
			return cfg, errors.New("a run against a base URL needs a token (GITHUB_TOKEN)")
		}
	}
	if cfg.BaseURL != "" && (cfg.Owner == "" || cfg.Repo == "" || cfg.RepositoryID == 0 || cfg.PullNumber == 0) {
		// The defaults are the mock's world: on GitHub they would create
		// billed codespaces in someone else's public repository.
		return cfg, errors.New("a run against a base URL needs the repository to work in: -owner, -repo, -repository-id and -pull-number (an open pull request), all of your own")
	}
	if cfg.Owner == "" {
		cfg.Owner = DefaultOwner
	}
	if cfg.Repo == "" {
		cfg.Repo = DefaultRepo
	}
	if cfg.RepositoryID == 0 {
		cfg.RepositoryID = DefaultRepositoryID
	}
	if cfg.PullNumber == 0 {
		cfg.PullNumber = DefaultPullNumber
	}
	if cfg.Location == "" {
		cfg.Location = DefaultLocation
	}
	if cfg.BaseURL == "" {
		if cfg.Ref == "" {
			cfg.Ref = DefaultRef
		}
		if cfg.Org == "" {
			cfg.Org = DefaultOrg
		}
		if cfg.OrgRepo == "" {
			cfg.OrgRepo = DefaultOrgRepo
		}
		if cfg.OrgAccess == "" {
			cfg.OrgAccess = mockOrgAccess
		}
	}
	if cfg.OrgAccess != "" && !slices.Contains(restorableAccess, cfg.OrgAccess) {
		return cfg, fmt.Errorf("the organization's access setting %q is not one of %s", cfg.OrgAccess, strings.Join(restorableAccess, ", "))
	}
	switch {
	case cfg.RepositoryID < 0:
		return cfg, fmt.Errorf("the repository ID %d is not positive", cfg.RepositoryID)
	case cfg.PullNumber < 0:
		return cfg, fmt.Errorf("the pull request number %d is not positive", cfg.PullNumber)
	case strings.Contains(cfg.Owner, "/") || strings.Contains(cfg.Repo, "/"):
		return cfg, errors.New("the owner and the repository name must not contain a slash")
	case strings.Contains(cfg.Org, "/") || strings.Contains(cfg.OrgRepo, "/"):
		return cfg, errors.New("the organization and its repository's name must not contain a slash (-org-repo is the name alone)")
	case cfg.Timeout < 0:
		return cfg, errors.New("the timeout must not be negative")
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultMockTimeout
		if cfg.BaseURL != "" {
			cfg.Timeout = DefaultLiveTimeout
		}
	}
	if cfg.RunID == "" {
		cfg.RunID = "mock"
		if cfg.BaseURL != "" {
			cfg.RunID = randomRunID()
		}
	}
	if !runIDPattern.MatchString(cfg.RunID) {
		return cfg, fmt.Errorf("the run ID %q must be 1 to 16 letters or digits", cfg.RunID)
	}
	if cfg.Progress == nil {
		cfg.Progress = io.Discard
	}
	return cfg, nil
}

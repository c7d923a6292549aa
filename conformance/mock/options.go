package mock

import (
	"log/slog"
	"time"

	"github.com/codespaces-go/codespaces/conformance/validate"
)

// Option configures a Server.
type Option func(*config)

type config struct {
	baseURL      string
	clock        func() time.Time
	timing       Timing
	seed         uint64
	octocatToken string
	validate     bool
	onViolation  func(validate.Violation)
	faults       []Fault
	logger       *slog.Logger
	memo         int
	rateLimit    RateLimit
	limits       Limits
	idleUsers    int
	requestLog   int // entries the request log keeps (requestlog.go)
	world        *World
	// machineChangePending, if not nil, begins on every codespace an
	// update moves to another machine.
	machineChangePending *PendingOperation
	// tokenRights are WithTokenRights', by the SHA-256 digest of the token.
	tokenRights map[[32]byte]Rights
}

func defaultConfig() config {
	return config{clock: time.Now, seed: 1, validate: true, memo: 4096, rateLimit: RateLimit{}.withDefaults(), limits: Limits{}.withDefaults(),
		idleUsers: defaultIdleUsers, requestLog: defaultRequestLog}
}

// WithBaseURL fixes the public base URL the mock writes into the URLs it
// returns (url, start_url, Link, ...): where clients reach it, behind a
// proxy or a port mapping. Without it each answer uses the address the
// request reports: X-Forwarded-Host and X-Forwarded-Proto when a proxy set
// them, else its own scheme and Host, so the URLs work for whoever asked.
// A path in u (https://proxy/github) is the API's base path: requests may
// come with it or with the proxy having stripped it.
func WithBaseURL(u string) Option { return func(c *config) { c.baseURL = u } }

// WithRateLimit sets the primary rate limit the mock counts down per user
// (see RateLimit); by default 5000 requests an hour, 60 without credentials.
func WithRateLimit(rl RateLimit) Option { return func(c *config) { c.rateLimit = rl.withDefaults() } }

// WithClock replaces time.Now for timestamps, timed transitions and rate-limit
// reset times.
func WithClock(now func() time.Time) Option { return func(c *config) { c.clock = now } }

// WithTiming sets how long transitional states last (see Timing). The default
// is instant.
func WithTiming(t Timing) Option { return func(c *config) { c.timing = t } }

// WithSeed seeds everything the mock makes up: codespace names, environment
// IDs, export SHAs, the secrets key pair and which requests a fractional fault
// hits. The default seed is 1, so two mocks built alike answer alike.
func WithSeed(seed uint64) Option { return func(c *config) { c.seed = seed } }

// WithOctocatToken names the token that authenticates as octocat (id 1):
// as the world's first user, when the world gives it no token of its own.
// Without either, the first token the mock sees that the world does not
// name is that user's.
func WithOctocatToken(token string) Option { return func(c *config) { c.octocatToken = token } }

// WithWorld starts the mock with w (see World, ParseWorld) instead of the
// default world, and makes it the world Reset goes back to. New panics if
// w is not valid: check it with ParseWorld, or build the mock and call
// ReplaceWorld, to get the error. The mock keeps its own copy; nil is the
// default world.
func WithWorld(w *World) Option { return func(c *config) { c.world = w.clone() } }

// WithValidation turns the checking of every request and response against the
// spec on or off (it is on by default). Off is for benchmark baselines.
func WithValidation(on bool) Option { return func(c *config) { c.validate = on } }

// WithViolationHandler is called, besides recording it, for every violation of
// the spec in a response the mock sends (see Violations). Tests pass a function
// that fails the test. It may be called from several goroutines at once.
func WithViolationHandler(f func(validate.Violation)) Option {
	return func(c *config) { c.onViolation = f }
}

// WithFaults injects faults into matching requests (see Fault).
func WithFaults(faults ...Fault) Option {
	return func(c *config) { c.faults = append(c.faults, faults...) }
}

// WithLogger logs one line per request: method, path, operation, status and
// duration. Never headers or bodies, so no token or secret.
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

// WithVerdictMemory bounds how many distinct requests and responses the mock's
// validator remembers its verdict on (4096 by default; validate.WithMemory).
// One identical to one checked before, in everything the check reads (the
// request's method and URL, the status, each header the check reads, the
// body), gets the same verdict without the schema walk, which costs more than
// serving it. Every answer is still checked. 0 checks everything afresh.
func WithVerdictMemory(entries int) Option { return func(c *config) { c.memo = entries } }

// WithIdleUsers bounds the users the mock keeps (10,000 by default): past
// it, each new token's user makes the mock drop the least recently seen
// users that hold nothing (no codespace, secret, accepted permission,
// published repository, organization membership setting or spent rate
// limit; the world's users never). A dropped user's token, seen again, is
// a user again, with the same login, and nothing else. Values below 1 are
// 1.
func WithIdleUsers(n int) Option { return func(c *config) { c.idleUsers = max(1, n) } }

// WithMachineChangePending makes every update (PATCH) that moves a codespace
// to another machine begin op on it (see PendingOperation), as GitHub does
// when the new machine has another amount of storage (the default world's
// two machines have the same, so without this option no update makes an
// operation pending). The update's own answer shows the operation pending.
func WithMachineChangePending(op PendingOperation) Option {
	return func(c *config) { c.machineChangePending = &op }
}

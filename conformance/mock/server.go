package mock

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/codespaces-go/codespaces/conformance/validate"
	"github.com/codespaces-go/codespaces/gen/server"
)

// Server is a stateful, in-memory stand-in for the Codespaces part of GitHub's
// REST API. It is safe for concurrent use. Build one with New and serve its
// Handler, or let Start or Serve run it.
type Server struct {
	cfg config
	// worldp is the world (world.go), swapped whole by Reset and
	// ReplaceWorld: requests read it without the lock.
	worldp atomic.Pointer[world]
	// start is the document the Server started with, which Reset goes
	// back to; doc is the one it serves now. Guarded by mu.
	start, doc *World
	router     *chi.Mux
	chain      http.Handler // the request path (pipeline.go)
	// publicPath is the path of the configured public URL, without a
	// trailing slash: the API's base path as clients see it.
	publicPath string
	ops        map[string]*operation // by routeKey
	validator  *validate.Validator
	report     *validate.Report
	requests   atomic.Uint64
	requestLog *requestLog // requestlog.go

	vmu            sync.Mutex // guards violations and seenViolations
	violations     []validate.Violation
	seenViolations map[validate.Violation]bool

	mu    sync.Mutex // guards everything below
	users userIndex
	// primary is the world's first user while it has no token: the first
	// token the world does not name becomes its (auth.go).
	primary    *user
	codespaces map[string]*codespace // by name, across users
	nextID     int64
	rng        *rand.Rand
	keys       keyring // the users' secrets key pair
	// publishedRepos are the repositories publishing created, in order.
	publishedRepos []*repository
	repoScopes     map[int64]*secretScope // by repository ID, made when first used
	nextRepoID     int64
	faults         faultTable
	budgets        map[string]*budget // rate limits, by user or client IP
	retryNext      int                // creates still to answer 202 (CreateRetriedNext)
	failNext       int                // creates still to fail while provisioning (FailNextCreated)
}

// New builds a mock with the world of WithWorld, else the default world
// (DefaultWorld): octocat (id 1), the repositories octocat/Hello-World (id
// 1296269, pull request 1) and octocat/Spoon-Knife, the organization
// octo-org (id 6811672) with octo-org/octo-repo, the template
// github/codespaces-blank, and the machines standardLinux and premiumLinux.
// It panics if WithWorld's world is not valid (ParseWorld and ReplaceWorld
// return the error instead), and if the embedded spec does not load, which
// the spec's own tests rule out.
func New(opts ...Option) *Server {
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	ops, err := loadOperations()
	if err != nil {
		panic(err)
	}
	start := cfg.world
	if start == nil {
		start = DefaultWorld()
	} else if err := start.check(); err != nil {
		panic("mock: WithWorld: " + err.Error())
	}
	s := &Server{
		cfg:            cfg,
		start:          start,
		ops:            make(map[string]*operation, len(ops)),
		seenViolations: map[validate.Violation]bool{},
		requestLog:     newRequestLog(cfg.requestLog),
	}
	for _, op := range ops {
		s.ops[routeKey(op.method, op.pattern)] = op
	}
	s.install(start)
	if cfg.baseURL != "" {
		u, err := url.Parse(cfg.baseURL)
		if err != nil || u.Scheme == "" || u.Host == "" {
			panic(fmt.Sprintf("mock: WithBaseURL(%q) is not an absolute URL", cfg.baseURL))
		}
		s.publicPath = strings.TrimRight(u.EscapedPath(), "/")
	}
	// The validator sees requests and Links as clients do, under the public
	// base path (published).
	if s.validator, err = validate.New(validate.WithBasePath(s.publicPath), validate.WithMemory(cfg.memo)); err != nil {
		panic(err)
	}
	s.report = validate.NewReport(s.validator)
	s.router = chi.NewRouter()
	strict := server.NewStrictHandlerWithOptions(&api{s}, nil, server.StrictHTTPServerOptions{
		RequestErrorHandlerFunc:  s.badBody,
		ResponseErrorHandlerFunc: s.brokenResponse,
	})
	server.HandlerWithOptions(strict, server.ChiServerOptions{BaseRouter: s.router, ErrorHandlerFunc: s.badParameter})
	s.chain = s.pipeline()
	return s
}

// Handler returns the mock as an http.Handler, to mount anywhere (it expects
// the API's paths at the root).
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serveHTTP) }

// Start serves the mock on a free loopback port until stop is called, like
// httptest.NewServer, and returns its base URL.
func (s *Server) Start() (baseURL string, stop func()) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(fmt.Sprintf("mock: listen on loopback: %v", err))
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = s.Serve(ctx, ln)
	}()
	return "http://" + ln.Addr().String(), func() { cancel(); <-done }
}

// Serve answers requests on ln until ctx ends, then shuts down gracefully,
// giving requests in flight five seconds. The server's timeouts and caps
// are the Limits (WithLimits).
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := s.cfg.limits.httpServer(s.Handler())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(newLimitListener(ln, s.cfg.limits.MaxConns)) }()
	select {
	case err := <-errc:
		return fmt.Errorf("mock: serve: %w", err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil {
		return fmt.Errorf("mock: shut down: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("mock: serve: %w", err)
	}
	return nil
}

// ListenAndServe listens on addr (host:port; port 0 picks one) and serves
// until ctx ends. To learn the port, listen yourself and call Serve.
func (s *Server) ListenAndServe(ctx context.Context, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("mock: listen on %s: %w", addr, err)
	}
	return s.Serve(ctx, ln)
}

// call is what the handlers learn about the request beyond its parameters.
type call struct {
	op   *operation
	user *user
	base string   // base URL for the URLs in the answer
	url  *url.URL // the URL Link headers are built on, in GitHub's form (aliases.go)
	// requestViolations are the request's, kept for the report.
	requestViolations []validate.Violation
	budgetKey         string // whose rate limit the request spent; "" before it did
	budget            budget // that budget after the request
	// denied is the authentication stage's refusal, answered after the
	// request is charged.
	denied *response
	rights *Rights // what the token may do, once rightsOf has asked (rights.go)
	// token is the request's credential, as the authentication stage read
	// it: rightsOf needs its prefix. Never logged or answered.
	token     string
	unchecked bool      // the answer is a fault's, not checked against the spec
	rec       *recorder // the answer so far
	// body is the request's body, read once (at most maxBody) for the
	// request check and the request log; bodyErr why it could not be.
	body     []byte
	bodyErr  error
	bodyRead bool
}

type callKey struct{}

func callFrom(ctx context.Context) *call {
	c, _ := ctx.Value(callKey{}).(*call)
	return c
}

// baseURL is where the client reached the mock, for the URLs in answers:
// the configured public URL; else the outside address a reverse proxy
// reports in X-Forwarded-Host and X-Forwarded-Proto (httputil.ReverseProxy,
// nginx, Docker's proxies set them); else the scheme and Host of the request,
// or the address it reached when it names no Host.
func (s *Server) baseURL(r *http.Request) string {
	if s.cfg.baseURL != "" {
		return strings.TrimSuffix(s.cfg.baseURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	host := r.Host
	if host == "" {
		// An HTTP/1.0 request may name no host: the URLs go to the address
		// it reached, not to "http:///user/...".
		host = "localhost"
		if addr, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr); ok && validHost(addr.String()) {
			host = addr.String()
		}
	}
	if fh := firstForwarded(r.Header.Get("X-Forwarded-Host")); fh != "" && validHost(fh) {
		host = fh
	}
	if fp := strings.ToLower(firstForwarded(r.Header.Get("X-Forwarded-Proto"))); fp == "http" || fp == "https" {
		scheme = fp
	}
	return scheme + "://" + host
}

// firstForwarded is the first value of a comma-separated X-Forwarded
// header: the address the first proxy saw, the client's.
func firstForwarded(v string) string {
	first, _, _ := strings.Cut(v, ",")
	return strings.TrimSpace(first)
}

// validHost accepts a host[:port] and nothing that could bend a URL built on
// it (a path, a user, a query, spaces).
func validHost(h string) bool {
	if len(h) > 255 || strings.ContainsAny(h, "/\\?#@ \t") {
		return false
	}
	u, err := url.Parse("http://" + h)
	return err == nil && u.Host == h
}

// underPublicPath strips the path of the configured public URL from a
// request that arrives with it, for a proxy that forwards
// https://proxy/github/user/codespaces as is; one that strips the prefix
// itself needs nothing.
func (s *Server) underPublicPath(r *http.Request) {
	prefix := s.publicPath
	if prefix == "" {
		return
	}
	if rest, ok := strings.CutPrefix(r.URL.Path, prefix); ok && strings.HasPrefix(rest, "/") {
		r.URL.Path = rest
		if r.URL.RawPath != "" {
			if raw, ok := strings.CutPrefix(r.URL.RawPath, prefix); ok {
				r.URL.RawPath = raw
			}
		}
	}
}

// route finds the operation a request is for, by method and path alone.
// GitHub's id-based path is turned into the named one in r first
// (aliases.go), so that what follows sees the named path.
func (s *Server) route(r *http.Request) *operation {
	s.resolveAlias(r)
	path := r.URL.RawPath
	if path == "" {
		path = r.URL.Path
	}
	if strings.Contains(path, "//") {
		// An empty segment names nothing (chi would bind it to a parameter
		// as ""), so /repos///codespaces is no operation's, as for GitHub.
		return nil
	}
	pattern := s.router.Find(chi.NewRouteContext(), r.Method, path)
	if pattern == "" {
		return nil
	}
	return s.ops[routeKey(r.Method, pattern)]
}

// published returns r as clients addressed it: under the public base path.
func (s *Server) published(r *http.Request) *http.Request {
	if s.publicPath == "" {
		return r
	}
	out := new(http.Request)
	*out = *r
	u := *r.URL
	u.Path = s.publicPath + r.URL.Path
	if r.URL.RawPath != "" {
		u.RawPath = s.publicPath + r.URL.RawPath
	}
	out.URL = &u
	return out
}

// now is the mock's clock, to the second like GitHub's timestamps.
func (s *Server) now() time.Time { return s.cfg.clock().UTC().Truncate(time.Second) }

// takeCreateRetriedLocked uses up one of the creates CreateRetriedNext
// asked for. Called with s.mu held, by a create that makes a codespace, so
// that other requests, and creates refused, leave the count alone.
func (s *Server) takeCreateRetriedLocked() bool {
	if s.retryNext > 0 {
		s.retryNext--
		return true
	}
	return false
}

// CreateRetriedNext makes the next n creates that succeed answer 202,
// GitHub's "creation failed and is being retried in the background", with
// the codespace queued, instead of 201: the mock's one way to a 202 create
// (see the package doc, Lifecycle).
func (s *Server) CreateRetriedNext(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.retryNext += max(0, n)
}

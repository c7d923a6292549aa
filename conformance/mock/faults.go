package mock

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// FaultKind is what an injected fault does to a request.
type FaultKind int

const (
	// FaultStatus answers Fault.Status (default 503) with a GitHub-style body,
	// or with none at all when Fault.Empty is set.
	FaultStatus FaultKind = iota + 1
	// FaultRateLimit answers like GitHub's primary rate limit: 403,
	// X-RateLimit-Remaining: 0 and X-RateLimit-Reset Fault.Reset from now.
	FaultRateLimit
	// FaultSecondaryRateLimit answers like GitHub's secondary rate limit:
	// Fault.Status (403 or 429, default 403) with Retry-After and a body whose
	// documentation URL is about secondary rate limits.
	FaultSecondaryRateLimit
	// FaultLatency answers normally, Fault.Latency late.
	FaultLatency
	// FaultDrop closes the connection without answering.
	FaultDrop
)

// Fault is a failure the mock injects into the requests it matches. A fault
// matches requests for Operation (an operationId), or else Method and Path (a
// path template from the spec, or a concrete path), or else every request. It
// hits the first Count matching requests (0: all of them), and of those only a
// Fraction (0: all), drawn with the seeded generator.
//
// A request can also carry its own fault in the X-Mock-Fault header (see the
// package documentation); that fault matches later requests of the same user
// and operation that carry the same header, so "status=503;count=1" fails the
// first try and lets the retry through.
type Fault struct {
	Kind       FaultKind
	Operation  string
	Method     string
	Path       string
	Status     int
	Latency    time.Duration // for every kind: wait this long before answering
	RetryAfter time.Duration // FaultSecondaryRateLimit; default one minute
	Reset      time.Duration // FaultRateLimit; default one hour
	Count      int
	Fraction   float64
	// Empty makes a FaultStatus answer bodiless: Content-Length 0 under
	// GitHub's JSON Content-Type, as GitHub sometimes answers a 500
	// (GH_DEBUG output in cli/cli issues 7819 and 9003). Clients that read
	// every error body as JSON fail on it; cli/cli did.
	Empty bool
}

func (f *Fault) matches(r *http.Request, op *operation) bool {
	switch {
	case f.Operation != "":
		return f.Operation == op.id
	case f.Method != "" || f.Path != "":
		return (f.Method == "" || strings.EqualFold(f.Method, r.Method)) &&
			(f.Path == "" || f.Path == op.pattern || f.Path == r.URL.Path)
	}
	return true
}

// faultRule is a fault and how many times it has hit.
type faultRule struct {
	Fault
	hits int
}

type faultTable struct {
	rules    []*faultRule
	byHeader map[string]*faultRule // key: user, operation and header value; at most maxHeaderFaults
}

// maxHeaderFaults bounds how many faults asked for by header the mock
// remembers the count of.
const maxHeaderFaults = 4096

func newFaultTable(faults []Fault) faultTable {
	t := faultTable{byHeader: make(map[string]*faultRule)}
	for _, f := range faults {
		t.rules = append(t.rules, &faultRule{Fault: f})
	}
	return t
}

// InjectFault adds a fault at run time; it applies after those added before.
func (s *Server) InjectFault(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.rules = append(s.faults.rules, &faultRule{Fault: f})
}

// ClearFaults removes every fault, those of the options and of headers too.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = newFaultTable(nil)
}

// FaultHeader is the request header that carries a per-request fault.
const FaultHeader = "X-Mock-Fault"

// pickFault returns the fault that hits this request, if any.
func (s *Server) pickFault(r *http.Request, c *call) (*Fault, error) {
	header := r.Header.Get(FaultHeader)
	var parsed Fault
	if header != "" {
		var err error
		if parsed, err = ParseFault(header); err != nil {
			return nil, err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	candidates := s.faults.rules
	if header != "" {
		key := c.user.login + "\x00" + c.op.id + "\x00" + header
		rule, ok := s.faults.byHeader[key]
		if !ok {
			if len(s.faults.byHeader) >= maxHeaderFaults {
				// Crude but bounded: each user, operation and header value
				// makes an entry, and clients choose all three. Forgetting
				// them restarts the count of a count=N fault, no worse.
				clear(s.faults.byHeader)
			}
			rule = &faultRule{Fault: parsed}
			s.faults.byHeader[key] = rule
		}
		candidates = append([]*faultRule{rule}, candidates...)
	}
	for _, rule := range candidates {
		if !rule.matches(r, c.op) || rule.Count > 0 && rule.hits >= rule.Count {
			continue
		}
		if rule.Fraction > 0 && s.rng.Float64() >= rule.Fraction {
			continue
		}
		rule.hits++
		f := rule.Fault
		return &f, nil
	}
	return nil, nil
}

// ParseFault reads the X-Mock-Fault header's syntax: settings separated by
// semicolons, e.g. "status=503;count=1", "rate-limit;reset=60",
// "secondary-rate-limit;status=429;retry-after=2", "latency=200ms", "drop",
// "status=502;fraction=0.5", "status=500;empty".
func ParseFault(header string) (Fault, error) {
	var f Fault
	for _, part := range strings.Split(header, ";") {
		key, value, _ := strings.Cut(strings.TrimSpace(part), "=")
		key, value = strings.ToLower(strings.TrimSpace(key)), strings.TrimSpace(value)
		var err error
		switch key {
		case "":
			continue
		case "status":
			f.Status, err = strconv.Atoi(value)
			if f.Kind == 0 {
				f.Kind = FaultStatus
			}
		case "rate-limit", "primary-rate-limit":
			f.Kind = FaultRateLimit
		case "secondary-rate-limit":
			f.Kind = FaultSecondaryRateLimit
		case "drop":
			f.Kind = FaultDrop
		case "empty":
			f.Empty = true
		case "latency":
			f.Latency, err = parseDuration(value)
		case "reset":
			f.Reset, err = parseDuration(value)
		case "retry-after":
			f.RetryAfter, err = parseDuration(value)
		case "count":
			f.Count, err = strconv.Atoi(value)
			if err == nil && f.Count < 1 {
				err = fmt.Errorf("it must be at least 1")
			}
		case "fraction":
			f.Fraction, err = strconv.ParseFloat(value, 64)
			if err == nil && !(f.Fraction > 0 && f.Fraction <= 1) {
				err = fmt.Errorf("it must be more than 0 and at most 1")
			}
		default:
			return Fault{}, fmt.Errorf("%s: unknown setting %q", FaultHeader, key)
		}
		if err != nil {
			return Fault{}, fmt.Errorf("%s: bad %s %q: %w", FaultHeader, key, value, err)
		}
	}
	if f.Kind == 0 && f.Latency > 0 {
		f.Kind = FaultLatency
	}
	if f.Kind == 0 {
		return Fault{}, fmt.Errorf("%s: %q names no fault (status, rate-limit, secondary-rate-limit, latency or drop)", FaultHeader, header)
	}
	if err := f.check(); err != nil {
		return Fault{}, fmt.Errorf("%s: %w", FaultHeader, err)
	}
	return f, nil
}

func (f *Fault) check() error {
	switch {
	case f.Kind == FaultStatus && f.Status != 0 && (f.Status < 400 || f.Status > 599):
		return fmt.Errorf("status %d is not an error status", f.Status)
	case f.Empty && f.Kind != FaultStatus:
		return fmt.Errorf("only a status fault can be empty")
	case f.Kind == FaultSecondaryRateLimit && f.Status != 0 && f.Status != 403 && f.Status != 429:
		return fmt.Errorf("a secondary rate limit answers 403 or 429, not %d", f.Status)
	case f.Latency < 0 || f.Latency > MaxFaultLatency:
		return fmt.Errorf("latency %v is not between 0 and a minute", f.Latency)
	}
	return nil
}

// parseDuration takes a Go duration ("250ms") or whole seconds ("60").
func parseDuration(v string) (time.Duration, error) {
	if n, err := strconv.Atoi(v); err == nil {
		if n < 0 {
			return 0, fmt.Errorf("it must not be negative")
		}
		return time.Duration(n) * time.Second, nil
	}
	d, err := time.ParseDuration(v)
	if err == nil && d < 0 {
		return 0, fmt.Errorf("it must not be negative")
	}
	return d, err
}

// faultStage applies the fault that hits the request, if any: it answers
// (or drops) the request, or, for latency, lets it go on late. Faulted
// answers are meant to break the spec and are not checked against it.
func (s *Server) faultStage(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := callFrom(r.Context())
		if c.op == nil {
			next.ServeHTTP(w, r)
			return
		}
		f, err := s.pickFault(r, c)
		if err != nil {
			c.unchecked = true
			_ = errorResponse(http.StatusBadRequest, err.Error()).write(w)
			return
		}
		if f == nil {
			next.ServeHTTP(w, r)
			return
		}
		if f.Latency > 0 {
			t := time.NewTimer(f.Latency)
			select {
			case <-t.C:
			case <-r.Context().Done():
				t.Stop()
			}
		}
		var resp response
		switch f.Kind {
		case FaultLatency:
			next.ServeHTTP(w, r)
			return
		case FaultDrop:
			c.unchecked = true
			drop(w)
			return
		case FaultRateLimit:
			resp = s.rateLimited(c, f)
		case FaultSecondaryRateLimit:
			resp = secondaryRateLimited(f)
		default:
			resp = failed(f)
		}
		c.unchecked = true
		_ = resp.write(w)
	})
}

func failed(f *Fault) response {
	status := f.Status
	if status == 0 {
		status = http.StatusServiceUnavailable
	}
	if f.Empty {
		return response{status: status, header: http.Header{"Content-Type": {jsonType}}}
	}
	if status == http.StatusServiceUnavailable {
		return response{status: status, body: map[string]string{
			"code": "service_unavailable", "message": "Service Unavailable", "documentation_url": docsURL,
		}}
	}
	return errorResponse(status, http.StatusText(status))
}

func (s *Server) rateLimited(c *call, f *Fault) response {
	reset := f.Reset
	if reset == 0 {
		reset = time.Hour
	}
	body := basicError(http.StatusForbidden, fmt.Sprintf("API rate limit exceeded for user ID %d.", c.user.id))
	body.DocumentationURL = ptr("https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting")
	resp := response{status: http.StatusForbidden, body: body, header: http.Header{}}
	rateLimitHeaders(resp.header, budget{resource: c.resource(), limit: 5000, used: 5000, reset: s.cfg.clock().Add(reset)})
	return resp
}

func secondaryRateLimited(f *Fault) response {
	status := f.Status
	if status == 0 {
		status = http.StatusForbidden
	}
	retry := f.RetryAfter
	if retry == 0 {
		retry = time.Minute
	}
	resp := response{status: status, header: http.Header{}, body: map[string]string{
		"message":           "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
		"documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
		"status":            strconv.Itoa(status),
	}}
	resp.header.Set("Retry-After", strconv.Itoa(int((retry+time.Second-1)/time.Second)))
	return resp
}

// drop closes the connection under the request, or aborts the answer where the
// connection cannot be taken over (HTTP/2).
func drop(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}

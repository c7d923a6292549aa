package scenario

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/codespaces-go/codespaces/conformance/mock"
	"github.com/codespaces-go/codespaces/conformance/validate"
)

// A Probe watches the requests made with a context (see Env.Observe and
// Env.WithFault): what was sent, what came back and when. Each retry of the
// client is an exchange of its own, so a probe shows retries.
type Probe struct {
	fault  string // X-Mock-Fault value; empty to watch only
	status int    // the status the fault answers with

	mu        sync.Mutex
	exchanges []Exchange
	excused   []validate.Violation
}

// Exchange is one request as a Probe saw it.
type Exchange struct {
	Method   string
	Path     string
	Status   int // 0 when no answer came
	Sent     time.Time
	Received time.Time
	Err      error
}

type probeKey struct{}

func withProbe(ctx context.Context, p *Probe) context.Context {
	return context.WithValue(ctx, probeKey{}, p)
}

func probeFrom(ctx context.Context) *Probe {
	p, _ := ctx.Value(probeKey{}).(*Probe)
	return p
}

// Exchanges returns what the probe saw, in order.
func (p *Probe) Exchanges() []Exchange {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Exchange(nil), p.exchanges...)
}

// Statuses returns the status of each exchange, in order.
func (p *Probe) Statuses() []int {
	var out []int
	for _, x := range p.Exchanges() {
		out = append(out, x.Status)
	}
	return out
}

// Excused returns the violations that the injected fault itself caused (its
// undocumented status, its server error) and that the report therefore
// leaves out.
func (p *Probe) Excused() []validate.Violation {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]validate.Violation(nil), p.excused...)
}

func (p *Probe) add(x Exchange) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.exchanges = append(p.exchanges, x)
}

// excuse is the validating transport's Excuse: it drops, and keeps here, the
// violations that the probe's injected status explains (the undocumented
// status itself, the server error, the rate-limit answer it asked for), and
// nothing else.
func (p *Probe) excuse(v validate.Violation) bool {
	explained := v.Kind == validate.KindStatus || v.Kind == validate.KindServerError || v.Kind == validate.KindRateLimited
	if p.fault == "" || v.Status != p.status || !explained {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.excused = append(p.excused, v)
	return true
}

// probeTransport sits between the client and the network: it validates every
// exchange into the run's report and, for requests whose context carries a
// probe, records the exchange there and asks the mock for the probe's fault.
//
// An injected fault breaks the spec on purpose (a 503 is not documented for
// most operations): the violations that the fault's status explains are
// excused; everything else about the exchange (its body, its headers, the
// answers to retries) is reported as usual.
//
// Faulted exchanges go to unrecorded rather than network: with -record,
// cassettes hold what the API documents, and an injected 503 is not that.
type probeTransport struct {
	validating *validate.Transport
}

func newProbeTransport(v *validate.Validator, report *validate.Report, network, unrecorded http.RoundTripper) *probeTransport {
	validating := v.Transport(faultRouter{network: network, unrecorded: unrecorded}, validate.ReportOnly, report)
	validating.Excuse = func(req *http.Request, vi validate.Violation) bool {
		p := probeFrom(req.Context())
		return p != nil && p.excuse(vi)
	}
	return &probeTransport{validating: validating}
}

func (t *probeTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	p := probeFrom(req.Context())
	if p == nil {
		return t.validating.RoundTrip(req)
	}
	if p.fault != "" {
		req = req.Clone(req.Context())
		req.Header.Set(mock.FaultHeader, p.fault)
	}
	x := Exchange{Method: req.Method, Path: req.URL.Path, Sent: time.Now()}
	resp, err := t.validating.RoundTrip(req)
	x.Received, x.Err = time.Now(), err
	if resp != nil {
		x.Status = resp.StatusCode
	}
	p.add(x)
	return resp, err
}

// faultRouter sends requests that ask the mock for a fault past the recorder.
type faultRouter struct{ network, unrecorded http.RoundTripper }

func (f faultRouter) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Header.Get(mock.FaultHeader) != "" {
		return f.unrecorded.RoundTrip(req)
	}
	return f.network.RoundTrip(req)
}

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

func (p *Probe) add(x Exchange, excused []validate.Violation) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.exchanges = append(p.exchanges, x)
	p.excused = append(p.excused, excused...)
}

// probeTransport sits between the client and the network: it validates every
// exchange into the run's report and, for requests whose context carries a
// probe, records the exchange there and asks the mock for the probe's fault.
//
// An injected fault breaks the spec on purpose (a 503 is not documented for
// most operations): such an exchange is validated on its own, and the
// violations that the fault's status explains are excused; everything else
// about it (its body, its headers, the answers to retries) is reported as
// usual.
//
// Faulted exchanges go to unrecorded rather than network: with -record,
// cassettes hold what the API documents, and an injected 503 is not that.
type probeTransport struct {
	validator  *validate.Validator
	report     *validate.Report
	unrecorded http.RoundTripper
	validating http.RoundTripper // validator.Transport(network, ReportOnly, report)
}

func newProbeTransport(v *validate.Validator, report *validate.Report, network, unrecorded http.RoundTripper) *probeTransport {
	return &probeTransport{
		validator:  v,
		report:     report,
		unrecorded: unrecorded,
		validating: v.Transport(network, validate.ReportOnly, report),
	}
}

func (t *probeTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	p := probeFrom(req.Context())
	if p == nil {
		return t.validating.RoundTrip(req)
	}
	x := Exchange{Method: req.Method, Path: req.URL.Path, Sent: time.Now()}
	var (
		resp    *http.Response
		err     error
		excused []validate.Violation
	)
	if p.fault == "" {
		resp, err = t.validating.RoundTrip(req)
	} else {
		req = req.Clone(req.Context())
		req.Header.Set(mock.FaultHeader, p.fault)
		scratch := validate.NewReport(t.validator)
		resp, err = t.validator.Transport(t.unrecorded, validate.ReportOnly, scratch).RoundTrip(req)
		excused = t.transfer(scratch, p.status)
	}
	x.Received, x.Err = time.Now(), err
	if resp != nil {
		x.Status = resp.StatusCode
	}
	p.add(x, excused)
	return resp, err
}

// transfer copies the one exchange scratch holds into the run's report,
// leaving out (and returning) the violations an injected answer with status
// explains.
func (t *probeTransport) transfer(scratch *validate.Report, status int) []validate.Violation {
	var excused []validate.Violation
	for _, op := range scratch.Operations() {
		if op.Calls == 0 {
			continue
		}
		seen := 0
		for s := range op.Statuses {
			seen = s
		}
		var kept []validate.Violation
		for _, rv := range op.Violations {
			for range rv.Count {
				if seen == status && (rv.Kind == validate.KindStatus || rv.Kind == validate.KindServerError) {
					excused = append(excused, rv.Violation)
				} else {
					kept = append(kept, rv.Violation)
				}
			}
		}
		t.report.Record(op.ID, seen, kept)
	}
	return excused
}

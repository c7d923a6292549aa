package scenario

import (
	"net/http"
	"sync"
	"time"

	"github.com/codespaces-go/codespaces/conformance/validate"
)

// Step is one exchange of a scenario, as the validating transport saw it:
// what a JUnit report makes a test case of.
type Step struct {
	Operation  string               `json:"operation"` // operationId; empty when none matched
	Method     string               `json:"method"`
	Path       string               `json:"path"`
	Status     int                  `json:"status"` // 0: not sent
	Violations []validate.Violation `json:"violations,omitempty"`
	// Duration is the time since the scenario's previous step (or its
	// start): the exchange and what the scenario did before it, such as a
	// waiter's sleep. JUnit's per-case time is this.
	Duration time.Duration `json:"duration_ns"`
	request  string        // method and URL: a retry repeats it
}

// stepLog collects a scenario's steps; the validating transport reports to
// it (validate.Transport.Observe).
type stepLog struct {
	mu    sync.Mutex
	last  time.Time
	steps []Step
}

func newStepLog() *stepLog { return &stepLog{last: time.Now()} }

func (l *stepLog) observe(req *http.Request, operationID string, status int, vs []validate.Violation) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	l.steps = append(l.steps, Step{
		Operation: operationID, Method: req.Method, Path: req.URL.Path, Status: status,
		Violations: vs, Duration: now.Sub(l.last), request: req.Method + " " + req.URL.String(),
	})
	l.last = now
}

// Steps returns the steps so far. A 5xx's server error that a later answer
// to the same request got past is a warning, as in the run's report.
func (l *stepLog) Steps() []Step {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]Step, len(l.steps))
	for i, s := range l.steps {
		s.Violations = append([]validate.Violation(nil), s.Violations...)
		out[i] = s
	}
	for i := range out {
		for _, later := range out[i+1:] {
			if later.request == out[i].request && validate.GetsPast(later.Status) {
				for j, v := range out[i].Violations {
					if validate.Transient(v) {
						out[i].Violations[j].Severity = validate.SeverityWarning
					}
				}
				break
			}
		}
	}
	return out
}

package scenario

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/codespaces-go/codespaces/conformance/mock"
	"github.com/codespaces-go/codespaces/conformance/validate"
)

// scripted answers requests with the statuses it is given, in order, and
// remembers the fault header each request carried.
type scripted struct {
	statuses []int
	faults   []string
}

func (s *scripted) RoundTrip(req *http.Request) (*http.Response, error) {
	s.faults = append(s.faults, req.Header.Get(mock.FaultHeader))
	status := s.statuses[0]
	s.statuses = s.statuses[1:]
	rec := httptest.NewRecorder()
	rec.Header().Set("Content-Type", "application/json")
	rec.WriteHeader(status)
	_, _ = io.WriteString(rec, `{"message":"Service Unavailable","documentation_url":"https://docs.github.com/rest"}`)
	resp := rec.Result()
	resp.Request = req
	return resp, nil
}

func getCodespace(t *testing.T, ctx context.Context, rt http.RoundTripper) int {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "https://api.github.com/user/codespaces/x", nil)
	req.Header.Set("Authorization", "Bearer t")
	resp, err := rt.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	return resp.StatusCode
}

func violationKinds(op validate.OperationReport) []string {
	var out []string
	for _, v := range op.Violations {
		out = append(out, string(v.Kind))
	}
	return out
}

func opReport(r *validate.Report, id string) validate.OperationReport {
	for _, op := range r.Operations() {
		if op.ID == id {
			return op
		}
	}
	return validate.OperationReport{}
}

func TestProbeExcusesOnlyWhatTheInjectedStatusExplains(t *testing.T) {
	v, err := validate.New()
	if err != nil {
		t.Fatal(err)
	}
	const get = "codespaces/get-for-authenticated-user"

	t.Run("the fault's own status is excused, the retry is checked", func(t *testing.T) {
		report := validate.NewReport(v)
		net := &scripted{statuses: []int{503, 200}}
		pt := newProbeTransport(v, report, net, net)
		e := &Env{}
		ctx, probe := e.WithFault(context.Background(), "status=503;count=1", 503)
		getCodespace(t, ctx, pt)
		getCodespace(t, ctx, pt)

		op := opReport(report, get)
		if op.Calls != 2 || op.Statuses[503] != 1 || op.Statuses[200] != 1 {
			t.Errorf("report: %d calls, statuses %v; want a 503 and a 200", op.Calls, op.Statuses)
		}
		// The 200's body is no codespace: that is reported, the 503 is not.
		for _, vi := range op.Violations {
			if vi.Status == 503 {
				t.Errorf("a violation of the injected 503 was reported: %v", vi.Violation)
			}
		}
		if kinds := violationKinds(op); len(kinds) == 0 {
			t.Error("the 200 with a broken body was not reported")
		}
		excused := probe.Excused()
		if len(excused) == 0 {
			t.Error("nothing was excused: the injected 503 is a server error")
		}
		for _, vi := range excused {
			if vi.Status != 503 || (vi.Kind != validate.KindServerError && vi.Kind != validate.KindStatus) {
				t.Errorf("excused %v: only the 503's status may be", vi)
			}
		}
		if got := probe.Statuses(); len(got) != 2 || got[0] != 503 || got[1] != 200 {
			t.Errorf("probe saw %v, want [503 200]", got)
		}
		if net.faults[0] != "status=503;count=1" || net.faults[1] != "status=503;count=1" {
			t.Errorf("fault headers sent: %q", net.faults)
		}
	})

	t.Run("another failure than the injected one is reported", func(t *testing.T) {
		report := validate.NewReport(v)
		net := &scripted{statuses: []int{502}}
		pt := newProbeTransport(v, report, net, net)
		ctx, probe := (&Env{}).WithFault(context.Background(), "status=503;count=1", 503)
		getCodespace(t, ctx, pt)
		kinds := strings.Join(violationKinds(opReport(report, get)), " ")
		if !strings.Contains(kinds, string(validate.KindServerError)) || len(probe.Excused()) != 0 {
			t.Errorf("a 502 where a 503 was injected: reported %q, excused %v", kinds, probe.Excused())
		}
	})

	t.Run("without a probe every violation is reported and no header is sent", func(t *testing.T) {
		report := validate.NewReport(v)
		net := &scripted{statuses: []int{503}}
		pt := newProbeTransport(v, report, net, net)
		getCodespace(t, context.Background(), pt)
		if net.faults[0] != "" || len(opReport(report, get).Violations) == 0 {
			t.Errorf("fault header %q, violations %v", net.faults[0], opReport(report, get).Violations)
		}
	})

	t.Run("an observing probe records and excuses nothing", func(t *testing.T) {
		report := validate.NewReport(v)
		net := &scripted{statuses: []int{503}}
		pt := newProbeTransport(v, report, net, net)
		ctx, probe := (&Env{}).Observe(context.Background())
		getCodespace(t, ctx, pt)
		if net.faults[0] != "" || len(probe.Exchanges()) != 1 || len(probe.Excused()) != 0 ||
			len(opReport(report, get).Violations) == 0 {
			t.Errorf("observing: header %q, exchanges %v, excused %v", net.faults[0], probe.Exchanges(), probe.Excused())
		}
	})
}

func TestFaultedExchangesBypassTheRecorder(t *testing.T) {
	v, err := validate.New()
	if err != nil {
		t.Fatal(err)
	}
	recorded, direct := &scripted{statuses: []int{200}}, &scripted{statuses: []int{503}}
	pt := newProbeTransport(v, validate.NewReport(v), recorded, direct)
	ctx, _ := (&Env{}).WithFault(context.Background(), "status=503;count=1", 503)
	getCodespace(t, ctx, pt)
	getCodespace(t, context.Background(), pt)
	if len(direct.faults) != 1 || len(recorded.faults) != 1 || recorded.faults[0] != "" {
		t.Errorf("faulted requests went to the recorder: recorded %q, direct %q", recorded.faults, direct.faults)
	}
}

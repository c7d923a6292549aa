package mock

import (
	"net/http"
	"strings"
)

// ReportPath is where the mock serves its report so far: GET it for JSON
// (the Report's WriteJSON), or with ?format=markdown for the Markdown a
// person reads. It is outside every path of the spec, needs no token, and
// is not itself counted in the report.
const ReportPath = "/_mock/report"

// serveReport answers GET ReportPath (control.go routes it).
func (s *Server) serveReport(w http.ResponseWriter, r *http.Request) {
	if strings.EqualFold(r.URL.Query().Get("format"), "markdown") {
		w.Header().Set("Content-Type", "text/markdown; charset=utf-8")
		_ = s.report.WriteMarkdown(w)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = s.report.WriteJSON(w)
}

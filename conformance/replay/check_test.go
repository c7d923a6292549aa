package replay

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/codespaces-go/codespaces/conformance/validate"
)

func TestCheckJudgesEachCase(t *testing.T) {
	root := "/m"
	docs := filepath.Join(root, "cassettes", "docs", "x.yaml")
	mock := filepath.Join(root, "cassettes", "mock", "y.yaml")
	param := validate.Violation{Operation: "op", Method: "GET", Path: "/p", Kind: validate.KindParameter, Message: "query parameter \"location\": missing"}
	body := validate.Violation{Operation: "op", Method: "GET", Path: "/p", Status: 200, Kind: validate.KindBody, Pointer: "/id", Message: "value must be an integer"}
	slips := []Slip{{"docs/x.yaml", 0, "op", validate.KindParameter, ""}}

	for _, tt := range []struct {
		name  string
		files []File
		want  string // "" for no problem
	}{
		{"a flagged slip", []File{{docs, []Interaction{{Index: 0, Operation: "op", Status: 200, Violations: []validate.Violation{param}}}}}, ""},
		{"a second problem hiding behind a slip's key", []File{{docs, []Interaction{{Index: 0, Operation: "op", Status: 200, Typed: true,
			Violations: []validate.Violation{param, param}}}}}, "parameter"},
		{"a slip no longer flagged", []File{{docs, []Interaction{{Index: 0, Operation: "op", Status: 200, Typed: true}}}}, "no longer flags"},
		{"an unknown violation in docs", []File{{docs, []Interaction{{Index: 0, Operation: "op", Status: 200, Typed: true,
			Violations: []validate.Violation{param, body}}}}}, "body /id"},
		{"a refused bad request in a mock recording", []File{{mock, []Interaction{{Index: 0, Operation: "op", Status: 422,
			Violations: []validate.Violation{param}}}}}, ""},
		{"an accepted bad request in a mock recording", []File{{mock, []Interaction{{Index: 0, Operation: "op", Status: 200, Typed: true,
			Violations: []validate.Violation{param}}}}}, "parameter"},
		{"a bad response to a bad request", []File{{mock, []Interaction{{Index: 0, Operation: "op", Status: 404, Typed: true,
			Violations: []validate.Violation{body}}}}}, "body /id"},
		{"an untyped request nothing explains", []File{{mock, []Interaction{{Index: 0, Operation: "op", Status: 200}}}}, "could not build"},
		{"a replay failure", []File{{mock, []Interaction{{Index: 0, Operation: "op", Method: "GET", URL: "https://h/p", Status: 0, Typed: true,
			Err: errors.New("interaction not found")}}}}, "mock/y.yaml interaction 0: op GET https://h/p: interaction not found"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := Check(root, tt.files, slips)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("unexpected problems: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("error = %v, want one about %q", err, tt.want)
			}
		})
	}
}

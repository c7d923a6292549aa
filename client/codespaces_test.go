package client

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/codespaces-go/codespaces/gen"
)

// TestCreate checks each create call's path and body on the wire, and that
// 201 and 202 both give the codespace and say which it was.
func TestCreate(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name     string
		call     func(c *Client) (*CreateResult, error)
		wantPath string
		wantBody map[string]any
	}{
		{
			name: "for the user, by repository",
			call: func(c *Client) (*CreateResult, error) {
				return c.CreateCodespace(ctx, CreateCodespaceRequest{Repository: &gen.CreateCodespaceForRepository{
					RepositoryID: 1296269, Ref: new("main"), Machine: new("standardLinux")}})
			},
			wantPath: "/user/codespaces",
			wantBody: map[string]any{"repository_id": 1296269.0, "ref": "main", "machine": "standardLinux"},
		},
		{
			name: "for the user, by pull request",
			call: func(c *Client) (*CreateResult, error) {
				return c.CreateCodespace(ctx, CreateCodespaceRequest{PullRequest: &gen.CreateCodespaceForPullRequest{
					PullRequest: struct {
						PullRequestNumber int   `json:"pull_request_number"`
						RepositoryID      int64 `json:"repository_id"`
					}{PullRequestNumber: 1, RepositoryID: 1296269}}})
			},
			wantPath: "/user/codespaces",
			wantBody: map[string]any{"pull_request": map[string]any{"pull_request_number": 1.0, "repository_id": 1296269.0}},
		},
		{
			name: "in a repository",
			call: func(c *Client) (*CreateResult, error) {
				return c.CreateCodespaceInRepository(ctx, "octocat", "hello-world", gen.CreateCodespaceInRepositoryOptions{Ref: new("main")})
			},
			wantPath: "/repos/octocat/hello-world/codespaces",
			wantBody: map[string]any{"ref": "main"},
		},
		{
			name: "from a pull request",
			call: func(c *Client) (*CreateResult, error) {
				return c.CreateCodespaceFromPullRequest(ctx, "octocat", "hello-world", 7, gen.CreateCodespaceFromPullRequestOptions{Machine: new("premiumLinux")})
			},
			wantPath: "/repos/octocat/hello-world/pulls/7/codespaces",
			wantBody: map[string]any{"machine": "premiumLinux"},
		},
	}
	for _, tt := range tests {
		for _, status := range []int{201, 202} {
			t.Run(tt.name+"/"+http.StatusText(status), func(t *testing.T) {
				var path string
				var body map[string]any
				c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					path = r.Method + " " + r.URL.Path
					if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
						t.Errorf("the body is not JSON: %v", err)
					}
					writeJSON(w, status, sampleCodespace("new-one", gen.CodespaceStateQueued))
				}))
				res, err := tt.call(c)
				if err != nil {
					t.Fatal(err)
				}
				if path != "POST "+tt.wantPath {
					t.Errorf("request %q, want POST %s", path, tt.wantPath)
				}
				if !reflect.DeepEqual(body, tt.wantBody) {
					t.Errorf("body %v, want %v", body, tt.wantBody)
				}
				if res.Codespace.Name != "new-one" || res.StatusCode != status || res.RetryingInBackground != (status == 202) {
					t.Errorf("result %+v (name %q), want status %d", res, res.Codespace.Name, status)
				}
			})
		}
	}
}

func TestCreateCodespaceNeedsOneSource(t *testing.T) {
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("a request was sent: %s %s", r.Method, r.URL)
	}))
	for _, req := range []CreateCodespaceRequest{{}, {Repository: &gen.CreateCodespaceForRepository{}, PullRequest: &gen.CreateCodespaceForPullRequest{}}} {
		if _, err := c.CreateCodespace(context.Background(), req); err == nil || !strings.Contains(err.Error(), "exactly one of Repository and PullRequest") {
			t.Errorf("CreateCodespace(%+v) = %v", req, err)
		}
	}
}

// TestCodespaceOperations checks each remaining call's request and result.
func TestCodespaceOperations(t *testing.T) {
	ctx := context.Background()
	machines := machineList{TotalCount: 2, Machines: []gen.CodespaceMachine{{Name: "standardLinux", Cpus: 4}, {Name: "premiumLinux", Cpus: 8}}}
	export := map[string]any{"state": "in_progress", "id": "latest", "export_url": "https://api.github.com/user/codespaces/x/exports/latest"}
	var got []string
	mux := http.NewServeMux()
	record := func(h http.HandlerFunc) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			b, _ := io.ReadAll(r.Body)
			got = append(got, strings.TrimSpace(r.Method+" "+r.URL.RequestURI()+" "+string(b)))
			h(w, r)
		}
	}
	mux.HandleFunc("GET /user/codespaces/{name}", record(okCodespace))
	mux.HandleFunc("PATCH /user/codespaces/{name}", record(okCodespace))
	mux.HandleFunc("DELETE /user/codespaces/{name}", record(func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 202, map[string]any{}) }))
	mux.HandleFunc("POST /user/codespaces/{name}/start", record(okCodespace))
	mux.HandleFunc("POST /user/codespaces/{name}/stop", record(okCodespace))
	mux.HandleFunc("POST /user/codespaces/{name}/exports", record(func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 202, export) }))
	mux.HandleFunc("GET /user/codespaces/{name}/exports/{id}", record(func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, export) }))
	mux.HandleFunc("GET /user/codespaces/{name}/machines", record(func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, machines) }))
	mux.HandleFunc("GET /repos/{o}/{r}/codespaces/machines", record(func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, machines) }))
	c, _, _ := newTestClient(t, mux)

	check := func(name string, err error, ok bool) {
		t.Helper()
		if err != nil || !ok {
			t.Errorf("%s: %v", name, err)
		}
	}
	cs, err := c.GetCodespace(ctx, "x")
	check("GetCodespace", err, cs != nil && cs.Name == "x" && cs.State == gen.CodespaceStateAvailable && cs.Machine.StorageInBytes == 68719476736)
	cs, err = c.UpdateCodespace(ctx, "x", gen.UpdateCodespaceOptions{DisplayName: new("new name")})
	check("UpdateCodespace", err, cs != nil)
	check("DeleteCodespace", c.DeleteCodespace(ctx, "x"), true)
	cs, err = c.StartCodespace(ctx, "x")
	check("StartCodespace", err, cs != nil)
	cs, err = c.StopCodespace(ctx, "x")
	check("StopCodespace", err, cs != nil)
	e, err := c.ExportCodespace(ctx, "x")
	check("ExportCodespace", err, e != nil && *e.ID == "latest" && *e.State == "in_progress")
	e, err = c.GetExport(ctx, "x", "latest")
	check("GetExport", err, e != nil && *e.ID == "latest")
	m, err := c.CodespaceMachines(ctx, "x")
	check("CodespaceMachines", err, len(m) == 2 && m[1].Name == "premiumLinux")
	m, err = c.RepositoryMachines(ctx, "octocat", "hello-world", RepositoryMachinesOptions{Location: "WestUs2", Ref: "main"})
	check("RepositoryMachines", err, len(m) == 2 && m[0].Cpus == 4)

	want := []string{
		"GET /user/codespaces/x",
		`PATCH /user/codespaces/x {"display_name":"new name"}`,
		"DELETE /user/codespaces/x",
		"POST /user/codespaces/x/start",
		"POST /user/codespaces/x/stop",
		"POST /user/codespaces/x/exports",
		"GET /user/codespaces/x/exports/latest",
		"GET /user/codespaces/x/machines",
		"GET /repos/octocat/hello-world/codespaces/machines?location=WestUs2&ref=main",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("requests\n%q\nwant\n%q", got, want)
	}
}

// TestEmptyNamesAreRefused: an empty name would address another resource
// (DELETE /user/codespaces/ is not a codespace).
func TestEmptyNamesAreRefused(t *testing.T) {
	ctx := context.Background()
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("a request was sent: %s %s", r.Method, r.URL)
	}))
	calls := map[string]func() error{
		"GetCodespace":    func() error { _, err := c.GetCodespace(ctx, ""); return err },
		"UpdateCodespace": func() error { _, err := c.UpdateCodespace(ctx, "", gen.UpdateCodespaceOptions{}); return err },
		"DeleteCodespace": func() error { return c.DeleteCodespace(ctx, "") },
		"StartCodespace":  func() error { _, err := c.StartCodespace(ctx, ""); return err },
		"StopCodespace":   func() error { _, err := c.StopCodespace(ctx, ""); return err },
		"ExportCodespace": func() error { _, err := c.ExportCodespace(ctx, ""); return err },
		"GetExport":       func() error { _, err := c.GetExport(ctx, "x", ""); return err },
		"CodespaceMachines": func() error {
			_, err := c.CodespaceMachines(ctx, "")
			return err
		},
		"RepositoryMachines": func() error { _, err := c.RepositoryMachines(ctx, "o", "", RepositoryMachinesOptions{}); return err },
		"CreateCodespaceInRepository": func() error {
			_, err := c.CreateCodespaceInRepository(ctx, "", "r", gen.CreateCodespaceInRepositoryOptions{})
			return err
		},
		"CreateCodespaceFromPullRequest": func() error {
			_, err := c.CreateCodespaceFromPullRequest(ctx, "o", "", 1, gen.CreateCodespaceFromPullRequestOptions{})
			return err
		},
	}
	for name, call := range calls {
		if err := call(); err == nil || !strings.Contains(err.Error(), " is empty") {
			t.Errorf("%s: %v, want an error about the empty name", name, err)
		}
	}
}

func TestCallErrorsNameTheOperation(t *testing.T) {
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/user/codespaces/x/machines":
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"machines":"no"}`))
		default:
			writeError(w, 404, "Not Found")
		}
	}))
	ctx := context.Background()
	_, err := c.CodespaceMachines(ctx, "x")
	var de *DecodeError
	if !errors.As(err, &de) || de.Operation != "codespaces/codespace-machines-for-authenticated-user" {
		t.Errorf("CodespaceMachines: %v", err)
	}
	for name, err := range map[string]error{
		"RepositoryMachines": func() error { _, err := c.RepositoryMachines(ctx, "o", "r", RepositoryMachinesOptions{}); return err }(),
		"StartCodespace":     func() error { _, err := c.StartCodespace(ctx, "x"); return err }(),
		"DeleteCodespace":    c.DeleteCodespace(ctx, "x"),
		"CreateCodespace": func() error {
			_, err := c.CreateCodespace(ctx, CreateCodespaceRequest{Repository: &gen.CreateCodespaceForRepository{RepositoryID: 1}})
			return err
		}(),
	} {
		if !IsNotFound(err) {
			t.Errorf("%s: %v, want the 404", name, err)
		}
	}
}

// TestTruncatedErrorBody: the server promises more than it sends.
func TestTruncatedErrorBody(t *testing.T) {
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100")
		w.WriteHeader(400)
		_, _ = w.Write([]byte(`{"message":`))
	}))
	_, err := c.GetCodespace(context.Background(), "x")
	if err == nil || !strings.Contains(err.Error(), "codespaces/get-for-authenticated-user: reading the 400 answer") {
		t.Errorf("got %v, want the read error naming the operation", err)
	}
}

// TestMachinePrebuildAvailability: the field is required but nullable
// upstream, and GitHub adds values; null, absent, known and unknown values
// all decode.
func TestMachinePrebuildAvailability(t *testing.T) {
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"total_count":4,"machines":[
			{"name":"a","prebuild_availability":null},
			{"name":"b"},
			{"name":"c","prebuild_availability":"ready"},
			{"name":"d","prebuild_availability":"warming_up"}]}`)
	}))
	m, err := c.RepositoryMachines(context.Background(), "octocat", "hello-world", RepositoryMachinesOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, machine := range m {
		if machine.PrebuildAvailability == nil {
			got = append(got, machine.Name+":nil")
		} else {
			got = append(got, machine.Name+":"+string(*machine.PrebuildAvailability))
		}
	}
	if want := []string{"a:nil", "b:nil", "c:ready", "d:warming_up"}; !reflect.DeepEqual(got, want) {
		t.Errorf("machines %q, want %q", got, want)
	}
}

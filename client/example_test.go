package client_test

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"time"

	"golang.org/x/crypto/nacl/box"

	"github.com/codespaces-go/codespaces/client"
	"github.com/codespaces-go/codespaces/gen"
)

func ExampleNew() {
	c, err := client.New(
		client.WithToken("ghp_exampletoken"),
		client.WithBaseURL("https://api.octocorp.ghe.com"), // GitHub Enterprise Cloud with data residency
		client.WithRetryPolicy(client.RetryPolicy{MaxAttempts: 5}),
	)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.BaseURL())
	// Output: https://api.octocorp.ghe.com/
}

// Every operation of the spec stays reachable through the generated client,
// with the token, headers and retries applied.
func ExampleClient_API() {
	srv := exampleServer()
	defer srv.Close()
	c, err := client.New(client.WithBaseURL(srv.URL), client.WithToken("ghp_exampletoken"))
	if err != nil {
		log.Fatal(err)
	}
	r, err := c.API().CodespacesGetForAuthenticatedUserWithResponse(context.Background(), "monalisa-hello-world")
	if err == nil {
		err = c.CheckResponse(r.HTTPResponse, r.Body)
	}
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(r.JSON200.Name, r.JSON200.State)
	// Output: monalisa-hello-world Available
}

func ExampleClient_ListCodespaces() {
	srv := exampleServer()
	defer srv.Close()
	c, err := client.New(client.WithBaseURL(srv.URL), client.WithToken("ghp_exampletoken"))
	if err != nil {
		log.Fatal(err)
	}
	// Two per page: the loop fetches the second and third pages as it goes.
	for cs, err := range c.ListCodespaces(context.Background(), client.ListCodespacesOptions{ListOptions: client.ListOptions{PerPage: 2}}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(cs.Name)
	}
	// Output:
	// codespace-1
	// codespace-2
	// codespace-3
	// codespace-4
	// codespace-5
}

// A page at a time: total_count, the page's number (to take the list up
// again later with ListCodespacesOptions.Page), and the answer's rate limit.
func ExampleClient_ListCodespacesPages() {
	srv := exampleServer()
	defer srv.Close()
	c, err := client.New(client.WithBaseURL(srv.URL), client.WithToken("ghp_exampletoken"))
	if err != nil {
		log.Fatal(err)
	}
	for page, err := range c.ListCodespacesPages(context.Background(), client.ListCodespacesOptions{ListOptions: client.ListOptions{PerPage: 2, Page: 2}}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("page %d: %d of %d, %d requests left\n", page.Number, len(page.Items), page.TotalCount, page.Response.RateLimit.Remaining)
	}
	// Output:
	// page 2: 2 of 5, 4998 requests left
	// page 3: 1 of 5, 4997 requests left
}

// A repeated read that changed nothing costs a 304, which GitHub does not
// count against the rate limit.
func ExampleIfNoneMatch() {
	srv := exampleServer()
	defer srv.Close()
	c, err := client.New(client.WithBaseURL(srv.URL), client.WithToken("ghp_exampletoken"))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	var r client.Response
	cs, err := c.GetCodespace(ctx, "monalisa-hello-world", client.SaveResponse(&r))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cs.State, r.ETag)
	_, err = c.GetCodespace(ctx, "monalisa-hello-world", client.IfNoneMatch(r.ETag))
	fmt.Println("unchanged:", errors.Is(err, client.ErrNotModified))
	// Output:
	// Available "hello-v1"
	// unchanged: true
}

func ExampleETagCache() {
	srv := exampleServer()
	defer srv.Close()
	// The cache goes under the Client, as the transport of its http.Client;
	// Base would be the program's own transport, http.DefaultTransport here.
	cache := &client.ETagCache{MaxEntries: 100}
	c, err := client.New(client.WithBaseURL(srv.URL), client.WithToken("ghp_exampletoken"),
		client.WithHTTPClient(&http.Client{Transport: cache}))
	if err != nil {
		log.Fatal(err)
	}
	for range 2 {
		var r client.Response
		cs, err := c.GetCodespace(context.Background(), "monalisa-hello-world", client.SaveResponse(&r))
		if err != nil {
			log.Fatal(err)
		}
		// The second read is a 304, answered with the kept codespace.
		fmt.Println(cs.Name, cs.State, r.StatusCode)
	}
	// Output:
	// monalisa-hello-world Available 200
	// monalisa-hello-world Available 200
}

func ExampleClient_SetSecret() {
	srv := exampleServer()
	defer srv.Close()
	c, err := client.New(client.WithBaseURL(srv.URL), client.WithToken("ghp_exampletoken"))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	for _, value := range []string{"first value", "second value"} {
		res, err := c.SetSecret(ctx, "NPM_TOKEN", []byte(value), client.SetSecretOptions{SelectedRepositoryIDs: []int64{1296269}})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("NPM_TOKEN", res)
	}
	fmt.Printf("the server opened %q\n", exampleSecrets["NPM_TOKEN"])
	// Output:
	// NPM_TOKEN created
	// NPM_TOKEN updated
	// the server opened "second value"
}

func ExampleClient_WaitForCodespace() {
	srv := exampleServer()
	defer srv.Close()
	c, err := client.New(client.WithBaseURL(srv.URL), client.WithToken("ghp_exampletoken"))
	if err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cs, err := c.WaitForCodespace(ctx, "monalisa-booting", client.WaitOptions{
		// GitHub wants the defaults, 1s to 10s.
		PollOptions: client.PollOptions{MinInterval: time.Millisecond, MaxInterval: 5 * time.Millisecond},
		OnProgress:  func(cs *gen.Codespace) { fmt.Println("now", cs.State) },
	})
	var we *client.WaitError
	switch {
	case errors.As(err, &we) && we.Codespace != nil:
		log.Fatalf("gave up with the codespace %s: %v", we.Codespace.State, err)
	case err != nil:
		log.Fatal(err)
	}
	fmt.Println(cs.Name, "is ready at", cs.WebURL)
	// Output:
	// now Queued
	// now Provisioning
	// now Available
	// monalisa-booting is ready at https://monalisa-booting.github.dev
}

func ExampleAPIError() {
	srv := exampleServer()
	defer srv.Close()
	c, err := client.New(client.WithBaseURL(srv.URL), client.WithToken("ghp_exampletoken"))
	if err != nil {
		log.Fatal(err)
	}
	_, err = c.GetCodespace(context.Background(), "no-such-codespace")
	var ae *client.APIError
	if errors.As(err, &ae) {
		fmt.Println(ae.StatusCode, ae.Message, ae.RequestID)
	}
	var rle *client.RateLimitError
	fmt.Println("rate limited:", errors.As(err, &rle))
	// Output:
	// 404 Not Found 0400:ABCD:1234
	// rate limited: false
}

func ExampleEncryptSecret() {
	pub, priv, err := box.GenerateKey(rand.Reader)
	if err != nil {
		log.Fatal(err)
	}
	sealed, err := client.EncryptSecret(base64.StdEncoding.EncodeToString(pub[:]), []byte("hunter2"))
	if err != nil {
		log.Fatal(err)
	}
	raw, _ := base64.StdEncoding.DecodeString(sealed)
	plain, ok := box.OpenAnonymous(nil, raw, pub, priv)
	fmt.Println(string(plain), ok)
	// Output: hunter2 true
}

// exampleSecrets is what exampleServer's secret store opened.
var (
	exampleMu      sync.Mutex
	exampleSecrets = map[string][]byte{}
)

// exampleServer stands in for GitHub in the examples: five codespaces, one
// that boots over three polls, and a secret store with its own key pair.
func exampleServer() *httptest.Server {
	pub, priv, err := box.GenerateKey(rand.Reader)
	if err != nil {
		panic(err)
	}
	codespace := func(name string, state gen.CodespaceState) gen.Codespace {
		return gen.Codespace{Name: name, State: state, WebURL: "https://" + name + ".github.dev", RecentFolders: []string{}}
	}
	reply := func(w http.ResponseWriter, status int, v any) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(v)
	}
	boot := []gen.CodespaceState{"Queued", "Provisioning", "Available"}
	polls := 0
	mux := http.NewServeMux()
	mux.HandleFunc("GET /user/codespaces", func(w http.ResponseWriter, r *http.Request) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		page = max(page, 1)
		var list []gen.Codespace
		for i := 2*page - 1; i <= min(2*page, 5); i++ {
			list = append(list, codespace(fmt.Sprintf("codespace-%d", i), "Available"))
		}
		if page < 3 {
			w.Header().Set("Link", fmt.Sprintf(`<http://%s/user/codespaces?per_page=2&page=%d>; rel="next"`, r.Host, page+1))
		}
		w.Header().Set("X-RateLimit-Remaining", strconv.Itoa(5000-page))
		reply(w, 200, map[string]any{"total_count": 5, "codespaces": list})
	})
	mux.HandleFunc("GET /user/codespaces/{name}", func(w http.ResponseWriter, r *http.Request) {
		switch name := r.PathValue("name"); name {
		case "monalisa-booting":
			exampleMu.Lock()
			state := boot[min(polls, 2)]
			polls++
			exampleMu.Unlock()
			reply(w, 200, codespace(name, state))
		case "monalisa-hello-world":
			w.Header().Set("ETag", `"hello-v1"`)
			if r.Header.Get("If-None-Match") == `"hello-v1"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			reply(w, 200, codespace(name, "Available"))
		default:
			w.Header().Set("X-GitHub-Request-Id", "0400:ABCD:1234")
			reply(w, 404, gen.BasicError{Message: new("Not Found")})
		}
	})
	mux.HandleFunc("GET /user/codespaces/secrets/public-key", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, gen.CodespacesUserPublicKey{KeyID: "568250167242549743", Key: base64.StdEncoding.EncodeToString(pub[:])})
	})
	mux.HandleFunc("PUT /user/codespaces/secrets/{name}", func(w http.ResponseWriter, r *http.Request) {
		var body gen.CodespacesCreateOrUpdateSecretForAuthenticatedUserJSONRequestBody
		_ = json.NewDecoder(r.Body).Decode(&body)
		raw, _ := base64.StdEncoding.DecodeString(*body.EncryptedValue)
		plain, ok := box.OpenAnonymous(nil, raw, pub, priv)
		if !ok || body.KeyID != "568250167242549743" {
			reply(w, 422, gen.ValidationError{Message: "Validation Failed"})
			return
		}
		exampleMu.Lock()
		defer exampleMu.Unlock()
		_, existed := exampleSecrets[r.PathValue("name")]
		exampleSecrets[r.PathValue("name")] = plain
		if existed {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		reply(w, http.StatusCreated, map[string]any{})
	})
	return httptest.NewServer(mux)
}

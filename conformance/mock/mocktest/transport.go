package mocktest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime/debug"
	"strconv"
	"time"
)

// BaseURL is where the client of New and Start reaches the mock: a host of
// the reserved .test domain (RFC 2606) that no resolver knows, so that a
// request meant for the mock can never leave the process. The mock writes
// it into the URLs of its answers (Link, url, ...), so the client follows
// them in process too.
const BaseURL = "http://mock.test"

// inProcess is an http.RoundTripper that hands each request to a handler
// in the caller's process, as a loopback server would receive it, and
// returns its answer as the client's transport would read it. No goroutine
// waits on a socket, so a testing/synctest bubble around a test becomes
// idle while the client waits, and the fake clock moves on.
type inProcess struct {
	handler http.Handler
	host    string // the only host it serves
}

// errDropped is what a client sees when the mock closes the connection
// without answering (the drop fault); it wraps io.EOF, as net/http's error
// for a connection closed under a request does, so the client's retries
// treat both alike.
var errDropped = fmt.Errorf("mocktest: the mock closed the connection without answering (a drop fault): %w", io.EOF)

func (t *inProcess) RoundTrip(req *http.Request) (*http.Response, error) {
	body := req.Body
	if body == nil {
		body = http.NoBody
	}
	sreq, err := t.serverRequest(req, body)
	if err != nil {
		_ = body.Close() // a RoundTripper closes the body, errors included
		return nil, err
	}
	// The server's request has a context of its own, ended when the client
	// gives up or when the handler returns, as net/http's server does.
	ctx, cancel := context.WithCancel(context.Background())
	stop := context.AfterFunc(req.Context(), cancel)
	sreq = sreq.WithContext(ctx)

	rec := httptest.NewRecorder()
	done := make(chan error, 1)
	go func() {
		err := serve(t.handler, rec, sreq)
		stop()
		cancel()
		// Closed before the answer is handed over, so that the body is
		// closed when RoundTrip returns it.
		_ = body.Close()
		done <- err
	}()
	select {
	case err = <-done:
	case <-req.Context().Done():
		// The handler sees its context end and finishes on its own; the
		// client does not wait for it, as it does not wait for a server.
		return nil, req.Context().Err()
	}
	if err != nil {
		return nil, err
	}
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	return response(req, rec), nil
}

// serve runs the handler, turning a dropped connection (the handler panics
// with http.ErrAbortHandler, as the mock does without a connection to
// hijack) into errDropped, and any other panic into an error that carries
// its stack, where net/http's server would log it and close the connection.
func serve(h http.Handler, w http.ResponseWriter, r *http.Request) (err error) {
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				err = errDropped
				return
			}
			err = fmt.Errorf("mocktest: the mock panicked serving %s %s: %v\n%s: %w", r.Method, r.URL.Path, p, debug.Stack(), io.ErrUnexpectedEOF)
		}
	}()
	h.ServeHTTP(w, r)
	return nil
}

// serverRequest is req as net/http's server hands it to a handler: the
// URL as parsed from the request line, Host apart from the header, the
// default User-Agent the client's transport would have added.
func (t *inProcess) serverRequest(req *http.Request, body io.ReadCloser) (*http.Request, error) {
	if req.URL == nil {
		return nil, errors.New("mocktest: the request has no URL")
	}
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	host := req.Host
	if host == "" {
		host = req.URL.Host
	}
	if req.URL.Scheme != "http" || req.URL.Host != t.host {
		return nil, fmt.Errorf("mocktest: the in-process transport reaches only the mock at http://%s (mocktest.BaseURL), not %s://%s; "+
			"a client of Mock.URL needs an http.Client of its own", t.host, req.URL.Scheme, req.URL.Host)
	}
	method := req.Method
	if method == "" {
		method = http.MethodGet
	}
	u, err := url.ParseRequestURI(req.URL.RequestURI())
	if err != nil {
		return nil, fmt.Errorf("mocktest: the request's URL: %w", err)
	}
	header := req.Header.Clone()
	if header == nil {
		header = make(http.Header)
	}
	if _, ok := header["User-Agent"]; !ok {
		header.Set("User-Agent", "Go-http-client/1.1")
	}
	length := req.ContentLength
	if length == 0 && body != http.NoBody {
		length = -1 // unknown: the client would send it chunked
	}
	return &http.Request{
		Method:        method,
		URL:           u,
		RequestURI:    req.URL.RequestURI(),
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        header,
		Body:          body,
		ContentLength: length,
		Host:          host,
		RemoteAddr:    "127.0.0.1:1",
	}, nil
}

// response is the recorded answer as net/http's client would read it off
// the wire: no body for HEAD, 1xx, 204 and 304; Content-Length as the
// server would have sent it; a Date.
func response(req *http.Request, rec *httptest.ResponseRecorder) *http.Response {
	resp := rec.Result()
	resp.Request = req
	if resp.Header.Get("Date") == "" {
		resp.Header.Set("Date", time.Now().UTC().Format(http.TimeFormat))
	}
	noBody := req.Method == http.MethodHead || resp.StatusCode/100 == 1 ||
		resp.StatusCode == http.StatusNoContent || resp.StatusCode == http.StatusNotModified
	if noBody {
		resp.Body = http.NoBody
		if req.Method != http.MethodHead {
			resp.ContentLength = 0
		}
		return resp
	}
	if resp.ContentLength < 0 {
		n := rec.Body.Len()
		resp.ContentLength = int64(n)
		resp.Header.Set("Content-Length", strconv.Itoa(n))
	}
	return resp
}

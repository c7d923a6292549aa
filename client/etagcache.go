package client

import (
	"bytes"
	"container/list"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"sync"
)

// maxCachedBody is the largest answer ETagCache keeps: a page of 100 full
// codespaces is about 1.2 MB.
const maxCachedBody = 4 << 20

// DefaultETagCacheEntries is how many answers an ETagCache keeps when its
// MaxEntries is zero.
const DefaultETagCacheEntries = 100

// ETagCache is an http.RoundTripper that makes repeated GETs conditional
// requests: it keeps the latest 200 answer with an ETag of up to MaxEntries
// URLs, sends If-None-Match with that ETag when the URL is read again, and
// answers a 304 with the kept body, so that reading what did not change
// costs no primary rate limit. Callers see an ordinary 200 whose rate-limit
// headers are the 304's. Answers over 4 MiB are not kept; a 404 or 410
// forgets the URL. A request that sets a conditional header itself
// (IfNoneMatch, the waiters' polls) passes through untouched, and its 304
// reaches the caller. The kept bodies stay in memory.
//
// A Client does not cache by itself; add an ETagCache as the transport of
// the http.Client given to WithHTTPClient, as golang.org/x/oauth2's
// Transport is added:
//
//	cache := &client.ETagCache{MaxEntries: 100}
//	c, err := client.New(client.WithToken(token),
//		client.WithHTTPClient(&http.Client{Transport: cache}))
//
// It then sits under the Client's retries, so a kept answer is replayed
// whatever it took to get the 304. Answers are kept per credential
// (Authorization header) and Accept header, so one ETagCache may serve
// several Clients. The zero value is ready to use; an ETagCache must not be
// copied after first use.
type ETagCache struct {
	// Base sends the requests; http.DefaultTransport if nil.
	Base http.RoundTripper
	// MaxEntries bounds how many answers are kept, the least recently
	// used going first: DefaultETagCacheEntries if zero or less.
	MaxEntries int

	mu      sync.Mutex
	order   *list.List // of *cached, most recently used first
	entries map[string]*list.Element
}

type cached struct {
	key    string
	etag   string
	header http.Header
	body   []byte
}

// RoundTrip implements http.RoundTripper.
func (t *ETagCache) RoundTrip(req *http.Request) (*http.Response, error) {
	next := t.Base
	if next == nil {
		next = http.DefaultTransport
	}
	if req.Method != http.MethodGet || req.Header.Get("If-None-Match") != "" ||
		req.Header.Get("If-Modified-Since") != "" || req.Header.Get("Range") != "" {
		return next.RoundTrip(req)
	}
	// The Accept header picks the representation and the credential what
	// may be seen, so both are part of the key; the credential only as a
	// digest, so that the cache holds no token.
	cred := sha256.Sum256([]byte(req.Header.Get("Authorization")))
	key := req.URL.String() + "\n" + req.Header.Get("Accept") + "\n" + hex.EncodeToString(cred[:])
	entry := t.get(key)
	r := req
	if entry != nil {
		r = req.Clone(req.Context())
		r.Header.Set("If-None-Match", entry.etag)
	}
	resp, err := next.RoundTrip(r)
	if err != nil {
		return resp, err
	}
	switch {
	case resp.StatusCode == http.StatusNotModified && entry != nil:
		return entry.replay(resp), nil
	case resp.StatusCode == http.StatusOK && resp.Header.Get("Etag") != "":
		return t.keep(key, resp)
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone:
		t.drop(key)
	}
	return resp, nil
}

func (t *ETagCache) get(key string) *cached {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.init()
	el, ok := t.entries[key]
	if !ok {
		return nil
	}
	t.order.MoveToFront(el)
	return el.Value.(*cached)
}

// keep reads a 200 answer whole, remembers it if it is small enough, and
// returns it with its body still to be read.
func (t *ETagCache) keep(key string, resp *http.Response) (*http.Response, error) {
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxCachedBody+1))
	if err != nil || len(body) > maxCachedBody {
		// Too large, or cut short: hand on what was read and the rest
		// unread, and let the caller's decoder see any error.
		resp.Body = &prefixedBody{Reader: io.MultiReader(bytes.NewReader(body), resp.Body), Closer: resp.Body}
		return resp, nil
	}
	_ = resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	e := &cached{key: key, etag: resp.Header.Get("Etag"), header: resp.Header.Clone(), body: body}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.init()
	if el, ok := t.entries[key]; ok {
		el.Value = e
		t.order.MoveToFront(el)
		return resp, nil
	}
	t.entries[key] = t.order.PushFront(e)
	limit := t.MaxEntries
	if limit <= 0 {
		limit = DefaultETagCacheEntries
	}
	for t.order.Len() > limit {
		oldest := t.order.Back()
		t.order.Remove(oldest)
		delete(t.entries, oldest.Value.(*cached).key)
	}
	return resp, nil
}

func (t *ETagCache) drop(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.init()
	if el, ok := t.entries[key]; ok {
		t.order.Remove(el)
		delete(t.entries, key)
	}
}

// init makes the zero value ready; t.mu is held.
func (t *ETagCache) init() {
	if t.entries == nil {
		t.order, t.entries = list.New(), map[string]*list.Element{}
	}
}

// replay turns a 304 into the kept 200: the kept headers, updated by the
// 304's own (rate limit, request ID, date), and the kept body.
func (e *cached) replay(notModified *http.Response) *http.Response {
	discard(notModified.Body)
	h := e.header.Clone()
	for k, v := range notModified.Header {
		switch k {
		case "Content-Length", "Content-Type", "Content-Encoding", "Transfer-Encoding":
			// These describe the 304's empty body, not the kept one.
		default:
			h[k] = v
		}
	}
	resp := *notModified
	resp.Status = "200 OK"
	resp.StatusCode = http.StatusOK
	resp.Header = h
	resp.Body = io.NopCloser(bytes.NewReader(e.body))
	resp.ContentLength = int64(len(e.body))
	return &resp
}

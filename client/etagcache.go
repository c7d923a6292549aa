package client

import (
	"bytes"
	"container/list"
	"io"
	"net/http"
	"sync"
)

// maxCachedBody is the largest answer etagCache keeps: a page of 100 full
// codespaces is about 1.2 MB.
const maxCachedBody = 4 << 20

// etagCache makes repeated GETs conditional: it keeps the latest 200 answer
// (with an ETag) of up to max URLs, sends If-None-Match with its ETag, and
// answers a 304 with the kept body, so that reading what did not change
// costs no primary rate limit. A request whose caller set a conditional
// header of its own passes through untouched, and its 304 reaches the
// caller.
type etagCache struct {
	next http.RoundTripper
	max  int

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

func newETagCache(next http.RoundTripper, entries int) *etagCache {
	return &etagCache{next: next, max: entries, order: list.New(), entries: map[string]*list.Element{}}
}

// RoundTrip implements http.RoundTripper.
func (t *etagCache) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method != http.MethodGet || req.Header.Get("If-None-Match") != "" ||
		req.Header.Get("If-Modified-Since") != "" || req.Header.Get("Range") != "" {
		return t.next.RoundTrip(req)
	}
	// The Accept header picks the representation, so it is part of the key.
	key := req.URL.String() + "\n" + req.Header.Get("Accept")
	entry := t.get(key)
	r := req
	if entry != nil {
		r = req.Clone(req.Context())
		r.Header.Set("If-None-Match", entry.etag)
	}
	resp, err := t.next.RoundTrip(r)
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

func (t *etagCache) get(key string) *cached {
	t.mu.Lock()
	defer t.mu.Unlock()
	el, ok := t.entries[key]
	if !ok {
		return nil
	}
	t.order.MoveToFront(el)
	return el.Value.(*cached)
}

// keep reads a 200 answer whole, remembers it if it is small enough, and
// returns it with its body still to be read.
func (t *etagCache) keep(key string, resp *http.Response) (*http.Response, error) {
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
	if el, ok := t.entries[key]; ok {
		el.Value = e
		t.order.MoveToFront(el)
		return resp, nil
	}
	t.entries[key] = t.order.PushFront(e)
	for t.order.Len() > t.max {
		oldest := t.order.Back()
		t.order.Remove(oldest)
		delete(t.entries, oldest.Value.(*cached).key)
	}
	return resp, nil
}

func (t *etagCache) drop(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if el, ok := t.entries[key]; ok {
		t.order.Remove(el)
		delete(t.entries, key)
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

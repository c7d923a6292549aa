package mock

import (
	"bufio"
	"bytes"
	"net"
	"net/http"
	"strconv"
)

// recorder holds an answer until the pipeline has finished it: the stages
// on the way out add headers to it, turn it into a 304, and check it.
type recorder struct {
	w        http.ResponseWriter // where it goes in the end
	header   http.Header
	status   int
	body     bytes.Buffer
	hijacked bool // the connection was taken over (a dropped connection): nothing to send
}

func newRecorder(w http.ResponseWriter) *recorder {
	return &recorder{w: w, header: make(http.Header)}
}

func (rec *recorder) Header() http.Header { return rec.header }

func (rec *recorder) WriteHeader(status int) {
	if rec.status == 0 {
		rec.status = status
	}
}

func (rec *recorder) Write(p []byte) (int, error) {
	rec.WriteHeader(http.StatusOK)
	return rec.body.Write(p)
}

// Hijack hands over the connection under the answer, for a fault that drops
// it; there is nothing to send afterwards.
func (rec *recorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	hj, ok := rec.w.(http.Hijacker)
	if !ok {
		return nil, nil, http.ErrNotSupported
	}
	conn, rw, err := hj.Hijack()
	if err == nil {
		rec.hijacked = true
	}
	return conn, rw, err
}

// send writes the answer out.
func (rec *recorder) send() {
	if rec.hijacked {
		return
	}
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	h := rec.w.Header()
	for k, vs := range rec.header {
		h[k] = vs
	}
	if rec.body.Len() > 0 {
		h.Set("Content-Length", strconv.Itoa(rec.body.Len()))
	}
	rec.w.WriteHeader(rec.status)
	_, _ = rec.w.Write(rec.body.Bytes())
}

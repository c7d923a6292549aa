package mock

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// MaxFaultLatency is the longest a latency fault may hold an answer back
// (X-Mock-Fault: latency=...): long enough for any client's timeout test,
// short enough that the served mock's write timeout can leave room for it.
const MaxFaultLatency = time.Minute

// Limits bound what clients can hold of a served mock (Serve, Start,
// ListenAndServe): a slow body, an idle keep-alive connection, a huge
// header block or thousands of connections each cost a goroutine and its
// buffers for as long as the server lets them. A zero field takes the
// default given with it; Handler, mounted in a server of your own, is bound
// by that server's settings instead.
type Limits struct {
	// ReadHeaderTimeout bounds reading a request's headers (10s): a
	// client on any network sends them in one packet or a few.
	ReadHeaderTimeout time.Duration
	// ReadTimeout bounds reading a whole request, body included (30s).
	// The API's bodies are a few hundred bytes and the mock reads at most
	// 1 MiB; 30s is that at 35 kB/s, far slower than any CI network, while
	// a body trickled in a byte at a time is cut.
	ReadTimeout time.Duration
	// WriteTimeout bounds the time from the end of a request's headers to
	// the end of its answer: reading the body (ReadTimeout), the longest
	// latency fault (MaxFaultLatency) and half a minute to spare for a
	// loaded machine, 2m by default. Less would cut the latency faults
	// tests ask for.
	WriteTimeout time.Duration
	// IdleTimeout closes a keep-alive connection no request has used for
	// this long (30s). A client that polls (a waiter, a test loop) comes
	// back well within it; one that does not reconnects, which costs it a
	// loopback handshake. Without it, idle connections stayed open for good
	// (issue 18: 8,000 of them, 164 MB).
	IdleTimeout time.Duration
	// MaxHeaderBytes bounds a request's line and headers (64 KiB; Go's
	// default is 1 MiB). The largest a real client sends is a token of a
	// few hundred bytes and a path of names of at most 100 characters each;
	// more is answered 431 Request Header Fields Too Large.
	MaxHeaderBytes int
	// MaxConns bounds the connections open at once (1024). Each costs the
	// server a goroutine and its read and write buffers, about 20 kB
	// (issue 18 measured 164 MB for 8,000), so the cap holds them to some
	// 20 MB, above the parallelism of any test suite. A connection past the
	// cap waits in the kernel's accept queue until another closes, as with
	// golang.org/x/net/netutil.LimitListener (not a dependency of this
	// module, so a small counting listener does it); an idle one closes
	// within IdleTimeout, so nobody waits longer than that for a slot.
	MaxConns int
}

func (l Limits) withDefaults() Limits {
	if l.ReadHeaderTimeout <= 0 {
		l.ReadHeaderTimeout = 10 * time.Second
	}
	if l.ReadTimeout <= 0 {
		l.ReadTimeout = 30 * time.Second
	}
	if l.WriteTimeout <= 0 {
		l.WriteTimeout = l.ReadTimeout + MaxFaultLatency + 30*time.Second
	}
	if l.IdleTimeout <= 0 {
		l.IdleTimeout = 30 * time.Second
	}
	if l.MaxHeaderBytes <= 0 {
		l.MaxHeaderBytes = 64 << 10
	}
	if l.MaxConns <= 0 {
		l.MaxConns = 1024
	}
	return l
}

// WithLimits sets the served mock's timeouts and caps (see Limits); zero
// fields keep their defaults.
func WithLimits(l Limits) Option { return func(c *config) { c.limits = l.withDefaults() } }

// httpServer is the http.Server that serves h within l.
func (l Limits) httpServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: l.ReadHeaderTimeout,
		ReadTimeout:       l.ReadTimeout,
		WriteTimeout:      l.WriteTimeout,
		IdleTimeout:       l.IdleTimeout,
		MaxHeaderBytes:    l.MaxHeaderBytes,
	}
}

// limitListener accepts at most cap(slots) connections open at once: Accept
// waits for one to close before it accepts another.
type limitListener struct {
	net.Listener
	slots     chan struct{}
	closed    chan struct{}
	closeOnce sync.Once
}

func newLimitListener(ln net.Listener, n int) *limitListener {
	return &limitListener{Listener: ln, slots: make(chan struct{}, n), closed: make(chan struct{})}
}

func (l *limitListener) Accept() (net.Conn, error) {
	select {
	case l.slots <- struct{}{}:
	case <-l.closed:
		return nil, net.ErrClosed
	}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.slots
		return nil, err
	}
	return &limitConn{Conn: c, release: func() { <-l.slots }}, nil
}

// Close stops a waiting Accept too: the server's shutdown must not hang on
// a full listener.
func (l *limitListener) Close() error {
	l.closeOnce.Do(func() { close(l.closed) })
	return l.Listener.Close()
}

// limitConn gives its slot back once, however often it is closed.
type limitConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}

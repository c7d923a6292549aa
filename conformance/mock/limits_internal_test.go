package mock

import (
	"net"
	"sync/atomic"
	"testing"
	"testing/synctest"
)

// TestWriteTimeoutLeavesRoomForTheLatencyFault: the write timeout runs from
// the end of the headers, so it must cover reading the body and the
// longest latency a request may ask for, or the fault would be cut.
func TestWriteTimeoutLeavesRoomForTheLatencyFault(t *testing.T) {
	l := Limits{}.withDefaults()
	if need := l.ReadTimeout + MaxFaultLatency; l.WriteTimeout <= need {
		t.Errorf("WriteTimeout = %v, want more than ReadTimeout + MaxFaultLatency = %v", l.WriteTimeout, need)
	}
	if l.IdleTimeout <= 0 || l.ReadHeaderTimeout <= 0 || l.MaxHeaderBytes <= 0 || l.MaxConns <= 0 {
		t.Errorf("a default is unbounded: %+v", l)
	}
}

// chanListener hands out the connections sent to it.
type chanListener struct {
	conns  chan net.Conn
	closed chan struct{}
}

func (l *chanListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.closed:
		return nil, net.ErrClosed
	}
}
func (l *chanListener) Close() error   { close(l.closed); return nil }
func (l *chanListener) Addr() net.Addr { return &net.TCPAddr{} }

// TestLimitListenerWaitsForAFreeSlot: past the cap, Accept waits until a
// connection closes; closing one twice frees one slot; Close ends a
// waiting Accept.
func TestLimitListenerWaitsForAFreeSlot(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		inner := &chanListener{conns: make(chan net.Conn, 4), closed: make(chan struct{})}
		for range 4 {
			a, b := net.Pipe()
			defer b.Close()
			inner.conns <- a
		}
		ln := newLimitListener(inner, 2)
		first, err := ln.Accept()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ln.Accept(); err != nil {
			t.Fatal(err)
		}
		var accepted atomic.Int32
		go func() {
			for {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				defer c.Close()
				accepted.Add(1)
			}
		}()
		synctest.Wait()
		if n := accepted.Load(); n != 0 {
			t.Fatalf("accepted %d past the cap of 2", n)
		}
		first.Close()
		first.Close()
		synctest.Wait()
		if n := accepted.Load(); n != 1 {
			t.Fatalf("after one connection closed (twice), %d more were accepted, want 1", n)
		}
		ln.Close()
		synctest.Wait()
	})
}

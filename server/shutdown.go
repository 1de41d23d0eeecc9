package server

import (
	"context"
	"net/http"
	"sync"

	"github.com/silcrow/silcrow/wire"
)

// GoingAwayReason is the close reason of the streams CloseAll ends.
const GoingAwayReason = "server shutting down"

// open is every Stream and SSEStream of this process that is not closed
// yet, for CloseAll.
var open = struct {
	sync.Mutex
	streams map[*Stream]struct{}
	sse     map[*SSEStream]struct{}
}{streams: map[*Stream]struct{}{}, sse: map[*SSEStream]struct{}{}}

func track(s *Stream) {
	open.Lock()
	open.streams[s] = struct{}{}
	open.Unlock()
}

func untrack(s *Stream) {
	open.Lock()
	delete(open.streams, s)
	open.Unlock()
}

func trackSSE(s *SSEStream) {
	open.Lock()
	open.sse[s] = struct{}{}
	open.Unlock()
}

func untrackSSE(s *SSEStream) {
	open.Lock()
	delete(open.sse, s)
	open.Unlock()
}

// openSSE returns the open SSEStreams of srv, or of every server when srv
// is nil.
func openSSE(srv *http.Server) []*SSEStream {
	open.Lock()
	defer open.Unlock()
	streams := make([]*SSEStream, 0, len(open.sse))
	for s := range open.sse {
		if srv == nil || s.srv == srv {
			streams = append(streams, s)
		}
	}
	return streams
}

// CloseAll closes every open Stream of this process with status 1001
// (wire.CloseGoingAway) and reason "server shutting down", and ends every
// open SSEStream, both of which Silcrow clients answer by reconnecting (to
// the next instance, behind a load balancer). It waits until every close
// handshake is done and every SSE handler has returned, or ctx ends. Each
// handler's Recv then returns, and its ctx is cancelled.
func CloseAll(ctx context.Context) error {
	open.Lock()
	streams := make([]*Stream, 0, len(open.streams))
	for s := range open.streams {
		streams = append(streams, s)
	}
	open.Unlock()
	sse := openSSE(nil)
	done := make(chan struct{})
	go func() {
		var wg sync.WaitGroup
		for _, s := range streams {
			wg.Go(func() { s.CloseWith(wire.CloseGoingAway, GoingAwayReason) })
		}
		for _, s := range sse {
			s.Close()
			wg.Go(func() { <-s.done })
		}
		wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Shutdown stops srv gracefully and then ends its live connections:
// srv.Shutdown(ctx) stops accepting connections and waits for the requests
// in flight, then CloseAll closes every Stream with 1001 so that clients
// reconnect at once. It returns the first error of the two.
//
// srv.Shutdown waits for every handler to return, but neither waits for
// nor closes upgraded connections. SSE handlers are ordinary handlers that
// would not return by themselves, so Shutdown ends srv's SSE streams as
// soon as srv stops accepting connections, while srv.Shutdown waits: their
// handlers' ctx is cancelled, they return, and their clients reconnect to
// the next instance. A handler that does not return when its ctx ends keeps
// Shutdown waiting until ctx ends.
func Shutdown(ctx context.Context, srv *http.Server) error {
	// Called by srv.Shutdown once its listeners are closed, so that no
	// client reconnects to this instance.
	srv.RegisterOnShutdown(func() {
		for _, s := range openSSE(srv) {
			s.Close()
		}
	})
	err := srv.Shutdown(ctx)
	if err2 := CloseAll(ctx); err == nil {
		err = err2
	}
	return err
}

package server

import (
	"context"
	"net/http"
	"sync"

	"github.com/silcrow/silcrow/wire"
)

// GoingAwayReason is the close reason of the streams CloseAll ends.
const GoingAwayReason = "server shutting down"

// open is every Stream of this process that is not closed yet, for
// CloseAll.
var open = struct {
	sync.Mutex
	streams map[*Stream]struct{}
}{streams: map[*Stream]struct{}{}}

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

// CloseAll closes every open Stream of this process with status 1001
// (wire.CloseGoingAway) and reason "server shutting down", which Silcrow
// clients answer by reconnecting (to the next instance, behind a load
// balancer), and waits until every close handshake is done or ctx ends.
// Each handler's Recv then returns, and its ctx is cancelled.
func CloseAll(ctx context.Context) error {
	open.Lock()
	streams := make([]*Stream, 0, len(open.streams))
	for s := range open.streams {
		streams = append(streams, s)
	}
	open.Unlock()
	done := make(chan struct{})
	go func() {
		var wg sync.WaitGroup
		for _, s := range streams {
			wg.Go(func() { s.CloseWith(wire.CloseGoingAway, GoingAwayReason) })
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
// srv.Shutdown(ctx) stops accepting connections and waits for the plain
// requests in flight (it neither waits for nor closes upgraded ones), then
// CloseAll closes every Stream with 1001 so that clients reconnect at
// once. It returns the first error of the two.
func Shutdown(ctx context.Context, srv *http.Server) error {
	err := srv.Shutdown(ctx)
	if err2 := CloseAll(ctx); err == nil {
		err = err2
	}
	return err
}

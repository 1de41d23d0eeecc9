package e2e

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/silcrow/silcrow/server"
	"github.com/silcrow/silcrow/wire"
)

// Nothing broadcast while a page reconnects is lost: the page offers the
// last position it saw in each room, and package server's Hub replays
// what it missed before anything newer, or tells it of the gap.
func TestRecovery(t *testing.T) {
	ts := newTestServer(t)
	head := `<script>
window.__msgs = [];
window.__gaps = [];
document.addEventListener("silcrow:ws:msg", (e) => __msgs.push(e.detail.data));
document.addEventListener("silcrow:live:gap", (e) => __gaps.push(e.detail));
</script>`
	// room serves /room/{name}/{id}: every stream joins the room of hub;
	// the streams are handed to the test.
	room := func(name string, hub *server.Hub) chan *server.Stream {
		streams := make(chan *server.Stream, 16)
		ts.mux.HandleFunc("GET /room/"+name+"/{id}", func(w http.ResponseWriter, r *http.Request) {
			_ = server.WS(w, r, func(ctx context.Context, s *server.Stream) {
				if err := hub.Join(name, s); err != nil {
					t.Errorf("join: %v", err)
					return
				}
				streams <- s
				for {
					if _, err := s.Recv(ctx); err != nil && !strings.Contains(err.Error(), "wire") {
						return
					}
				}
			})
		})
		return streams
	}
	publish := func(hub *server.Hub, name string, from, to int) {
		for i := from; i <= to; i++ {
			if err := hub.Publish(context.Background(), name, wire.Custom("msg", i)); err != nil {
				t.Fatalf("publish %d: %v", i, err)
			}
		}
	}
	// away checks that the page has not reconnected yet, so that what was
	// just published can only reach it by the replay.
	away := func(tb *tab) {
		t.Helper()
		if n := eval[int](tb, `__count("silcrow:live:connect")`); n != 1 {
			t.Fatalf("the page reconnected (%d connects) before the events were published: nothing to recover", n)
		}
	}
	next := func(ch chan *server.Stream) *server.Stream {
		t.Helper()
		select {
		case s := <-ch:
			return s
		case <-time.After(patience):
			t.Fatal("no connection to the room")
			return nil
		}
	}

	t.Run("events published while the page reconnects arrive once, in order", func(t *testing.T) {
		hub := new(server.Hub)
		streams := room("replay", hub)
		tb, _ := openPage(t, ts, head, `<div id="root" s-live="/room/replay/{{id}}"></div>`)
		s := next(streams)
		publish(hub, "replay", 1, 2)
		tb.waitFor("the first two", `__msgs.length === 2`)
		if err := s.CloseWith(wire.CloseRestart, "restart"); err != nil {
			t.Fatal(err)
		}
		// The page waits about a second before it reconnects.
		publish(hub, "replay", 3, 5)
		away(tb)
		next(streams)
		publish(hub, "replay", 6, 6)
		tb.waitFor("all six", `__msgs.length >= 6`)
		if got := eval[string](tb, `__msgs.join(",")`); got != "1,2,3,4,5,6" {
			t.Errorf("page received %s, want 1,2,3,4,5,6: each once, in order", got)
		}
		if n := eval[int](tb, `__gaps.length`); n != 0 {
			t.Errorf("%d gaps reported for a history that reaches back", n)
		}
	})

	t.Run("a page that saw no event before the drop still recovers", func(t *testing.T) {
		hub := new(server.Hub)
		streams := room("quiet", hub)
		publish(hub, "quiet", 1, 2) // before the page: not its events
		tb, _ := openPage(t, ts, head, `<div id="root" s-live="/room/quiet/{{id}}"></div>`)
		s := next(streams)
		tb.waitFor("the connect", `__count("silcrow:live:connect") === 1`)
		if err := s.CloseWith(wire.CloseRestart, "restart"); err != nil {
			t.Fatal(err)
		}
		publish(hub, "quiet", 3, 4)
		away(tb)
		next(streams)
		tb.waitFor("the events published while it was away", `__msgs.length >= 2`)
		if got := eval[string](tb, `__msgs.join(",") + " gaps " + __gaps.length`); got != "3,4 gaps 0" {
			t.Errorf("page received %s; want 3,4 (where the room stood when it joined came with the join), no gap", got)
		}
	})

	t.Run("a history that no longer reaches back is reported as a gap", func(t *testing.T) {
		hub := &server.Hub{HistorySize: 2}
		streams := room("small", hub)
		tb, _ := openPage(t, ts, head, `<div id="root" s-live="/room/small/{{id}}"></div>`)
		s := next(streams)
		publish(hub, "small", 1, 1)
		tb.waitFor("the first", `__msgs.length === 1`)
		if err := s.CloseWith(wire.CloseRestart, "restart"); err != nil {
			t.Fatal(err)
		}
		publish(hub, "small", 2, 5)
		away(tb)
		next(streams)
		tb.waitFor("the gap", `__gaps.length === 1`)
		gap := eval[map[string]any](tb, `__gaps[0]`)
		since, _ := gap["since"].(map[string]any)
		if gap["room"] != "small" || since["offset"] != float64(1) || gap["first"] != float64(4) || gap["last"] != float64(5) {
			t.Errorf("gap detail = %v; want room small, since offset 1, history 4..5", gap)
		}
		publish(hub, "small", 6, 6)
		tb.waitFor("live events after the gap", `__msgs.includes(6)`)
		if got := eval[string](tb, `__msgs.join(",")`); got != "1,6" {
			t.Errorf("page received %s; want 1, then 6 after the gap (2..5 are lost and reported)", got)
		}
	})

	t.Run("a restarted server (a new epoch) is reported as a gap", func(t *testing.T) {
		current := new(server.Hub)
		hubs := make(chan *server.Hub, 1)
		hubs <- current
		id := newID()
		streams := make(chan *server.Stream, 4)
		ts.mux.HandleFunc("GET /room/epoch/{id}", func(w http.ResponseWriter, r *http.Request) {
			hub := <-hubs
			hubs <- hub
			_ = server.WS(w, r, func(ctx context.Context, s *server.Stream) {
				if err := hub.Join("epoch", s); err != nil {
					t.Errorf("join: %v", err)
					return
				}
				streams <- s
				<-ctx.Done()
			})
		})
		ts.page("/page/"+id, head, `<div id="root" s-live="/room/epoch/`+id+`"></div>`)
		tb := openTab(t, t.Name())
		tb.navigate(ts.URL("/page/" + id))
		s := next(streams)
		publish(current, "epoch", 1, 3)
		tb.waitFor("the first three", `__msgs.length === 3`)
		<-hubs
		restarted := new(server.Hub)
		hubs <- restarted
		if err := s.CloseWith(wire.CloseGoingAway, "restart"); err != nil {
			t.Fatal(err)
		}
		next(streams)
		tb.waitFor("the gap", `__gaps.length === 1`)
		if got := eval[string](tb, `__gaps[0].room + " " + __gaps[0].since.offset + " " + (__gaps[0].epoch !== __gaps[0].since.epoch)`); got != "epoch 3 true" {
			t.Errorf("gap = %s, want room epoch, since offset 3, a new epoch", got)
		}
	})
}

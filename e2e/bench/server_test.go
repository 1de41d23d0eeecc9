package bench

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"

	"github.com/silcrow/silcrow/server"
	"github.com/silcrow/silcrow/wire"
)

//go:embed reference.js
var referenceJS []byte

//go:embed scenarios.js
var scenariosJS []byte

// The two clients every scenario runs against, by their URL prefix.
const (
	ours = "ours" // silcrow.wasm, through the server's asset tags
	ref  = "ref"  // reference.js
)

// benchServer is the benchmark's in-process server: the pages of both
// clients, the runtime's assets, and one WebSocket endpoint per scenario,
// built with package server exactly as an application would. The traffic
// is built once, so no run pays for encoding its data.
type benchServer struct {
	srv *httptest.Server

	scalar    []wire.Event
	list      []wire.Event
	listFinal [][]string
	swaps     []wire.Event

	mu       sync.Mutex
	cleanups map[string]*cleanupRun
}

// cleanupRun is the server side of one S7 run: the closes seen on its
// sockets, and done, closed when there have been cleanupSockets of them.
type cleanupRun struct {
	closes int
	done   chan struct{}
}

func newBenchServer(assets *server.Assets) *benchServer {
	bs := &benchServer{cleanups: map[string]*cleanupRun{}}
	for i := 1; i <= scalarEvents; i++ {
		bs.scalar = append(bs.scalar, scalarPatch(i))
	}
	bs.list, bs.listFinal = listScript(listItems, listPatches, listChanged, listMoves)
	for i := 1; i <= swapEvents; i++ {
		bs.swaps = append(bs.swaps, swapHTML(i))
	}

	mux := http.NewServeMux()
	mux.Handle(server.AssetsPrefix, assets)
	mux.HandleFunc("GET /bench/reference.js", script(referenceJS))
	mux.HandleFunc("GET /bench/scenarios.js", script(scenariosJS))
	mux.HandleFunc("GET /page/{client}/{scenario}", func(w http.ResponseWriter, r *http.Request) {
		doc, ok := pageHTML(assets, r.PathValue("client"), r.PathValue("scenario"), r.URL.Query().Get("run"))
		if !ok {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Cache-Control", "no-store")
		if r.PathValue("scenario") == "s5" {
			// Cross-origin isolation gives performance.now() 5 µs
			// resolution instead of 100 µs, which S5's millisecond round
			// trips need. Not on the other pages: it makes every
			// navigation swap the renderer process, which S1 would time.
			h.Set("Cross-Origin-Opener-Policy", "same-origin")
			h.Set("Cross-Origin-Embedder-Policy", "require-corp")
		}
		fmt.Fprint(w, doc)
	})
	mux.HandleFunc("GET /ws/boot/{run}", func(w http.ResponseWriter, r *http.Request) {
		// The first server patch, sent on connect: S1 times until the page
		// shows it.
		_ = upgrader.Upgrade(w, r, func(ctx context.Context, s *server.Stream) {
			if s.Send(ctx, wire.Patch(map[string]string{"status": "live"}, "")) != nil {
				return
			}
			for {
				if _, err := s.Recv(ctx); errors.Is(err, io.EOF) || ctx.Err() != nil {
					return
				}
			}
		})
	})
	mux.HandleFunc("GET /ws/s2/{run}", serveWS(sendAllOn("start", bs.scalar)))
	mux.HandleFunc("GET /ws/s3/{run}", serveWS(func(ctx context.Context, s *server.Stream, ev wire.Event) error {
		switch ev.Name {
		case "init":
			return s.Send(ctx, bs.list[0])
		case "start":
			return sendAll(ctx, s, bs.list[1:])
		}
		return nil
	}))
	mux.HandleFunc("GET /ws/s4/{run}", serveWS(sendAllOn("start", bs.swaps)))
	mux.HandleFunc("GET /ws/s5/{run}", serveWS(func(ctx context.Context, s *server.Stream, ev wire.Event) error {
		var in struct{ N int }
		if ev.Name != "echo" || json.Unmarshal(ev.Data, &in) != nil {
			return nil
		}
		return s.Send(ctx, echoPatch(in.N))
	}))
	mux.HandleFunc("GET /ws/s7/{run}/{i}", bs.serveCleanupSocket)
	mux.HandleFunc("GET /ws/s7ctl/{run}", bs.serveCleanupControl)
	bs.srv = httptest.NewServer(mux)
	return bs
}

func (bs *benchServer) close() { bs.srv.Close() }

// URL is the page of scenario for client, for the run named run.
func (bs *benchServer) URL(client, scenario, run string) string {
	return bs.srv.URL + "/page/" + client + "/" + scenario + "?run=" + run
}

// script serves a static script with the same caching the runtime's
// assets get, so both clients boot from a warm cache alike.
func script(src []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		w.Write(src)
	}
}

// upgrader is server.WS's zero Upgrader with the guard as write timeout:
// a client that falls behind a burst makes Send wait for its socket, and
// the benchmark wants its time, not a dropped connection.
var upgrader = &server.Upgrader{WriteTimeout: guard}

// serveWS upgrades and hands every event the page sends to
// on, until the connection ends or on fails. A nil on only reads.
func serveWS(on func(ctx context.Context, s *server.Stream, ev wire.Event) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		// A failed handshake has been answered already.
		_ = upgrader.Upgrade(w, r, func(ctx context.Context, s *server.Stream) {
			for {
				ev, err := s.Recv(ctx)
				if errors.Is(err, server.ErrBadFrame) {
					continue
				}
				if err != nil {
					return
				}
				if on != nil && on(ctx, s, ev) != nil {
					return
				}
			}
		})
	}
}

// sendAllOn sends events, as fast as the stream takes them, when the page
// sends the custom event name.
func sendAllOn(name string, events []wire.Event) func(context.Context, *server.Stream, wire.Event) error {
	return func(ctx context.Context, s *server.Stream, ev wire.Event) error {
		if ev.Name != name {
			return nil
		}
		return sendAll(ctx, s, events)
	}
}

func sendAll(ctx context.Context, s *server.Stream, events []wire.Event) error {
	for _, ev := range events {
		if err := s.Send(ctx, ev); err != nil {
			return err
		}
	}
	return nil
}

func (bs *benchServer) cleanupRun(run string) *cleanupRun {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	c := bs.cleanups[run]
	if c == nil {
		c = &cleanupRun{done: make(chan struct{})}
		bs.cleanups[run] = c
	}
	return c
}

// serveCleanupSocket is one of S7's sockets: it counts the moment Recv
// reports the end of the connection, which for a page that closes the
// socket is the close frame's arrival.
func (bs *benchServer) serveCleanupSocket(w http.ResponseWriter, r *http.Request) {
	c := bs.cleanupRun(r.PathValue("run"))
	_ = upgrader.Upgrade(w, r, func(ctx context.Context, s *server.Stream) {
		for {
			if _, err := s.Recv(ctx); err != nil && !errors.Is(err, server.ErrBadFrame) {
				break
			}
		}
		bs.mu.Lock()
		c.closes++
		if c.closes == cleanupSockets {
			close(c.done)
		}
		bs.mu.Unlock()
	})
}

// serveCleanupControl is S7's control socket, which stays: it tells the
// page, with a patch of "closed", when the server has seen every close.
func (bs *benchServer) serveCleanupControl(w http.ResponseWriter, r *http.Request) {
	c := bs.cleanupRun(r.PathValue("run"))
	_ = upgrader.Upgrade(w, r, func(ctx context.Context, s *server.Stream) {
		go func() {
			select {
			case <-c.done:
				// A failed send ends the stream, and the page's guard
				// reports that the count never came.
				_ = s.Send(ctx, wire.Patch(map[string]int{"closed": cleanupSockets}, "#s7ctl"))
			case <-ctx.Done():
			}
		}()
		for {
			if _, err := s.Recv(ctx); err != nil && !errors.Is(err, server.ErrBadFrame) {
				return
			}
		}
	})
}

// pageHTML is the page of one scenario for one client. Both clients get
// the same body; only the scripts in <head> differ. No s-debug: the
// runtime runs as in production.
func pageHTML(assets *server.Assets, client, scenario, run string) (string, bool) {
	var head string
	switch client {
	case ours:
		head = string(assets.Tags())
	case ref:
		head = `<script src="/bench/reference.js"></script>`
	default:
		return "", false
	}
	body, ok := pageBody(scenario, run)
	if !ok || run == "" || strings.ContainsAny(run, `/"<>&?#`) {
		return "", false
	}
	return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + scenario + " " + client + "</title>\n" +
		head + "\n<script src=\"/bench/scenarios.js\"></script>\n</head>\n<body>\n" + body + "\n</body></html>\n", true
}

// pageBody is the markup of a scenario's page; run makes its socket URLs
// unique to the run.
func pageBody(scenario, run string) (string, bool) {
	switch scenario {
	case "boot":
		return `<div id="boot" s-live="/ws/boot/` + run + `"><p id="boot-status" s-bind="status">connecting…</p></div>`, true
	case "s2":
		return `<div id="s2" s-live="/ws/s2/` + run + `">
<span id="count" s-bind="count">-</span> <span id="name" s-bind="user.name"></span>
<input id="draft" s-bind="draft:value"> <button id="busy" s-bind="busy:disabled">save</button>
<p id="state" s-bind="state:data-state"></p>
</div>`, true
	case "s3":
		return `<div id="s3" s-live="/ws/s3/` + run + `">
<p>patch <span id="seq" s-bind="seq">-</span></p>
<ul id="list" s-list="items"><template><li><b s-bind=".title"></b> <i s-bind=".count"></i> <span s-bind=".owner.name"></span></li></template></ul>
</div>`, true
	case "s4":
		return `<div id="s4" s-live="/ws/s4/` + run + `"><div id="feed"></div></div>`, true
	case "s5":
		return `<div id="s5" s-live="/ws/s5/` + run + `"><span id="echo" s-bind="echo">-</span></div>`, true
	case "s7":
		var b strings.Builder
		b.WriteString(`<div id="s7ctl" s-live="/ws/s7ctl/` + run + `"><span id="closed" s-bind="closed">-</span></div>` + "\n<div id=\"s7-conns\">\n")
		for i := range cleanupSockets {
			fmt.Fprintf(&b, "<div s-live=\"/ws/s7/%s/%d\"></div>\n", run, i)
		}
		b.WriteString("</div>")
		return b.String(), true
	}
	return "", false
}

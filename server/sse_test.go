package server_test

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/silcrow/silcrow/server"
	"github.com/silcrow/silcrow/wire"
)

// sseItem is what an event stream delivers: a message as an EventSource
// dispatches it, or a comment line, which a browser ignores.
type sseItem struct {
	comment  string // the comment, without its colon; "" for a message
	id, name string // the last event id, and the event name ("message" when none)
	data     string
}

// sseClient reads an event stream as an EventSource does, in the
// background.
type sseClient struct {
	resp  *http.Response
	items chan sseItem
	// ended receives how the stream ended: io.EOF when the response ended
	// cleanly.
	ended chan error
}

// openSSE makes a GET request for an event stream; it returns once the
// response headers have arrived.
func openSSE(t *testing.T, url string, header http.Header) *sseClient {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	resp, err := http.DefaultClient.Do(req.WithContext(ctx))
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	c := &sseClient{resp: resp, items: make(chan sseItem, 1024), ended: make(chan error, 1)}
	go c.read()
	return c
}

// read interprets the body per the HTML standard's event stream rules.
func (c *sseClient) read() {
	br := bufio.NewReader(c.resp.Body)
	var data strings.Builder
	var id, name string
	for {
		line, err := readSSELine(br)
		if err != nil {
			// A message the stream did not finish is dropped.
			c.ended <- err
			return
		}
		switch {
		case line == "":
			if data.Len() > 0 {
				if name == "" {
					name = "message"
				}
				c.items <- sseItem{id: id, name: name, data: strings.TrimSuffix(data.String(), "\n")}
			}
			data.Reset()
			name = ""
		case line[0] == ':':
			c.items <- sseItem{comment: line[1:]}
		default:
			field, value, _ := strings.Cut(line, ":")
			value = strings.TrimPrefix(value, " ")
			switch field {
			case "event":
				name = value
			case "data":
				data.WriteString(value)
				data.WriteByte('\n')
			case "id":
				if !strings.Contains(value, "\x00") {
					id = value
				}
			}
		}
	}
}

// readSSELine reads a line ended by CRLF, LF or CR.
func readSSELine(br *bufio.Reader) (string, error) {
	var line []byte
	for {
		c, err := br.ReadByte()
		if err != nil {
			return "", err
		}
		switch c {
		case '\n':
			return string(line), nil
		case '\r':
			if next, err := br.Peek(1); err == nil && next[0] == '\n' {
				br.ReadByte()
			}
			return string(line), nil
		}
		line = append(line, c)
	}
}

// next returns the next message, skipping comments.
func (c *sseClient) next(t *testing.T) sseItem {
	t.Helper()
	for {
		select {
		case it := <-c.items:
			if it.comment == "" {
				return it
			}
		case err := <-c.ended:
			t.Fatalf("stream ended (%v) before the next message", err)
		case <-time.After(hangGuard):
			t.Fatal("timed out waiting for a message")
		}
	}
}

// end waits for the stream to end, failing on any message before, and
// returns how it ended.
func (c *sseClient) end(t *testing.T) error {
	t.Helper()
	for {
		select {
		case it := <-c.items:
			if it.comment == "" {
				t.Fatalf("got %+v, want the end of the stream", it)
			}
		case err := <-c.ended:
			return err
		case <-time.After(hangGuard):
			t.Fatal("stream still open after the hang guard")
		}
	}
}

// serveSSE starts a test server that serves every request with cfg.
func serveSSE(t *testing.T, cfg *server.SSEConfig, handler func(ctx context.Context, s *server.SSEStream)) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(cfg.Handler(handler))
	t.Cleanup(srv.Close)
	return srv
}

// noKeepAlive keeps comments out of tests that read the raw stream.
var noKeepAlive = &server.SSEConfig{KeepAlive: -1}

// The headers arrive, flushed, before the handler sends anything: that is
// what fires the browser's EventSource open.
func TestSSEFlushesTheHeadersBeforeAnyEvent(t *testing.T) {
	release := make(chan struct{})
	srv := serveSSE(t, nil, func(ctx context.Context, s *server.SSEStream) {
		<-release
		s.Send(ctx, wire.Navigate("/after"))
	})
	c := openSSE(t, srv.URL, nil)
	if c.resp.StatusCode != http.StatusOK {
		t.Errorf("status %d, want 200", c.resp.StatusCode)
	}
	for name, want := range map[string]string{
		"Content-Type":      "text/event-stream",
		"Cache-Control":     "no-cache",
		"X-Accel-Buffering": "no",
	} {
		if got := c.resp.Header.Get(name); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
	close(release)
	if it := c.next(t); it.name != "navigate" || it.data != "/after" {
		t.Errorf("got %+v, want the navigate event", it)
	}
}

// Each event goes out in its SSE form, one flushed message each, and the
// response ends when the handler returns.
func TestSSEStreamText(t *testing.T) {
	srv := serveSSE(t, noKeepAlive, func(ctx context.Context, s *server.SSEStream) {
		s.Send(ctx, wire.Patch(map[string]int{"count": 1}, ""))
		s.SendID(ctx, "7", wire.HTML("<p>a\nb</p>", "#c").WithSwap(wire.Append))
		s.Send(ctx, wire.Invalidate(""))
		s.Send(ctx, wire.Navigate("/x"))
	})
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading the stream: %v", err)
	}
	want := "event: patch\ndata: {\"target\":\"\",\"data\":{\"count\":1}}\n\n" +
		"id: 7\nevent: html\ndata: {\"target\":\"#c\",\"html\":\"<p>a\\nb</p>\",\"swap\":\"append\"}\n\n" +
		"event: invalidate\ndata:\n\n" +
		"event: navigate\ndata: /x\n\n"
	if string(body) != want {
		t.Errorf("stream:\n%s\nwant:\n%s", body, want)
	}
}

// Every type reaches an EventSource as its wire.EncodeSSE form, which the
// client's wire.DecodeSSE reads back as the event that was sent.
func TestSSESendsEveryType(t *testing.T) {
	events := []wire.Event{
		wire.Patch(map[string]any{"count": 42}, "#stats"),
		wire.Patch(map[string]any{"target": "mine"}, ""),
		wire.HTML("<p>Hello</p>\n<p>again</p>", "#content"),
		wire.HTML("<li>hi</li>", "#messages").WithSwap(wire.Append),
		wire.Invalidate("#form"),
		wire.Invalidate(""),
		wire.Navigate("/dashboard"),
		wire.Custom("ping", map[string]int{"ts": 12345}),
	}
	srv := serveSSE(t, nil, func(ctx context.Context, s *server.SSEStream) {
		for _, ev := range events {
			if err := s.Send(ctx, ev); err != nil {
				t.Errorf("Send(%s): %v", ev, err)
			}
		}
		<-ctx.Done()
	})
	c := openSSE(t, srv.URL, nil)
	for _, ev := range events {
		it := c.next(t)
		name, data, err := wire.EncodeSSE(ev)
		if err != nil {
			t.Fatal(err)
		}
		if it.name != name || it.data != string(data) {
			t.Errorf("got %s %q, want %s %q", it.name, it.data, name, data)
		}
		got, err := wire.DecodeSSE(it.name, []byte(it.data))
		if err != nil {
			t.Errorf("DecodeSSE(%s, %q): %v", it.name, it.data, err)
			continue
		}
		if got.String() != ev.String() {
			t.Errorf("client reads %s, want %s", got, ev)
		}
	}
}

// SendID's id reaches the browser, which keeps it until the next id.
func TestSSESendIDSetsTheLastEventID(t *testing.T) {
	srv := serveSSE(t, nil, func(ctx context.Context, s *server.SSEStream) {
		s.SendID(ctx, "41", wire.Navigate("/a"))
		s.Send(ctx, wire.Navigate("/b"))
		s.SendID(ctx, "room:42 ü", wire.Navigate("/c"))
		<-ctx.Done()
	})
	c := openSSE(t, srv.URL, nil)
	for _, want := range []sseItem{
		{id: "41", name: "navigate", data: "/a"},
		{id: "41", name: "navigate", data: "/b"},
		{id: "room:42 ü", name: "navigate", data: "/c"},
	} {
		if got := c.next(t); got != want {
			t.Errorf("got %+v, want %+v", got, want)
		}
	}
}

// An id that would break the stream, or that a browser would ignore, is
// refused without writing anything; the stream goes on.
func TestSSESendIDRefusesBadIDs(t *testing.T) {
	errs := make(chan error, 4)
	srv := serveSSE(t, nil, func(ctx context.Context, s *server.SSEStream) {
		for _, id := range []string{"", "a\nb", "a\rb", "a\x00b"} {
			errs <- s.SendID(ctx, id, wire.Navigate("/bad"))
		}
		s.Send(ctx, wire.Navigate("/good"))
		<-ctx.Done()
	})
	c := openSSE(t, srv.URL, nil)
	for range 4 {
		if err := await(t, errs); err == nil || !strings.HasPrefix(err.Error(), "server: send: event id") {
			t.Errorf("SendID = %v, want a refusal of the id", err)
		}
	}
	if it := c.next(t); it.data != "/good" || it.id != "" {
		t.Errorf("got %+v, want the next event alone", it)
	}
}

// An event that does not encode is reported and nothing is written; the
// stream goes on.
func TestSSESendRefusesAnEventThatDoesNotEncode(t *testing.T) {
	errs := make(chan error, 1)
	srv := serveSSE(t, nil, func(ctx context.Context, s *server.SSEStream) {
		errs <- s.Send(ctx, wire.Navigate(""))
		s.Send(ctx, wire.Navigate("/good"))
		<-ctx.Done()
	})
	c := openSSE(t, srv.URL, nil)
	if err := await(t, errs); err == nil || err.Error() != "server: send: wire: navigate event has an empty path" {
		t.Errorf("Send = %v, want the encoding error", err)
	}
	if it := c.next(t); it.data != "/good" {
		t.Errorf("got %+v, want the next event", it)
	}
}

// A browser that reconnects by itself sends Last-Event-ID; the Silcrow
// client, which opens a fresh EventSource, passes it as ?lastEventID=.
func TestSSELastEventID(t *testing.T) {
	tests := []struct {
		name   string
		query  string
		header string
		want   string
	}{
		{"first connection", "", "", ""},
		{"header", "", "41", "41"},
		{"query", "?lastEventID=a%20b%26c", "", "a b&c"},
		{"query among others", "?room=1&lastEventID=42", "", "42"},
		{"header over query", "?lastEventID=old", "new", "new"},
	}
	seen := make(chan string, 1)
	srv := serveSSE(t, nil, func(ctx context.Context, s *server.SSEStream) {
		seen <- s.LastEventID()
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			header := http.Header{}
			if tt.header != "" {
				header.Set("Last-Event-ID", tt.header)
			}
			c := openSSE(t, srv.URL+tt.query, header)
			if got := await(t, seen); got != tt.want {
				t.Errorf("LastEventID = %q, want %q", got, tt.want)
			}
			c.end(t)
		})
	}
}

// A stream without events gets a comment every KeepAlive, which keeps
// proxies from closing it; browsers ignore it.
func TestSSEKeepAliveComment(t *testing.T) {
	srv := serveSSE(t, &server.SSEConfig{KeepAlive: 20 * time.Millisecond}, func(ctx context.Context, s *server.SSEStream) {
		<-ctx.Done()
	})
	c := openSSE(t, srv.URL, nil)
	select {
	case it := <-c.items:
		if it.comment != " keep-alive" {
			t.Errorf("got %+v, want the keep-alive comment", it)
		}
	case err := <-c.ended:
		t.Fatalf("stream ended: %v", err)
	case <-time.After(hangGuard):
		t.Fatal("no keep-alive comment")
	}
}

// When the client goes away the handler's ctx ends, and a Send after that
// fails rather than pretend to deliver.
func TestSSEClientLeavingEndsTheStream(t *testing.T) {
	sendErr := make(chan error, 1)
	started := make(chan struct{})
	srv := serveSSE(t, nil, func(ctx context.Context, s *server.SSEStream) {
		close(started)
		<-ctx.Done()
		sendErr <- s.Send(context.Background(), wire.Navigate("/late"))
	})
	c := openSSE(t, srv.URL, nil)
	<-started
	c.resp.Body.Close()
	if err := await(t, sendErr); err == nil {
		t.Error("Send after the client left succeeded")
	}
}

// A client that stops reading is dropped once a write has waited
// WriteTimeout; the handler's ctx ends.
func TestSSEWriteTimeoutDropsAClientThatDoesNotRead(t *testing.T) {
	ended := make(chan error, 1)
	srv := serveSSE(t, &server.SSEConfig{WriteTimeout: 50 * time.Millisecond}, func(ctx context.Context, s *server.SSEStream) {
		big := wire.HTML(strings.Repeat("x", 64<<10), "#a")
		for {
			if err := s.Send(ctx, big); err != nil {
				if ctx.Err() == nil {
					err = errors.New("Send failed but the handler's ctx goes on")
				} else if errors.Is(err, context.Canceled) {
					err = errors.New("Send failed with the cancellation, not the write's error: " + err.Error())
				} else {
					err = nil
				}
				ended <- err
				return
			}
		}
	})
	openSSE(t, srv.URL, nil) // and never read
	if err := await(t, ended); err != nil {
		t.Error(err)
	}
}

// Close cuts short a write blocked on a client that does not read, even
// with no write timeout to end it.
func TestSSECloseCutsAStuckWriteShort(t *testing.T) {
	streams := make(chan *server.SSEStream, 1)
	var sent atomic.Int64
	ended := make(chan error, 1)
	srv := serveSSE(t, &server.SSEConfig{WriteTimeout: -1}, func(ctx context.Context, s *server.SSEStream) {
		streams <- s
		big := wire.HTML(strings.Repeat("x", 64<<10), "#a")
		for {
			if err := s.Send(ctx, big); err != nil {
				ended <- err
				return
			}
			sent.Add(1)
		}
	})
	openSSE(t, srv.URL, nil) // and never read
	s := await(t, streams)
	// Wait until the sends stall on the full socket, no Send returning in
	// several polls; were they not stalled yet, Close would still end them,
	// only less to the point.
	last, still := int64(-1), 0
	waitFor(t, "the sends to stall", func() bool {
		time.Sleep(50 * time.Millisecond)
		if n := sent.Load(); n > 0 && n == last {
			still++
		} else {
			last, still = n, 0
		}
		return still == 4
	})
	s.Close()
	if err := await(t, ended); err == nil {
		t.Error("Send after Close succeeded")
	}
}

// Close ends the stream: the handler's ctx ends, Send fails, and the
// response ends cleanly when the handler returns.
func TestSSECloseEndsTheStream(t *testing.T) {
	streams := make(chan *server.SSEStream, 1)
	sendErr := make(chan error, 1)
	srv := serveSSE(t, nil, func(ctx context.Context, s *server.SSEStream) {
		s.Send(ctx, wire.Navigate("/first"))
		streams <- s
		<-ctx.Done()
		sendErr <- s.Send(context.Background(), wire.Navigate("/late"))
	})
	c := openSSE(t, srv.URL, nil)
	s := await(t, streams)
	if it := c.next(t); it.data != "/first" {
		t.Fatalf("got %+v, want the first event", it)
	}
	s.Close()
	s.Close() // a second Close does nothing
	if err := await(t, sendErr); err == nil {
		t.Error("Send after Close succeeded")
	}
	if err := c.end(t); err != io.EOF {
		t.Errorf("stream ended with %v, want a clean end", err)
	}
}

// Sends from many goroutines at once each arrive whole.
func TestSSEConcurrentSendsDoNotInterleave(t *testing.T) {
	const senders, each = 8, 50
	srv := serveSSE(t, &server.SSEConfig{KeepAlive: time.Millisecond}, func(ctx context.Context, s *server.SSEStream) {
		var wg sync.WaitGroup
		for i := range senders {
			wg.Go(func() {
				markup := strings.Repeat(string(rune('a'+i)), 5000)
				for range each {
					if err := s.Send(ctx, wire.HTML(markup, "#s").WithSwap(wire.Append)); err != nil {
						t.Errorf("Send: %v", err)
						return
					}
				}
			})
		}
		wg.Wait()
		<-ctx.Done()
	})
	c := openSSE(t, srv.URL, nil)
	counts := map[string]int{}
	for range senders * each {
		it := c.next(t)
		ev, err := wire.DecodeSSE(it.name, []byte(it.data))
		if err != nil {
			t.Fatalf("a message does not decode: %v", err)
		}
		if m := ev.Markup; len(m) != 5000 || strings.Count(m, m[:1]) != 5000 {
			t.Fatalf("a message mixes senders: %.40q…", m)
		}
		counts[ev.Markup[:1]]++
	}
	for i := range senders {
		if n := counts[string(rune('a'+i))]; n != each {
			t.Errorf("sender %d: %d messages arrived, want %d", i, n, each)
		}
	}
}

// EventSource only ever makes GET requests; anything else is refused with
// 405 and handler does not run.
func TestSSERefusesMethodsOtherThanGET(t *testing.T) {
	for _, method := range []string{http.MethodPost, http.MethodHead, http.MethodPut} {
		t.Run(method, func(t *testing.T) {
			rec := httptest.NewRecorder()
			err := server.SSE(rec, httptest.NewRequest(method, "/events", nil), func(ctx context.Context, s *server.SSEStream) {
				t.Error("handler ran")
			})
			if err == nil || !strings.Contains(err.Error(), method) {
				t.Errorf("Serve = %v, want an error naming %s", err, method)
			}
			if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != http.MethodGet {
				t.Errorf("answered %d with Allow %q, want 405 with Allow GET", rec.Code, rec.Header().Get("Allow"))
			}
		})
	}
}

// plainWriter is a ResponseWriter that cannot flush, like a middleware
// that buffers the response.
type plainWriter struct{ w http.ResponseWriter }

func (p plainWriter) Header() http.Header         { return p.w.Header() }
func (p plainWriter) Write(b []byte) (int, error) { return p.w.Write(b) }
func (p plainWriter) WriteHeader(code int)        { p.w.WriteHeader(code) }

// unwrappingWriter is a middleware's ResponseWriter that does not flush
// itself but gives access to the one it wraps, as http.ResponseController
// expects.
type unwrappingWriter struct{ plainWriter }

func (u unwrappingWriter) Unwrap() http.ResponseWriter { return u.w }

// Events would wait in a buffer that is never flushed, so a ResponseWriter
// that cannot flush is refused with 500 before handler runs.
func TestSSERefusesAResponseWriterThatCannotFlush(t *testing.T) {
	rec := httptest.NewRecorder()
	err := server.SSE(plainWriter{rec}, httptest.NewRequest(http.MethodGet, "/events", nil), func(ctx context.Context, s *server.SSEStream) {
		t.Error("handler ran")
	})
	if err == nil || !strings.Contains(err.Error(), "cannot flush") {
		t.Errorf("Serve = %v, want an error saying the writer cannot flush", err)
	}
	if rec.Code != http.StatusInternalServerError {
		t.Errorf("status %d, want 500", rec.Code)
	}
	if ct := rec.Header().Get("Content-Type"); strings.HasPrefix(ct, "text/event-stream") {
		t.Errorf("Content-Type %q on an error", ct)
	}
}

// A middleware that wraps the ResponseWriter works as long as it can be
// unwrapped to one that flushes; one without deadlines streams without
// them.
func TestSSEThroughAnUnwrappableMiddleware(t *testing.T) {
	handler := noKeepAlive.Handler(func(ctx context.Context, s *server.SSEStream) {
		s.Send(ctx, wire.Navigate("/x"))
	})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		handler.ServeHTTP(unwrappingWriter{plainWriter{w}}, r)
	}))
	t.Cleanup(srv.Close)
	c := openSSE(t, srv.URL, nil)
	if it := c.next(t); it.data != "/x" {
		t.Errorf("got %+v, want the event", it)
	}

	rec := httptest.NewRecorder() // flushes, has no deadlines
	err := noKeepAlive.Serve(rec, httptest.NewRequest(http.MethodGet, "/", nil), func(ctx context.Context, s *server.SSEStream) {
		if err := s.Send(ctx, wire.Navigate("/y")); err != nil {
			t.Errorf("Send: %v", err)
		}
	})
	if err != nil || rec.Body.String() != "event: navigate\ndata: /y\n\n" || !rec.Flushed {
		t.Errorf("Serve = %v, body %q, flushed %v", err, rec.Body, rec.Flushed)
	}
}

// Shutdown returns with SSE clients connected, rather than wait for their
// handlers until ctx ends: it ends their streams, which makes browsers
// reconnect to the next instance.
func TestShutdownEndsSSEStreams(t *testing.T) {
	handlerCtx := make(chan error, 2)
	started := make(chan struct{}, 2)
	srv := httptest.NewUnstartedServer(noKeepAlive.Handler(func(ctx context.Context, s *server.SSEStream) {
		started <- struct{}{}
		<-ctx.Done()
		handlerCtx <- ctx.Err()
	}))
	srv.Start()
	t.Cleanup(srv.Close)
	a, b := openSSE(t, srv.URL, nil), openSSE(t, srv.URL, nil)
	await(t, started)
	await(t, started)

	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	defer cancel()
	if err := server.Shutdown(ctx, srv.Config); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	for _, c := range []*sseClient{a, b} {
		if err := c.end(t); err != io.EOF {
			t.Errorf("stream ended with %v, want a clean end", err)
		}
		if err := await(t, handlerCtx); err == nil {
			t.Error("handler ctx not ended")
		}
	}
}

// CloseAll ends every SSE stream and waits for the handlers to return.
func TestCloseAllEndsSSEStreams(t *testing.T) {
	var running atomic.Int64
	started := make(chan struct{}, 1)
	srv := serveSSE(t, noKeepAlive, func(ctx context.Context, s *server.SSEStream) {
		running.Add(1)
		defer running.Add(-1)
		started <- struct{}{}
		<-ctx.Done()
	})
	c := openSSE(t, srv.URL, nil)
	await(t, started)
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	defer cancel()
	if err := server.CloseAll(ctx); err != nil {
		t.Fatalf("CloseAll: %v", err)
	}
	if n := running.Load(); n != 0 {
		t.Errorf("%d handlers still running after CloseAll", n)
	}
	if err := c.end(t); err != io.EOF {
		t.Errorf("stream ended with %v, want a clean end", err)
	}
}

//go:build unix

package server_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/silcrow/silcrow/server"
	"github.com/silcrow/silcrow/wire"
)

// benchGuard bounds every wait in the benchmarks. Like hangGuard in the
// tests it only turns a hang or a lost message into a failure; it is longer
// because dialling thousands of connections on a loaded machine is slow.
const benchGuard = 60 * time.Second

// The environment variables that make this test binary the client side of
// BenchmarkIdleConnectionMemory instead of running tests; see TestMain.
const (
	idleClientsURLEnv   = "SILCROW_BENCH_IDLE_URL"
	idleClientsCountEnv = "SILCROW_BENCH_IDLE_CONNS"
)

// TestMain runs the tests and benchmarks, unless BenchmarkIdleConnectionMemory
// started this process to be its clients.
func TestMain(m *testing.M) {
	if url := os.Getenv(idleClientsURLEnv); url != "" {
		os.Exit(runIdleClients(url, os.Getenv(idleClientsCountEnv)))
	}
	os.Exit(m.Run())
}

// BenchmarkHubBroadcast1000 measures a Hub fanning events out to 1,000
// WebSocket clients on loopback. Each iteration publishes one event (the
// demo's chat message) to the room all of them joined, and the clock stops
// when every client has read every event, so ns/op is the time to deliver
// one event 1,000 times. Per delivered message it reports msgs/s,
// allocs/msg and B/msg. Clients and server share the process, so the
// allocation figures include the clients' reads (coder/websocket, into a
// reused buffer) besides the Hub's and the server streams' writes.
//
// A Hub drops a client whose queue of DefaultQueueSize events is full, and
// a dropped client would make the numbers lie: the publisher keeps at most
// three steps of broadcastStep events ahead of the slowest client, and a
// client dropped nonetheless fails the benchmark.
//
// allocs/op and B/op are per published event, so per 1,000 messages.
func BenchmarkHubBroadcast1000(b *testing.B) {
	const clients = 1000
	// Each connection is two sockets in this process.
	requireFiles(b, 2*clients+64)
	// A b.N loop rather than b.Loop, whose clock stops before the last
	// events could be waited for: the fixture is built untimed on each of
	// the framework's calls, for that call's b.N.
	f := newFanOut(b, clients, b.N)
	ev := wire.HTML(`<p class="message">hello, everyone</p>`, "#messages").WithSwap(wire.Append)
	ctx := context.Background()
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	start := time.Now()
	for i := range b.N {
		// Before the first check 3*broadcastStep events go out, the most
		// a client can be behind.
		if i%broadcastStep == 0 && i >= 3*broadcastStep {
			f.await(b, f.reached[i/broadcastStep-2], fmt.Sprintf("every client to read %d events", i-2*broadcastStep))
		}
		if err := f.hub.Publish(ctx, broadcastRoom, ev); err != nil {
			b.Fatal(err)
		}
	}
	f.await(b, f.all, fmt.Sprintf("every client to read all %d events", b.N))
	elapsed := time.Since(start)
	b.StopTimer()
	runtime.ReadMemStats(&after)
	if n := f.hub.Len(broadcastRoom); n != clients {
		b.Fatalf("%d of %d clients are left in the room", n, clients)
	}
	delivered := float64(clients) * float64(b.N)
	b.ReportMetric(delivered/elapsed.Seconds(), "msgs/s")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/delivered, "allocs/msg")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/delivered, "B/msg")
}

const (
	broadcastRoom = "bench"
	// broadcastStep is how often, in events, the publisher checks on the
	// clients. Three steps ahead of the slowest client is 48 events, well
	// inside a queue of DefaultQueueSize (64): an event a client has read
	// has left its queue.
	broadcastStep = server.DefaultQueueSize / 4
)

// fanOut is a Hub room of WebSocket clients on loopback, each reading and
// counting the events published to it.
type fanOut struct {
	hub     server.Hub
	clients int32
	events  int

	// reached[k] is closed when every client has read k*broadcastStep
	// events, all when every client has read all of them.
	atStep  []atomic.Int32
	reached []chan struct{}
	atEnd   atomic.Int32
	all     chan struct{}

	// failed is closed, after err is set, when a client's connection fails
	// before the fixture is torn down.
	stopping atomic.Bool
	failOnce sync.Once
	failed   chan struct{}
	err      error
	dropped  atomic.Int32

	guard *time.Timer
}

// newFanOut starts a server and dials clients into its room; each client
// expects events events. It is torn down when the benchmark ends.
func newFanOut(b *testing.B, clients, events int) *fanOut {
	b.Helper()
	f := &fanOut{
		clients: int32(clients),
		events:  events,
		atStep:  make([]atomic.Int32, events/broadcastStep+1),
		reached: make([]chan struct{}, events/broadcastStep+1),
		all:     make(chan struct{}),
		failed:  make(chan struct{}),
		guard:   time.NewTimer(benchGuard),
	}
	for k := range f.reached {
		f.reached[k] = make(chan struct{})
	}
	var handlers sync.WaitGroup
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		handlers.Add(1)
		defer handlers.Done()
		server.WS(w, r, func(ctx context.Context, s *server.Stream) {
			if err := f.hub.Join(broadcastRoom, s); err != nil {
				return
			}
			for {
				if _, err := s.Recv(ctx); err != nil && !errors.Is(err, server.ErrBadFrame) {
					return
				}
			}
		})
	}))
	ctx, cancel := context.WithTimeout(context.Background(), benchGuard)
	defer cancel()
	conns, err := dialMany(ctx, wsURL(srv), clients)
	if err != nil {
		srv.Close()
		b.Fatal(err)
	}
	var readers sync.WaitGroup
	for _, c := range conns {
		readers.Go(func() { f.read(c) })
	}
	b.Cleanup(func() {
		f.stopping.Store(true)
		for _, c := range conns {
			c.CloseNow()
		}
		readers.Wait()
		srv.Close()
		// Hijacked connections are not waited for by srv.Close; their
		// handlers must end too, or they would run into the next
		// measurement.
		ended := make(chan struct{})
		go func() {
			handlers.Wait()
			close(ended)
		}()
		select {
		case <-ended:
		case <-time.After(benchGuard):
			b.Error("server handlers still running after the clients left")
		}
	})
	deadline := time.Now().Add(benchGuard)
	for f.hub.Len(broadcastRoom) < clients {
		if time.Now().After(deadline) {
			b.Fatalf("only %d of %d clients joined the room", f.hub.Len(broadcastRoom), clients)
		}
		time.Sleep(time.Millisecond)
	}
	return f
}

// read counts the events arriving on c until c fails or the fixture is
// torn down.
func (f *fanOut) read(c *websocket.Conn) {
	ctx := context.Background()
	buf := make([]byte, 512)
	for n := 1; ; n++ {
		typ, r, err := c.Reader(ctx)
		if err == nil && typ != websocket.MessageText {
			err = fmt.Errorf("got a %v frame, want text", typ)
		}
		for err == nil {
			_, err = r.Read(buf)
			if err == io.EOF {
				break
			}
		}
		if err != io.EOF {
			f.fail(err)
			return
		}
		if n > f.events {
			f.fail(fmt.Errorf("a client read %d events, %d were published", n, f.events))
			return
		}
		if n%broadcastStep == 0 && f.atStep[n/broadcastStep].Add(1) == f.clients {
			close(f.reached[n/broadcastStep])
		}
		if n == f.events && f.atEnd.Add(1) == f.clients {
			close(f.all)
		}
	}
}

// fail records a client's connection failing, unless the fixture is being
// torn down.
func (f *fanOut) fail(err error) {
	if f.stopping.Load() {
		return
	}
	if websocket.CloseStatus(err) == websocket.StatusPolicyViolation {
		f.dropped.Add(1)
	}
	f.failOnce.Do(func() {
		f.err = err
		close(f.failed)
	})
}

// await waits for ch to close, failing the benchmark when a client failed
// first or the guard runs out.
func (f *fanOut) await(b *testing.B, ch <-chan struct{}, what string) {
	b.Helper()
	f.guard.Reset(benchGuard)
	select {
	case <-ch:
	case <-f.failed:
		b.Fatalf("waiting for %s: a client failed (%d dropped by the Hub so far): %v", what, f.dropped.Load(), f.err)
	case <-f.guard.C:
		b.Fatalf("timed out waiting for %s", what)
	}
}

// idleConns is the number of connections BenchmarkIdleConnectionMemory
// holds open at once.
const idleConns = 10_000

// BenchmarkIdleConnectionMemory measures what an idle WebSocket costs the
// server. Each iteration opens idleConns connections on loopback to a
// handler that blocks in Recv, reads the heap and stacks in use once all of
// them are open, and closes them; ns/op is that whole cycle. It reports per
// connection B/conn (HeapInuse+StackInuse after a GC, over the figure
// before the clients came), the stack-B/conn part of it, goroutines/conn,
// and client-B/conn, the same measure on the client side.
//
// The clients run in a child process, this test binary again (see
// TestMain): 10,000 connections are 20,000 sockets, more than one process
// may open where RLIMIT_NOFILE is 20,000, and apart the server's figures
// are free of the clients'. Kernel socket buffers are in neither.
//
// An iteration takes seconds, so the default -benchtime runs it once or
// twice; -benchtime=1x runs it exactly once.
func BenchmarkIdleConnectionMemory(b *testing.B) {
	requireFiles(b, idleConns+64)
	exe, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	var open atomic.Int64
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := server.WS(w, r, func(ctx context.Context, s *server.Stream) {
			open.Add(1)
			for {
				if _, err := s.Recv(ctx); err != nil && !errors.Is(err, server.ErrBadFrame) {
					return
				}
			}
		})
		// Counted down only once the stream is closed, so that no
		// connection outlives its iteration.
		if err == nil {
			open.Add(-1)
		}
	})
	b.ReportAllocs()
	var iterations, serverBytes, serverStack, goroutines, clientBytes float64
	for b.Loop() {
		// A new port each time: the clients' closed connections linger in
		// TIME_WAIT, and their ports can be reused at once only for
		// another destination.
		srv := httptest.NewServer(handler)
		b.Cleanup(srv.Close)
		heap0, stack0 := memInUse()
		g0 := runtime.NumGoroutine()
		clients := startIdleClients(b, exe, wsURL(srv))
		waitCount(b, &open, idleConns, "the server to hold every connection")
		heap1, stack1 := memInUse()
		g1 := runtime.NumGoroutine()
		clients.close(b)
		waitCount(b, &open, 0, "the server to close every connection")
		srv.Close()

		iterations++
		serverBytes += (float64(heap1+stack1) - float64(heap0+stack0)) / idleConns
		serverStack += (float64(stack1) - float64(stack0)) / idleConns
		goroutines += float64(g1-g0) / idleConns
		clientBytes += clients.bytesPerConn
	}
	b.ReportMetric(serverBytes/iterations, "B/conn")
	b.ReportMetric(serverStack/iterations, "stack-B/conn")
	b.ReportMetric(goroutines/iterations, "goroutines/conn")
	b.ReportMetric(clientBytes/iterations, "client-B/conn")
}

// idleClients is the child process holding BenchmarkIdleConnectionMemory's
// client connections.
type idleClients struct {
	cmd          *exec.Cmd
	stdin        io.WriteCloser
	stderr       *bytes.Buffer
	bytesPerConn float64
}

// startIdleClients starts the child process and returns once it has opened
// idleConns connections to url.
func startIdleClients(b *testing.B, exe, url string) *idleClients {
	b.Helper()
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), idleClientsURLEnv+"="+url, idleClientsCountEnv+"="+strconv.Itoa(idleConns))
	c := &idleClients{cmd: cmd, stderr: new(bytes.Buffer)}
	cmd.Stderr = c.stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	c.stdin = stdin
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	// Ends a child left running by a failure elsewhere in the benchmark.
	b.Cleanup(func() { cmd.Process.Kill() })
	report := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		report <- line
	}()
	var line string
	select {
	case line = <-report:
	case <-time.After(benchGuard):
		c.kill(b, "timed out waiting for the clients to connect")
	}
	n, perConn, ok := strings.Cut(strings.TrimSpace(line), " ")
	c.bytesPerConn, err = strconv.ParseFloat(perConn, 64)
	if !ok || n != strconv.Itoa(idleConns) || err != nil {
		c.kill(b, fmt.Sprintf("the clients reported %q, want %d connections and their size", line, idleConns))
	}
	return c
}

// close tells the child to close its connections and waits for it to exit.
func (c *idleClients) close(b *testing.B) {
	b.Helper()
	c.stdin.Close()
	exited := make(chan error, 1)
	go func() { exited <- c.cmd.Wait() }()
	select {
	case err := <-exited:
		if err != nil {
			b.Fatalf("clients: %v; their stderr:\n%s", err, c.stderr)
		}
	case <-time.After(benchGuard):
		c.cmd.Process.Kill()
		<-exited
		b.Fatalf("timed out waiting for the clients to exit; their stderr:\n%s", c.stderr)
	}
}

// kill ends the child and fails the benchmark with why and the child's
// stderr, which is complete only once the child has been waited for.
func (c *idleClients) kill(b *testing.B, why string) {
	b.Helper()
	c.cmd.Process.Kill()
	c.cmd.Wait()
	b.Fatalf("%s; their stderr:\n%s", why, c.stderr)
}

// runIdleClients is the child process of BenchmarkIdleConnectionMemory: it
// opens count connections to url, writes "<count> <bytes in use per
// connection>" to stdout, holds the connections until stdin closes, and
// exits, which closes them. It returns the exit status.
func runIdleClients(url, count string) int {
	n, err := strconv.Atoi(count)
	if err != nil || n <= 0 {
		fmt.Fprintf(os.Stderr, "bad connection count %q\n", count)
		return 2
	}
	heap0, stack0 := memInUse()
	ctx, cancel := context.WithTimeout(context.Background(), benchGuard)
	conns, err := dialMany(ctx, url, n)
	cancel()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	for _, c := range conns {
		// Reads in the background, answering the server's pings as a
		// browser would.
		c.CloseRead(context.Background())
	}
	heap1, stack1 := memInUse()
	fmt.Printf("%d %.0f\n", n, (float64(heap1+stack1)-float64(heap0+stack0))/float64(n))
	io.Copy(io.Discard, os.Stdin)
	return 0
}

// dialers is how many connections dialMany opens at a time, few enough
// that the listener's accept backlog never overflows.
const dialers = 32

// dialMany opens n client connections to url.
func dialMany(ctx context.Context, url string, n int) ([]*websocket.Conn, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	conns := make([]*websocket.Conn, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range dialers {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n && ctx.Err() == nil; i = int(next.Add(1)) - 1 {
				c, _, err := websocket.Dial(ctx, url, nil)
				if err != nil {
					cancel(fmt.Errorf("dial connection %d of %d: %w", i+1, n, err))
					return
				}
				c.SetReadLimit(-1)
				conns[i] = c
			}
		})
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		for _, c := range conns {
			if c != nil {
				c.CloseNow()
			}
		}
		return nil, err
	}
	return conns, nil
}

// memInUse returns the heap and goroutine stack bytes in use after a GC.
func memInUse() (heap, stack uint64) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse, ms.StackInuse
}

// waitCount polls n until it equals want.
func waitCount(b *testing.B, n *atomic.Int64, want int64, what string) {
	b.Helper()
	deadline := time.Now().Add(benchGuard)
	for n.Load() != want {
		if time.Now().After(deadline) {
			b.Fatalf("timed out waiting for %s: %d, want %d", what, n.Load(), want)
		}
		time.Sleep(time.Millisecond)
	}
}

// requireFiles makes sure this process may hold n open files. Go raises the
// soft RLIMIT_NOFILE to the hard limit at startup on most systems; this
// covers the rest, and fails when even the hard limit is too low.
func requireFiles(b *testing.B, n uint64) {
	b.Helper()
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		b.Fatal(err)
	}
	if lim.Cur >= n {
		return
	}
	if lim.Max < n {
		b.Fatalf("needs %d open files, but the hard RLIMIT_NOFILE is %d (ulimit -Hn)", n, lim.Max)
	}
	lim.Cur = lim.Max
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		b.Fatalf("raise RLIMIT_NOFILE to %d: %v", lim.Max, err)
	}
}

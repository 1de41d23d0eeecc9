//go:build unix && !race

package server_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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
	"github.com/silcrow/silcrow/wire/frame"
)

// The environment that makes this test binary, run with
// -test.run=^TestHoldClientProcess$, the client side of
// TestHubHolds10000Connections.
const (
	holdURLEnv     = "SILCROW_HOLD_URL"
	holdClientsEnv = "SILCROW_HOLD_CLIENTS"
	holdEventsEnv  = "SILCROW_HOLD_EVENTS" // paced,burst
)

const (
	holdClients = 10_000
	// holdPaced events go out one at a time, each once the last has
	// reached every client: their latency is that of one broadcast.
	holdPaced = 20
	// holdBurst events go out back to back, fewer than a queue holds:
	// their rate is the Hub's fan-out throughput.
	holdBurst = 50
)

// The Hub holds 10,000 WebSocket connections in one room and broadcasts
// to all of them, every event reaching every client once and in order.
// It logs the server's memory per connection (HeapInuse+StackInuse over
// the figure before the clients came, after a GC), the latency of one
// broadcast to all of them, and the fan-out rate of a burst.
//
// The clients run in a child process (this test binary again, as
// TestHoldClientProcess): 10,000 connections are 20,000 sockets, the whole
// RLIMIT_NOFILE of many machines, and apart the server's figures are free
// of the clients'. It runs without the race detector, whose limit is
// 8,128 goroutines.
func TestHubHolds10000Connections(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 connections take a while")
	}
	raiseFileLimit(t, holdClients+256)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	var hub server.Hub
	// Keep-alive pings on, as deployed, so that their goroutine and timer
	// are in the figures; but the clients share one process and two cores
	// with everything else, and one of them slow to answer or to read
	// must not be taken for dead here.
	u := &server.Upgrader{PingTimeout: loadGuard, WriteTimeout: loadGuard}
	srv := serve(t, u, func(ctx context.Context, s *server.Stream) {
		if err := hub.Join("feed", s); err != nil {
			return
		}
		for {
			if _, err := s.Recv(ctx); err != nil && !errors.Is(err, server.ErrBadFrame) {
				return
			}
		}
	})

	heap0, stack0 := memInUse()
	g0 := runtime.NumGoroutine()
	cmd := exec.Command(exe, "-test.run=^TestHoldClientProcess$")
	cmd.Env = append(os.Environ(),
		holdURLEnv+"="+wsURL(srv),
		holdClientsEnv+"="+strconv.Itoa(holdClients),
		holdEventsEnv+"="+fmt.Sprint(holdPaced, ",", holdBurst))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stdin.Close()
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(loadGuard):
			cmd.Process.Kill()
			<-done
		}
	})
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if line, ok := strings.CutPrefix(sc.Text(), "hold: "); ok {
				lines <- line
			}
		}
		close(lines)
	}()
	next := func(what string) string {
		t.Helper()
		select {
		case line, ok := <-lines:
			if !ok || strings.HasPrefix(line, "error") {
				t.Fatalf("waiting for %s, the clients said %q; their stderr:\n%s", what, line, stderr.String())
			}
			return line
		case <-time.After(loadGuard):
			t.Fatalf("timed out waiting for %s", what)
		}
		return ""
	}

	next("the clients to connect")
	start := time.Now()
	waitForLong(t, "every client to join", func() bool { return hub.Len("feed") == holdClients })
	heap1, stack1 := memInUse()
	g1 := runtime.NumGoroutine()
	t.Logf("%d connections held; server memory %.1f KiB/conn (stack %.1f KiB), %.1f goroutines/conn; joined in %v",
		holdClients, float64(heap1+stack1-heap0-stack0)/holdClients/1024, float64(stack1-stack0)/holdClients/1024,
		float64(g1-g0)/holdClients, time.Since(start).Round(time.Millisecond))

	ctx := context.Background()
	for i := range holdPaced {
		if err := publishStamped(ctx, &hub, "feed", i, i+1, 0, nil); err != nil {
			t.Fatal(err)
		}
		next(fmt.Sprint("every client to have event ", i))
	}
	start = time.Now()
	if err := publishStamped(ctx, &hub, "feed", holdPaced, holdPaced+holdBurst, 0, nil); err != nil {
		t.Fatal(err)
	}
	last := next("every client to have the burst")
	elapsed := time.Since(start)
	t.Logf("one broadcast to %d clients: %s", holdClients, strings.TrimPrefix(last, "done "))
	t.Logf("burst of %d events to %d clients in %v: %.0f msgs/s delivered",
		holdBurst, holdClients, elapsed.Round(time.Millisecond), float64(holdClients*holdBurst)/elapsed.Seconds())
	if n := hub.Len("feed"); n != holdClients {
		t.Errorf("%d clients left in the room, want %d: some were dropped", n, holdClients)
	}
}

// TestHoldClientProcess is the child process of
// TestHubHolds10000Connections, and skips itself in any other run. It
// dials its clients into the room speaking silcrow.v1, says "hold: ready",
// then "hold: got N" each time every client has the N-th paced event,
// and, once every client has every event, "hold: done" with the latency
// of the paced events. Anything wrong is "hold: error …". It holds the
// connections until stdin closes.
func TestHoldClientProcess(t *testing.T) {
	url := os.Getenv(holdURLEnv)
	if url == "" {
		t.Skip("the client side of TestHubHolds10000Connections")
	}
	n, _ := strconv.Atoi(os.Getenv(holdClientsEnv))
	var paced, burst int
	fmt.Sscanf(os.Getenv(holdEventsEnv), "%d,%d", &paced, &burst)
	fail := func(err error) {
		fmt.Printf("hold: error %v\n", err)
		os.Exit(1)
	}
	raiseFileLimit(t, uint64(n)+256)
	ctx, cancel := context.WithTimeout(context.Background(), loadGuard)
	defer cancel()
	conns := make([]*websocket.Conn, n)
	var next atomic.Int64
	var dialers sync.WaitGroup
	hello := []byte(hello(nil))
	for range 64 {
		dialers.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				c, _, err := websocket.Dial(ctx, url, &websocket.DialOptions{Subprotocols: []string{wire.Subprotocol}})
				if err == nil {
					err = c.Write(ctx, websocket.MessageText, hello)
				}
				if err != nil {
					fail(fmt.Errorf("client %d: %w", i, err))
				}
				conns[i] = c
			}
		})
	}
	dialers.Wait()
	fmt.Println("hold: ready")

	// reached[k] counts the clients that have event k.
	reached := make([]atomic.Int64, paced+burst)
	latencies := make([][]time.Duration, n)
	for i, c := range conns {
		latencies[i] = make([]time.Duration, 0, paced)
		go func() {
			var last uint64
			for k := 0; k < paced+burst; k++ {
				_, b, err := c.Read(context.Background())
				if err != nil {
					fail(fmt.Errorf("client %d, event %d: %w", i, k, err))
				}
				if k == 0 && frame.IsControl(b) {
					// Where the room stood when the client joined.
					k--
					continue
				}
				ev, err := wire.Decode(b)
				var s stamp
				if err == nil {
					err = json.Unmarshal(ev.Data, &s)
				}
				if err != nil || s.I != k || ev.Pos.Offset <= last {
					fail(fmt.Errorf("client %d, event %d: got %s (%v)", i, k, b, err))
				}
				last = ev.Pos.Offset
				if k < paced {
					latencies[i] = append(latencies[i], time.Duration(time.Now().UnixNano()-s.T))
				}
				if reached[k].Add(1) != int64(n) {
					continue
				}
				if k < paced {
					fmt.Printf("hold: got %d\n", k)
				}
				if k == paced+burst-1 {
					var all []time.Duration
					for _, l := range latencies {
						all = append(all, l...)
					}
					fmt.Printf("hold: done latency p50 %v p99 %v max %v over %d deliveries\n",
						percentile(all, .5), percentile(all, .99), percentile(all, 1), len(all))
				}
			}
			c.CloseRead(context.Background())
		}()
	}
	io.Copy(io.Discard, os.Stdin)
}

// raiseFileLimit lets this process hold n open files, raising the soft
// RLIMIT_NOFILE up to the hard one, and the hard one when it is lower.
func raiseFileLimit(t *testing.T, n uint64) {
	t.Helper()
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Fatal(err)
	}
	if lim.Cur >= n {
		return
	}
	if lim.Max < n {
		// Only a privileged process (root, as in CI) may raise the hard
		// limit.
		lim.Max = n
	}
	lim.Cur = lim.Max
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Fatalf("needs %d open files; raising RLIMIT_NOFILE to %d failed (ulimit -Hn is too low for this user): %v", n, lim.Max, err)
	}
}

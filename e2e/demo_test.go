package e2e

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"sync"
	"syscall"
	"time"
)

// demoStartup bounds how long the demo may take to answer HTTP after it
// starts; it compresses the wasm with brotli at quality 11 first, which
// takes seconds.
const demoStartup = 90 * time.Second

// demoServer is cmd/silcrow-demo running as a subprocess on a fixed
// address, so that it can be killed and started again on the same port.
type demoServer struct {
	bin, assets, web string
	addr             string
	args             []string // more flags
	out              lockedBuffer

	cmd  *exec.Cmd
	done chan struct{} // closed when cmd has exited
}

// startDemo starts the demo on a free port of 127.0.0.1 and waits until it
// answers HTTP.
func startDemo(bin, assets, web string, args ...string) (*demoServer, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	d := &demoServer{bin: bin, assets: assets, web: web, addr: addr, args: args}
	if err := d.start(); err != nil {
		return nil, err
	}
	return d, nil
}

// URL is the demo's chat page.
func (d *demoServer) URL() string { return "http://" + d.addr + "/" }

// start runs the demo binary and polls its page until it answers 200.
func (d *demoServer) start() error {
	cmd := exec.Command(d.bin, append([]string{"-addr", d.addr, "-assets", d.assets, "-web", d.web}, d.args...)...)
	cmd.Stdout, cmd.Stderr = &d.out, &d.out
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting the demo: %w", err)
	}
	done := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(done)
	}()
	d.cmd, d.done = cmd, done

	client := &http.Client{Timeout: 5 * time.Second}
	deadline := time.Now().Add(demoStartup)
	var last error
	for time.Now().Before(deadline) {
		resp, err := client.Get(d.URL())
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			err = fmt.Errorf("GET %s: %s", d.URL(), resp.Status)
		}
		last = err
		select {
		case <-done:
			return fmt.Errorf("the demo exited (%v) before answering; its output:\n%s", cmd.ProcessState, d.out.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
	d.kill()
	return fmt.Errorf("the demo did not answer within %v: %v; its output:\n%s", demoStartup, last, d.out.String())
}

// kill ends the demo with SIGKILL, as a crash would, and waits for it.
func (d *demoServer) kill() {
	_ = d.cmd.Process.Kill()
	<-d.done
}

// terminate ends the demo with SIGTERM, as a deploy does, and waits for
// it to exit.
func (d *demoServer) terminate() {
	_ = d.cmd.Process.Signal(syscall.SIGTERM)
	<-d.done
}

// stop ends the demo at the end of the run.
func (d *demoServer) stop() { d.kill() }

// freeAddr returns a 127.0.0.1 address whose port was free a moment ago.
func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// lockedBuffer collects a subprocess's output, written and read from
// different goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Len()
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

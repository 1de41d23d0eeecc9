package live

import (
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/silcrow/silcrow/client/internal/bridge"
	"github.com/silcrow/silcrow/client/internal/clock"
	"github.com/silcrow/silcrow/wire/frame"
)

// fakeTransport records sockets; the test drives their callbacks.
type fakeTransport struct {
	mu      sync.Mutex
	sockets []*fakeSocket
	// onClose, when set, is told the URL of every socket closed.
	onClose func(url string)
}

type fakeSocket struct {
	url       string
	protocols []string
	h         Handler
	sent      []string
	closed    bool
	code      int
	onClose   func(url string)
}

func (t *fakeTransport) Open(url string, protocols []string, h Handler) Socket {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := &fakeSocket{url: url, protocols: protocols, h: h, onClose: t.onClose}
	t.sockets = append(t.sockets, s)
	return s
}

func (t *fakeTransport) last() *fakeSocket {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.sockets) == 0 {
		return nil
	}
	return t.sockets[len(t.sockets)-1]
}

func (t *fakeTransport) count() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.sockets)
}

func (s *fakeSocket) Send(text string) error { s.sent = append(s.sent, text); return nil }
func (s *fakeSocket) Close(code int, reason string) {
	s.closed, s.code = true, code
	if s.onClose != nil {
		s.onClose(s.url)
	}
}

// fakeRoot is an element; connected says whether it is in the document.
type fakeRoot struct {
	name      string
	connected bool
}

func (r *fakeRoot) IsConnected() bool { return r.connected }

// recorder is a Page that writes down what the Hub asks of it.
type recorder struct {
	mu       sync.Mutex
	elements map[string]*fakeRoot // by selector
	log      []string
	// states is the s-live-state each root shows, by name; kept apart
	// from log, which it would clutter.
	states map[string]string
}

func newRecorder(roots ...*fakeRoot) *recorder {
	p := &recorder{elements: map[string]*fakeRoot{}}
	for _, r := range roots {
		p.elements["#"+r.name] = r
	}
	return p
}

func (p *recorder) add(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.log = append(p.log, fmt.Sprintf(format, args...))
}

func (p *recorder) Query(sel string) (Root, error) {
	if strings.ContainsAny(sel, "[(") && !strings.Contains(sel, "]") {
		return nil, fmt.Errorf("invalid selector %q", sel)
	}
	if r, ok := p.elements[sel]; ok {
		return r, nil
	}
	return nil, nil
}

func (p *recorder) Apply(el Root, ev frame.Event) {
	switch ev.Type {
	case frame.TypePatch:
		p.add("patch %s %s", el.(*fakeRoot).name, ev.Data)
	case frame.TypeHTML:
		p.add("html %s %s", el.(*fakeRoot).name, ev.Markup)
	default:
		p.add("%s %s", ev.Type, el.(*fakeRoot).name)
	}
}

func (p *recorder) Navigate(path string) { p.add("navigate %s", path) }

func (p *recorder) Dispatch(name string, detail map[string]any) {
	for k, v := range detail {
		if els, ok := v.(Elements); ok {
			// Elements go to the page as an array of the elements: the
			// log shows the fakes' names.
			names := make([]byte, 0, 32)
			names = append(names, '[')
			for i, r := range els {
				if i > 0 {
					names = append(names, ',')
				}
				names = strconv.AppendQuote(names, r.(*fakeRoot).name)
			}
			detail[k] = JSON(append(names, ']'))
		}
	}
	p.add("event %s %s", name, bridge.AppendDetail(nil, detail))
}

func (p *recorder) Warn(msg string) { p.add("warn %s", msg) }

func (p *recorder) State(roots []Root, state string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.states == nil {
		p.states = map[string]string{}
	}
	for _, r := range roots {
		p.states[r.(*fakeRoot).name] = state
	}
}

// state returns the s-live-state root shows.
func (p *recorder) state(root *fakeRoot) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.states[root.name]
}

func (p *recorder) take() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := p.log
	p.log = nil
	return out
}

// fakeTimers runs reconnect timers when the test says so.
type fakeTimers struct {
	mu      sync.Mutex
	pending []*fakeTimer
}

type fakeTimer struct {
	d       clock.Duration
	f       func()
	stopped bool
}

func (c *fakeTimers) AfterFunc(d clock.Duration, f func()) func() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{d: d, f: f}
	c.pending = append(c.pending, t)
	return func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		was := !t.stopped
		t.stopped = true
		return was
	}
}

// fire runs every timer not stopped and returns their delays.
func (c *fakeTimers) fire() []clock.Duration {
	c.mu.Lock()
	ts := c.pending
	c.pending = nil
	c.mu.Unlock()
	var ds []clock.Duration
	for _, t := range ts {
		if !t.stopped {
			ds = append(ds, t.d)
			t.f()
		}
	}
	return ds
}

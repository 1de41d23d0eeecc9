package live

import (
	"strconv"

	"github.com/silcrow/silcrow/wire/frame"
)

// socketEvents is the Handler of one socket generation of a conn.
type socketEvents struct {
	hub *Hub
	c   *conn
	gen int
}

// current reports, under the lock, whether this socket is still c's.
func (s *socketEvents) current() bool { return s.c.gen == s.gen && s.c.sock != nil }

func (s *socketEvents) Opened() {
	h := s.hub
	h.mu.Lock()
	if !s.current() {
		h.unlock()
		return
	}
	c := s.c
	c.open = true
	c.backoff.Reset()
	var failed int
	for _, text := range c.outbox {
		if err := c.sock.Send(text); err != nil {
			failed++
		}
	}
	c.outbox = nil
	h.setStateLocked(c, StateOpen)
	ev := &event{name: "silcrow:live:connect", detail: map[string]any{
		"url": c.ep.URL, "protocol": string(c.ep.Protocol), "subscribers": c.subscribers(),
	}}
	h.unlock()
	if failed > 0 {
		h.cfg.Page.Warn(strconv.Itoa(failed) + " queued sends to " + c.ep.URL + " failed")
	}
	h.fire(ev)
}

func (s *socketEvents) Closed(code int, reason string) {
	h := s.hub
	h.mu.Lock()
	if !s.current() {
		h.unlock()
		return
	}
	c := s.c
	c.sock, c.open = nil, false
	detail := map[string]any{
		"url": c.ep.URL, "protocol": string(c.ep.Protocol), "reconnectIn": nil,
		"subscribers": c.subscribers(), "code": code, "reason": reason,
	}
	refused := !frame.CloseReconnects(code)
	if refused {
		// A refusal (policy, an application's 44xx): reconnecting would
		// be refused again. The socket stays closed, as after
		// Silcrow.disconnect, until Silcrow.reconnect.
		c.paused = true
	}
	if len(c.subs) > 0 && !c.paused && !h.dead && !h.waiting() {
		h.setStateLocked(c, StateConnecting)
		delay := c.backoff.Next()
		detail["reconnectIn"] = delay.Milliseconds()
		gen := c.gen
		c.stop = h.cfg.AfterFunc(delay, func() { h.redial(c, gen) })
	} else {
		h.setStateLocked(c, StateClosed)
	}
	h.unlock()
	if refused {
		h.cfg.Page.Warn(c.ep.URL + " closed with " + strconv.Itoa(code) + " " + strconv.Quote(reason) + ", a refusal: not reconnecting until Silcrow.reconnect")
	}
	h.fire(&event{name: "silcrow:live:disconnect", detail: detail})
}

// redial is the reconnect timer firing; it does nothing when the conn was
// closed, paused or redialled since.
func (h *Hub) redial(c *conn, gen int) {
	h.mu.Lock()
	defer h.unlock()
	if c.gen != gen || c.stop == nil || c.paused || len(c.subs) == 0 || h.dead || h.waiting() {
		return
	}
	h.dialLocked(c)
}

func (s *socketEvents) Message(text string, binary bool) {
	h := s.hub
	h.mu.Lock()
	if !s.current() {
		h.unlock()
		return
	}
	url := s.c.ep.URL
	subs := append([]Root(nil), s.c.subs...)
	h.unlock()

	page := h.cfg.Page
	if binary {
		page.Warn("dropped a binary frame from " + url)
		return
	}
	ev, err := frame.Decode([]byte(text))
	if err != nil {
		page.Warn("dropped a frame from " + url + ": " + err.Error())
		return
	}
	Deliver(page, url, subs, ev)
}

// Deliver applies one decoded event from the socket at url to the page:
//
//   - patch, html, invalidate with a target: once, to the element
//     document.querySelector(target) returns (none, or an invalid
//     selector: dropped with a warning);
//   - the same without a target: to every subscriber, in order;
//   - navigate: one navigation, however many subscribers;
//   - custom: one silcrow:ws:NAME event on document, detail {url, data}.
func Deliver(page Page, url string, subs []Root, ev frame.Event) {
	switch ev.Type {
	case frame.TypePatch, frame.TypeHTML, frame.TypeInvalidate:
		if ev.Target == "" {
			for _, r := range subs {
				page.Apply(r, ev)
			}
			return
		}
		el, err := page.Query(ev.Target)
		switch {
		case err != nil:
			page.Warn("dropped " + string(ev.Type) + " from " + url + ": target " + strconv.Quote(ev.Target) + " is not a valid selector: " + err.Error())
		case el == nil:
			page.Warn("dropped " + string(ev.Type) + " from " + url + ": no element matches " + strconv.Quote(ev.Target))
		default:
			page.Apply(el, ev)
		}
	case frame.TypeNavigate:
		page.Navigate(ev.Path)
	case frame.TypeCustom:
		page.Dispatch("silcrow:ws:"+ev.Name, map[string]any{"url": url, "data": JSON(ev.Data)})
	default:
		page.Warn("dropped an event of unknown type " + strconv.Quote(string(ev.Type)) + " from " + url)
	}
}

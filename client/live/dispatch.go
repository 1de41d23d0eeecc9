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

// Opened sends the hello of frame.Subprotocol when the server picked it
// and starts the heartbeat, then the sends queued while the socket opened.
func (s *socketEvents) Opened(protocol string) {
	h := s.hub
	h.mu.Lock()
	if !s.current() {
		h.unlock()
		return
	}
	c := s.c
	c.open = true
	c.proto = protocol
	c.plainTry = false
	if c.ep.Protocol == WebSocket {
		c.speaks = supportNo
		if protocol == frame.Subprotocol {
			c.speaks = supportYes
		}
	}
	c.backoff.Reset()
	var failed int
	if protocol == frame.Subprotocol {
		// The hello offers the last position seen per room, so that the
		// server replays what this page missed while it was away.
		hello := frame.AppendHello(nil, c.since)
		if err := c.sock.Send(string(hello)); err != nil {
			failed++
		}
		if h.cfg.Heartbeat > 0 {
			h.beatLocked(c)
		}
	}
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

// Closed reports the socket gone. A first handshake that offered
// frame.Subprotocol and failed may have failed for the offer alone (see
// dialLocked): it is retried at once without it, and only when that fails
// too is the socket lost.
func (s *socketEvents) Closed(code int, reason string) {
	h := s.hub
	h.mu.Lock()
	if !s.current() {
		h.unlock()
		return
	}
	c := s.c
	if !c.open && c.ep.Protocol == WebSocket && c.speaks == supportUnknown && !c.plainTry && !h.dead {
		c.plainTry = true
		h.dialLocked(c)
		h.unlock()
		return
	}
	c.plainTry = false
	ev, refused := h.lostLocked(c, code, reason)
	h.unlock()
	h.reportLost(c, ev, refused)
}

// lostLocked is c's socket gone with code and reason, however it went: it
// schedules the reconnect the close-code policy and the page's lifecycle
// allow, and returns the disconnect event and whether the close was a
// refusal.
func (h *Hub) lostLocked(c *conn, code int, reason string) (*event, bool) {
	h.stopBeatLocked(c)
	c.sock, c.open, c.proto = nil, false, ""
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
	return &event{name: "silcrow:live:disconnect", detail: detail}, refused
}

// reportLost warns of a refusal and fires the disconnect event, after the
// lock.
func (h *Hub) reportLost(c *conn, ev *event, refused bool) {
	if refused {
		h.cfg.Page.Warn(c.ep.URL + " closed with " + strconv.Itoa(ev.detail["code"].(int)) + " " + frame.Quote(ev.detail["reason"].(string)) + ", a refusal: not reconnecting until Silcrow.reconnect")
	}
	h.fire(ev)
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

// received notes that something arrived on the socket, for the heartbeat,
// and returns c's URL and subscribers, or false when the socket is no
// longer c's.
func (s *socketEvents) received() (string, []Root, bool) {
	h := s.hub
	h.mu.Lock()
	defer h.unlock()
	if !s.current() {
		return "", nil, false
	}
	s.c.heard = true
	return s.c.ep.URL, append([]Root(nil), s.c.subs...), true
}

func (s *socketEvents) Message(text string, binary bool) {
	url, subs, ok := s.received()
	if !ok {
		return
	}
	page := s.hub.cfg.Page
	if binary {
		page.Warn("dropped a binary frame from " + url)
		return
	}
	b := []byte(text)
	if frame.IsControl(b) {
		s.control(url, text)
		return
	}
	ev, err := frame.Decode(b)
	if err != nil {
		page.Warn("dropped a frame from " + url + ": " + err.Error())
		return
	}
	if ev.Room != "" && !ev.Pos.IsZero() {
		s.seen(ev.Room, ev.Pos)
	}
	Deliver(page, url, subs, ev)
}

// seen remembers pos as the last position seen in room, for the hello of
// the next socket.
func (s *socketEvents) seen(room string, pos frame.Position) {
	h := s.hub
	h.mu.Lock()
	defer h.unlock()
	if !s.current() {
		return
	}
	if s.c.since == nil {
		s.c.since = map[string]frame.Position{}
	}
	s.c.since[room] = pos
}

// control handles a control frame of frame.Subprotocol. A pong has done
// its work by arriving; a server that does not speak the subprotocol
// sends none, and an event is never mistaken for one.
func (s *socketEvents) control(url, text string) {
	c, err := frame.ParseControl([]byte(text))
	if err != nil {
		s.hub.cfg.Page.Warn("dropped a control frame from " + url + ": " + err.Error())
		return
	}
	switch c.Type {
	case frame.ControlPong:
	case frame.ControlAt:
		// Where a room stands as the socket joins it: the position to
		// offer after a drop, even when no event of the room came.
		if !c.Have.IsZero() {
			s.seen(c.Room, c.Have)
		}
	case frame.ControlGap:
		// Events of the room were lost while the page was away: the page
		// re-fetches what the room shows.
		s.hub.cfg.Page.Dispatch("silcrow:live:gap", map[string]any{
			"url": url, "room": c.Room, "since": positionJSON(c.Have),
			"epoch": c.Epoch, "first": int64(c.First), "last": int64(c.Last),
		})
	default:
		s.hub.cfg.Page.Warn("dropped a " + string(c.Type) + " control frame from " + url + ": not one a server sends")
	}
}

// SSE delivers an EventSource event as its WebSocket twin (see
// frame.DecodeSSE for the shapes), and remembers its id for the
// reconnect.
func (s *socketEvents) SSE(name, id, data string) {
	url, subs, ok := s.received()
	if !ok {
		return
	}
	if id != "" {
		s.hub.mu.Lock()
		s.c.lastID = id
		s.hub.unlock()
	}
	ev, err := frame.DecodeSSE(name, []byte(data))
	if err != nil {
		s.hub.cfg.Page.Warn("dropped an SSE " + frame.Quote(name) + " event from " + url + ": " + err.Error())
		return
	}
	Deliver(s.hub.cfg.Page, url, subs, ev)
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
			page.Warn("dropped " + string(ev.Type) + " from " + url + ": target " + frame.Quote(ev.Target) + " is not a valid selector: " + err.Error())
		case el == nil:
			page.Warn("dropped " + string(ev.Type) + " from " + url + ": no element matches " + frame.Quote(ev.Target))
		default:
			page.Apply(el, ev)
		}
	case frame.TypeNavigate:
		page.Navigate(ev.Path)
	case frame.TypeCustom:
		page.Dispatch("silcrow:ws:"+ev.Name, map[string]any{"url": url, "data": JSON(ev.Data)})
	default:
		page.Warn("dropped an event of unknown type " + frame.Quote(string(ev.Type)) + " from " + url)
	}
}

// positionJSON is p as the page sees it: {"epoch":E,"offset":N}.
func positionJSON(p frame.Position) JSON {
	b := append([]byte(`{"epoch":`), frame.AppendString(nil, p.Epoch)...)
	b = append(b, `,"offset":`...)
	b = strconv.AppendUint(b, p.Offset, 10)
	return append(b, '}')
}

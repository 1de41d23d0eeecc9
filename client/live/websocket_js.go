//go:build js && wasm

package live

import (
	"errors"
	"strconv"
	"syscall/js"

	"github.com/silcrow/silcrow/client/internal/jsstring"
)

// The WebSocket methods a message or a close calls, bound once (see caller).
var (
	wsProto        = js.Global().Get("WebSocket").Get("prototype")
	wsSend         = caller(wsProto.Get("send"))
	wsClose        = caller(wsProto.Get("close"))
	removeListener = caller(js.Global().Get("EventTarget").Get("prototype").Get("removeEventListener"))
	closeEvent     = jsstring.Of("close")
)

// BrowserWebSocket is the Transport of silcrow.wasm: the page's own
// WebSocket, so that the wasm links neither net/http nor crypto/tls.
type BrowserWebSocket struct{}

type browserSocket struct {
	ws      js.Value
	funcs   []js.Func
	onClose js.Func
}

// Open implements Transport. A URL the browser refuses (it throws) is
// reported as a close on the next turn of the event loop.
func (BrowserWebSocket) Open(url string, h Handler) Socket {
	s := &browserSocket{}
	if err := s.open(url, h); err != nil {
		s.release()
		var once js.Func
		once = js.FuncOf(func(js.Value, []js.Value) any {
			once.Release()
			h.Closed(1006, err.Error())
			return nil
		})
		js.Global().Call("setTimeout", once, 0)
	}
	return s
}

func (s *browserSocket) open(url string, h Handler) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errors.New("WebSocket(" + strconv.Quote(url) + "): " + panicText(r))
		}
	}()
	s.ws = js.Global().Get("WebSocket").New(url)
	s.ws.Set("binaryType", "arraybuffer")
	s.on("open", func(js.Value) { h.Opened() })
	s.on("message", func(e js.Value) {
		data := e.Get("data")
		if data.Type() == js.TypeString {
			h.Message(data.String(), false)
			return
		}
		h.Message("", true)
	})
	s.onClose = s.on("close", func(e js.Value) {
		s.release()
		h.Closed(e.Get("code").Int(), e.Get("reason").String())
	})
	return nil
}

func (s *browserSocket) on(name string, f func(e js.Value)) js.Func {
	fn := js.FuncOf(func(_ js.Value, args []js.Value) any {
		f(args[0])
		return nil
	})
	s.funcs = append(s.funcs, fn)
	s.ws.Call("addEventListener", name, fn)
	return fn
}

// release frees the callbacks once the socket is closed for good; a closed
// WebSocket fires nothing more, so its listeners need no removal.
func (s *browserSocket) release() {
	for _, f := range s.funcs {
		f.Release()
	}
	s.funcs = nil
}

// Send implements Socket.
func (s *browserSocket) Send(text string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errors.New("WebSocket.send: " + panicText(r))
		}
	}()
	if s.ws.IsUndefined() {
		return errors.New("WebSocket.send: socket never opened")
	}
	wsSend.Invoke(s.ws, text)
	return nil
}

// Close implements Socket. The Hub ignores what a socket reports after
// Close, so the close listener is removed and the callbacks released at
// once: a page that drops 200 live elements then pays for no call into
// Go per close handshake. A closing WebSocket fires no open or message
// events, so those listeners need no removal.
func (s *browserSocket) Close(code int, reason string) {
	if s.ws.IsUndefined() {
		return
	}
	if len(reason) > 120 {
		reason = reason[:120] // the browser throws on reasons over 123 bytes
	}
	wsClose.Invoke(s.ws, code, jsstring.Of(reason))
	if s.funcs != nil {
		removeListener.Invoke(s.ws, closeEvent, s.onClose)
		s.release()
	}
}

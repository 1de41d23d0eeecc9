//go:build js && wasm

package api

import (
	"github.com/silcrow/silcrow/client/dom"
	"github.com/silcrow/silcrow/client/internal/bridge"
	"github.com/silcrow/silcrow/client/internal/clock"
	"github.com/silcrow/silcrow/client/live"
)

// Boot starts the runtime on a parsed document: it connects every s-live
// element, starts the s-live observer and the navigator, takes
// over window.Silcrow's calls (the loader replays the queued ones, in
// order) and fires silcrow:ready. It runs as one bridge turn, so the
// sockets of the page are opened by one batch of commands.
func Boot() { bridge.Turn(boot) }

// Start waits until the document is parsed, then boots.
func Start() {
	bridge.WaitForDocument()
	Boot()
}

// Mark adds a performance mark, for the DevTools timeline and the boot
// split of the benchmarks.
func Mark(name string) { bridge.Loader().Call("mark", name) }

func boot() {
	Mark("silcrow:boot")
	rt := newRuntime()
	rt.browser.Scan(bridge.Document)
	// The sockets open now rather than when the turn ends: the handshakes
	// then run while the navigator is installed.
	bridge.Flush()
	rt.browser.Observe()
	rt.uninstallNavigator = rt.installNavigator()
	bridge.OnCall = rt.call
	bridge.Loader().Call("ready")
	live.FireDocumentEvent("silcrow:ready", map[string]any{})
}

// newRuntime makes the runtime's hub and browser.
func newRuntime() *runtime {
	dom.SetWarn(warn)
	hub := live.NewHub(live.Config{
		Transports: map[live.Protocol]live.Transport{
			live.WebSocket: live.BrowserWebSocket{Warn: warn},
			live.SSE:       live.BrowserEventSource{},
		},
		Page:      page{},
		Heartbeat: heartbeat(),
	})
	return &runtime{hub: hub, browser: live.NewBrowser(hub, warn)}
}

// heartbeat reads the page's <meta name="silcrow-heartbeat" content="…">:
// how often live sockets are pinged, in milliseconds, "off" for never;
// the default when there is none.
func heartbeat() clock.Duration {
	h, err := bridge.Query(`meta[name="silcrow-heartbeat"]`)
	if err != nil || h == 0 {
		return 0
	}
	v, _ := bridge.Attr(h, "content")
	d, err := live.ParseHeartbeat(v)
	if err != nil {
		warn(err.Error())
	}
	return d
}

package e2e

import (
	"testing"

	"github.com/silcrow/silcrow/wire"
)

// A Silcrow.send made by an inline script while the page is still parsing,
// before the runtime has booted, is queued by the loader's stub and
// delivered once the socket opens.
func TestSendBeforeBoot(t *testing.T) {
	ts := newTestServer(t)
	tb, c, _ := openLive(t, ts, "", `<div id="root" s-live="/ws/{{id}}"></div>
<script>
  window.__stubAtSend = Array.isArray(Silcrow.__queue);
  Silcrow.send(document.getElementById("root"), {event: "early", data: {n: 1}});
  window.__queuedAtSend = Silcrow.__queue ? Silcrow.__queue.length : -1;
</script>`)

	got := c.next(t)
	if got.err != nil || got.ev.Type != wire.TypeCustom || got.ev.Name != "early" || string(got.ev.Data) != `{"n":1}` {
		t.Errorf("the first thing received is %v, %v; want the custom event early {\"n\":1}", got.ev, got.err)
	}

	state := eval[struct {
		Stub   bool `json:"stub"`
		Queued int  `json:"queued"`
		Gone   bool `json:"gone"`
		Ready  int  `json:"ready"`
	}](tb, `({stub: window.__stubAtSend, queued: window.__queuedAtSend, gone: !("__queue" in Silcrow), ready: __count("silcrow:ready")})`)
	if !state.Stub || state.Queued < 1 {
		t.Errorf("at the inline send the stub's queue existed = %v and held %d calls; want the runtime not yet booted and the call queued", state.Stub, state.Queued)
	}
	if !state.Gone || state.Ready != 1 {
		t.Errorf("after boot __queue gone = %v, silcrow:ready fired %d times; want the queue replayed and deleted, and one silcrow:ready", state.Gone, state.Ready)
	}
}

package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// guideSend is the onclick of the guide's Send button (seed-ws-guide.md,
// "Client → Server"), which the demo page uses as written.
const guideSend = `Silcrow.send(
    document.getElementById('chat'),
    {event: 'chat', data: {text: document.getElementById('msg').value}}
  )`

// connected is true once the demo's greeting patch has reached the status
// line bound with s-bind="status".
const connected = `document.querySelector('#chat-status[s-bind="status"]').textContent === "connected"`

// openChat opens the demo's chat page in a fresh tab and waits for the
// greeting.
func openChat(t *testing.T, d *demoServer, name string) *tab {
	t.Helper()
	tb := openTab(t, name)
	tb.navigate(d.URL())
	tb.waitFor("the status to become connected", connected)
	return tb
}

// messageCount counts the chat messages whose text is exactly text.
func messageCount(text string) string {
	return fmt.Sprintf(`[...document.querySelectorAll("#messages .message")].filter((p) => p.textContent === %s).length`, js(text))
}

// withoutSpace drops all white space, to compare code up to layout.
func withoutSpace(s string) string { return strings.Join(strings.Fields(s), "") }

// Two tabs on the demo both connect, and a message typed in one and sent
// with the guide's button appears in both.
func TestDemoChatBetweenTwoTabs(t *testing.T) {
	d := needDemo(t)
	a := openChat(t, d, "A")
	b := openChat(t, d, "B")

	onclick := eval[string](a, `document.getElementById("send").getAttribute("onclick")`)
	if withoutSpace(onclick) != withoutSpace(guideSend) {
		t.Errorf("the Send button's onclick is\n%s\nwant the guide's\n%s", onclick, guideSend)
	}

	text := fmt.Sprintf("hello from A %d", time.Now().UnixNano())
	a.do("type the message and click Send",
		chromedp.SendKeys(chromedp.CSS("#msg"), text),
		chromedp.Click(chromedp.CSS("#send")))
	b.waitFor("the message in tab B", messageCount(text)+" === 1")
	a.waitFor("the message in tab A", messageCount(text)+" === 1")

	// The status line's dot comes from the s-live-state of #chat.
	if got := eval[string](a, `document.getElementById("chat").getAttribute("s-live-state") + " " + getComputedStyle(document.getElementById("chat-status"), "::before").color`); got != "open rgb(34, 170, 34)" {
		t.Errorf("state and status dot = %q, want open and green", got)
	}
}

// A chat message made of markup is shown as its text: the demo escapes it
// and nothing in it runs.
func TestDemoChatMarkupIsText(t *testing.T) {
	d := needDemo(t)
	tb := openChat(t, d, "chat")
	const text = `<img src=x onerror="window.pwned=1"><b>bold</b>`
	before := eval[int](tb, messageCount(text))

	tb.do("send the markup as a message",
		chromedp.SetValue(chromedp.CSS("#msg"), text),
		chromedp.Click(chromedp.CSS("#send")))
	tb.waitFor("the message shown as text", fmt.Sprintf("%s === %d", messageCount(text), before+1))

	if n := eval[int](tb, `document.querySelectorAll("#messages b, #messages img").length`); n != 0 {
		t.Errorf("#messages holds %d <b> or <img> elements; want the markup as text", n)
	}
	tb.holds(500*time.Millisecond, "no script ran", `window.pwned === undefined`)
}

// A demo stopped with SIGTERM closes the page's socket with 1001 (going
// away) on its way out, and the page reconnects to the restarted demo.
func TestDemoGracefulShutdown(t *testing.T) {
	d := needDemo(t)
	tb := openChat(t, d, "chat")
	tb.exec(`window.__closes = [];
		document.addEventListener("silcrow:live:disconnect", (e) => window.__closes.push(e.detail.code + " " + e.detail.reason + " " + (e.detail.reconnectIn > 0)));
		window.__connects = 0;
		document.addEventListener("silcrow:live:connect", () => window.__connects++);`)
	stopped := time.Now()
	d.terminate()
	tb.waitFor("the disconnect", `window.__closes.length === 1`)
	if got := eval[string](tb, `window.__closes[0]`); got != "1001 server shutting down true" {
		t.Errorf("disconnect = %q, want 1001, the shutdown reason and a reconnect", got)
	}
	if err := d.start(); err != nil {
		t.Fatalf("restarting the demo on %s: %v", d.addr, err)
	}
	tb.waitWithin(90*time.Second, "the reconnect to the restarted demo", `window.__connects === 1`)
	tb.waitFor("the status to become connected again", connected)
	t.Logf("the page was connected again %v after SIGTERM", time.Since(stopped).Round(time.Millisecond))
}

// Killing the demo and starting it again on the same port: the page
// reconnects by itself after a disconnect, and chat works again.
func TestDemoReconnectsAfterRestart(t *testing.T) {
	d := needDemo(t)
	tb := openChat(t, d, "chat")
	tb.exec(`window.__live = [];
		for (const name of ["silcrow:live:connect", "silcrow:live:disconnect"]) {
			document.addEventListener(name, () => window.__live.push(name));
		}
		document.addEventListener("silcrow:patched", (e) => window.__live.push("silcrow:patched " + JSON.stringify(e.detail.paths)));`)

	killed := time.Now()
	d.kill()
	tb.waitFor("silcrow:live:disconnect", `window.__live.includes("silcrow:live:disconnect")`)
	tb.waitFor("the status to leave connected", "!("+connected+")")
	// The line under it comes from Silcrow.connections().
	tb.waitFor("the connection line to show the reconnect", `/^ws:\/\/.*\/ws\/chat: connecting, attempt \d+$/.test(document.getElementById("chat-conn").textContent)`)

	if err := d.start(); err != nil {
		t.Fatalf("restarting the demo on %s: %v", d.addr, err)
	}
	restarted := time.Since(killed)
	// Backoff is 1 s, 2 s, 4 s … jittered, and the demo needs seconds to
	// start: a generous hang guard.
	tb.waitWithin(90*time.Second, "silcrow:live:connect after the disconnect",
		`window.__live.indexOf("silcrow:live:connect", window.__live.indexOf("silcrow:live:disconnect")) > 0`)
	tb.waitFor("the status to become connected again", connected+` || window.__live.at(-1).startsWith("silcrow:patched")`)
	if !eval[bool](tb, connected) {
		t.Errorf("the greeting patch after the reconnect was applied (events: %v) but the status shows %q; want \"connected\"",
			eval[[]string](tb, `window.__live`), eval[string](tb, `document.getElementById("chat-status").textContent`))
	}
	t.Logf("the demo was back %v after the kill, the page reconnected by itself %v after it", restarted.Round(time.Millisecond), time.Since(killed).Round(time.Millisecond))

	text := fmt.Sprintf("after the restart %d", time.Now().UnixNano())
	tb.do("send a message",
		chromedp.SetValue(chromedp.CSS("#msg"), text),
		chromedp.Click(chromedp.CSS("#send")))
	tb.waitFor("the message after the restart", messageCount(text)+" === 1")
	if got := eval[string](tb, `document.getElementById("chat-conn").textContent`); !strings.HasSuffix(got, "/ws/chat: open") {
		t.Errorf("connection line = %q, want the chat socket open", got)
	}
}

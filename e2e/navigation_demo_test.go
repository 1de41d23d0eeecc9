package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// The demo's second page is reached by its s-action link without a
// reload, Back fetches the chat again (whose response's silcrow-ws
// connects the body to the chat's socket), and the server's navigate
// event reaches it too.
func TestDemoSecondPage(t *testing.T) {
	d := needDemo(t)
	tb := openChat(t, d, "nav")
	tb.exec(`window.__same = true`)
	tb.do("click the about link", chromedp.Click(chromedp.CSS("#about-link")))
	tb.waitFor("the about page", `document.getElementById("about") !== null && location.pathname === "/about"`)
	if !eval[bool](tb, `window.__same === true && document.title === "About the Silcrow chat"`) {
		t.Error("the about page was not swapped in (reloaded, or its title is missing)")
	}

	tb.exec(`history.back()`)
	tb.waitFor("the chat again, connected", `document.getElementById("chat") !== null && location.pathname === "/" && `+connected)
	if !eval[bool](tb, `window.__same === true`) {
		t.Error("Back reloaded the document")
	}

	other := openChat(t, d, "pushed")
	other.exec(`window.__same = true`)
	other.do("send /about", chromedp.SendKeys(chromedp.CSS("#msg"), "/about"), chromedp.Click(chromedp.CSS("#send")))
	other.waitFor("the server's navigate to the about page", `document.getElementById("about") !== null && location.pathname === "/about" && window.__same === true`)
	if n := eval[int](tb, messageCount("/about")); n != 0 {
		t.Errorf("the /about command was broadcast as a message (%d)", n)
	}
}

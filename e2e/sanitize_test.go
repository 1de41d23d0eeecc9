package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/silcrow/silcrow/wire"
)

// quietPeriod is how long a test watches for a script that must not run,
// after everything that could start one (image errors, clicks) has settled.
const quietPeriod = 500 * time.Millisecond

// unsafeInTarget lists, as strings, every element, attribute and URL under
// #t that the sanitizer must have removed.
const unsafeInTarget = `(() => {
  const found = [];
  const banned = ["script", "iframe", "frame", "object", "embed", "svg", "math", "style", "base", "link", "meta"];
  for (const el of $id("t").querySelectorAll("*")) {
    const tag = el.localName;
    if (banned.includes(tag) || el.namespaceURI !== "http://www.w3.org/1999/xhtml") found.push("<" + tag + "> in " + el.namespaceURI);
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) found.push("<" + tag + " " + a.name + ">");
      if (a.name === "srcdoc") found.push("<" + tag + " srcdoc>");
      if (/^javascript:/i.test(a.value.replace(/[\u0000-\u0020]/g, ""))) found.push("<" + tag + " " + a.name + "=" + a.value + ">");
    }
  }
  return found;
})()`

// Hostile markup in an html event is swapped in without anything in it
// running, and leaves no scripts, frames, SVG, handlers or javascript: URLs
// in the target.
func TestHTMLSwapHostileMarkup(t *testing.T) {
	ts := newTestServer(t)
	tb, c, _ := openLive(t, ts, "", `<div id="root" s-live="/ws/{{id}}"><div id="t"></div></div><div id="control"></div>`)

	// The check can fail: the same payload through innerHTML runs.
	tb.exec(`$id("control").innerHTML = '<img src=x onerror="window.controlRan = 1">'`)
	tb.waitFor("the control payload to run through innerHTML", `window.controlRan === 1`)
	tb.exec(`$id("control").textContent = ""`)

	cases := []struct{ name, markup string }{
		{"script", `<script>window.pwned=1</script>`},
		{"img onerror", `<img src=x onerror="window.pwned=1">`},
		{"javascript: link", `<a href="javascript:window.pwned=1">x</a>`},
		{"iframe srcdoc", `<iframe srcdoc="<script>parent.pwned=1</script>"></iframe>`},
		{"svg onload", `<svg onload="window.pwned=1"><circle/></svg>`},
		{"noscript comment (mutation XSS)", `<noscript><!--</noscript><img src=x onerror="window.pwned=1">--></noscript>`},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tb := tb.with(t)
			// A payload that ran in an earlier case must not fail this one.
			tb.exec(`delete window.pwned`)
			marker := fmt.Sprintf("case %d", i)
			c.send(t, wire.HTML(tc.markup+`<p class="marker">`+marker+`</p>`, "#t"))
			tb.waitFor("the swap", `$id("t").querySelector(".marker")?.textContent === `+js(marker))
			if found := eval[[]string](tb, unsafeInTarget); len(found) > 0 {
				t.Errorf("the swapped markup kept %q\ntarget: %s", found, eval[string](tb, `$id("t").innerHTML`))
			}

			// Give anything left in the markup its chance: click the links,
			// let the images fail to load, then watch for a while.
			tb.exec(`$id("t").querySelectorAll("a").forEach((a) => a.click())`)
			tb.waitFor("the images to settle", `[...$id("t").querySelectorAll("img")].every((img) => img.complete)`)
			tb.holds(quietPeriod, "no script ran", `window.pwned === undefined`)
		})
	}
}

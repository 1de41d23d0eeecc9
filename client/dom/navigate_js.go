//go:build js && wasm

package dom

import (
	"github.com/silcrow/silcrow/client/internal/bridge"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall/js"
	"time"

	"github.com/silcrow/silcrow/wire/frame"
)

// Navigate shows the page at path in document.body without reloading,
// the way Silcrow.js navigates:
//
//   - path resolves against the page; anything but an http(s) URL of the
//     page's own origin is refused with a debug warning.
//   - silcrow:navigate fires on document first (cancelable, detail {path,
//     url, method, target}); a listener that cancels it stops the
//     navigation.
//   - While the request is in flight, the body has the silcrow-loading
//     attribute and class and aria-busy="true". A newer navigation aborts
//     an older one still in flight, silently.
//   - The request is a GET with "silcrow-target: true" and "Accept:
//     text/html", same-origin credentials, aborted after 30 s.
//   - A JSON response (application/json or +json) is patched into the
//     body; any other is swapped in as markup (inner), a full page
//     contributing its title and body. The URL is then pushed onto the
//     history (the final URL when a same-origin redirect was followed; the
//     current entry is replaced when it has that URL already), the window
//     scrolls to the top, and silcrow:load fires on document (detail
//     {path, url, target}).
//   - An HTTP error status, a network failure, a timeout or a response
//     that cannot be used fires silcrow:error on document (detail {path,
//     url, message, error} and status for an HTTP error) with a debug
//     warning, and leaves the page as it was.
//
// Navigate returns once the request is sent; the response is handled on a
// goroutine of its own, so Navigate may be called from a JavaScript
// callback.
//
// Commands written before it are applied first: the navigation reaches
// the DOM directly.
func Navigate(path string) {
	bridge.Flush()
	startNavigation(path, true)
}

// InstallHistory makes Back and Forward show the page of the entry they
// reach: on popstate it navigates to location.pathname+search without
// pushing a new entry. An entry whose state another script set is left to
// that script, and a change of fragment alone does nothing. It returns the
// function that removes the listener again.
func InstallHistory() (uninstall func()) {
	navigations.setShown(locationKey())
	onPopState := js.FuncOf(func(_ js.Value, args []js.Value) any {
		now := locationKey()
		if popstateNavigates(navigations.shownKey(), now, entryOf(args[0].Get("state"))) {
			startNavigation(now, false)
		}
		return nil
	})
	native().addEventListener.on(native().window, "popstate", onPopState)
	return func() {
		native().removeEventListener.on(native().window, "popstate", onPopState)
		onPopState.Release()
	}
}

// navigation is one navigation in flight.
type navigation struct {
	path     string
	url      bridge.URL
	push     bool
	target   js.Value
	abort    js.Value // its AbortController
	timedOut atomic.Bool
}

// navigations tracks the latest navigation, so that a newer one aborts it
// and only the latest clears the loading state, and the pathname+search
// the body shows, for popstate.
var navigations navigationState

type navigationState struct {
	mu      sync.Mutex
	current *navigation
	shown   string
}

// begin makes nav the latest navigation and returns the one it replaces.
func (s *navigationState) begin(nav *navigation) (previous *navigation) {
	s.mu.Lock()
	defer s.mu.Unlock()
	previous, s.current = s.current, nav
	return previous
}

// end reports whether nav is still the latest navigation and, if so, marks
// none in flight.
func (s *navigationState) end(nav *navigation) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.current != nav {
		return false
	}
	s.current = nil
	return true
}

func (s *navigationState) setShown(key string) {
	s.mu.Lock()
	s.shown = key
	s.mu.Unlock()
}

func (s *navigationState) shownKey() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.shown
}

// startNavigation does the synchronous part of a navigation, up to sending
// the request, and leaves the response to finish on a new goroutine.
func startNavigation(path string, push bool) {
	u, err := pageNavigationURL(path)
	if err != nil {
		warn("navigation refused: " + err.Error())
		return
	}
	body := native().body.of(native().document)
	if body.IsNull() {
		warn("navigation to " + path + " ignored: the document has no body")
		return
	}
	var proceed bool
	bridge.Turn(func() {
		proceed = dispatch("silcrow:navigate", true, map[string]any{
			"path": path, "url": u.Href, "method": "GET",
		}, nodeMember("target", body))
	})
	if !proceed {
		return
	}
	nav := &navigation{path: path, url: u, push: push, target: body, abort: native().abortController.New()}
	if previous := navigations.begin(nav); previous != nil {
		previous.abort.Call("abort")
	}
	setLoading(body, true)
	timer := time.AfterFunc(navigationTimeout, func() {
		nav.timedOut.Store(true)
		nav.abort.Call("abort")
	})
	var response js.Value
	err = catchJS(func() {
		response = native().fetch.Invoke(u.Href, map[string]any{
			"method":      "GET",
			"headers":     map[string]any{"silcrow-target": "true", "Accept": "text/html"},
			"credentials": "same-origin",
			"signal":      nav.abort.Get("signal"),
		})
	})
	if err != nil {
		timer.Stop()
		nav.settle()
		nav.fail(err.Error(), nil)
		return
	}
	go nav.finish(response, timer)
	bridge.Wake()
}

// finish waits for the response and its body, then applies it.
func (nav *navigation) finish(responsePromise js.Value, timer *time.Timer) {
	response, err := await(responsePromise)
	var text js.Value
	if err == nil && response.Get("ok").Bool() {
		text, err = await(response.Call("text"))
	}
	timer.Stop()
	latest := nav.settle()
	switch {
	case err != nil && nav.timedOut.Load():
		nav.fail("timed out after "+navigationTimeout.String(), nil)
		return
	case isAbort(err) || !latest:
		return // a newer navigation took over
	case err != nil:
		nav.fail(err.Error(), nil)
		return
	case !response.Get("ok").Bool():
		status := response.Get("status").Int()
		message := "HTTP " + strconv.Itoa(status)
		if statusText := response.Get("statusText").String(); statusText != "" {
			message += " " + statusText
		}
		nav.fail(message, status)
		return
	}
	if err := nav.apply(nullableString(response.Get("headers").Call("get", "Content-Type")), text.String()); err != nil {
		nav.fail(err.Error(), nil)
		return
	}
	final := nav.url
	if response.Get("redirected").Bool() {
		if r, err := bridge.ParseURL(response.Get("url").String(), nav.url.Href); err == nil && sameOrigin(r, nav.url) {
			final = r
		}
	}
	if nav.push {
		// As when a link to the page itself is followed, the entry is
		// replaced rather than repeated.
		update := "pushState"
		if final.Href == native().location.Get("href").String() {
			update = "replaceState"
		}
		err := catchJS(func() {
			native().history.Call(update, map[string]any{"silcrow": true, "url": final.Href}, "", final.Href)
		})
		if err != nil {
			warn("navigation to " + nav.path + ": history not updated: " + err.Error())
		}
		native().window.Call("scrollTo", 0, 0)
	}
	navigations.setShown(locationKey())
	bridge.Turn(func() {
		dispatch("silcrow:load", false, map[string]any{"path": nav.path, "url": final.Href}, nodeMember("target", nav.target))
	})
}

// apply puts the response body into the target: patched when it is JSON,
// swapped in as markup otherwise.
func (nav *navigation) apply(contentType, body string) error {
	if isJSONContentType(contentType) {
		data := []byte(body)
		if _, err := frame.ParseValue(data); err != nil {
			return bridge.Wrap("the "+contentType+" response is not valid JSON", err)
		}
		bridge.Turn(func() { PatchNode(bridge.HandleOf(nav.target), data, PatchOptions{}) })
		return nil
	}
	return swapInto(nav.target, body, frame.Inner, "")
}

// settle ends nav's time in flight, clearing the loading state unless a
// newer navigation owns it now, and reports whether nav is the latest.
func (nav *navigation) settle() bool {
	latest := navigations.end(nav)
	if latest {
		setLoading(nav.target, false)
	}
	return latest
}

// fail reports a failed navigation: a debug warning and silcrow:error.
// status is the HTTP status, or nil when there was no response.
func (nav *navigation) fail(message string, status any) {
	warn("navigation to " + nav.path + " failed: " + message)
	detail := map[string]any{
		"path":    nav.path,
		"url":     nav.url.Href,
		"message": message,
	}
	if status != nil {
		detail["status"] = status
	}
	dispatch("silcrow:error", false, detail, bridge.Member{Name: "error", Error: message})
}

// setLoading marks el as waiting for a navigation, or no longer waiting:
// the silcrow-loading attribute, the silcrow-loading class
// (what Silcrow.js sets, so existing style sheets keep working) and
// aria-busy.
func setLoading(el js.Value, loading bool) {
	classes := native().classList.of(el)
	if loading {
		native().setAttribute.on(el, "silcrow-loading", "")
		native().setAttribute.on(el, "aria-busy", "true")
		native().tokenAdd.on(classes, "silcrow-loading")
		return
	}
	native().removeAttribute.on(el, "silcrow-loading")
	native().removeAttribute.on(el, "aria-busy")
	native().tokenRemove.on(classes, "silcrow-loading")
	if nullableString(native().getAttribute.on(el, "class")) == "" {
		// The class list was empty but for ours: leave no class="" behind.
		native().removeAttribute.on(el, "class")
	}
}

// pageNavigationURL is navigationURL for the page showing now, the
// browser resolving.
func pageNavigationURL(path string) (bridge.URL, error) {
	href := native().location.Get("href").String()
	page, err := bridge.ParseURL(href, href)
	if err != nil {
		return bridge.URL{}, err
	}
	return navigationURL(page, path, func(ref string) (bridge.URL, error) { return bridge.ParseURL(ref, href) })
}

// locationKey is the pathname and search of the page's URL: what a
// navigation fetched, fragment aside.
func locationKey() string {
	return native().location.Get("pathname").String() + native().location.Get("search").String()
}

// entryOf classifies a history entry by its state.
func entryOf(state js.Value) historyEntry {
	switch {
	case state.IsNull() || state.IsUndefined():
		return unmarkedEntry
	case state.Type() == js.TypeObject && state.Get("silcrow").Truthy():
		return silcrowEntry
	}
	return foreignEntry
}

// promiseRejection is the reason a promise was rejected with.
type promiseRejection struct{ name, message string }

func (r *promiseRejection) Error() string {
	if r.name == "" {
		return r.message
	}
	return r.name + ": " + r.message
}

// isAbort reports whether err is the rejection of an aborted fetch.
func isAbort(err error) bool {
	r, ok := err.(*promiseRejection)
	return ok && r.name == "AbortError"
}

// await blocks the calling goroutine until promise settles and returns
// its value or its rejection. The callbacks only hand the outcome over
// through a buffered channel, so the JavaScript event loop never waits;
// await itself must not run on the goroutine of a js.FuncOf callback.
func await(promise js.Value) (js.Value, error) {
	type outcome struct {
		value js.Value
		err   error
	}
	done := make(chan outcome, 1)
	onFulfilled := js.FuncOf(func(_ js.Value, args []js.Value) any {
		done <- outcome{value: firstArg(args)}
		return nil
	})
	onRejected := js.FuncOf(func(_ js.Value, args []js.Value) any {
		done <- outcome{err: rejectionOf(firstArg(args))}
		return nil
	})
	defer onFulfilled.Release()
	defer onRejected.Release()
	promise.Call("then", onFulfilled, onRejected)
	o := <-done
	return o.value, o.err
}

func firstArg(args []js.Value) js.Value {
	if len(args) == 0 {
		return js.Undefined()
	}
	return args[0]
}

// rejectionOf turns a rejection reason, usually an Error or DOMException,
// into a *promiseRejection.
func rejectionOf(reason js.Value) error {
	if reason.Type() != js.TypeObject {
		return &promiseRejection{message: js.Global().Get("String").Invoke(reason).String()}
	}
	return &promiseRejection{
		name:    nullableString(reason.Get("name")),
		message: nullableString(reason.Get("message")),
	}
}

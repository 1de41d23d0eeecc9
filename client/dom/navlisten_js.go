//go:build js && wasm

package dom

import (
	"sync"
	"syscall/js"

	"github.com/silcrow/silcrow/client/internal/bridge"
	"github.com/silcrow/silcrow/client/internal/clock"
)

// NavigatorHooks connect the navigator to the rest of the runtime.
type NavigatorHooks struct {
	// Live subscribes el to the live endpoint url, as Silcrow.live(el,
	// url) does: what a silcrow-ws response header asks for.
	Live func(el bridge.Handle, url string)
}

var navigatorHooks NavigatorHooks

// handlers are the page's onRoute, onError and onToast functions, set
// through window.Silcrow; undefined when there is none.
var handlers struct{ route, error, toast js.Value }

// The page handlers window.Silcrow sets, for SetHandler.
const (
	RouteHandler = iota // Silcrow.onRoute
	ErrorHandler        // Silcrow.onError
	ToastHandler        // Silcrow.onToast
)

// SetHandler makes the function the loader handed over as h the page
// handler which, or removes that handler when h is 0 (undefined or
// null). It reports false, changing nothing, when h holds anything but a
// function. Toasts the server left in the silcrow_toasts cookie are
// handed to a new onToast handler at once.
func SetHandler(which int, h bridge.Handle) bool {
	fn := js.Undefined()
	if h != 0 {
		if fn = bridge.NodeOf(h); fn.Type() != js.TypeFunction {
			return false
		}
	}
	switch which {
	case RouteHandler:
		handlers.route = fn
	case ErrorHandler:
		handlers.error = fn
	case ToastHandler:
		handlers.toast = fn
		takeCookieToasts()
	}
	return true
}

// Go is Silcrow.go(path, options): a navigation with trigger "api", as
// in Silcrow.js. The options come as the handle the loader handed them
// over as (0 for none) and may hold method (default POST with a body,
// else GET), body (an object sent as JSON, or FormData), target (an
// element or a selector; document.body by default) and skipHistory.
func Go(path string, optionsHandle bridge.Handle) {
	options := js.Undefined()
	if optionsHandle != 0 {
		options = bridge.NodeOf(optionsHandle)
	}
	bridge.Flush()
	u, err := pageNavigationURL(path)
	if err != nil {
		warn("Silcrow.go refused: " + err.Error())
		return
	}
	r := &request{url: u, method: "GET", trigger: triggerGo, wantsHTML: true}
	if options.Type() == js.TypeObject {
		body := options.Get("body")
		switch {
		case !body.Truthy():
		case body.InstanceOf(js.Global().Get("FormData")):
			r.body, r.method = body, "POST"
		default:
			var text js.Value
			if err := catchJS(func() { text = js.Global().Get("JSON").Call("stringify", body) }); err != nil || text.Type() != js.TypeString {
				warn("Silcrow.go: the body is not JSON-encodable")
				return
			}
			r.body, r.jsonBody, r.method = text, true, "POST"
		}
		if m := options.Get("method"); m.Type() == js.TypeString && m.String() != "" {
			r.method = upperASCII(m.String())
		}
		switch t := options.Get("target"); {
		case t.Type() == js.TypeString && t.String() != "":
			if el, ok := queryElement("Silcrow.go target", t.String()); ok {
				r.target = el
			}
		case t.Type() == js.TypeObject && t.InstanceOf(js.Global().Get("Element")):
			r.target = t
		}
		r.skipHistory = options.Get("skipHistory").Truthy()
	}
	start(r)
}

// The GET cache of the page, and the preloads in flight by URL.
var (
	cacheMu  sync.Mutex
	cache    = responseCache{now: clock.Now}
	preloads = map[string]chan struct{}{}
)

func cachedGet(method, url string) (cachedResponse, bool) {
	if method != "GET" {
		return cachedResponse{}, false
	}
	cacheMu.Lock()
	defer cacheMu.Unlock()
	return cache.get(url)
}

func cachePut(url, text, contentType string) {
	cacheMu.Lock()
	cache.put(url, text, contentType)
	cacheMu.Unlock()
}

func cacheClear() {
	cacheMu.Lock()
	cache.clear()
	cacheMu.Unlock()
}

// CacheHas is Silcrow.cache.has(path): whether a fresh response for path,
// resolved against the page, is cached.
func CacheHas(path string) bool {
	u, err := pageNavigationURL(path)
	if err != nil {
		warn("Silcrow.cache.has: " + err.Error())
		return false
	}
	_, ok := cachedGet("GET", u.Href)
	return ok
}

// CacheClear is Silcrow.cache.clear(path): it drops the response cached
// for path, or every response when all is set.
func CacheClear(path string, all bool) {
	if all {
		cacheClear()
		return
	}
	u, err := pageNavigationURL(path)
	if err != nil {
		warn("Silcrow.cache.clear: " + err.Error())
		return
	}
	cacheMu.Lock()
	cache.remove(u.Href)
	cacheMu.Unlock()
}

// preload fetches the s-action of an [s-preload] element into the cache,
// unless it is cached or being preloaded already. A click on the element
// waits for the preload.
func preload(el js.Value) {
	u, err := pageNavigationURL(nullableString(native().getAttribute.on(el, "s-action")))
	if err != nil {
		warn("s-preload refused: " + err.Error())
		return
	}
	if _, ok := cachedGet("GET", u.Href); ok || preloading(u.Href) != nil {
		return
	}
	accept := "application/json"
	if !native().getAttribute.on(el, "s-html").IsNull() {
		accept = "text/html"
	}
	var promise js.Value
	err = catchJS(func() {
		promise = native().fetch.Invoke(u.Href, map[string]any{
			"headers": map[string]any{"silcrow-target": "true", "Accept": accept}, "credentials": "same-origin",
		})
	})
	if err != nil {
		warn("s-preload of " + u.Href + " failed: " + err.Error())
		return
	}
	done := make(chan struct{})
	cacheMu.Lock()
	preloads[u.Href] = done
	cacheMu.Unlock()
	go func() {
		defer func() {
			cacheMu.Lock()
			delete(preloads, u.Href)
			cacheMu.Unlock()
			close(done)
		}()
		r, err := await(promise)
		if err != nil || !r.Get("ok").Bool() {
			return
		}
		h := r.Get("headers")
		text, err := await(r.Call("text"))
		if err == nil && cacheable("GET", r.Get("redirected").Bool(), nullableString(h.Call("get", "silcrow-cache"))) {
			cachePut(u.Href, text.String(), nullableString(h.Call("get", "Content-Type")))
		}
	}()
	bridge.Wake()
}

// preloading returns the channel closed when the preload of url ends, nil
// when none is in flight.
func preloading(url string) chan struct{} {
	cacheMu.Lock()
	defer cacheMu.Unlock()
	return preloads[url]
}

// Swaps a before-swap listener took over, by id, until it calls proceed.
var (
	swapsMu   sync.Mutex
	swaps     = map[int]func(){}
	lastSwap  int
	proceedFn js.Func
)

func deferSwap(swap func()) int {
	swapsMu.Lock()
	defer swapsMu.Unlock()
	lastSwap++
	swaps[lastSwap] = swap
	return lastSwap
}

func forgetSwap(id int) {
	swapsMu.Lock()
	delete(swaps, id)
	swapsMu.Unlock()
}

// proceedFunc returns the one function behind every before-swap's
// proceed: bound to a swap's id, it performs that swap, once; a call
// after the navigation swapped by itself does nothing.
func proceedFunc() js.Value {
	if proceedFn.IsUndefined() {
		proceedFn = js.FuncOf(func(_ js.Value, args []js.Value) any {
			id := firstArg(args).Int()
			swapsMu.Lock()
			swap := swaps[id]
			delete(swaps, id)
			swapsMu.Unlock()
			if swap != nil {
				swap()
			}
			return nil
		})
	}
	return proceedFn.Value
}

// showToasts hands each toast to the onToast handler.
func showToasts(toasts []toast) {
	h := handlers.toast
	if h.Type() != js.TypeFunction {
		return
	}
	parse := func(text []byte) js.Value {
		if text == nil {
			return js.Undefined()
		}
		return js.Global().Get("JSON").Call("parse", string(text))
	}
	for _, t := range toasts {
		if err := catchJS(func() { h.Invoke(parse(t.message), parse(t.level)) }); err != nil {
			warn("the onToast handler failed: " + err.Error())
		}
	}
}

// takeCookieToasts hands the toasts of the silcrow_toasts cookie to the
// onToast handler, if there is one, and clears the cookie.
func takeCookieToasts() {
	if handlers.toast.Type() != js.TypeFunction {
		return
	}
	toasts, found, err := cookieToasts(native().document.Get("cookie").String())
	if !found {
		return
	}
	native().document.Set("cookie", toastCookie+"=; Max-Age=0; path=/")
	if err != nil {
		warn("toasts dropped: " + err.Error())
	}
	showToasts(toasts)
}

// InstallNavigator starts the navigator: it marks the page's history
// entry as the runtime's, and listens for clicks on [s-action] elements,
// submits of form[s-action], mouseenter on [s-preload] elements and
// popstate. It returns the function that stops it again and empties the
// cache.
func InstallNavigator(hooks NavigatorHooks) (uninstall func()) {
	navigatorHooks = hooks
	if state := native().history.Get("state"); entryOf(state) != silcrowEntry {
		href := native().location.Get("href")
		native().history.Call("replaceState", map[string]any{"silcrow": true, "url": href}, "", href)
	}
	setShown(locationKey())
	listeners := []struct {
		target  js.Value
		name    string
		fn      js.Func
		capture bool
	}{
		{native().document, "click", js.FuncOf(onClick), false},
		{native().document, "submit", js.FuncOf(onSubmit), false},
		{native().document, "mouseenter", js.FuncOf(onMouseEnter), true},
		{native().window, "popstate", js.FuncOf(onPopState), false},
	}
	for _, l := range listeners {
		native().addEventListener.on(l.target, l.name, l.fn, l.capture)
	}
	// window.Silcrow.cache's has and clear, which the loader delegates to
	// the runtime; a path is read as String(path) reads it.
	pathOf := func(args []js.Value) js.Value {
		if len(args) == 0 {
			return js.Undefined()
		}
		return args[0]
	}
	has := js.FuncOf(func(_ js.Value, args []js.Value) any {
		return CacheHas(js.Global().Get("String").Invoke(pathOf(args)).String())
	})
	clear := js.FuncOf(func(_ js.Value, args []js.Value) any {
		p := pathOf(args)
		CacheClear(js.Global().Get("String").Invoke(p).String(), !p.Truthy())
		return nil
	})
	bridge.Loader().Set("cache", map[string]any{"has": has, "clear": clear})
	return func() {
		bridge.Loader().Delete("cache")
		has.Release()
		clear.Release()
		for _, l := range listeners {
			native().removeEventListener.on(l.target, l.name, l.fn, l.capture)
			l.fn.Release()
		}
		cacheClear()
		navigatorHooks = NavigatorHooks{}
		handlers.route, handlers.error, handlers.toast = js.Value{}, js.Value{}, js.Value{}
	}
}

// shown is the pathname and search the page shows, for popstate.
var (
	shownMu sync.Mutex
	shown   string
)

func setShown(key string) {
	shownMu.Lock()
	shown = key
	shownMu.Unlock()
}

func shownKey() string {
	shownMu.Lock()
	defer shownMu.Unlock()
	return shown
}

// closestOf is Element.prototype.closest on target, null when target is
// not an element (the document, a text node); markup cannot shadow it.
func closestOf(target js.Value, selector string) js.Value {
	if elementClosest.IsUndefined() {
		elementClosest = caller(js.Global().Get("Element").Get("prototype").Get("closest"))
	}
	if target.Type() != js.TypeObject || !target.InstanceOf(js.Global().Get("Element")) {
		return js.Null()
	}
	return elementClosest.Invoke(target, selector)
}

var elementClosest js.Value

// onClick follows a plain left click on an [s-action] element that is
// not a form.
func onClick(_ js.Value, args []js.Value) any {
	e := args[0]
	if e.Get("button").Int() != 0 || e.Get("metaKey").Bool() || e.Get("ctrlKey").Bool() ||
		e.Get("shiftKey").Bool() || e.Get("altKey").Bool() {
		return nil
	}
	el := closestOf(e.Get("target"), "[s-action]")
	if el.IsNull() || native().localName.of(el).String() == "form" {
		return nil
	}
	e.Call("preventDefault")
	if r, ok := declarative(el, triggerClick); ok {
		if done := preloading(r.url.Href); done != nil {
			go func() {
				<-done
				start(r)
			}()
			return nil
		}
		start(r)
	}
	return nil
}

// onSubmit sends a form[s-action]: a GET puts the form's fields in the
// query, any other method sends them as FormData.
func onSubmit(_ js.Value, args []js.Value) any {
	e := args[0]
	form := closestOf(e.Get("target"), "form[s-action]")
	if form.IsNull() {
		return nil
	}
	e.Call("preventDefault")
	r, ok := declarative(form, triggerSubmit)
	if !ok {
		return nil
	}
	fields := js.Global().Get("FormData").New(form)
	if r.method != "GET" {
		r.body = fields
		start(r)
		return nil
	}
	u := js.Global().Get("URL").New(r.url.Href)
	params := u.Get("searchParams")
	pairs := js.Global().Get("Array").Call("from", fields)
	for i, n := 0, pairs.Length(); i < n; i++ {
		params.Call("append", pairs.Index(i).Index(0), pairs.Index(i).Index(1))
	}
	withFields, err := pageNavigationURL(u.Get("href").String())
	if err != nil {
		warn("navigation refused: " + err.Error())
		return nil
	}
	r.url = withFields
	start(r)
	return nil
}

// declarative reads the request an [s-action] element makes: its URL
// (only of the page's origin), method, s-target, s-html, s-skip-history
// and s-timeout. A refused URL or an s-target that is invalid or matches
// nothing is a debug warning and no request.
func declarative(el js.Value, trigger string) (*request, bool) {
	attr := func(name string) (string, bool) {
		v := native().getAttribute.on(el, name)
		return nullableString(v), !v.IsNull()
	}
	action, _ := attr("s-action")
	u, err := pageNavigationURL(action)
	if err != nil {
		warn("navigation refused: " + err.Error())
		return nil, false
	}
	r := &request{url: u, method: requestMethod(trigger == triggerSubmit, attr), trigger: trigger}
	_, r.skipHistory = attr("s-skip-history")
	_, r.wantsHTML = attr("s-html")
	if sel, ok := attr("s-target"); ok && sel != "" {
		target, ok := queryElement("s-target", sel)
		if !ok {
			return nil, false
		}
		r.target, r.targetSelector = target, sel
	}
	timeout, present := attr("s-timeout")
	if r.timeout, err = requestTimeout(timeout, present); err != nil {
		warn(err.Error())
	}
	return r, true
}

// onMouseEnter preloads an [s-preload] element's s-action.
func onMouseEnter(_ js.Value, args []js.Value) any {
	if el := closestOf(args[0].Get("target"), "[s-preload]"); !el.IsNull() {
		preload(el)
	}
	return nil
}

// onPopState shows the entry Back or Forward reached, if a navigation
// pushed it: fetched again into the element its s-target named (the
// body when none), its scroll position restored.
func onPopState(_ js.Value, args []js.Value) any {
	state := args[0].Get("state")
	if !popstateNavigates(shownKey(), locationKey(), entryOf(state)) {
		return nil
	}
	u, err := pageNavigationURL(native().location.Get("href").String())
	if err != nil {
		warn("navigation refused: " + err.Error())
		return nil
	}
	r := &request{url: u, method: "GET", trigger: triggerPopstate, skipHistory: true, wantsHTML: true}
	if sel := state.Get("targetSelector"); sel.Type() == js.TypeString && sel.String() != "" {
		if el, ok := queryElement("the history entry's target", sel.String()); ok {
			r.target, r.targetSelector = el, sel.String()
		}
	}
	start(r)
	return nil
}

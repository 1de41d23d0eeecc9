//go:build js && wasm

package main

import (
	"strings"
	"syscall/js"

	"github.com/silcrow/silcrow/client/dom"
	"github.com/silcrow/silcrow/client/live"
)

// runtime holds what window.Silcrow's methods need.
type runtime struct {
	hub              *live.Hub
	browser          *live.Browser
	funcs            []js.Func
	uninstallHistory func()
}

// install puts the real methods on the window.Silcrow object, replacing
// the loader's queueing stubs, so that references page scripts already
// hold keep working.
func (rt *runtime) install(s js.Value) {
	// A slice, not a map: it costs silcrow.wasm less.
	for _, m := range []struct {
		name string
		fn   func(args []js.Value) any
	}{
		{"patch", rt.patch},
		{"invalidate", rt.invalidate},
		{"stream", rt.stream},
		{"send", rt.send},
		{"live", rt.live},
		{"disconnect", rt.disconnect},
		{"reconnect", rt.reconnect},
		{"go", rt.goTo},
		{"optimistic", rt.optimistic},
		{"revert", rt.revert},
		{"destroy", rt.destroy},
	} {
		s.Set(m.name, rt.method(m.name, m.fn))
	}
	for _, name := range []string{"onToast", "onRoute", "onError"} {
		s.Set(name, rt.method(name, func([]js.Value) any {
			warn("Silcrow." + name + " is not available in this build yet")
			return js.Global().Get("Silcrow")
		}))
	}
}

// method wraps a Go method as a JS function that never throws into the
// page: a failure becomes a debug warning.
func (rt *runtime) method(name string, m func(args []js.Value) any) js.Func {
	f := js.FuncOf(func(_ js.Value, args []js.Value) (ret any) {
		defer func() {
			if r := recover(); r != nil {
				warn("Silcrow." + name + " failed: " + panicText(r))
				ret = nil
			}
		}()
		return m(args)
	})
	rt.funcs = append(rt.funcs, f)
	return f
}

func arg(args []js.Value, i int) js.Value {
	if i < len(args) {
		return args[i]
	}
	return js.Undefined()
}

// elementInterface is the Element interface object. instanceof asks the
// element's prototype chain, which a named form control cannot shadow the
// way it shadows form.nodeType.
var elementInterface = js.Global().Get("Element")

// element resolves a root argument: an element, or a selector.
func element(v js.Value) (js.Value, bool) {
	switch v.Type() {
	case js.TypeObject:
		if v.InstanceOf(elementInterface) {
			return v, true
		}
	case js.TypeString:
		el, err := dom.Query(v.String())
		if err != nil {
			warn(err.Error())
			return js.Value{}, false
		}
		if el == nil {
			warn("no element matches " + v.String())
			return js.Value{}, false
		}
		return el.Underlying(), true
	}
	warn("expected an element or a selector")
	return js.Value{}, false
}

// jsonStringify is JSON.stringify, looked up once: Silcrow.patch and
// Silcrow.send call it every time.
var jsonStringify = js.Global().Get("JSON").Get("stringify")

// toJSON is JSON.stringify(v), or false when v has no JSON text (undefined,
// a function).
func toJSON(v js.Value) ([]byte, bool) {
	if v.IsUndefined() {
		return nil, false
	}
	s := jsonStringify.Invoke(v)
	if s.Type() != js.TypeString {
		return nil, false
	}
	return []byte(s.String()), true
}

// patch is Silcrow.patch(data, root, {invalidate, silent}).
func (rt *runtime) patch(args []js.Value) any {
	el, ok := element(arg(args, 1))
	if !ok {
		return nil
	}
	data, ok := toJSON(arg(args, 0))
	if !ok {
		warn("Silcrow.patch: data is not JSON-encodable")
		return nil
	}
	var opts dom.PatchOptions
	if o := arg(args, 2); o.Type() == js.TypeObject {
		opts.Invalidate = o.Get("invalidate").Truthy()
		opts.Silent = o.Get("silent").Truthy()
	}
	dom.Patch(dom.ElementOf(el), data, opts)
	return nil
}

// optimistic is Silcrow.optimistic(root, data): snapshot what root shows,
// then patch it (see dom.Optimistic).
func (rt *runtime) optimistic(args []js.Value) any {
	el, ok := element(arg(args, 0))
	if !ok {
		return nil
	}
	data, ok := toJSON(arg(args, 1))
	if !ok {
		warn("Silcrow.optimistic: data is not JSON-encodable")
		return nil
	}
	dom.Optimistic(dom.ElementOf(el), data)
	return nil
}

// revert is Silcrow.revert(root): restore what root showed before the last
// Silcrow.optimistic on it, and invalidate it.
func (rt *runtime) revert(args []js.Value) any {
	if el, ok := element(arg(args, 0)); ok {
		dom.Revert(dom.ElementOf(el))
	}
	return nil
}

func (rt *runtime) invalidate(args []js.Value) any {
	if el, ok := element(arg(args, 0)); ok {
		dom.Invalidate(dom.ElementOf(el))
	}
	return nil
}

// stream is Silcrow.stream(root): an updater whose calls within one
// microtask coalesce; only the last data is applied. The first call of a
// batch queues a microtask, the later ones only replace the data, and the
// microtask patches once, through Silcrow.patch's own path, with whatever
// data is the last by then. A call made during that patch (from a
// silcrow:patched listener) starts a new batch.
func (rt *runtime) stream(args []js.Value) any {
	root := arg(args, 0)
	var pending js.Value
	scheduled := false
	flush := rt.method("stream", func([]js.Value) any {
		scheduled = false
		return rt.patch([]js.Value{pending, root})
	})
	return rt.method("stream updater", func(a []js.Value) any {
		pending = arg(a, 0)
		if !scheduled {
			scheduled = true
			js.Global().Call("queueMicrotask", flush)
		}
		return nil
	})
}

// send is Silcrow.send(root, data): root is an element (or one inside an
// s-live element), a selector, or a live URL; a string is sent as is and
// anything else JSON-encoded. One send per socket, however many
// subscribers it has.
func (rt *runtime) send(args []js.Value) any {
	target, data := arg(args, 0), arg(args, 1)
	var text string
	if data.Type() == js.TypeString {
		text = data.String()
	} else if raw, ok := toJSON(data); ok {
		text = string(raw)
	} else {
		warn("Silcrow.send: data is not JSON-encodable")
		return nil
	}
	if target.Type() == js.TypeString && looksLikeURL(target.String()) {
		ep, err := live.PageEndpoint(target.String())
		if err != nil {
			warn("Silcrow.send: " + err.Error())
			return nil
		}
		if err := rt.hub.SendURL(ep, text); err != nil {
			warn("Silcrow.send: " + err.Error())
		}
		return nil
	}
	el, ok := element(target)
	if !ok {
		return nil
	}
	el, ok = live.LiveAncestor(el)
	if !ok {
		warn("Silcrow.send: the element is not inside an s-live element")
		return nil
	}
	if err := rt.hub.Send(rt.browser.Root(el), text); err != nil {
		warn("Silcrow.send: " + err.Error())
	}
	return nil
}

func looksLikeURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "/") || strings.HasPrefix(l, "ws:") || strings.HasPrefix(l, "wss:") || strings.HasPrefix(l, "sse:")
}

// live is Silcrow.live(root, url).
func (rt *runtime) live(args []js.Value) any {
	if el, ok := element(arg(args, 0)); ok {
		rt.browser.Live(el, arg(args, 1).String())
	}
	return nil
}

func (rt *runtime) disconnect(args []js.Value) any {
	if el, ok := element(arg(args, 0)); ok {
		if err := rt.hub.Disconnect(rt.browser.Root(el)); err != nil {
			warn("Silcrow.disconnect: " + err.Error())
		}
	}
	return nil
}

func (rt *runtime) reconnect(args []js.Value) any {
	if el, ok := element(arg(args, 0)); ok {
		if err := rt.hub.Reconnect(rt.browser.Root(el)); err != nil {
			warn("Silcrow.reconnect: " + err.Error())
		}
	}
	return nil
}

// goTo is Silcrow.go(path).
func (rt *runtime) goTo(args []js.Value) any {
	p := arg(args, 0)
	if p.Type() != js.TypeString {
		warn("Silcrow.go: path must be a string")
		return nil
	}
	dom.Navigate(p.String())
	return nil
}

// destroy closes every connection, stops observing and releases every
// callback; window.Silcrow's methods stop working.
func (rt *runtime) destroy([]js.Value) any {
	rt.hub.Destroy()
	rt.browser.Stop()
	rt.uninstallHistory()
	s := js.Global().Get("Silcrow")
	for _, name := range []string{"patch", "invalidate", "stream", "send", "live", "disconnect", "reconnect", "go", "destroy", "optimistic", "revert", "onToast", "onRoute", "onError"} {
		s.Delete(name)
	}
	// Releasing the running destroy callback itself is safe: the release
	// takes effect for later calls only.
	for _, f := range rt.funcs {
		f.Release()
	}
	rt.funcs = nil
	return nil
}

// panicText describes a recovered panic: usually a js.Error thrown by a
// DOM call. fmt is not linked into the wasm, for size.
func panicText(r any) string {
	switch v := r.(type) {
	case error:
		return v.Error()
	case string:
		return v
	}
	return "unknown panic"
}

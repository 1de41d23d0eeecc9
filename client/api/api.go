//go:build js && wasm

package api

import (
	"strings"

	"github.com/silcrow/silcrow/client/dom"
	"github.com/silcrow/silcrow/client/internal/bridge"
	"github.com/silcrow/silcrow/client/live"
	"github.com/silcrow/silcrow/wire/frame"
)

// runtime holds what window.Silcrow's methods need. The methods
// themselves are the loader's: each call reaches call through the bridge,
// its arguments decoded (see bridge.Arg).
type runtime struct {
	hub                *live.Hub
	browser            *live.Browser
	uninstallNavigator func()
}

// The methods of window.Silcrow, numbered in the order of the loader's
// list.
const (
	callPatch byte = iota + 1
	callInvalidate
	callSend
	callLive
	callDisconnect
	callReconnect
	callGo
	callOptimistic
	callRevert
	callDestroy
	callOnToast
	callOnRoute
	callOnError
	callConnections
	// callLifecycle is not a method of window.Silcrow: the loader reports
	// the page's lifecycle events (online, offline, hidden, visible,
	// frozen, shown) with it.
	callLifecycle
)

// methodNames name the methods in warnings, by number.
var methodNames = [...]string{"", "patch", "invalidate", "send", "live", "disconnect", "reconnect", "go",
	"optimistic", "revert", "destroy", "onToast", "onRoute", "onError", "connections", "lifecycle"}

// call runs one method call. A failure never throws into the page: it
// becomes a debug warning.
func (rt *runtime) call(method byte, args []bridge.Arg) {
	if int(method) >= len(methodNames) || method == 0 {
		warn("dropped a call of an unknown Silcrow method")
		return
	}
	name := methodNames[method]
	defer func() {
		if r := recover(); r != nil {
			warn("Silcrow." + name + " failed: " + bridge.PanicText(r))
		}
	}()
	a := func(i int) bridge.Arg {
		if i < len(args) {
			return args[i]
		}
		return bridge.Arg{}
	}
	switch method {
	case callPatch:
		rt.patch(a(0), a(1), a(2))
	case callInvalidate:
		if el, ok := element(name, a(0)); ok {
			dom.InvalidateNode(el)
		}
	case callSend:
		rt.send(a(0), a(1))
	case callLive:
		if el, ok := element(name, a(0)); ok {
			if a(1).Kind != bridge.ArgString {
				warn("Silcrow.live: the URL must be a string")
				return
			}
			rt.browser.Live(el, a(1).Str)
		}
	case callDisconnect:
		if el, ok := element(name, a(0)); ok {
			if err := rt.hub.Disconnect(rt.browser.Root(el)); err != nil {
				warn("Silcrow.disconnect: " + err.Error())
			}
		}
	case callReconnect:
		if el, ok := element(name, a(0)); ok {
			if err := rt.hub.Reconnect(rt.browser.Root(el)); err != nil {
				warn("Silcrow.reconnect: " + err.Error())
			}
		}
	case callGo:
		if a(0).Kind != bridge.ArgString {
			warn("Silcrow.go: path must be a string")
			return
		}
		var options bridge.Handle
		if a(1).Kind == bridge.ArgValue {
			options = a(1).Node
		}
		dom.Go(a(0).Str, options)
	case callOptimistic:
		if el, ok := element(name, a(0)); ok {
			if data, ok := jsonOf(name, a(1)); ok {
				dom.OptimisticNode(el, data)
			}
		}
	case callRevert:
		if el, ok := element(name, a(0)); ok {
			dom.RevertNode(el)
		}
	case callDestroy:
		rt.destroy()
	case callLifecycle:
		if a(0).Kind == bridge.ArgString {
			rt.hub.Lifecycle(a(0).Str)
		}
	case callOnToast:
		setHandler(name, dom.ToastHandler, a(0))
	case callOnRoute:
		setHandler(name, dom.RouteHandler, a(0))
	case callOnError:
		setHandler(name, dom.ErrorHandler, a(0))
	case callConnections:
		rt.connections()
	}
}

// connections returns Silcrow.connections(): the hub's sockets as
// objects, each with its subscriber elements.
func (rt *runtime) connections() {
	cs := rt.hub.Connections()
	b := append(make([]byte, 0, 128*len(cs)), '[')
	nodes := make([]bridge.NodesAt, len(cs))
	for i, c := range cs {
		if i > 0 {
			b = append(b, ',')
		}
		b = c.AppendJSON(b)
		hs := make([]bridge.Handle, len(c.Subscribers))
		for k, r := range c.Subscribers {
			hs[k] = r.(*live.Element).H
		}
		nodes[i] = bridge.NodesAt{Index: i, Name: "subscribers", Nodes: hs}
	}
	bridge.Out().Result(append(b, ']'), nodes)
}

// setHandler resolves the argument of onToast, onRoute or onError: a
// function becomes the handler which, undefined or null removes it,
// anything else is a warning.
func setHandler(method string, which int, a bridge.Arg) {
	var h bridge.Handle
	switch {
	case a.Kind == bridge.ArgValue:
		h = a.Node
	case a.Kind == bridge.ArgUndefined, a.Kind == bridge.ArgJSON && a.Str == "null":
	default:
		warn("Silcrow." + method + ": expected a function")
		return
	}
	if !dom.SetHandler(which, h) {
		warn("Silcrow." + method + ": expected a function")
	}
}

// installNavigator starts the navigator, its silcrow-ws header opening
// connections as Silcrow.live does, and window.Silcrow.cache's has and
// clear. It returns the function that stops it.
func (rt *runtime) installNavigator() (uninstall func()) {
	return dom.InstallNavigator(dom.NavigatorHooks{
		Live: func(el bridge.Handle, url string) { rt.browser.Live(el, url) },
	})
}

// element resolves a root argument: an element, or a selector.
func element(method string, a bridge.Arg) (bridge.Handle, bool) {
	switch a.Kind {
	case bridge.ArgNode:
		return a.Node, true
	case bridge.ArgString:
		el, err := bridge.Query(a.Str)
		if err != nil {
			warn("Silcrow." + method + ": invalid selector " + a.Str + ": " + err.Error())
			return 0, false
		}
		if el == 0 {
			warn("Silcrow." + method + ": no element matches " + a.Str)
			return 0, false
		}
		return el, true
	}
	warn("Silcrow." + method + ": expected an element or a selector")
	return 0, false
}

// jsonOf returns an argument as JSON text: a string is quoted, anything
// else is what JSON.stringify made of it.
func jsonOf(method string, a bridge.Arg) ([]byte, bool) {
	switch a.Kind {
	case bridge.ArgString:
		return frame.AppendString(nil, a.Str), true
	case bridge.ArgJSON:
		return []byte(a.Str), true
	}
	warn("Silcrow." + method + ": data is not JSON-encodable")
	return nil, false
}

// patch is Silcrow.patch(data, root, {invalidate, silent}).
func (rt *runtime) patch(data, root, opts bridge.Arg) {
	el, ok := element("patch", root)
	if !ok {
		return
	}
	raw, ok := jsonOf("patch", data)
	if !ok {
		return
	}
	var o dom.PatchOptions
	if opts.Kind == bridge.ArgJSON {
		if v, err := frame.ParseValue([]byte(opts.Str)); err == nil {
			if obj, ok := v.(*frame.Object); ok {
				o.Invalidate = option(obj, "invalidate")
				o.Silent = option(obj, "silent")
			}
		}
	}
	dom.PatchNode(el, raw, o)
}

// option reports whether an option is set, by JavaScript truthiness of
// its JSON value.
func option(o *frame.Object, name string) bool {
	v, _ := o.Get(name)
	return dom.Truthy(v)
}

// send is Silcrow.send(root, data): root is an element (or one inside an
// s-live element), a selector, or a live URL; a string is sent as is and
// anything else JSON-encoded. One send per socket, however many
// subscribers it has.
func (rt *runtime) send(target, data bridge.Arg) {
	var text string
	switch data.Kind {
	case bridge.ArgString, bridge.ArgJSON:
		text = data.Str
	default:
		warn("Silcrow.send: data is not JSON-encodable")
		return
	}
	if target.Kind == bridge.ArgString && looksLikeURL(target.Str) {
		ep, err := live.PageEndpoint(target.Str)
		if err != nil {
			warn("Silcrow.send: " + err.Error())
			return
		}
		if err := rt.hub.SendURL(ep, text); err != nil {
			warn("Silcrow.send: " + err.Error())
		}
		return
	}
	el, ok := element("send", target)
	if !ok {
		return
	}
	root, ok := rt.browser.Subscribed(el)
	if !ok {
		if el, ok = live.LiveAncestor(el); !ok {
			warn("Silcrow.send: the element is not inside an s-live element")
			return
		}
		root = rt.browser.Root(el)
	}
	if err := rt.hub.Send(root, text); err != nil {
		warn("Silcrow.send: " + err.Error())
	}
}

func looksLikeURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "/") || strings.HasPrefix(l, "ws:") || strings.HasPrefix(l, "wss:") || strings.HasPrefix(l, "sse:")
}

// destroy closes every connection, stops observing and removes
// window.Silcrow's methods.
func (rt *runtime) destroy() {
	rt.hub.Destroy()
	rt.browser.Stop()
	rt.uninstallNavigator()
	bridge.Loader().Call("destroy")
	bridge.OnCall = func(byte, []bridge.Arg) {}
}

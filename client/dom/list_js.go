//go:build js && wasm

package dom

import (
	"errors"
	"strconv"

	"github.com/silcrow/silcrow/client/internal/bridge"
)

func (browserDOM) children(container bridge.Handle) []listChild[bridge.Handle] {
	d := bridge.Read(func(e *bridge.Encoder) {
		e.Op(bridge.ReadChildren).Handle(container).U32(2).Str("s-key").Str("data-key")
	})
	out := make([]listChild[bridge.Handle], d.U32())
	for i := range out {
		out[i].el = d.Handle()
		var sKey string
		sKey, out[i].hasKey = d.OptStr()
		dataKey, hasDataKey := d.OptStr()
		out[i].key = ItemKey(sKey, dataKey, hasDataKey)
		if out[i].hasKey {
			acquireFor(out[i].el, out[i].el)
		} else {
			acquire(out[i].el)
		}
	}
	return out
}

func (browserDOM) template(container bridge.Handle, id string) (bridge.Handle, bool) {
	d := bridge.Read(func(e *bridge.Encoder) { e.Op(bridge.ReadTemplate).Handle(container).Str(id) })
	h := d.Handle()
	acquire(h)
	return h, h != 0
}

// checkTemplate counts the elements at the top of tpl's content, then
// applies checkTemplateElement to every element in it, the content of
// nested templates included: a clone carries those along, and another
// list could use one. The browser describes the content in one read.
func (browserDOM) checkTemplate(tpl bridge.Handle) error {
	nodes := decodeDescription(bridge.Read(func(e *bridge.Encoder) { e.Op(bridge.ReadDescribe).Handle(tpl) }))
	top := 0
	for _, n := range nodes {
		bridge.Transient(n.h)
		if n.nodeType == elementNode && n.depth == 0 {
			top++
		}
	}
	if top != 1 {
		return errors.New("a template must hold exactly one element, this one holds " + strconv.Itoa(top))
	}
	for _, n := range nodes {
		if n.nodeType != elementNode {
			continue
		}
		names := make([]string, len(n.attrs))
		for i, a := range n.attrs {
			names[i] = a.name
		}
		if err := checkTemplateElement(n.tag, names); err != nil {
			return err
		}
	}
	return nil
}

// clone imports the template's element into the page's document, so that
// custom elements in it are upgraded and nothing of the inert template
// document stays attached to it. The clone is made by the turn's
// commands, into a handle reserved for it, when it is first used: by
// scanLike, in one command that also takes its bound elements, or
// plainly by any other method (see materialize).
func (browserDOM) clone(tpl bridge.Handle, key string) (bridge.Handle, error) {
	h := bridge.Reserve()
	acquireFor(h, h)
	pendingClones[h] = pendingClone{tpl: tpl, key: key}
	return h, nil
}

// pendingClones are the clones clone handed out that no command has made
// yet, by handle.
var pendingClones = map[bridge.Handle]pendingClone{}

// pendingClone is the template and the key of a clone to make.
type pendingClone struct {
	tpl bridge.Handle
	key string
}

// materialize writes the command that makes el when el is a pending
// clone, with the bound elements of found, when found is not nil.
func materialize(el bridge.Handle, found []bridge.Handle) {
	p, ok := pendingClones[el]
	if !ok {
		return
	}
	delete(pendingClones, el)
	out := bridge.Out()
	if found != nil {
		out.CloneInto(el, p.tpl, scanSelector, found)
	} else {
		out.Clone(el, p.tpl)
	}
	failed("cloning a template", "")
	// The key as Silcrow.js writes it: data-key and a bare s-key marker.
	out.Attr(el, "data-key", p.key)
	out.Attr(el, "s-key", "")
}

func (browserDOM) nextSibling(el bridge.Handle) (bridge.Handle, bool) {
	materialize(el, nil)
	d := bridge.Read(func(e *bridge.Encoder) { e.Op(bridge.ReadNextSibling).Handle(el) })
	h := d.Handle()
	acquire(h)
	return h, h != 0
}

func (browserDOM) insertBefore(container, el, anchor bridge.Handle, hasAnchor bool) error {
	if !hasAnchor {
		anchor = 0
	}
	materialize(el, nil)
	materialize(anchor, nil)
	bridge.Out().Insert(container, el, anchor)
	failed("placing a list item", "")
	return nil
}

// discard gives back the handles of a list item the engine removed.
func (browserDOM) discard(el bridge.Handle) { holding().releaseItem(el) }

func (browserDOM) remove(el bridge.Handle) error {
	materialize(el, nil)
	bridge.Out().Remove(el)
	failed("removing a list item", "")
	return nil
}

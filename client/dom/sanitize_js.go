//go:build js && wasm

package dom

import "syscall/js"

// Sanitize parses markup as an HTML fragment and returns it, a
// DocumentFragment, with everything the sanitizer's rules (sanitize.go)
// forbid taken out. It is a js.Value and not a dom/v2 DocumentFragment
// because dom/v2 wraps a fragment only through functions that link its
// wrappers for every element type into silcrow.wasm. The
// markup is parsed into the content of a fresh <template>, which belongs to
// a document without a browsing context: nothing in it loads or runs while
// it is parsed and sanitized, and a leading <title>, <style> or <template>
// stays in the fragment instead of being lost to a document head. The
// rules then keep <title> and <template> as the inert elements they are
// (a <title> in the body names the page only if its head has none, as
// document.title reads the first one) and remove <style> like any other.
//
// The result does not depend on the browser's Element.setHTML, which is
// never used: Chromium's default sanitizer configuration drops id, class,
// data-* and s-* attributes and whole elements a page needs.
//
// Insert the returned fragment's nodes themselves. Serializing them and
// parsing the result again would undo the sanitizing: that round trip is
// how mutation XSS gets through.
//
// The error is the browser refusing to parse, as it does for a string
// under a Trusted Types policy.
func Sanitize(markup string) (js.Value, error) {
	tpl := native.createElement.on(native.document, "template")
	if err := catchJS(func() { native.setInnerHTML.set(tpl, markup) }); err != nil {
		return js.Value{}, wrap("dom: parsing markup", err)
	}
	content := native.templateContent.of(tpl)
	sanitizeTree(content)
	return content, nil
}

// sanitizeTree sanitizes the descendants of root in place, in document
// order. A TreeWalker over root does the walk, one call per node, and
// shows it every node but text: text always stays (keepNodeType), so it
// is never visited. Before a node is removed, the walker has moved past
// its subtree, so the walk never steps into what it removes.
func sanitizeTree(root js.Value) {
	w := native.createTreeWalker.on(native.document, root, allButText)
	n := native.walkerNextNode.on(w)
	for !n.IsNull() {
		if sanitizeNode(n) {
			n = native.walkerNextNode.on(w)
			continue
		}
		next := skipSubtree(w)
		native.removeChild.on(native.parentNode.of(n), n)
		n = next
	}
}

// allButText is the TreeWalker's whatToShow: NodeFilter.SHOW_ALL without
// SHOW_TEXT.
const allButText = 0xFFFFFFFF &^ 0x4

// skipSubtree moves the walker w from its current node to the node that
// follows that node's subtree, and returns it, or null at the end of the
// walker's root.
func skipSubtree(w js.Value) js.Value {
	for {
		if s := native.walkerNextSibling.on(w); !s.IsNull() {
			return s
		}
		if native.walkerParentNode.on(w).IsNull() {
			return js.Null()
		}
	}
}

// sanitizeNode cleans one node's attributes (and a template's content) and
// reports whether the node stays. The namespace is compared with the HTML
// namespace as a JavaScript string, without copying it into Go: only HTML
// elements can stay.
func sanitizeNode(n js.Value) bool {
	nodeType := native.nodeType.of(n).Int()
	if !keepNodeType(nodeType) {
		return false
	}
	if nodeType != elementNode {
		return true
	}
	tag := native.localName.of(n).String()
	if !native.namespaceURI.of(n).Equal(jsHTMLNamespace) || !keepElement(htmlNamespace, tag) {
		warn("sanitizer removed <" + tag + "> and its content")
		return false
	}
	sanitizeAttributes(n, tag)
	if tag == "template" {
		// Parsed template content lives in its own fragment, not among
		// the element's children.
		sanitizeTree(native.templateContent.of(n))
	}
	return true
}

var jsHTMLNamespace = js.ValueOf(htmlNamespace)

// sanitizeAttributes drops the attributes keepAttribute refuses and
// hardens rel. It walks the live attribute list from the end, so removing
// one never moves an attribute it has yet to see. The target and rel it
// hardens by are the kept attributes of those names that come first in
// the list, what getAttribute would return, read in the same walk.
func sanitizeAttributes(el js.Value, tag string) {
	var target, rel string
	attrs := native.attributes.of(el)
	for i := native.attributeCount.of(attrs).Int() - 1; i >= 0; i-- {
		a := native.attributeAt.on(attrs, i)
		name := native.attrName.of(a).String()
		value := native.attrValue.of(a).String()
		if !keepAttribute(tag, nullableString(native.attrNamespace.of(a)), name, value, isDocumentProperty) {
			warn("sanitizer removed attribute " + name + " from <" + tag + ">")
			native.removeAttributeNode.on(el, a)
			continue
		}
		switch name {
		case "target":
			target = value
		case "rel":
			rel = value
		}
	}
	if hardened, changed := hardenedRel(tag, target, rel); changed {
		native.setAttribute.on(el, "rel", hardened)
	}
}

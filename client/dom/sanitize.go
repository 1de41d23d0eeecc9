package dom

import "strings"

// The sanitizer's rules, kept apart from the DOM walk (sanitize_js.go) so
// that every one of them is a native table test.
//
// Elements are decided by a deny-list, attributes by a deny-list plus a
// check of every URL-bearing name, because markup swapped in by a server
// carries custom elements and framework attributes that no allow-list can
// know. What is removed:
//
//   - Elements outside the HTML namespace (svg, math and everything in
//     them): foreign content is where parser differentials and mutation XSS
//     live, and Silcrow never needs it in a swap.
//   - HTML elements that run code, load another document or resource, or
//     change how the page resolves URLs: script, style, link, meta, base,
//     iframe, frame, frameset, object, embed, applet, param, portal,
//     fencedframe.
//   - HTML elements whose text the serializer writes out unescaped:
//     noscript, noembed, noframes, xmp, plaintext. noscript is the classic
//     mutation XSS carrier: in an inert document (a template's content,
//     DOMParser) scripting is off and its content is markup, in the live
//     page scripting is on and its content is text, so a comment inside it
//     turns into live elements once the tree is serialized and parsed
//     again. A page running Silcrow has scripting on, so noscript content
//     would never be shown anyway.
//   - The obsolete isindex, which old parsers expanded into a form.
//   - Every node that is neither an element nor text: comments (a comment
//     holding "</noscript><img ...>" is harmless only until someone
//     re-serializes it) and processing instructions.
//
// Removed elements go with everything inside them; nothing is unwrapped,
// because the children of a removed element were parsed under that
// element's rules and mean something else out of it.
//
// Attributes dropped: every on* handler, style, srcdoc, every attribute in
// a namespace (the HTML parser gives HTML elements none), names with
// characters beyond letters, digits and - _ . : @ (they cannot be written
// back out faithfully), URL attributes whose value SafeURL refuses (the
// list is SafeURL's plus a few legacy and little-known loaders, checked
// on every element whatever its tag), and the name of a form or img (and
// the id of an img) that names a property of document: such an element
// would shadow document.body, document.querySelector and friends for
// the whole page, the runtime included. Everything else is kept, notably
// id, class, data-*, aria-*, s-* and :-prefixed binding attributes.
//
// One attribute is rewritten: a, area and form whose target can open a new
// browsing context (anything but _self, _parent, _top or empty) get
// "noopener noreferrer" added to rel, and an "opener" token removed.

// htmlNamespace is the namespace URI of HTML elements.
const htmlNamespace = "http://www.w3.org/1999/xhtml"

// Node types the sanitizer meets, as Node.nodeType reports them.
const (
	elementNode = 1
	textNode    = 3
)

// removedElement reports whether the HTML element with this lower-case
// local name is removed with its subtree. A switch rather than a map
// literal, here and below: it makes less wasm.
func removedElement(name string) bool {
	switch name {
	case "script", "style", "link", "meta", "base",
		"iframe", "frame", "frameset", "object", "embed", "applet", "param", "portal", "fencedframe",
		"noscript", "noembed", "noframes", "xmp", "plaintext",
		"isindex":
		return true
	}
	return false
}

// keepNodeType reports whether a node of this Node.nodeType may stay;
// elements are then judged by keepElement.
func keepNodeType(nodeType int) bool {
	return nodeType == elementNode || nodeType == textNode
}

// keepElement reports whether an element with this namespace URI and local
// name stays in the tree. A false answer removes it with its subtree.
func keepElement(namespace, localName string) bool {
	return namespace == htmlNamespace && !removedElement(strings.ToLower(localName))
}

// extraURLAttribute returns, for a URL-bearing attribute that SafeURL
// does not know (legacy loaders, lists of URLs), the SafeURL name whose
// rules apply to it and whether it holds a whitespace-separated list of
// URLs, checked item by item.
func extraURLAttribute(name string) (rules string, list, ok bool) {
	switch name {
	case "longdesc", "lowsrc", "dynsrc", "data", "codebase", "manifest", "classid":
		return "href", false, true
	case "ping", "archive", "attributionsrc":
		return "href", true, true
	case "imagesrcset":
		return "srcset", false, true
	}
	return "", false, false
}

// namesDocumentProperty reports whether the attribute name of an element
// with local name tag (both lower case) becomes a named property of
// document for every exposed element the sanitizer keeps: a form or img
// by its name, an img with a name also by its id.
func namesDocumentProperty(tag, name string) bool {
	return name == "name" && (tag == "form" || tag == "img") || name == "id" && tag == "img"
}

// keepAttribute reports whether the attribute (namespace URI, qualified
// name, value) of an HTML element with local name tag stays.
// isDocumentProperty answers whether a string names a built-in property
// of a document; the browser layer asks a blank Document.
func keepAttribute(tag, namespace, name, value string, isDocumentProperty func(string) bool) bool {
	if namespace != "" || !plainAttributeName(name) {
		return false
	}
	tag = strings.ToLower(tag)
	name = strings.ToLower(name)
	switch {
	case strings.HasPrefix(name, "on"), name == "style", name == "srcdoc":
		return false
	case namesDocumentProperty(tag, name) && isDocumentProperty(value):
		return false
	}
	return safeURLAttribute(tag, name, value)
}

// safeURLAttribute applies SafeURL to a URL attribute, item by item for a
// list; any other attribute is safe.
func safeURLAttribute(tag, name, value string) bool {
	rules, list, extra := extraURLAttribute(name)
	if !extra {
		return SafeURL(name, tag, value)
	}
	if !list {
		return SafeURL(rules, tag, value)
	}
	for _, u := range strings.FieldsFunc(value, isMarkupSpace) {
		if !SafeURL(rules, tag, u) {
			return false
		}
	}
	return true
}

// plainAttributeBytes are the ASCII bytes of a plain attribute name.
const plainAttributeBytes = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:@"

// plainAttributeName reports whether name is non-empty and made only of
// ASCII letters and digits, "-", "_", ".", ":", "@" and non-ASCII
// characters. The HTML parser accepts names such as `a"b` or `=x`, which
// the serializer writes back unquoted; they serve no page and are dropped.
func plainAttributeName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !isASCIIAlpha(c) && !isASCIIDigit(c) && c < 0x80 && strings.IndexByte("-_.:@", c) < 0 {
			return false
		}
	}
	return true
}

// relHardened reports whether an element with this lower-case local name
// opens a browsing context by its target attribute and honours
// rel="noopener noreferrer".
func relHardened(tag string) bool {
	return tag == "a" || tag == "area" || tag == "form"
}

// hardenedRel returns the rel value an element with local name tag, target
// attribute target and rel attribute rel must carry, and whether that
// differs from rel. A target that can open a new browsing context (any
// name but the empty string, _self, _parent and _top) would hand the new
// page window.opener and the Referer: "noopener" and "noreferrer" are
// added, "opener" (which asks for the opposite) is dropped, and the other
// tokens keep their order.
func hardenedRel(tag, target, rel string) (string, bool) {
	if !relHardened(strings.ToLower(tag)) || !opensBrowsingContext(target) {
		return rel, false
	}
	var tokens []string
	var hasNoopener, hasNoreferrer bool
	for _, tok := range strings.FieldsFunc(rel, isMarkupSpace) {
		switch strings.ToLower(tok) {
		case "opener":
			continue
		case "noopener":
			hasNoopener = true
		case "noreferrer":
			hasNoreferrer = true
		}
		tokens = append(tokens, tok)
	}
	if !hasNoopener {
		tokens = append(tokens, "noopener")
	}
	if !hasNoreferrer {
		tokens = append(tokens, "noreferrer")
	}
	out := strings.Join(tokens, " ")
	return out, out != rel
}

// opensBrowsingContext reports whether following a link with this target
// may create a new browsing context. The keywords compare ASCII
// case-insensitively, as the browser compares them.
func opensBrowsingContext(target string) bool {
	switch strings.ToLower(target) {
	case "", "_self", "_parent", "_top":
		return false
	}
	return true
}

// isMarkupSpace reports whether r is ASCII whitespace as HTML defines it
// (tab, line feed, form feed, carriage return, space): the separator of
// rel tokens and URL lists.
func isMarkupSpace(r rune) bool {
	return r == '\t' || r == '\n' || r == '\f' || r == '\r' || r == ' '
}

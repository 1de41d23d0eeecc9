//go:build js && wasm

package dom

import (
	"syscall/js"

	"github.com/silcrow/silcrow/client/internal/bridge"
	"github.com/silcrow/silcrow/wire/frame"
)

// page is what a full-page response contributes to a swap.
type page struct {
	// content is the sanitized content of the body or of the selected
	// element, as a fragment.
	content js.Value
	// title is the text of the page's <title>; hasTitle is false when it
	// has none, and the document keeps its own title.
	title    string
	hasTitle bool
}

// parsePage parses a full HTML document with DOMParser, which makes an
// inert document (scripting off, nothing loads), and takes its title and
// the children of its body, or of the element matching selector when
// selector is not empty. A page without that element contributes its
// body, with a debug warning; an invalid selector is an error.
func parsePage(markup, selector string) (page, error) {
	var doc js.Value
	err := catchJS(func() {
		doc = native().domParser.New().Call("parseFromString", markup, "text/html")
	})
	if err != nil {
		return page{}, bridge.Wrap("dom: parsing the page", err)
	}
	source := native().body.of(doc)
	if selector != "" {
		var found js.Value
		if err := catchJS(func() { found = native().querySelector.on(doc, selector) }); err != nil {
			return page{}, bridge.Wrap("dom: invalid selector "+frame.Quote(selector), err)
		}
		if found.IsNull() {
			warn("the page has no element matching " + selector + "; swapping its body")
		} else {
			source = found
		}
	}
	content := native().createDocumentFragment.on(doc)
	if !source.IsNull() {
		for c := native().firstChild.of(source); !c.IsNull(); c = native().firstChild.of(source) {
			native().appendChild.on(content, c)
		}
	}
	sanitizeTree(content)

	p := page{content: content}
	// The first HTML <title>, as document.title reads it; an SVG title
	// does not count, so the collection is asked for the HTML namespace.
	titles := native().elementsByTagNS.on(doc, htmlNamespace, "title")
	if !native().collectionItem.on(titles, 0).IsNull() {
		p.title, p.hasTitle = native().title.of(doc).String(), true
	}
	return p, nil
}

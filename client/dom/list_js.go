//go:build js && wasm

package dom

import (
	"errors"
	"strconv"
	"syscall/js"
)

func (browserDOM) children(container js.Value) []listChild[js.Value] {
	var out []listChild[js.Value]
	for el := bind.firstElementChild.of(container); !el.IsNull(); el = bind.nextElementSibling.of(el) {
		c := listChild[js.Value]{el: el}
		c.key, c.hasKey = attribute(el, "s-key")
		out = append(out, c)
	}
	return out
}

// templateElement is the HTMLTemplateElement interface object.
var templateElement = js.Global().Get("HTMLTemplateElement")

// isTemplate reports whether el is an HTML <template>, whose content is
// inert, and not an element of another namespace that is merely called
// template.
func isTemplate(el js.Value) bool { return el.InstanceOf(templateElement) }

func (browserDOM) template(container js.Value, id string) (js.Value, bool) {
	if id != "" {
		el := bind.getElementByID.on(native.document, id)
		if el.IsNull() || !isTemplate(el) {
			return js.Value{}, false
		}
		return el, true
	}
	for el := bind.firstElementChild.of(container); !el.IsNull(); el = bind.nextElementSibling.of(el) {
		if isTemplate(el) {
			return el, true
		}
	}
	return js.Value{}, false
}

// checkTemplate counts the elements at the top of tpl's content, then
// applies checkTemplateElement to every element in it, the content of
// nested templates included: a clone carries those along, and another
// list could use one.
func (browserDOM) checkTemplate(tpl js.Value) error {
	content := native.templateContent.of(tpl)
	if n := bind.fragmentElementCount.of(content).Int(); n != 1 {
		return errors.New("a template must hold exactly one element, this one holds " + strconv.Itoa(n))
	}
	return checkTemplateContent(content)
}

// checkTemplateContent applies checkTemplateElement to every element of a
// template's content fragment and of the templates inside it.
func checkTemplateContent(content js.Value) error {
	all := bind.fragmentQueryAll.on(content, "*")
	for i, n := 0, bind.nodeListLength.of(all).Int(); i < n; i++ {
		el := bind.nodeListItem.on(all, i)
		attrs := native.attributes.of(el)
		names := make([]string, native.attributeCount.of(attrs).Int())
		for j := range names {
			names[j] = native.attrName.of(native.attributeAt.on(attrs, j)).String()
		}
		if err := checkTemplateElement(native.localName.of(el).String(), names); err != nil {
			return err
		}
		if isTemplate(el) {
			if err := checkTemplateContent(native.templateContent.of(el)); err != nil {
				return err
			}
		}
	}
	return nil
}

// clone imports the template's element into the page's document, so that
// custom elements in it are upgraded and nothing of the inert template
// document stays attached to it.
func (browserDOM) clone(tpl js.Value, key string) (js.Value, error) {
	var el js.Value
	err := catchJS(func() {
		first := bind.fragmentFirstElement.of(native.templateContent.of(tpl))
		el = bind.importNode.on(native.document, first, true)
		native.setAttribute.on(el, "s-key", key)
	})
	return el, err
}

func (browserDOM) nextSibling(el js.Value) (js.Value, bool) {
	next := native.nextSibling.of(el)
	return next, !next.IsNull()
}

func (browserDOM) insertBefore(container, el, anchor js.Value, hasAnchor bool) error {
	if !hasAnchor {
		anchor = js.Null()
	}
	return catchJS(func() { bind.insertBefore.on(container, el, anchor) })
}

func (browserDOM) remove(el js.Value) error {
	return catchJS(func() { native.remove.on(el) })
}

package dom

import (
	"errors"
	"strings"

	"github.com/silcrow/silcrow/client/internal/bridge"
	"github.com/silcrow/silcrow/wire/frame"
)

// binding is one parsed s-bind attribute: a path and where its value goes.
type binding struct {
	path Path
	kind targetKind
	// name is the property or attribute name; empty for textContent.
	name string
}

// targetKind says where a bound value is written.
type targetKind int

const (
	textTarget targetKind = iota
	propertyTarget
	attributeTarget
)

// propertyType is how a bound property converts its value, mirroring the
// conversion the browser's own setter applies.
type propertyType int

const (
	stringProperty propertyType = iota
	booleanProperty
	numberProperty
)

// boundProperties are the names bound as DOM properties rather than
// attributes, so that a patch changes what the user sees (an input's
// current value, a checkbox's current state) and not just the default an
// attribute holds. Property names are case-sensitive, as in JavaScript.
var boundProperties = map[string]propertyType{
	"value":         stringProperty,
	"checked":       booleanProperty,
	"disabled":      booleanProperty,
	"selected":      booleanProperty,
	"src":           stringProperty,
	"href":          stringProperty,
	"selectedIndex": numberProperty,
}

// liveProperties are the bound properties the user changes by interacting
// with the page (typing, ticking, choosing). What the engine wrote last
// says nothing about what they show now, so they are written on every
// patch that carries their path, as Silcrow.js does.
var liveProperties = map[string]bool{
	"value":         true,
	"checked":       true,
	"selected":      true,
	"selectedIndex": true,
}

// isLive reports whether b writes one of the liveProperties.
func (b binding) isLive() bool {
	return b.kind == propertyTarget && liveProperties[b.name]
}

// parseBinding parses the value of an s-bind attribute: "path" binds
// textContent, "path:name" binds the property or attribute name. One
// attribute holds one binding, as in Silcrow.js; since a path cannot contain
// ":", the first colon separates the two, so "url:xlink:href" binds the
// attribute xlink:href.
//
// The returned error explains a binding that can never be applied: an
// invalid path, a name that is not a valid attribute name, or a refused
// target (event handlers and srcdoc).
func parseBinding(attr string) (binding, error) {
	pathText, name, hasName := strings.Cut(attr, ":")
	path, err := ParsePath(pathText)
	if err != nil {
		return binding{}, bridge.Wrap("invalid path "+frame.Quote(pathText), err)
	}
	if !hasName {
		return binding{path: path, kind: textTarget}, nil
	}
	lower := strings.ToLower(name)
	switch {
	case strings.HasPrefix(lower, "on"):
		return binding{}, errors.New("refused: " + frame.Quote(name) + " is an event handler, and data never becomes code")
	case lower == "srcdoc":
		return binding{}, errors.New("refused: srcdoc would run data as a same-origin document")
	}
	if _, ok := boundProperties[name]; ok {
		return binding{path: path, kind: propertyTarget, name: name}, nil
	}
	if !isAttributeName(name) {
		return binding{}, errors.New(frame.Quote(name) + " is not a valid attribute name")
	}
	return binding{path: path, kind: attributeTarget, name: name}, nil
}

// unbindableElements are elements no binding may touch, lower-cased. A script
// element that has not run yet runs when it gains text or a src, so binding
// either would turn data into code; the SVG animation elements can set any
// attribute of their target, href included, from their own to, from, by and
// values attributes, which would sidestep the URL checks.
var unbindableElements = map[string]bool{
	"script":           true,
	"set":              true,
	"animate":          true,
	"animatemotion":    true,
	"animatetransform": true,
}

// checkBindableElement refuses bindings on elements where any binding could run
// code. tagName is an element's tagName, in any case.
func checkBindableElement(tagName string) error {
	if unbindableElements[strings.ToLower(tagName)] {
		return errors.New("refused: bindings on <" + strings.ToLower(tagName) + "> could run data as code")
	}
	return nil
}

// bindAction is one change to one element, decided by binding.write and
// carried out by the browser layer.
type bindAction struct {
	op   writeOp
	name string
	// value is a string for writeText and writeAttribute; for writeProperty it is
	// a string, a bool, or a decoded JSON value left for the browser's
	// number conversion (selectedIndex).
	value any
}

// writeOp is the DOM operation of a bindAction.
type writeOp int

const (
	writeText writeOp = iota
	writeProperty
	writeAttribute
	removeAttr
)

// sameAction reports whether a and b do the same thing to an element. Only
// scalar values compare equal; a selectedIndex value that is an array or
// an object never does, so such a write is always carried out.
func sameAction(a, b bindAction) bool {
	if a.op != b.op || a.name != b.name {
		return false
	}
	switch x := a.value.(type) {
	case nil:
		return b.value == nil
	case string:
		y, ok := b.value.(string)
		return ok && x == y
	case bool:
		y, ok := b.value.(bool)
		return ok && x == y
	case float64:
		y, ok := b.value.(float64)
		return ok && x == y
	}
	return false
}

// write decides what writing v through b does to an element with tag name
// tagName. v is a decoded JSON value that is present in the data; null is
// nil. The error explains a refused value: an unsafe URL.
//
// null resets: textContent and string boundProperties to "", boolean boundProperties
// to false, selectedIndex to 0 (its type's zero value, which is also what
// Silcrow.js sets), and an attribute is removed. Any other value is set
// on an attribute as its text, String(value): aria-expanded="false",
// data-flag="true", as Silcrow.js writes them.
//
// A refused URL is an error, and the action returned with it clears the
// binding (a URL property set to "", an attribute removed), so that the
// element does not keep pointing where the previous value did.
func (b binding) write(tagName string, v any) (bindAction, error) {
	switch b.kind {
	case textTarget:
		_, value := boxedText(v)
		return bindAction{op: writeText, value: value}, nil
	case propertyTarget:
		switch boundProperties[b.name] {
		case booleanProperty:
			return bindAction{op: writeProperty, name: b.name, value: Truthy(v)}, nil
		case numberProperty:
			if v == nil {
				return bindAction{op: writeProperty, name: b.name, value: 0.0}, nil
			}
			return bindAction{op: writeProperty, name: b.name, value: v}, nil
		}
		text, value := boxedText(v)
		if !SafeURL(b.name, tagName, text) {
			return bindAction{op: writeProperty, name: b.name, value: ""}, errors.New("refused unsafe URL " + frame.Quote(text) + " for property " + b.name)
		}
		return bindAction{op: writeProperty, name: b.name, value: value}, nil
	}
	if v == nil {
		return bindAction{op: removeAttr, name: b.name}, nil
	}
	text, value := boxedText(v)
	if !SafeURL(b.name, tagName, text) {
		return bindAction{op: removeAttr, name: b.name}, errors.New("refused unsafe URL " + frame.Quote(text) + " for attribute " + b.name)
	}
	return bindAction{op: writeAttribute, name: b.name, value: value}, nil
}

// boxedText returns Text(v), and the same text as an interface value. A
// string comes back as the interface it came in, so that the patch of a
// large list does not box every text it compares once more.
func boxedText(v any) (string, any) {
	if s, ok := v.(string); ok {
		return s, v
	}
	text := Text(v)
	return text, text
}

// isAttributeName reports whether writeAttribute accepts name. The test is
// the XML Name production, which is what browsers have enforced; the newer,
// looser DOM rule accepts everything this accepts, so a name passing here
// never makes writeAttribute throw.
func isAttributeName(name string) bool {
	if name == "" {
		return false
	}
	for i, r := range name {
		if !isNameStartRune(r) && (i == 0 || !isNameRune(r)) {
			return false
		}
	}
	return true
}

// isNameStartRune is XML's NameStartChar.
func isNameStartRune(r rune) bool {
	switch {
	case r < 0x80:
		return isASCIIAlpha(byte(r)) || r == '_' || r == ':'
	case r >= 0xC0 && r <= 0xD6, r >= 0xD8 && r <= 0xF6, r >= 0xF8 && r <= 0x2FF,
		r >= 0x370 && r <= 0x37D, r >= 0x37F && r <= 0x1FFF, r >= 0x200C && r <= 0x200D,
		r >= 0x2070 && r <= 0x218F, r >= 0x2C00 && r <= 0x2FEF, r >= 0x3001 && r <= 0xD7FF,
		r >= 0xF900 && r <= 0xFDCF, r >= 0xFDF0 && r <= 0xFFFD, r >= 0x10000 && r <= 0xEFFFF:
		return true
	}
	return false
}

// isNameRune is XML's NameChar minus NameStartChar.
func isNameRune(r rune) bool {
	switch {
	case r < 0x80:
		return isASCIIDigit(byte(r)) || r == '-' || r == '.'
	case r == 0xB7, r >= 0x300 && r <= 0x36F, r >= 0x203F && r <= 0x2040:
		return true
	}
	return false
}

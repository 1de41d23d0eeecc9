package dom

import "strings"

// urlAttributeNames are the attribute and property names whose value the browser
// loads or navigates to, lower-cased. srcset holds a list of URLs.
var urlAttributeNames = map[string]bool{
	"href":       true,
	"src":        true,
	"action":     true,
	"formaction": true,
	"poster":     true,
	"cite":       true,
	"background": true,
	"xlink:href": true,
	"srcset":     true,
}

// unsafeSchemes can run code or read local files when navigated to or
// loaded. data: is listed too because a data: document or SVG is a
// script-capable origin of its own; the one safe use, an inline image, is
// let through by SafeURL.
var unsafeSchemes = map[string]bool{
	"javascript": true,
	"vbscript":   true,
	"file":       true,
	"data":       true,
}

// SafeURL reports whether value may be given to the attribute or property
// attrName of an element with tag name tagName. Names compare
// case-insensitively, so "IMG" (an element's tagName) and "img" both work.
//
// Attributes that do not hold URLs are always safe as far as SafeURL is
// concerned. A URL attribute is unsafe when its value, read the way the
// browser's URL parser reads it (leading and trailing C0 controls and spaces
// stripped, tabs and newlines anywhere removed, scheme case-insensitive),
// has the scheme javascript:, vbscript:, file: or data:. The exception is
// data:image/<subtype>;base64,… on img src, the inline-image idiom, which an
// img element renders without ever running script. For srcset every
// candidate URL must be safe, and the data: exception does not apply there.
//
// Entity references such as &#x6A; are not decoded: by the time a value
// reaches the DOM the HTML parser has already decoded them, and this is the
// string the browser will use.
func SafeURL(attrName, tagName, value string) bool {
	name := strings.ToLower(attrName)
	if !urlAttributeNames[name] {
		return true
	}
	if name == "srcset" {
		return safeSrcset(value)
	}
	url := schemeInput(value)
	scheme, ok := schemeOf(url)
	if !ok || !unsafeSchemes[scheme] {
		return true
	}
	return scheme == "data" && name == "src" && strings.EqualFold(tagName, "img") && isInlineImageURL(url)
}

// safeSrcset checks every candidate of a srcset list. Splitting at commas as
// well as whitespace over-approximates the HTML candidate parser: a candidate
// URL always begins where one of our fields begins, and since a scheme can
// contain neither a comma nor whitespace, every scheme the browser would see
// is the scheme of one of our fields. The price is that a harmless relative
// URL such as "a,javascript:x" is refused too.
func safeSrcset(value string) bool {
	fields := strings.FieldsFunc(value, func(r rune) bool {
		return r == ',' || isHTMLSpace(r)
	})
	for _, field := range fields {
		if scheme, ok := schemeOf(schemeInput(field)); ok && unsafeSchemes[scheme] {
			return false
		}
	}
	return true
}

// schemeInput does to value what the URL parser does before it looks for a
// scheme: strip leading and trailing C0 controls and spaces, and drop every
// tab, line feed and carriage return, so "java\tscript:" and
// " \x01javascript:" are seen as the javascript: URLs they are.
func schemeInput(value string) string {
	value = strings.TrimFunc(value, func(r rune) bool { return r <= 0x20 })
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, value)
}

// schemeOf returns the lower-cased scheme of a normalized URL, or false
// when it has none and so is relative: a scheme is an ASCII letter followed
// by letters, digits, "+", "-" or ".", ended by ":".
func schemeOf(url string) (string, bool) {
	for i := 0; i < len(url); i++ {
		c := url[i]
		switch {
		case isASCIIAlpha(c):
		case i > 0 && (isASCIIDigit(c) || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return strings.ToLower(url[:i]), true
		default:
			return "", false
		}
	}
	return "", false
}

// isInlineImageURL reports whether a normalized data: URL is
// data:image/<subtype>[;param=value…];base64,<payload>, the form of an
// inline image. Like the browser's data: URL processor it allows spaces
// around the media type and before "base64".
func isInlineImageURL(url string) bool {
	header, _, ok := strings.Cut(url[len("data:"):], ",")
	if !ok {
		return false
	}
	parts := strings.Split(header, ";")
	if len(parts) < 2 || !strings.EqualFold(strings.Trim(parts[len(parts)-1], " "), "base64") {
		return false
	}
	kind, subtype, ok := strings.Cut(strings.Trim(parts[0], " "), "/")
	if !ok || !strings.EqualFold(kind, "image") || !isMIMEToken(subtype) {
		return false
	}
	for _, param := range parts[1 : len(parts)-1] {
		name, _, ok := strings.Cut(param, "=")
		if !ok || !isMIMEToken(strings.Trim(name, " ")) {
			return false
		}
	}
	return true
}

// isMIMEToken reports whether s is a non-empty MIME token (RFC 2045), the
// shape of a media subtype such as "png" or "svg+xml".
func isMIMEToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= 0x20 || c >= 0x7f || strings.IndexByte(`()<>@,;:\"/[]?=`, c) >= 0 {
			return false
		}
	}
	return true
}

// isHTMLSpace reports whether r is ASCII whitespace as HTML defines it:
// tab, line feed, form feed, carriage return and space.
func isHTMLSpace(r rune) bool {
	return r == '\t' || r == '\n' || r == '\f' || r == '\r' || r == ' '
}

func isASCIIAlpha(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func isASCIIDigit(c byte) bool { return c >= '0' && c <= '9' }

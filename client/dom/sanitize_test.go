package dom

import "testing"

func TestKeepNodeType(t *testing.T) {
	tests := []struct {
		name     string
		nodeType int
		want     bool
	}{
		{"element", 1, true},
		{"text", 3, true},
		{"CDATA section", 4, false},
		{"processing instruction", 7, false},
		{"comment", 8, false},
		{"document", 9, false},
		{"doctype", 10, false},
		{"fragment", 11, false},
	}
	for _, tt := range tests {
		if got := keepNodeType(tt.nodeType); got != tt.want {
			t.Errorf("keepNodeType(%d) (%s) = %v, want %v", tt.nodeType, tt.name, got, tt.want)
		}
	}
}

func TestKeepElement(t *testing.T) {
	const (
		svgNamespace    = "http://www.w3.org/2000/svg"
		mathMLNamespace = "http://www.w3.org/1998/Math/MathML"
	)
	tests := []struct {
		namespace, name string
		want            bool
	}{
		// The elements the sanitizer rules name, removed with their subtree.
		{htmlNamespace, "script", false},
		{htmlNamespace, "style", false},
		{htmlNamespace, "iframe", false},
		{htmlNamespace, "frame", false},
		{htmlNamespace, "object", false},
		{htmlNamespace, "embed", false},
		{htmlNamespace, "base", false},
		{htmlNamespace, "link", false},
		{htmlNamespace, "meta", false},

		// Further loaders and raw-text elements.
		{htmlNamespace, "frameset", false},
		{htmlNamespace, "applet", false},
		{htmlNamespace, "param", false},
		{htmlNamespace, "portal", false},
		{htmlNamespace, "fencedframe", false},
		{htmlNamespace, "noscript", false},
		{htmlNamespace, "noembed", false},
		{htmlNamespace, "noframes", false},
		{htmlNamespace, "xmp", false},
		{htmlNamespace, "plaintext", false},
		{htmlNamespace, "isindex", false},

		// Case does not let a removed element through.
		{htmlNamespace, "SCRIPT", false},
		{htmlNamespace, "NoScript", false},

		// Foreign content goes whole, whatever the element.
		{svgNamespace, "svg", false},
		{svgNamespace, "a", false},
		{svgNamespace, "style", false},
		{svgNamespace, "foreignObject", false},
		{mathMLNamespace, "math", false},
		{mathMLNamespace, "mtext", false},
		{mathMLNamespace, "mglyph", false},
		{"", "div", false},
		{"http://example.com/ns", "p", false},

		// Ordinary HTML stays, forms and media included.
		{htmlNamespace, "div", true},
		{htmlNamespace, "p", true},
		{htmlNamespace, "span", true},
		{htmlNamespace, "a", true},
		{htmlNamespace, "img", true},
		{htmlNamespace, "picture", true},
		{htmlNamespace, "source", true},
		{htmlNamespace, "video", true},
		{htmlNamespace, "audio", true},
		{htmlNamespace, "form", true},
		{htmlNamespace, "input", true},
		{htmlNamespace, "button", true},
		{htmlNamespace, "select", true},
		{htmlNamespace, "option", true},
		{htmlNamespace, "textarea", true},
		{htmlNamespace, "label", true},
		{htmlNamespace, "table", true},
		{htmlNamespace, "td", true},
		{htmlNamespace, "ul", true},
		{htmlNamespace, "li", true},
		{htmlNamespace, "template", true},
		{htmlNamespace, "title", true},
		{htmlNamespace, "details", true},
		{htmlNamespace, "dialog", true},
		{htmlNamespace, "my-widget", true},
	}
	for _, tt := range tests {
		if got := keepElement(tt.namespace, tt.name); got != tt.want {
			t.Errorf("keepElement(%q, %q) = %v, want %v", tt.namespace, tt.name, got, tt.want)
		}
	}
}

// documentProperties stands in for the browser's "is this a property of a
// blank Document" check.
func documentProperties(name string) bool {
	switch name {
	case "body", "querySelector", "cookie", "location", "createElement", "title":
		return true
	}
	return false
}

func TestKeepAttribute(t *testing.T) {
	tests := []struct {
		tag, namespace, name, value string
		want                        bool
	}{
		// Kept: what swapped-in markup needs to be bound, styled, connected.
		{"div", "", "id", "stats", true},
		{"div", "", "class", "card big", true},
		{"div", "", "data-user-id", "42", true},
		{"p", "", "s-bind", "status", true},
		{"ul", "", "s-list", "items", true},
		{"div", "", "s-live", "/ws/chat", true},
		{"div", "", "s-template", "row", true},
		{"a", "", "s-action", "/next", true},
		{"div", "", ":class", "active", true},
		{"div", "", ":hidden", "!open", true},

		// Kept: ordinary HTML attributes.
		{"a", "", "href", "/dashboard", true},
		{"a", "", "href", "https://example.com/", true},
		{"a", "", "href", "mailto:a@example.com", true},
		{"a", "", "title", "javascript: the good parts", true},
		{"a", "", "target", "_blank", true},
		{"a", "", "rel", "nofollow", true},
		{"img", "", "src", "/a.png", true},
		{"img", "", "src", "data:image/png;base64,iVBORw0KGgo=", true},
		{"img", "", "srcset", "a.png 1x, b.png 2x", true},
		{"img", "", "alt", "A cat", true},
		{"img", "", "width", "10", true},
		{"img", "", "height", "10", true},
		{"input", "", "type", "text", true},
		{"input", "", "name", "email", true},
		{"input", "", "value", "data:text/html,x", true},
		{"input", "", "placeholder", "you@example.com", true},
		{"input", "", "checked", "", true},
		{"input", "", "disabled", "", true},
		{"label", "", "for", "email", true},
		{"td", "", "colspan", "2", true},
		{"td", "", "rowspan", "2", true},
		{"div", "", "aria-label", "Close", true},
		{"div", "", "role", "dialog", true},
		{"div", "", "lang", "en", true},
		{"div", "", "dir", "rtl", true},
		{"div", "", "hidden", "", true},
		{"div", "", "tabindex", "0", true},
		{"time", "", "datetime", "2024-01-01", true},
		{"form", "", "action", "/save", true},
		{"form", "", "method", "post", true},
		{"button", "", "formaction", "/other", true},
		{"video", "", "poster", "/p.png", true},
		{"blockquote", "", "cite", "https://example.com/q", true},
		{"a", "", "ping", "/track /count", true},
		{"my-chart", "", "points", "1,2,3", true},
		{"my-chart", "", "data", "[1,2,3]", true},
		{"div", "", "x-on:click.prevent", "go", true},
		{"div", "", "@click", "go", true},
		{"div", "", "données", "x", true},
		{"div", "", "ID", "stats", true},

		// Event handlers, inline style, srcdoc.
		{"img", "", "onerror", "alert(1)", false},
		{"body", "", "onload", "alert(1)", false},
		{"div", "", "onclick", "alert(1)", false},
		{"div", "", "ONCLICK", "alert(1)", false},
		{"div", "", "onpointerrawupdate", "alert(1)", false},
		{"div", "", "on", "x", false},
		{"div", "", "style", "background:url(javascript:alert(1))", false},
		{"div", "", "STYLE", "color:red", false},
		{"iframe", "", "srcdoc", "<script>alert(1)</script>", false},
		{"div", "", "srcdoc", "x", false},

		// URL attributes with an unsafe scheme, SafeURL's rules.
		{"a", "", "href", "javascript:alert(1)", false},
		{"a", "", "href", " jav\tascript:alert(1)", false},
		{"a", "", "href", "JAVASCRIPT:alert(1)", false},
		{"a", "", "href", "vbscript:msgbox(1)", false},
		{"a", "", "href", "data:text/html,<script>alert(1)</script>", false},
		{"a", "", "href", "file:///etc/passwd", false},
		{"area", "", "href", "javascript:alert(1)", false},
		{"form", "", "action", "javascript:alert(1)", false},
		{"button", "", "formaction", "javascript:alert(1)", false},
		{"input", "", "formaction", "javascript:alert(1)", false},
		{"img", "", "src", "javascript:alert(1)", false},
		{"img", "", "srcset", "x, javascript:alert(1) 2x", false},
		{"source", "", "srcset", "javascript:alert(1)", false},
		{"video", "", "poster", "javascript:alert(1)", false},
		{"video", "", "src", "data:video/mp4;base64,AAAA", false},
		{"blockquote", "", "cite", "javascript:alert(1)", false},
		{"table", "", "background", "javascript:alert(1)", false},
		{"a", "", "xlink:href", "javascript:alert(1)", false},
		{"div", "", "href", "javascript:alert(1)", false},

		// URL attributes SafeURL does not list, by name on every element.
		{"img", "", "longdesc", "javascript:alert(1)", false},
		{"img", "", "lowsrc", "javascript:alert(1)", false},
		{"img", "", "dynsrc", "javascript:alert(1)", false},
		{"my-el", "", "data", "javascript:alert(1)", false},
		{"my-el", "", "codebase", "javascript:alert(1)", false},
		{"my-el", "", "manifest", "javascript:alert(1)", false},
		{"my-el", "", "classid", "javascript:alert(1)", false},
		{"my-el", "", "imagesrcset", "a.png 1x, javascript:alert(1) 2x", false},
		{"a", "", "ping", "/track javascript:alert(1)", false},
		{"a", "", "attributionsrc", "/a\tjavascript:alert(1)", false},
		{"my-el", "", "archive", "a.jar file:///x.jar", false},
		{"img", "", "lowsrc", "data:image/png;base64,AAAA", false},

		// Attributes in a namespace; names the serializer cannot round-trip.
		{"div", "http://www.w3.org/1999/xlink", "xlink:href", "/x", false},
		{"div", "http://www.w3.org/XML/1998/namespace", "xml:lang", "en", false},
		{"div", "", "", "x", false},
		{"div", "", `a"b`, "x", false},
		{"div", "", "a'b", "x", false},
		{"div", "", "=x", "x", false},
		{"div", "", "a<b", "x", false},
		{"div", "", "a`b", "x", false},
		{"div", "", "a/b", "x", false},
		{"div", "", "a\x00b", "x", false},

		// Names that would shadow document properties for the whole page.
		{"form", "", "name", "body", false},
		{"form", "", "name", "querySelector", false},
		{"FORM", "", "NAME", "cookie", false},
		{"img", "", "name", "createElement", false},
		{"img", "", "id", "location", false},
		{"form", "", "name", "signup", true},
		{"img", "", "name", "avatar", true},
		{"img", "", "id", "avatar", true},
		{"form", "", "id", "body", true},
		{"input", "", "name", "title", true},
		{"div", "", "id", "body", true},
		{"div", "", "name", "cookie", true},
	}
	for _, tt := range tests {
		got := keepAttribute(tt.tag, tt.namespace, tt.name, tt.value, documentProperties)
		if got != tt.want {
			t.Errorf("keepAttribute(%q, %q, %q, %q) = %v, want %v", tt.tag, tt.namespace, tt.name, tt.value, got, tt.want)
		}
	}
}

func TestHardenedRel(t *testing.T) {
	tests := []struct {
		tag, target, rel string
		want             string
		changed          bool
	}{
		// target=_blank on a, area and form gets noopener noreferrer.
		{"a", "_blank", "", "noopener noreferrer", true},
		{"area", "_blank", "", "noopener noreferrer", true},
		{"form", "_blank", "", "noopener noreferrer", true},
		{"A", "_BLANK", "", "noopener noreferrer", true},

		// Existing tokens are merged, not replaced or duplicated.
		{"a", "_blank", "nofollow", "nofollow noopener noreferrer", true},
		{"a", "_blank", "noopener", "noopener noreferrer", true},
		{"a", "_blank", "noreferrer", "noreferrer noopener", true},
		{"a", "_blank", "NoOpener NOREFERRER", "NoOpener NOREFERRER", false},
		{"a", "_blank", "noopener noreferrer", "noopener noreferrer", false},
		{"a", "_blank", "  nofollow\tugc\n", "nofollow ugc noopener noreferrer", true},

		// "opener" asks for the opposite and is dropped.
		{"a", "_blank", "opener", "noopener noreferrer", true},
		{"a", "_blank", "opener nofollow", "nofollow noopener noreferrer", true},

		// A named target may open a new window too.
		{"a", "preview", "", "noopener noreferrer", true},
		{"a", "_blank ", "", "noopener noreferrer", true},
		{"a", "_new", "", "noopener noreferrer", true},

		// Targets that stay in this browsing context, and other elements.
		{"a", "", "", "", false},
		{"a", "_self", "", "", false},
		{"a", "_parent", "nofollow", "nofollow", false},
		{"a", "_TOP", "opener", "opener", false},
		{"button", "_blank", "", "", false},
		{"div", "_blank", "opener", "opener", false},
	}
	for _, tt := range tests {
		got, changed := hardenedRel(tt.tag, tt.target, tt.rel)
		if got != tt.want || changed != tt.changed {
			t.Errorf("hardenedRel(%q, %q, %q) = %q, %v; want %q, %v", tt.tag, tt.target, tt.rel, got, changed, tt.want, tt.changed)
		}
	}
}

package dom

import (
	"reflect"
	"strings"
	"testing"

	"github.com/silcrow/silcrow/wire/frame"
)

func TestParseBinding(t *testing.T) {
	tests := []struct {
		attr string
		kind targetKind
		path string
		name string
	}{
		{"count", textTarget, "count", ""},
		{"user.name", textTarget, "user.name", ""},
		{"email:value", propertyTarget, "email", "value"},
		{"agreed:checked", propertyTarget, "agreed", "checked"},
		{"off:disabled", propertyTarget, "off", "disabled"},
		{"pick:selected", propertyTarget, "pick", "selected"},
		{"avatar:src", propertyTarget, "avatar", "src"},
		{"link:href", propertyTarget, "link", "href"},
		{"idx:selectedIndex", propertyTarget, "idx", "selectedIndex"},
		// Property names are case-sensitive, as in JavaScript; any other
		// spelling is an attribute.
		{"idx:selectedindex", attributeTarget, "idx", "selectedindex"},
		{"v:Value", attributeTarget, "v", "Value"},
		{"tip:title", attributeTarget, "tip", "title"},
		{"n:data-count", attributeTarget, "n", "data-count"},
		{"n:aria-label", attributeTarget, "n", "aria-label"},
		{"url:xlink:href", attributeTarget, "url", "xlink:href"},
		{"go:action", attributeTarget, "go", "action"},
		{"x:open", attributeTarget, "x", "open"},
		{".title", textTarget, ".title", ""},
		{".done:checked", propertyTarget, ".done", "checked"},
	}
	for _, tt := range tests {
		b, err := parseBinding(tt.attr)
		if err != nil {
			t.Errorf("parseBinding(%q) error: %v", tt.attr, err)
			continue
		}
		if b.kind != tt.kind || b.path.String() != tt.path || b.name != tt.name {
			t.Errorf("parseBinding(%q) = kind %d path %q name %q; want kind %d path %q name %q",
				tt.attr, b.kind, b.path, b.name, tt.kind, tt.path, tt.name)
		}
	}
}

func TestParseBindingRefusesWhatCanNeverApply(t *testing.T) {
	tests := []struct{ attr, why string }{
		{"", "invalid path"},
		{":value", "invalid path"},
		{"a b", "invalid path"},
		{"a..b:value", "invalid path"},
		{"a.:title", "invalid path"},
		{"x:", "not a valid attribute name"},
		{"x:a b", "not a valid attribute name"},
		{"x:1a", "not a valid attribute name"},
		{"x:-a", "not a valid attribute name"},
		{"x:a=b", "not a valid attribute name"},
		{`x:a"b`, "not a valid attribute name"},
		{"x:a>b", "not a valid attribute name"},
		{"x:a/b", "not a valid attribute name"},
		{"x: title", "not a valid attribute name"},
		{"x:onclick", "event handler"},
		{"x:ONCLICK", "event handler"},
		{"x:onClick", "event handler"},
		{"x:onerror", "event handler"},
		{"x:on", "event handler"},
		{"x:onx y", "event handler"},
		{"x:srcdoc", "srcdoc"},
		{"x:SrcDoc", "srcdoc"},
	}
	for _, tt := range tests {
		b, err := parseBinding(tt.attr)
		if err == nil {
			t.Errorf("parseBinding(%q) = %+v, want an error", tt.attr, b)
			continue
		}
		if !strings.Contains(err.Error(), tt.why) {
			t.Errorf("parseBinding(%q) error %q does not say %q", tt.attr, err, tt.why)
		}
	}
}

func TestIsAttributeName(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"title", true},
		{"data-x", true},
		{"aria-label", true},
		{"_a", true},
		{":a", true},
		{"xlink:href", true},
		{"a.b", true},
		{"a1", true},
		{"é", true},
		{"a·b", true},
		{"名前", true},
		{"", false},
		{"1a", false},
		{"-a", false},
		{".a", false},
		{"·a", false},
		{"a b", false},
		{"a\tb", false},
		{"a\x00", false},
		{"a/b", false},
		{"a=b", false},
		{"a>b", false},
		{"a'b", false},
		{"a×b", false},
	}
	for _, tt := range tests {
		if got := isAttributeName(tt.name); got != tt.want {
			t.Errorf("isAttributeName(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestCheckBindableElement(t *testing.T) {
	for _, tag := range []string{"SCRIPT", "script", "set", "animate", "animateMotion", "animateTransform"} {
		if checkBindableElement(tag) == nil {
			t.Errorf("checkBindableElement(%q) = nil, want a refusal", tag)
		}
	}
	for _, tag := range []string{"DIV", "INPUT", "IMG", "A", "STYLE", "svg", "text"} {
		if err := checkBindableElement(tag); err != nil {
			t.Errorf("checkBindableElement(%q) = %v, want nil", tag, err)
		}
	}
}

func TestBindingWrite(t *testing.T) {
	tests := []struct {
		attr, tag, json string
		want            bindAction
	}{
		// Text: String(value), null clears; markup stays text.
		{"t", "P", `42`, bindAction{op: writeText, value: "42"}},
		{"t", "P", `1e21`, bindAction{op: writeText, value: "1e+21"}},
		{"t", "P", `true`, bindAction{op: writeText, value: "true"}},
		{"t", "P", `null`, bindAction{op: writeText, value: ""}},
		{"t", "P", `[1,2]`, bindAction{op: writeText, value: "1,2"}},
		{"t", "P", `"<img src=x onerror=alert(1)>"`, bindAction{op: writeText, value: "<img src=x onerror=alert(1)>"}},

		// String properties take the text; null resets to "".
		{"v:value", "INPUT", `"abc"`, bindAction{op: writeProperty, name: "value", value: "abc"}},
		{"v:value", "INPUT", `0`, bindAction{op: writeProperty, name: "value", value: "0"}},
		{"v:value", "INPUT", `null`, bindAction{op: writeProperty, name: "value", value: ""}},
		{"v:value", "INPUT", `{}`, bindAction{op: writeProperty, name: "value", value: "[object Object]"}},

		// Boolean properties take JavaScript truthiness; null resets to false.
		{"c:checked", "INPUT", `true`, bindAction{op: writeProperty, name: "checked", value: true}},
		{"c:checked", "INPUT", `false`, bindAction{op: writeProperty, name: "checked", value: false}},
		{"c:checked", "INPUT", `0`, bindAction{op: writeProperty, name: "checked", value: false}},
		{"c:checked", "INPUT", `""`, bindAction{op: writeProperty, name: "checked", value: false}},
		{"c:checked", "INPUT", `null`, bindAction{op: writeProperty, name: "checked", value: false}},
		{"c:checked", "INPUT", `"false"`, bindAction{op: writeProperty, name: "checked", value: true}},
		{"c:checked", "INPUT", `[]`, bindAction{op: writeProperty, name: "checked", value: true}},
		{"d:disabled", "BUTTON", `1`, bindAction{op: writeProperty, name: "disabled", value: true}},
		{"s:selected", "OPTION", `-0`, bindAction{op: writeProperty, name: "selected", value: false}},

		// selectedIndex leaves the number conversion to the browser; null is 0.
		{"i:selectedIndex", "SELECT", `2`, bindAction{op: writeProperty, name: "selectedIndex", value: 2.0}},
		{"i:selectedIndex", "SELECT", `"1"`, bindAction{op: writeProperty, name: "selectedIndex", value: "1"}},
		{"i:selectedIndex", "SELECT", `null`, bindAction{op: writeProperty, name: "selectedIndex", value: 0.0}},

		// URL properties pass safe URLs through.
		{"u:src", "IMG", `"/a.png"`, bindAction{op: writeProperty, name: "src", value: "/a.png"}},
		{"u:src", "IMG", `"data:image/png;base64,iVBOR"`, bindAction{op: writeProperty, name: "src", value: "data:image/png;base64,iVBOR"}},
		{"u:href", "A", `"https://example.com/"`, bindAction{op: writeProperty, name: "href", value: "https://example.com/"}},
		{"u:href", "A", `null`, bindAction{op: writeProperty, name: "href", value: ""}},

		// Attributes take String(value); null removes them.
		{"x:title", "P", `"hi"`, bindAction{op: writeAttribute, name: "title", value: "hi"}},
		{"x:title", "P", `0`, bindAction{op: writeAttribute, name: "title", value: "0"}},
		{"x:title", "P", `[1,null]`, bindAction{op: writeAttribute, name: "title", value: "1,"}},
		{"x:title", "P", `"true"`, bindAction{op: writeAttribute, name: "title", value: "true"}},
		{"x:hidden", "P", `true`, bindAction{op: writeAttribute, name: "hidden", value: "true"}},
		{"x:aria-expanded", "P", `false`, bindAction{op: writeAttribute, name: "aria-expanded", value: "false"}},
		{"x:hidden", "P", `null`, bindAction{op: removeAttr, name: "hidden"}},
		{"x:action", "FORM", `"/submit"`, bindAction{op: writeAttribute, name: "action", value: "/submit"}},
		{"x:srcset", "IMG", `"a.png 1x, b.png 2x"`, bindAction{op: writeAttribute, name: "srcset", value: "a.png 1x, b.png 2x"}},
		{"x:HREF", "A", `false`, bindAction{op: writeAttribute, name: "HREF", value: "false"}},
		{"x:href", "A", `false`, bindAction{op: writeProperty, name: "href", value: "false"}},
	}
	for _, tt := range tests {
		b, err := parseBinding(tt.attr)
		if err != nil {
			t.Fatalf("parseBinding(%q): %v", tt.attr, err)
		}
		v, err := frame.ParseValue([]byte(tt.json))
		if err != nil {
			t.Fatal(err)
		}
		got, err := b.write(tt.tag, v)
		if err != nil {
			t.Errorf("%q on <%s> with %s: error %v", tt.attr, tt.tag, tt.json, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q on <%s> with %s = %+v, want %+v", tt.attr, tt.tag, tt.json, got, tt.want)
		}
	}
}

func TestBindingWriteRefusesUnsafeURLs(t *testing.T) {
	tests := []struct{ attr, tag, json string }{
		{"u:href", "A", `"javascript:alert(1)"`},
		{"u:href", "A", `" JaVaScRiPt:alert(1)"`},
		{"u:href", "A", `"java\tscript:alert(1)"`},
		{"u:href", "A", `"vbscript:x"`},
		{"u:src", "IMG", `"file:///etc/passwd"`},
		{"u:src", "IFRAME", `"data:text/html,<script>alert(1)</script>"`},
		{"u:src", "IFRAME", `"data:image/png;base64,iVBOR"`},
		{"u:src", "IMG", `"data:image/svg+xml,<svg onload=alert(1)>"`},
		{"x:href", "A", `"javascript:alert(1)"`},
		{"x:HREF", "A", `"javascript:alert(1)"`},
		{"x:action", "FORM", `"javascript:alert(1)"`},
		{"x:formaction", "BUTTON", `"javascript:alert(1)"`},
		{"x:poster", "VIDEO", `"javascript:alert(1)"`},
		{"x:cite", "Q", `"javascript:alert(1)"`},
		{"x:background", "TD", `"javascript:alert(1)"`},
		{"x:xlink:href", "a", `"javascript:alert(1)"`},
		{"x:srcset", "IMG", `"a.png 1x, javascript:alert(1) 2x"`},
		{"x:src", "IMG", `["javascript:alert(1)"]`},
	}
	for _, tt := range tests {
		b, err := parseBinding(tt.attr)
		if err != nil {
			t.Fatalf("parseBinding(%q): %v", tt.attr, err)
		}
		v, err := frame.ParseValue([]byte(tt.json))
		if err != nil {
			t.Fatal(err)
		}
		got, err := b.write(tt.tag, v)
		if err == nil {
			t.Errorf("%q on <%s> with %s = %+v, want a refusal", tt.attr, tt.tag, tt.json, got)
			continue
		}
		// The refusal comes with the action that clears the binding.
		clearing := bindAction{op: removeAttr, name: b.name}
		if b.kind == propertyTarget {
			clearing = bindAction{op: writeProperty, name: b.name, value: ""}
		}
		if !reflect.DeepEqual(got, clearing) {
			t.Errorf("%q on <%s> with %s: refused with %+v, want %+v", tt.attr, tt.tag, tt.json, got, clearing)
		}
	}
}

package dom

import "testing"

func TestSafeURL(t *testing.T) {
	tests := []struct {
		attr, tag, value string
		want             bool
	}{
		// Ordinary URLs are safe.
		{"href", "a", "/dashboard", true},
		{"href", "a", "https://example.com/x?y=1#z", true},
		{"href", "a", "http://example.com", true},
		{"href", "a", "mailto:someone@example.com", true},
		{"href", "a", "tel:+4412345", true},
		{"href", "a", "#section", true},
		{"href", "a", "", true},
		{"src", "img", "//cdn.example.com/a.png", true},
		{"href", "a", "relative/page:with-colon", true},

		// The four blocked schemes, on every URL attribute.
		{"href", "a", "javascript:alert(1)", false},
		{"href", "a", "vbscript:msgbox(1)", false},
		{"href", "a", "file:///etc/passwd", false},
		{"href", "a", "data:text/html,<script>alert(1)</script>", false},
		{"src", "iframe", "javascript:alert(1)", false},
		{"action", "form", "javascript:alert(1)", false},
		{"formaction", "button", "javascript:alert(1)", false},
		{"poster", "video", "javascript:alert(1)", false},
		{"cite", "blockquote", "javascript:alert(1)", false},
		{"background", "body", "javascript:alert(1)", false},
		{"xlink:href", "a", "javascript:alert(1)", false},

		// Names and schemes compare case-insensitively.
		{"HREF", "A", "javascript:alert(1)", false},
		{"XLink:Href", "a", "javascript:alert(1)", false},
		{"href", "a", "JaVaScRiPt:alert(1)", false},
		{"href", "a", "VBSCRIPT:x", false},

		// Browser-like normalisation before the scheme is read.
		{"href", "a", "  javascript:alert(1)", false},
		{"href", "a", "\x00\x01\x1fjavascript:alert(1)", false},
		{"href", "a", "javascript:alert(1)\x00 ", false},
		{"href", "a", "java\tscript:alert(1)", false},
		{"href", "a", "java\nscr\ript:alert(1)", false},
		{"href", "a", "\njavascript\t:alert(1)", false},

		// What the parser does not treat as a scheme is a relative URL.
		{"href", "a", "java script:alert(1)", true},
		{"href", "a", "java\x00script:alert(1)", true},
		{"href", "a", "1javascript:alert(1)", true},
		{"href", "a", ":javascript:alert(1)", true},
		{"href", "a", "./javascript:alert(1)", true},
		{"href", "a", "&#x6A;avascript:alert(1)", true},

		// Attributes that hold no URL are not this check's business.
		{"title", "a", "javascript:alert(1)", true},
		{"value", "input", "data:text/html,x", true},

		// data:image/...;base64 is allowed on img src only.
		{"src", "img", "data:image/png;base64,iVBORw0KGgo=", true},
		{"src", "IMG", "data:image/png;base64,iVBORw0KGgo=", true},
		{"src", "img", "DATA:Image/GIF;BASE64,R0lGOD", true},
		{"src", "img", "data:image/svg+xml;base64,PHN2Zz4=", true},
		{"src", "img", "data:image/png;name=a.png;base64,iVBOR", true},
		{"src", "img", "data:image/png; base64,iVBOR", true},
		{"src", "img", " data:image/png;base64,iVBOR\n", true},
		{"src", "img", "data:image/png,rawbytes", false},
		{"src", "img", "data:image/;base64,AAAA", false},
		{"src", "img", "data:image/png;base64", false},
		{"src", "img", "data:text/html;base64,PHNjcmlwdD4=", false},
		{"src", "img", "data:imagex/png;base64,AAAA", false},
		{"src", "img", "data:image/png;charset;base64,AAAA", false},
		{"src", "script", "data:image/png;base64,AAAA", false},
		{"src", "iframe", "data:image/png;base64,AAAA", false},
		{"href", "a", "data:image/png;base64,AAAA", false},
		{"poster", "video", "data:image/png;base64,AAAA", false},

		// srcset: every candidate is checked, and no data: exception.
		{"srcset", "img", "a.png 1x, b.png 2x", true},
		{"srcset", "img", "https://x/a.png 100w,https://x/b.png 200w", true},
		{"srcset", "img", "a.png 1x, javascript:alert(1) 2x", false},
		{"srcset", "img", "javascript:alert(1)", false},
		{"srcset", "source", "a.png,\tJAVA\nSCRIPT:x 2x", true},
		{"srcset", "source", "a.png,\x01javascript:x 2x", false},
		{"srcset", "img", "a.png 1x,file:///etc/passwd 2x", false},
		{"srcset", "img", "data:image/png;base64,AAAA 1x", false},
		{"srcset", "img", "", true},
	}
	for _, tt := range tests {
		if got := SafeURL(tt.attr, tt.tag, tt.value); got != tt.want {
			t.Errorf("SafeURL(%q, %q, %q) = %v, want %v", tt.attr, tt.tag, tt.value, got, tt.want)
		}
	}
}

package dom

import "testing"

func TestIsFullPage(t *testing.T) {
	tests := []struct {
		name   string
		markup string
		want   bool
	}{
		{"doctype", "<!DOCTYPE html><html><body>x</body></html>", true},
		{"doctype lower case", "<!doctype html>", true},
		{"doctype mixed case", "<!DocType html>", true},
		{"doctype without a space", "<!DOCTYPEhtml>", true},
		{"html tag", "<html><body>x</body></html>", true},
		{"html tag upper case", "<HTML lang=en>", true},
		{"html tag with attributes", "<html lang=\"en\">", true},
		{"html tag with a newline", "<html\nlang=en>", true},
		{"self-closing html tag", "<html/>", true},
		{"bare html at the end", "<html", true},
		{"leading whitespace", " \t\r\n\f<!DOCTYPE html>", true},
		{"byte-order mark", "\uFEFF<!DOCTYPE html>", true},
		{"leading comment", "<!-- generated -->\n<!DOCTYPE html>", true},
		{"comments and whitespace", "<!--a-->  <!--b-->\n<html>", true},
		{"comment containing markup", "<!-- <p>x</p> --><html>", true},
		{"comment closed by --!>", "<!-- x --!><html>", true},
		{"abrupt empty comment", "<!--><html>", true},
		{"abrupt empty comment with dash", "<!---><html>", true},
		{"empty comment", "<!----><html>", true},
		{"xml processing instruction", "<?xml version=\"1.0\"?><html>", true},

		{"fragment", "<p>Hello</p>", false},
		{"empty", "", false},
		{"only whitespace", "  \n", false},
		{"text first", "Hello <html>", false},
		{"leading title", "<title>x</title><p>y</p>", false},
		{"html-prefixed custom tag", "<html-view>x</html-view>", false},
		{"htmlx tag", "<htmlx>", false},
		{"head tag", "<head><title>x</title></head>", false},
		{"body tag", "<body>x</body>", false},
		{"unterminated comment", "<!-- <html>", false},
		{"unterminated processing instruction", "<?xml <html", false},
		{"doctype inside a comment", "<!-- <!DOCTYPE html> -->", false},
		{"doctype after text", "x<!DOCTYPE html>", false},
		{"non-breaking space is not whitespace", "\u00a0<html>", false},
		{"byte-order mark after whitespace", " \uFEFF<html>", false},
	}
	for _, tt := range tests {
		if got := IsFullPage(tt.markup); got != tt.want {
			t.Errorf("%s: IsFullPage(%q) = %v, want %v", tt.name, tt.markup, got, tt.want)
		}
	}
}

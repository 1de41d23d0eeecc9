package dom

import (
	"bytes"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"html"
	"regexp"
	"strings"
	"testing"
)

// xssCorpusJSON is the XSS corpus: a JSON array of vectors, each a name,
// a category and the markup an attacker would get into an html event.
// Every payload, when it runs, assigns window.__xss, which the browser
// test (sanitize_corpus_js_test.go) watches.
//
//go:embed testdata/xss.json
var xssCorpusJSON []byte

// xssVector is one entry of the corpus.
type xssVector struct {
	Name     string `json:"name"`
	Category string `json:"category"`
	Markup   string `json:"markup"`
}

// xssCategories are the corpus categories and what each covers.
var xssCategories = map[string]string{
	"script":        "script elements in every casing, with attributes, whitespace, in tables, selects and templates",
	"event-handler": "on* attributes on img, body, details, video, audio, input autofocus, marquee and more",
	"url-scheme":    "javascript:, vbscript:, data: and file: URLs with whitespace, controls and case tricks",
	"entity":        "character references hiding schemes, colons, tabs and handlers",
	"svg-mathml":    "SVG and MathML namespace confusion: foreignObject, annotation-xml, mglyph, malignmark",
	"embedding":     "srcdoc, srcset, base, meta refresh, iframe, frame, object, embed, link",
	"style":         "style elements and attributes",
	"mutation":      "mutation-XSS shapes: noscript, style, template, textarea, title, xmp, comments",
	"clobbering":    "DOM clobbering through form controls and named img and form elements",
}

func loadXSSCorpus(t testing.TB) []xssVector {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(xssCorpusJSON))
	dec.DisallowUnknownFields()
	var corpus []xssVector
	if err := dec.Decode(&corpus); err != nil {
		t.Fatalf("testdata/xss.json: %v", err)
	}
	return corpus
}

func TestXSSCorpusShape(t *testing.T) {
	corpus := loadXSSCorpus(t)
	if len(corpus) < 150 {
		t.Errorf("the corpus has %d vectors, want at least 150", len(corpus))
	}
	seen := map[string]bool{}
	perCategory := map[string]int{}
	for _, v := range corpus {
		switch {
		case v.Name == "" || v.Markup == "":
			t.Errorf("vector %+v has no name or no markup", v)
		case seen[v.Name]:
			t.Errorf("vector name %q repeated", v.Name)
		case xssCategories[v.Category] == "":
			t.Errorf("vector %q: unknown category %q", v.Name, v.Category)
		case !setsXSSFlag(v.Markup):
			t.Errorf("vector %q: its payload does not set the __xss flag, so running it would go unseen", v.Name)
		case strings.Contains(v.Markup, "alert("):
			t.Errorf("vector %q calls alert, which a headless test cannot see; set __xss instead", v.Name)
		}
		seen[v.Name] = true
		perCategory[v.Category]++
	}
	for c := range xssCategories {
		if perCategory[c] < 5 {
			t.Errorf("category %q has %d vectors, want at least 5", c, perCategory[c])
		}
	}
}

// base64Run matches what may be a base64 payload inside markup.
var base64Run = regexp.MustCompile(`[A-Za-z0-9+/]{8,}={0,2}`)

// setsXSSFlag reports whether markup mentions the __xss flag, plainly,
// through character references, or in a base64 payload.
func setsXSSFlag(markup string) bool {
	text := html.UnescapeString(markup)
	if strings.Contains(text, "__xss") {
		return true
	}
	for _, run := range base64Run.FindAllString(text, -1) {
		if b, err := base64.StdEncoding.DecodeString(run); err == nil && bytes.Contains(b, []byte("__xss")) {
			return true
		}
	}
	return false
}

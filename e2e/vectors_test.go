package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// wireVector is the part of a row of wire/testdata/vectors.json this test
// needs: the exact JSON text and the event it stands for.
type wireVector struct {
	Name  string `json:"name"`
	JSON  string `json:"json"`
	Event struct {
		Type   string          `json:"type"`
		Target string          `json:"target"`
		Data   json.RawMessage `json:"data"`
		Event  string          `json:"event"`
	} `json:"event"`
}

// pathKey is one key of a binding path the runtime accepts.
var pathKey = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// scalarPaths returns the dotted paths to every string, number and boolean
// reachable through nested objects of data (not through arrays), sorted.
func scalarPaths(data json.RawMessage) []string {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return nil
	}
	var paths []string
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, child := range v {
				if pathKey.MatchString(k) {
					walk(prefix+k+".", child)
				}
			}
		case string, json.Number, bool:
			paths = append(paths, strings.TrimSuffix(prefix, "."))
		}
	}
	walk("", v)
	slices.Sort(paths)
	return paths
}

// vectorFixture returns markup holding one element that target selects,
// with a bound span per path inside it. Targets are the selectors of the
// vectors; a new kind of selector needs a case here.
func vectorFixture(target string, paths []string) (string, error) {
	var spans strings.Builder
	for _, p := range paths {
		fmt.Fprintf(&spans, `<span s-bind="%s">∅</span>`, p)
	}
	if id, ok := strings.CutPrefix(target, "#"); ok && pathKey.MatchString(id) {
		return `<div id="` + id + `">` + spans.String() + `</div>`, nil
	}
	if target == `[data-id="7"] > .row` {
		return `<div data-id="7"><div class="row">` + spans.String() + `</div></div>`, nil
	}
	return "", fmt.Errorf("no fixture for the target %q", target)
}

// Every patch and custom vector of wire/testdata/vectors.json, sent as its
// exact JSON text, has its effect in the browser: a custom event's
// detail.data is the vector's data, a patch shows each value in a bound
// element. Targetless patches go to the s-live root, the other fixtures
// sit outside it.
func TestWireVectorsInBrowser(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "wire", "testdata", "vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var vectors []wireVector
	if err := json.Unmarshal(b, &vectors); err != nil {
		t.Fatal(err)
	}

	// One fixture per target, bound to the paths of every vector sent to it;
	// each vector is checked right after it is sent.
	var used []wireVector
	var targets []string
	pathsOf := map[string][]string{}
	for _, v := range vectors {
		switch v.Event.Type {
		case "custom":
			used = append(used, v)
		case "patch":
			used = append(used, v)
			if _, seen := pathsOf[v.Event.Target]; !seen {
				targets = append(targets, v.Event.Target)
			}
			pathsOf[v.Event.Target] = append(pathsOf[v.Event.Target], scalarPaths(v.Event.Data)...)
		}
	}
	var page strings.Builder
	for _, target := range targets {
		paths := slices.Compact(slices.Sorted(slices.Values(pathsOf[target])))
		fixture := target
		if target == "" {
			fixture = "#vroot"
		}
		markup, err := vectorFixture(fixture, paths)
		if err != nil {
			t.Fatal(err)
		}
		page.WriteString(markup + "\n")
	}
	if _, ok := pathsOf[""]; !ok {
		page.WriteString(`<div id="vroot"></div>`)
	}
	body := strings.Replace(page.String(), `<div id="vroot">`, `<div id="vroot" s-live="/raw/{{id}}"><p id="marker" s-bind="marker">-</p>`, 1)

	ts := newTestServer(t)
	tb, id := openPage(t, ts, "", body)
	c := ts.raw(t, id, 1)
	tb.waitFor("silcrow:live:connect", `__count("silcrow:live:connect") === 1`)

	for i, v := range used {
		t.Run(v.Name, func(t *testing.T) {
			tb := tb.with(t)
			data := string(v.Event.Data)
			if data == "" {
				data = "null"
			}
			if v.Event.Type == "custom" {
				tb.exec(`window.__got = undefined;
					document.addEventListener(` + js("silcrow:ws:"+v.Event.Event) + `, (e) => {
						window.__got = {data: JSON.stringify(e.detail.data), url: e.detail.url};
					}, {once: true})`)
				c.text(t, v.JSON)
				tb.waitFor("silcrow:ws:"+v.Event.Event, `window.__got !== undefined`)
				got := eval[struct {
					Data string `json:"data"`
					URL  string `json:"url"`
				}](tb, `window.__got`)
				want := eval[string](tb, `JSON.stringify(JSON.parse(`+js(data)+`))`)
				if got.Data != want {
					t.Errorf("detail.data is %s, want %s", got.Data, want)
				}
				if got.URL != ts.wsURL("/raw/"+id) {
					t.Errorf("detail.url is %q, want %q", got.URL, ts.wsURL("/raw/"+id))
				}
				return
			}

			box := `document.querySelector(` + js(v.Event.Target) + `)`
			if v.Event.Target == "" {
				box = `$id("vroot")`
			}
			paths := scalarPaths(v.Event.Data)
			tb.exec(box + `.querySelectorAll("span[s-bind]").forEach((el) => { el.textContent = "∅"; })`)
			c.text(t, v.JSON)
			if len(paths) == 0 {
				// Nothing to show: the frame must at least not break the
				// connection, so a later patch still applies.
				c.text(t, fmt.Sprintf(`{"type":"patch","target":"#marker","data":{"marker":"after %d"}}`, i))
				tb.waitFor("the patch after the vector", fmt.Sprintf(`$id("marker").textContent === "after %d"`, i))
				return
			}
			tb.waitFor("every value of the vector in its bound element", `((box, data, paths) => paths.every((p) => {
				const el = box.querySelector('[s-bind="' + p + '"]');
				return el !== null && el.textContent === String(p.split(".").reduce((o, k) => o[k], data));
			}))(`+box+`, JSON.parse(`+js(data)+`), `+js(paths)+`)`)
		})
	}
	if n := eval[int](tb, `__count("silcrow:live:disconnect")`); n != 0 {
		t.Errorf("the socket closed %d times during the vectors", n)
	}
}

//go:build js && wasm

package dom

import "testing"

func TestOptimisticThenRevertRoundTrip(t *testing.T) {
	fixture(t, `<div id="post"><span id="likes" s-bind="likes">10</span>`+
		`<button id="like" s-bind="liked:aria-pressed" aria-pressed="false">like</button>`+
		`<input id="draft" s-bind="draft:value">`+
		`<ul id="comments" s-list="comments">`+
		`<li data-key="c1" s-key=""><b s-bind=".author">ann</b>: <span s-bind=".text">hi</span></li>`+
		`<li data-key="c2" s-key=""><b s-bind=".author">bob</b>: <span s-bind=".text">yo</span></li>`+
		`<template><li><b s-bind=".author"></b>: <span s-bind=".text"></span></li></template></ul></div>`)
	post := byID(t, "post")
	markup := post.Get("innerHTML").String()
	_, nodes := renderedItems("comments")
	byID(t, "draft").Set("value", "typed by the user")
	patched := eventLog(t, post, "silcrow:patched")
	optimistic := eventLog(t, post, "silcrow:optimistic")
	reverted := eventLog(t, post, "silcrow:revert")

	Optimistic(post, []byte(`{"likes":11,"liked":true,"draft":"",`+
		`"comments":[{"key":"c2","author":"bob","text":"yo!"},{"key":"tmp","author":"me","text":"sending…"}]}`))

	if got := textOf(byID(t, "likes")); got != "11" {
		t.Errorf("likes = %q, want 11", got)
	}
	if got := attrOf(byID(t, "like"), "aria-pressed").String(); got != "true" {
		t.Errorf("aria-pressed = %q, want \"true\", String(true)", got)
	}
	if got := byID(t, "draft").Get("value").String(); got != "" {
		t.Errorf("draft = %q, want cleared", got)
	}
	if got := textOf(byID(t, "comments")); got != "bob: yo!me: sending…" {
		t.Errorf("comments = %q", got)
	}
	if len(*patched) != 1 || len(*optimistic) != 1 {
		t.Errorf("silcrow:patched %d times, silcrow:optimistic %d times; want once each", len(*patched), len(*optimistic))
	}

	Revert(post)

	if got := post.Get("innerHTML").String(); got != markup {
		t.Errorf("after revert the markup is\n%s\nwant\n%s", got, markup)
	}
	if got := byID(t, "draft").Get("value").String(); got != "typed by the user" {
		t.Errorf("draft = %q, want what the user had typed", got)
	}
	_, after := renderedItems("comments")
	for k, n := range nodes {
		if !after[k].Equal(n) {
			t.Errorf("comment %s is a new node, want the one it had", k)
		}
	}
	if len(*reverted) != 1 {
		t.Errorf("silcrow:revert fired %d times, want once", len(*reverted))
	}

	// Revert invalidated the root: the next patch sees new bindings.
	post.Call("insertAdjacentHTML", "beforeend", `<i id="more" s-bind="likes"></i>`)
	patchJS(post, `{"likes":12}`, PatchOptions{})
	if got := textOf(byID(t, "more")); got != "12" {
		t.Errorf("a binding added after revert shows %q, want 12", got)
	}
}

func TestRevertWithoutOptimisticOnlyWarns(t *testing.T) {
	warnings := captureWarnings(t)
	root := fixture(t, `<p s-bind="n">before</p>`)
	patchJS(root, `{"n":"now"}`, PatchOptions{})

	Revert(root)

	if got := textOf(root); got != "now" {
		t.Errorf("text = %q, want now", got)
	}
	if len(*warnings) != 1 {
		t.Errorf("warnings = %q, want one", *warnings)
	}
}

package dom

import (
	"reflect"
	"strings"
	"testing"
)

func TestRevertRestoresWhatTheRootShowedBeforeOptimistic(t *testing.T) {
	count := bound("P", "count")
	count.text = "server-rendered"
	liked := elem("BUTTON", "s-bind", "liked:aria-pressed", "aria-pressed", "false")
	draft := bound("INPUT", "draft:value")
	draft.props = map[string]any{"value": ""}
	root, container := todoList()
	root.with(count, liked, draft)
	doc := newFakeDOM()
	engine := engineFor(doc)

	engine.patch(root, []byte(itemsJSON("a b c")), PatchOptions{})
	nodes := itemNodes(container)
	draft.props["value"] = "typed by the user"

	engine.optimistic(root, []byte(`{"count":5,"liked":true,"draft":"","todos":[`+
		`{"key":"c","title":"C!"},{"key":"a","title":"A"},{"key":"new","title":"NEW"}]}`))

	if got := keys(container); got != "c a new -" {
		t.Fatalf("after optimistic: items %q, want c a new -", got)
	}
	if count.text != "5" || liked.attrs["aria-pressed"] != "true" || draft.props["value"] != "" {
		t.Fatalf("after optimistic: count %q, aria-pressed %q, draft %q", count.text, liked.attrs["aria-pressed"], draft.props["value"])
	}
	if got := doc.applied("silcrow:optimistic"); len(got) != 1 {
		t.Errorf("silcrow:optimistic fired %d times, want once", len(got))
	}

	engine.revert(root)

	if got := keys(container); got != "a b c -" {
		t.Errorf("after revert: items %q, want a b c -", got)
	}
	for k, n := range itemNodes(container) {
		if nodes[k] != n {
			t.Errorf("item %s is not the node it was before", k)
		}
	}
	if got := texts(container); got != "A B C" {
		t.Errorf("after revert: item texts %q, want A B C", got)
	}
	if count.text != "server-rendered" {
		t.Errorf("count = %q, want the text it had before any patch", count.text)
	}
	if liked.attrs["aria-pressed"] != "false" {
		t.Errorf("aria-pressed = %q, want false", liked.attrs["aria-pressed"])
	}
	if draft.props["value"] != "typed by the user" {
		t.Errorf("draft = %q, want what the user had typed", draft.props["value"])
	}
	if _, ok := doc.cached(root); ok {
		t.Error("revert did not invalidate the root")
	}
	if got := doc.applied("silcrow:revert"); len(got) != 1 || !reflect.DeepEqual(got[0], []string{"count", "liked", "draft", "todos"}) {
		t.Errorf("silcrow:revert paths = %q, want one event covering count liked draft todos", got)
	}
}

func TestRevertWithoutOptimisticChangesNothing(t *testing.T) {
	warnings := captureWarnings(t)
	el := bound("P", "n")
	root := elem("DIV").with(el)
	doc := newFakeDOM()
	engine := engineFor(doc)
	engine.patch(root, []byte(`{"n":1}`), PatchOptions{})

	engine.revert(root)

	if el.text != "1" || len(doc.applied("silcrow:revert")) != 0 {
		t.Errorf("text %q, %d revert events; want 1 and none", el.text, len(doc.applied("silcrow:revert")))
	}
	if len(*warnings) != 1 || !strings.Contains((*warnings)[0], "revert ignored") {
		t.Errorf("warnings = %q, want one", *warnings)
	}
}

func TestInvalidateDiscardsTheSnapshot(t *testing.T) {
	captureWarnings(t)
	el := bound("P", "n")
	root := elem("DIV").with(el)
	doc := newFakeDOM()
	engine := engineFor(doc)
	engine.patch(root, []byte(`{"n":1}`), PatchOptions{})
	engine.optimistic(root, []byte(`{"n":2}`))

	engine.patch(root, []byte(`{}`), PatchOptions{Invalidate: true})
	engine.revert(root)

	if el.text != "2" {
		t.Errorf("text = %q, want 2: the snapshot went with the map", el.text)
	}
}

func TestEachOptimisticReplacesTheSnapshot(t *testing.T) {
	el := bound("P", "n")
	root := elem("DIV").with(el)
	doc := newFakeDOM()
	engine := engineFor(doc)
	engine.patch(root, []byte(`{"n":1}`), PatchOptions{})

	engine.optimistic(root, []byte(`{"n":2}`))
	engine.optimistic(root, []byte(`{"n":3}`))
	engine.revert(root)

	if el.text != "2" {
		t.Errorf("text = %q, want 2, what the root showed before the last optimistic", el.text)
	}
}

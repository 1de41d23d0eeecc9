// Package dom is what the Silcrow runtime does to the page: the binding
// engine behind Silcrow.patch, Silcrow.invalidate, Silcrow.optimistic and
// Silcrow.revert, the sanitized HTML swap and the navigation swap.
// client/live decides which element an event goes to; this package
// changes it, through the browser bridge (client/internal/bridge): the DOM
// work of a patch or a swap is written as one list of commands and applied
// by one call.
//
// Start with [Patch] and [Invalidate] for bindings and lists, [Optimistic]
// and [Revert], and [SafeURL], the URL scheme rule shared by bindings and
// the sanitizer. The rules are pure Go, tested natively ([ParsePath],
// [Resolve], [Text], [SafeURL], the list diff, and the whole patch
// sequence on a fake DOM); the *_js.go files are thin adapters onto the
// bridge (patches, lists, sanitizing, fragment swaps) and, on the cold
// paths (navigation, morph, full pages), syscall/js. Both reach the DOM
// only through the built-in prototypes' methods and accessors, so markup
// such as <form><input name="closest"></form> cannot shadow what they
// call. Debug warnings go to the function given to [SetWarn]. An entry
// point for Go code takes an element as a js.Value; null or undefined is
// no element, refused with a warning or an error.
//
// For the size of silcrow.wasm, nothing here but tests imports fmt,
// encoding/json, reflect, time or honnef.co/go/js/dom/v2: together they
// would add several hundred KB of gzip. (dom/v2 imports time, whose
// initialization alone links 52 KB of GODEBUG and runtime-metrics code;
// its Wrap functions switch over every element type and so link all their
// methods.) Patch data is decoded by wire/frame's ParseValue, messages are
// concatenated, time comes from client/internal/clock.
//
// # Binding choices where the spec is silent
//
//   - The binding scan of a root covers the root itself and every
//     descendant with s-bind or s-list, except anything inside a
//     <template> and the content of s-list containers, which their lists
//     scan. Its map is cached per root until [Invalidate] or
//     PatchOptions.Invalidate; new s-bind elements are not seen before
//     that, as in Silcrow.js. Invalidate also drops the maps of roots
//     cached inside the element.
//   - One s-bind attribute holds one binding, as in Silcrow.js. The first
//     ":" separates the path from the name ("url:xlink:href" binds the
//     attribute xlink:href); nothing is trimmed, so " count" is an invalid
//     path.
//   - value, checked, disabled, selected, src, href and selectedIndex (in
//     that spelling) are properties; any other name is an attribute.
//   - null clears: textContent, value, src and href become "", checked,
//     disabled and selected false, selectedIndex 0 (its type's zero, and
//     what Silcrow.js sets), and an attribute is removed. For an attribute,
//     true sets it present and empty and false removes it, so bind "true" as
//     a string for aria-* and other enumerated attributes.
//   - Values become text as JavaScript's String does ([Text]); selectedIndex
//     gets the JSON value itself and the browser's own number conversion.
//     A number too large for a float64 is ±Infinity, as with JSON.parse.
//   - Paths reach own data only: object keys other than __proto__,
//     constructor and prototype, and array elements by canonical index. An
//     array's length and a string's members resolve to nothing.
//   - A local path (".title", ".author.name") belongs to the items of a
//     list and resolves in the item's data; outside any item it is skipped
//     with a warning.
//   - Refused with a warning, once per scan: an invalid path, a name that
//     is not an XML Name (what setAttribute accepts everywhere), on* and
//     srcdoc, and any binding on <script> (which runs when it first gains
//     text or a src) or on the SVG animation elements set, animate,
//     animateMotion and animateTransform (which can write any attribute of
//     another element, href included). Refused per value: a URL that
//     [SafeURL] rejects. A setter or setAttribute that throws is caught; the
//     one element is skipped with a warning and the patch goes on.
//   - silcrow:patched carries the paths this patch applied: the bound paths
//     present in the data that at least one element shows, in the order
//     the scan found them, then the paths of the lists whose array was
//     accepted. Silcrow.js lists every bound path instead. The event fires
//     even when no path applied, but not when the data is not JSON: such a
//     patch is ignored whole with a warning. The detail, {paths}, is frozen
//     (its paths array too) and shared by the events with the same name
//     and paths, which spares a stream of patches most of the event's cost;
//     a listener that wants to change it copies it first.
//   - Roots may overlap (Silcrow.patch on #app, live events on an s-live
//     element inside it). After a root is patched, the cached maps of the
//     roots that contain it or lie inside it are dropped, because what
//     they remember about writes and list items may have changed; they
//     rescan on their next patch.
//   - A patch started by page code that runs during a patch (a custom
//     element's callback reacting to a DOM change) waits until the running
//     patch has finished. Events fire after the work, so a listener may
//     patch from inside silcrow:patched.
//
// # Writing only what changed
//
// Each binding remembers the action it last carried out, and a patch skips
// a write that would repeat it while the element still shows it: a
// 1,000-item list patch where 100 texts changed makes 100 text writes,
// where Silcrow.js makes one per bound element. To repeat an action the
// engine makes sure the element still shows it, because page code may have
// changed it since (a status line a script filled with "reconnecting…");
// the value is written again when it is no longer shown, so the page ends
// up as Silcrow.js would leave it. The loader counts the document's
// changes that are not the engine's (a MutationObserver over texts,
// children and the attribute names bindings have written, so that a page
// animating style or class does not feed it; the listeners of the events
// a patch fires and a swapped-in fragment count as outside changes, a
// custom element's reaction to one of the engine's writes as the
// engine's): while the count has not moved since a text or an
// attribute was last written or checked, it still shows its value and
// costs nothing, which makes an unchanged 1,000-item list patch nearly
// free in the browser. When the count has moved, texts and attributes are
// checked by the browser as the command list is applied (a text or
// attribute command writes nothing when the element shows its value).
// Properties are read back on every repeat, since page code can set one
// without a trace. value, checked, selected and selectedIndex are written on every
// patch that carries their path, because the user changes them. A text
// or an attribute that shows its value already is never written, not even
// by the first patch after a scan.
//
// # Lists
//
// s-list="name" renders the array under name. Every item must be an
// object with a key that is a string, number or boolean; keys compare as
// their String() text, so 1 and "1" are one key. An array with an item
// that is not an object, a missing or null key, or a repeated key, is
// rejected whole with a warning, and so is one with a new item that no
// template can be found for or whose template breaks the rules: all new
// nodes are cloned before the first change to the page, so a rejected
// update leaves the DOM as it was. A value that is not an array is
// ignored with a warning (Silcrow.js's single-item merge and _remove
// forms are not supported).
//
// Items are the container's element children with an s-key attribute.
// Their key is written as Silcrow.js writes it, data-key="a" with a bare
// s-key marker (so li.dataset.key and [data-key=…] selectors work); it is
// read from data-key, else from the value of s-key (s-key="a", the form
// earlier versions wrote). Items the server rendered in either form are
// reused like cloned ones. Items sit together at the start of the
// container, before the <template> and any other children, which keep
// their order; their bindings are the root's. A new item is cloned from the <template> whose id is the
// key's part before "#" ("card#7" → <template id="card">), else the one
// the container's s-template attribute names, else the container's first
// <template> child; a key prefix or s-template naming no template falls
// through to the next choice. A template holds exactly one element, and no
// <script>, on* attribute or s-list anywhere in it (nested templates
// included). Template lookups are cached with the map. Inside an item,
// local bindings get the item's data; other bindings are registered in the
// root's map while the item is in the list. Lists do not nest.
//
// The order is reconciled with the fewest moves: the kept items, in their
// new order, carry their old positions, and a longest increasing
// subsequence of those positions is the largest set of kept nodes already
// in the right relative order. Those stay; removed items are taken out,
// and from the last item to the first every other node is inserted before
// its successor's node, which moves each out-of-order node once and
// places each new one. n − LIS moves is the minimum for n kept nodes.
// Cost: O(n log n) time for the subsequence (patience sorting with binary
// search), O(n) when no item moved, plus one DOM insertion per moved or
// created item and one removal per removed item.
//
// # Optimistic updates
//
// [Optimistic] takes a snapshot of the root and then patches it. The
// snapshot holds, for every binding of the root's map, global or local to
// an item, the value it shows: the action the engine last carried out
// through it, or, for a binding not written yet and for the live
// properties above, the element's current text, attribute or property as
// read from the page; and, for every list, its item nodes in order. It is
// taken against the cached map, so it describes the bindings the map knew
// of. [Revert] puts those item nodes back in that order (removing items
// the optimistic patch created, putting back the very nodes it removed),
// writes back every recorded value that differs from what is shown,
// invalidates the root and fires silcrow:revert. Nothing is serialized or
// parsed, unlike Silcrow.js, which restores innerHTML; element identity,
// listeners and focus survive. One snapshot per root: each Optimistic
// replaces it, Revert consumes it, and anything that drops the root's map
// discards it: invalidating the root, or patching a root that overlaps it.
package dom

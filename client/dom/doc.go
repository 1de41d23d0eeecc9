// Package dom is what the Silcrow runtime does to the page: the binding
// engine behind Silcrow.patch and Silcrow.invalidate (SPEC §4.4), the
// sanitized HTML swap and the navigation swap (§4.5, §4.7). client/live
// decides which element an event goes to; this package changes it.
//
// Start with [Patch] and [Invalidate] for bindings, and [SafeURL], the URL
// scheme rule shared by bindings and the sanitizer. The rules are pure Go,
// tested natively ([ParsePath], [Resolve], [Text], [SafeURL]); the *_js.go
// files are thin adapters onto syscall/js and honnef.co/go/js/dom/v2.
// Debug warnings go to the function given to [SetWarn].
//
// # Binding choices where the spec is silent
//
//   - The binding scan of a root covers the root itself and every
//     descendant with s-bind, except anything inside a <template>. Its map
//     is cached per root until [Invalidate] or PatchOptions.Invalidate; new
//     s-bind elements are not seen before that, as in Silcrow.js.
//     Invalidate also drops the maps of roots cached inside the element.
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
//   - A local path (".title") belongs to the items of the s-list around it
//     and is not part of the root's map; outside any s-list it is skipped
//     with a warning.
//   - Refused with a warning, once per scan: an invalid path, a name that
//     is not an XML Name (what setAttribute accepts everywhere), on* and
//     srcdoc, and any binding on <script> (which runs when it first gains
//     text or a src) or on the SVG animation elements set, animate,
//     animateMotion and animateTransform (which can write any attribute of
//     another element, href included). Refused per value: a URL that
//     [SafeURL] rejects. A setter or setAttribute that throws is caught; the
//     one element is skipped with a warning and the patch goes on.
//   - silcrow:patched carries the paths this patch applied: present in the
//     data and written to at least one element, in document order.
//     Silcrow.js lists every bound path instead. The event fires even when
//     no path applied, but not when the data is not JSON: such a patch is
//     ignored whole with a warning.
package dom

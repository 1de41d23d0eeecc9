package bridge

// URL is a URL as the browser's URL object splits and serializes it.
// Resolving a reference is the platform's job (new URL(ref, base) in the
// browser, see ParseURL; net/url in native tests), which keeps net/url
// out of silcrow.wasm; the policies applied to the parts (which live
// URLs, which navigations) belong to the packages that apply them.
type URL struct {
	// Href is the whole URL, serialized: what fetch and pushState get.
	Href string
	// Protocol is the scheme with its colon, lower case: "https:".
	Protocol string
	// Host is host[:port], lower case, without the scheme's default port,
	// so that two URLs of one origin have equal Protocol and Host.
	Host string
	// Username and Password are the credentials written into the URL,
	// empty when it has none.
	Username, Password string
	// Pathname and Search are the path and the query with its "?".
	Pathname, Search string
}

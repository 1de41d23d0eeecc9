package bridge

// PanicText describes a recovered panic: usually a js.Error thrown by a
// call into the browser. fmt is not linked into the wasm, for size.
func PanicText(r any) string {
	switch v := r.(type) {
	case error:
		return v.Error()
	case string:
		return v
	}
	return "unknown panic"
}

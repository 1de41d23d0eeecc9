package wire

import "github.com/silcrow/silcrow/wire/frame"

// EncodeSSE returns the Server-Sent Events form of e: its name, which is
// its type, and its data. A patch is {"target":T,"data":D}, an html
// {"target":T,"html":M} (with "swap" when set), an invalidate its selector
// as text (empty without a target), a navigate its path as text, and a
// custom {"event":N,"data":D}. It fails where [Encode] fails. See
// [frame.EncodeSSE].
func EncodeSSE(e Event) (name string, data []byte, err error) { return frame.EncodeSSE(e) }

// DecodeSSE reads one Server-Sent Event from its name ("" or "message" for
// an unnamed message, which is a patch) and its data, as the client does.
// It never panics; its errors are [*DecodeError]s. See [frame.DecodeSSE].
func DecodeSSE(name string, data []byte) (Event, error) { return frame.DecodeSSE(name, data) }

// AppendSSE appends one Server-Sent Events message to dst: the id line
// when id is not empty, the event line when name is not empty, one data
// line per line of data, and the blank line that ends it. id and name must
// not contain CR or LF. See [frame.AppendSSE].
func AppendSSE(dst []byte, id, name string, data []byte) []byte {
	return frame.AppendSSE(dst, id, name, data)
}

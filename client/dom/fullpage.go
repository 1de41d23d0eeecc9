package dom

import "strings"

// IsFullPage reports whether markup is a whole HTML document rather than a
// fragment: after an optional byte-order mark, whitespace and comments, it
// begins with "<!DOCTYPE" or an "<html" start tag, in any case. A server
// answering a navigation with its ordinary page sends one; the swap then
// takes the page's title and its body (or the requested part of it)
// instead of inserting <html>, <head> and all as a fragment.
func IsFullPage(markup string) bool {
	s := strings.TrimPrefix(markup, "\uFEFF")
	for {
		s = strings.TrimLeft(s, "\t\n\f\r ")
		rest, ok := skipComment(s)
		if !ok {
			break
		}
		s = rest
	}
	switch {
	case hasPrefixFold(s, "<!doctype"):
		return true
	case hasPrefixFold(s, "<html"):
		rest := s[len("<html"):]
		return rest == "" || strings.IndexByte("\t\n\f\r />", rest[0]) >= 0
	}
	return false
}

// skipComment returns what follows the comment at the start of s, the way
// the HTML tokenizer ends comments: "<!-->" and "<!--->" are empty
// comments, otherwise the first "-->" or "--!>" ends it. A processing
// instruction such as "<?xml ...?>" is a bogus comment ending at the first
// ">". It reports false when s does not start with a comment or the
// comment never ends (then the whole rest is a comment, not a page).
func skipComment(s string) (string, bool) {
	if strings.HasPrefix(s, "<?") {
		end := strings.IndexByte(s, '>')
		if end < 0 {
			return "", false
		}
		return s[end+1:], true
	}
	if !strings.HasPrefix(s, "<!--") {
		return "", false
	}
	body := s[len("<!--"):]
	for _, abrupt := range []string{">", "->"} {
		if strings.HasPrefix(body, abrupt) {
			return body[len(abrupt):], true
		}
	}
	end, closer := strings.Index(body, "-->"), len("-->")
	if bang := strings.Index(body, "--!>"); bang >= 0 && (end < 0 || bang < end) {
		end, closer = bang, len("--!>")
	}
	if end < 0 {
		return "", false
	}
	return body[end+closer:], true
}

// hasPrefixFold reports whether s begins with the lower-case ASCII prefix,
// compared ASCII case-insensitively.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

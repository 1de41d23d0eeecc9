package server

import (
	"errors"
	"net/http"
	"strings"
)

// HeaderTarget is the request header the Silcrow runtime sends on every
// fetch it makes.
const HeaderTarget = "silcrow-target"

// IsSilcrow reports whether r was made by the Silcrow runtime (it carries a
// silcrow-target header, whatever its value), so a handler can answer with
// a fragment instead of a whole page.
func IsSilcrow(r *http.Request) bool {
	return len(r.Header.Values(HeaderTarget)) > 0
}

// Format is a representation a handler can produce.
type Format int

// The formats [Negotiate] chooses between.
const (
	FormatHTML Format = iota + 1 // text/html
	FormatJSON                   // application/json
)

// MediaType returns the format's media type.
func (f Format) MediaType() string {
	switch f {
	case FormatHTML:
		return "text/html"
	case FormatJSON:
		return "application/json"
	}
	return ""
}

// Negotiate returns the offered format r's Accept header prefers, and false
// when it accepts none of them. The rules:
//   - each format takes the q-value of the most specific media range that
//     matches it (text/html, then text/*, then */*; application/json, then
//     application/*, then */*); equally specific ranges give the highest q;
//     media-range parameters other than q are ignored;
//   - q=0 means not acceptable; a format no range matches is not acceptable;
//   - HTML wins a tie with JSON, whatever the order of offers;
//   - malformed parts (no slash, */subtype, a bad q) are ignored, and an
//     Accept that is absent, empty or has no well-formed part accepts
//     anything.
//
// Several Accept header lines are read as one comma-separated list.
func Negotiate(r *http.Request, offers ...Format) (Format, bool) {
	ranges := parseAccept(strings.Join(r.Header.Values("Accept"), ","))
	best, bestQ := Format(0), 0
	for _, preferred := range []Format{FormatHTML, FormatJSON} {
		if !contains(offers, preferred) {
			continue
		}
		if q := ranges.quality(preferred.MediaType()); q > bestQ {
			best, bestQ = preferred, q
		}
	}
	return best, bestQ > 0
}

// Arms are the ways a handler can answer, as in the guide's
// respond!(req, { html => ..., json => ... }). A nil arm is not offered.
type Arms struct {
	HTML func() *Response
	JSON func() *Response
}

// Respond sends the arm that r prefers (see [Negotiate]), calling only that
// arm. Every answer, 406 included, carries Vary: Accept, silcrow-target,
// because the same URL answers differently by those headers (a handler
// usually sends a fragment to [IsSilcrow] requests). When no offered arm is
// acceptable it sends 406 Not Acceptable naming the available types.
// It returns the error of [Response.Write], after the 500 has been sent, or
// an error for Arms with no arm or an arm that returned nil.
func Respond(w http.ResponseWriter, r *http.Request, arms Arms) error {
	const vary = "Accept, " + HeaderTarget
	var offers []Format
	if arms.HTML != nil {
		offers = append(offers, FormatHTML)
	}
	if arms.JSON != nil {
		offers = append(offers, FormatJSON)
	}
	if len(offers) == 0 {
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return errors.New("server: Respond needs at least one arm")
	}
	format, ok := Negotiate(r, offers...)
	if !ok {
		types := make([]string, len(offers))
		for i, f := range offers {
			types[i] = f.MediaType()
		}
		w.Header().Add("Vary", vary)
		http.Error(w, "406 Not Acceptable: available as "+strings.Join(types, ", "), http.StatusNotAcceptable)
		return nil
	}
	arm := arms.HTML
	if format == FormatJSON {
		arm = arms.JSON
	}
	resp := arm()
	if resp == nil {
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return errors.New("server: Respond: the " + format.MediaType() + " arm returned a nil *Response")
	}
	return resp.send(w, vary)
}

func contains(offers []Format, f Format) bool {
	for _, o := range offers {
		if o == f {
			return true
		}
	}
	return false
}

// mediaRange is one well-formed part of an Accept header; q is in
// thousandths, as the qvalue grammar allows at most three decimals.
type mediaRange struct {
	typ, subtype string
	q            int
}

type acceptList []mediaRange

// parseAccept returns the well-formed media ranges of an Accept value,
// lower-cased, in order.
func parseAccept(header string) acceptList {
	var list acceptList
	for _, part := range strings.Split(header, ",") {
		params := strings.Split(part, ";")
		typ, subtype, ok := strings.Cut(strings.ToLower(strings.TrimSpace(params[0])), "/")
		if !ok || !isToken(typ) || !isToken(subtype) || (typ == "*" && subtype != "*") {
			continue
		}
		q, ok := paramQ(params[1:])
		if !ok {
			continue
		}
		list = append(list, mediaRange{typ: typ, subtype: subtype, q: q})
	}
	return list
}

// quality returns the q-value, in thousandths, that the list gives
// mediaType; an empty list accepts everything.
func (l acceptList) quality(mediaType string) int {
	if len(l) == 0 {
		return 1000
	}
	typ, subtype, _ := strings.Cut(mediaType, "/")
	bestSpecificity, q := 0, 0
	for _, m := range l {
		specificity := 0
		switch {
		case m.typ == typ && m.subtype == subtype:
			specificity = 3
		case m.typ == typ && m.subtype == "*":
			specificity = 2
		case m.typ == "*":
			specificity = 1
		default:
			continue
		}
		if specificity > bestSpecificity || specificity == bestSpecificity && m.q > q {
			bestSpecificity, q = specificity, m.q
		}
	}
	return q
}

// paramQ finds the q parameter among a part's parameters: 1000 when there
// is none, false when it is malformed.
func paramQ(params []string) (int, bool) {
	for _, p := range params {
		name, value, _ := strings.Cut(strings.TrimSpace(p), "=")
		if strings.EqualFold(strings.TrimSpace(name), "q") {
			return parseQ(strings.TrimSpace(value))
		}
	}
	return 1000, true
}

// parseQ parses an RFC 9110 qvalue ("0", "0.5", "1.000") into thousandths.
func parseQ(s string) (int, bool) {
	whole, frac, hasDot := strings.Cut(s, ".")
	if (whole != "0" && whole != "1") || (hasDot && len(frac) > 3) {
		return 0, false
	}
	q := 0
	if whole == "1" {
		q = 1000
	}
	scale := 100
	for i := 0; i < len(frac); i++ {
		c := frac[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		q += int(c-'0') * scale
		scale /= 10
	}
	if q > 1000 {
		return 0, false
	}
	return q, true
}

package dom

import (
	"math"
	"strconv"
	"strings"
)

// Text returns the text JavaScript's String(v) gives for a JSON value as
// frame.ParseValue decodes it, except that null gives "" rather than "null": everywhere the binding
// engine turns a value into text, null means "clear it", as it does inside
// Array.prototype.join.
//
// Numbers follow ECMAScript's Number::toString (shortest round-trip digits,
// decimal notation for 1e-7 <= |v| < 1e21, exponent notation such as 1e+21
// otherwise, -0 as "0"), booleans are "true" and "false", arrays are their
// elements' text joined by commas (nested arrays flatten, null elements are
// empty) and objects are "[object Object]".
func Text(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case bool:
		return strconv.FormatBool(v)
	case float64:
		return numberText(v)
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = Text(e)
		}
		return strings.Join(parts, ",")
	default:
		return "[object Object]"
	}
}

// numberText implements ECMAScript's Number::toString(x) with radix 10.
func numberText(x float64) string {
	switch {
	case math.IsNaN(x):
		return "NaN"
	case x == 0:
		return "0"
	case x < 0:
		return "-" + numberText(-x)
	case math.IsInf(x, 1):
		return "Infinity"
	case x <= 1<<53 && x == math.Trunc(x):
		// The common case: up to 2^53 every integer is a float64 of its
		// own, so its shortest digits are the integer's.
		return strconv.FormatInt(int64(x), 10)
	}
	// strconv's shortest 'e' form gives the digits s (k of them) and the
	// exponent; ECMAScript's n is that exponent plus one, so x = s × 10^(n-k).
	mantissa, exp, _ := strings.Cut(strconv.FormatFloat(x, 'e', -1, 64), "e")
	digits := strings.Replace(mantissa, ".", "", 1)
	e, _ := strconv.Atoi(exp)
	k, n := len(digits), e+1
	switch {
	case k <= n && n <= 21:
		return digits + strings.Repeat("0", n-k)
	case 0 < n && n <= 21:
		return digits[:n] + "." + digits[n:]
	case -6 < n && n <= 0:
		return "0." + strings.Repeat("0", -n) + digits
	}
	exponent := "e+" + strconv.Itoa(n-1)
	if n-1 < 0 {
		exponent = "e-" + strconv.Itoa(1-n)
	}
	if k == 1 {
		return digits + exponent
	}
	return digits[:1] + "." + digits[1:] + exponent
}

// Truthy reports JavaScript's ToBoolean of a decoded JSON value: false,
// 0, -0, NaN, "" and null are false, everything else, including "false",
// "0", [] and {}, is true.
func Truthy(v any) bool {
	switch v := v.(type) {
	case nil:
		return false
	case bool:
		return v
	case float64:
		return v != 0 && !math.IsNaN(v)
	case string:
		return v != ""
	default:
		return true
	}
}

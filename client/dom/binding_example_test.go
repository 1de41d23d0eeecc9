package dom_test

import (
	"fmt"
	"math"

	"github.com/silcrow/silcrow/client/dom"
	"github.com/silcrow/silcrow/wire/frame"
)

func ExampleText() {
	tenth, fifth := 0.1, 0.2
	for _, v := range []any{1e21, tenth + fifth, math.Copysign(0, -1), true, nil, []any{1.0, nil, "x"}, &frame.Object{}} {
		fmt.Printf("%q\n", dom.Text(v))
	}
	// Output:
	// "1e+21"
	// "0.30000000000000004"
	// "0"
	// "true"
	// ""
	// "1,,x"
	// "[object Object]"
}

func ExampleResolve() {
	data, err := frame.ParseValue([]byte(`{"user": {"name": "Ann", "tags": ["admin"]}}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range []string{"user.name", "user.tags.0", "user.tags.length", "user.constructor"} {
		p, err := dom.ParsePath(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		v, ok := dom.Resolve(data, p)
		fmt.Println(s, v, ok)
	}
	// Output:
	// user.name Ann true
	// user.tags.0 admin true
	// user.tags.length <nil> false
	// user.constructor <nil> false
}

func ExampleSafeURL() {
	fmt.Println(dom.SafeURL("href", "A", "/dashboard"))
	fmt.Println(dom.SafeURL("href", "A", " java\tscript:alert(1)"))
	fmt.Println(dom.SafeURL("src", "IMG", "data:image/png;base64,iVBORw0KGgo="))
	fmt.Println(dom.SafeURL("src", "IFRAME", "data:image/png;base64,iVBORw0KGgo="))
	// Output:
	// true
	// false
	// true
	// false
}

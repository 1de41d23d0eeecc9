package main

import (
	"html/template"
	"log"
	"net/http"
	"strings"

	"github.com/silcrow/silcrow/server"
)

// aboutPath is the demo's second page. The chat page reaches it by an
// s-action link (a client-side navigation: no reload, a history entry,
// Back fetches the chat again) and by a navigate event the server pushes
// to a client that sends the chat message "/about".
const aboutPath = "/about"

// aboutPage is the second page. Its link back to the chat is a plain link:
// the chat page's own scripts (its Send button's onclick, the Enter key)
// are page scripts, which a client-side swap never runs, so the chat is
// loaded whole.
var aboutPage = template.Must(template.New("about").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>About the Silcrow chat</title>
{{.Tags}}
</head>
<body s-debug>
<h1 id="about">About this demo</h1>
<p>The chat is a page of the guide's four steps; this page was fetched by
Silcrow's navigator and swapped in without a reload.</p>
<p><a id="back" href="/chat">Back to the chat</a></p>
</body>
</html>
`))

// aboutHandler serves the second page.
func (c *chat) aboutHandler(w http.ResponseWriter, r *http.Request) {
	err := server.Respond(w, r, server.Arms{
		HTML: func() *server.Response {
			var b strings.Builder
			if err := aboutPage.Execute(&b, map[string]any{"Tags": c.assets.Tags()}); err != nil {
				return server.HTML("page error").Status(http.StatusInternalServerError)
			}
			return server.HTML(b.String())
		},
	})
	if err != nil {
		log.Printf("about page: %v", err)
	}
}

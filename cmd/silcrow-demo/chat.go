package main

import (
	"context"
	"encoding/json"
	"errors"
	"html"
	"html/template"
	"io"
	"log"
	"net/http"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/silcrow/silcrow/server"
	"github.com/silcrow/silcrow/wire"
)

// ChatWS is the guide's route constant (step 1).
const ChatWS = server.WsRoute("/ws/chat")

// chatRoom is the Hub room of every chat socket.
const chatRoom = "chat"

// maxHistory messages are kept in memory and rendered into the page.
const maxHistory = 50

// maxMessage bounds a chat message, in runes.
const maxMessage = 2000

// Message is one chat line.
type Message struct {
	Text string `json:"text"`
}

// chat is the demo application: its page, its history and its room.
type chat struct {
	page   *template.Template
	assets *server.Assets
	hub    *server.Hub

	mu      sync.Mutex
	history []Message
}

// newChat makes the chat on cl's broker. Its page history is what the
// room delivers, whichever instance a message was sent to, beginning with
// what cl's history still holds.
func newChat(ctx context.Context, pagePath string, assets *server.Assets, cl *cluster) (*chat, error) {
	page, err := template.ParseFiles(pagePath)
	if err != nil {
		return nil, err
	}
	c := &chat{page: page, assets: assets, hub: &server.Hub{Broker: cl.broker}}
	for _, ev := range cl.history(ctx) {
		c.record(ev)
	}
	if _, err := cl.broker.Subscribe(chatRoom, c.record); err != nil {
		return nil, err
	}
	return c, nil
}

// routes is the guide's router (step 4).
func (c *chat) routes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle(server.AssetsPrefix, c.assets)
	mux.HandleFunc("GET /{$}", c.chatPage)
	mux.HandleFunc("GET /chat", c.chatPage)
	mux.HandleFunc("GET "+ChatWS.Path(), c.chatSocket)
	mux.HandleFunc("GET "+aboutPath, c.aboutHandler)
	return mux
}

// chatPage is the guide's page handler (step 2): the page with its
// history for browsers, the history as JSON for API clients. The HTML arm
// sets silcrow-ws with .WS(ChatWS), as the guide does: when the page is
// reached by a client-side navigation (Back from the second page), the
// navigator connects its target to the chat's socket.
func (c *chat) chatPage(w http.ResponseWriter, r *http.Request) {
	history := c.recent()
	err := server.Respond(w, r, server.Arms{
		HTML: func() *server.Response {
			var b strings.Builder
			if err := c.page.Execute(&b, map[string]any{"Tags": c.assets.Tags(), "Messages": history}); err != nil {
				return server.HTML("page error").Status(http.StatusInternalServerError)
			}
			return server.HTML(b.String()).WS(ChatWS)
		},
		JSON: func() *server.Response { return server.JSON(history) },
	})
	if err != nil {
		log.Printf("chat page: %v", err)
	}
}

// chatSocket is the guide's WebSocket handler (step 3): greet, then turn
// every chat event into a message broadcast to the room.
func (c *chat) chatSocket(w http.ResponseWriter, r *http.Request) {
	server.WS(w, r, func(ctx context.Context, s *server.Stream) {
		if err := c.hub.Join(chatRoom, s); err != nil {
			return
		}
		if err := s.Send(ctx, wire.Patch(map[string]string{"status": "connected"}, "#chat-status")); err != nil {
			return
		}
		for {
			ev, err := s.Recv(ctx)
			switch {
			case errors.Is(err, server.ErrBadFrame):
				log.Printf("chat: ignored a bad frame: %v", err)
				continue
			case errors.Is(err, io.EOF):
				return
			case err != nil:
				log.Printf("chat: %v", err)
				return
			}
			if ev.Type != wire.TypeCustom || ev.Name != "chat" {
				continue
			}
			var msg Message
			if err := json.Unmarshal(ev.Data, &msg); err != nil {
				log.Printf("chat: ignored a chat event: %v", err)
				continue
			}
			if msg.Text = strings.TrimSpace(msg.Text); msg.Text == "" {
				continue
			}
			if msg.Text == aboutPath {
				// A command, not a message: this client alone is sent to
				// the second page.
				if err := s.Send(ctx, wire.Navigate(aboutPath)); err != nil {
					return
				}
				continue
			}
			if utf8.RuneCountInString(msg.Text) > maxMessage {
				msg.Text = string([]rune(msg.Text)[:maxMessage])
			}
			if err := c.hub.Publish(ctx, chatRoom, wire.HTML(renderMessage(msg), "#messages").WithSwap(wire.Append)); err != nil {
				log.Printf("chat: publish: %v", err)
			}
		}
	})
}

// The markup of a message, around its escaped text.
const (
	messageStart = `<p class="message">`
	messageEnd   = `</p>`
)

// renderMessage escapes the text: markup typed by a user is shown as text.
func renderMessage(m Message) string {
	return messageStart + html.EscapeString(m.Text) + messageEnd
}

// record remembers the message an event of the room carries, read back
// from the markup renderMessage made.
func (c *chat) record(ev wire.Event) {
	text, ok := strings.CutPrefix(ev.Markup, messageStart)
	if text, ok2 := strings.CutSuffix(text, messageEnd); ok && ok2 && ev.Type == wire.TypeHTML {
		c.remember(Message{Text: html.UnescapeString(text)})
	}
}

func (c *chat) remember(m Message) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.history = append(c.history, m)
	if len(c.history) > maxHistory {
		c.history = c.history[len(c.history)-maxHistory:]
	}
}

func (c *chat) recent() []Message {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Message(nil), c.history...)
}

package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// make run-cluster's setup: two demo instances sharing the chat through
// NATS JetStream (the first runs the embedded NATS server). Tabs on
// different instances chat, and a tab whose instance restarts gets every
// message sent meanwhile, once.
func TestDemoCluster(t *testing.T) {
	d := needDemo(t)
	natsAddr, err := freeAddr()
	if err != nil {
		t.Fatal(err)
	}
	first, err := startDemo(d.bin, d.assets, d.web, "-nats-listen", natsAddr, "-nats-store", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(first.stop)
	second, err := startDemo(d.bin, d.assets, d.web, "-nats", "nats://"+natsAddr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { second.stop() })

	a, b := openChat(t, first, "on the first instance"), openChat(t, second, "on the second instance")
	say := func(tb *tab, text string) {
		tb.do("send "+text, chromedp.SetValue(chromedp.CSS("#msg"), text), chromedp.Click(chromedp.CSS("#send")))
	}
	hello := fmt.Sprintf("across instances %d", time.Now().UnixNano())
	say(a, hello)
	b.waitFor("the message from the other instance", messageCount(hello)+" === 1")

	second.kill()
	b.waitFor("the disconnect", "!("+connected+")")
	missed := []string{fmt.Sprintf("while it was down %d", time.Now().UnixNano()), fmt.Sprintf("and again %d", time.Now().UnixNano())}
	for _, m := range missed {
		say(a, m)
		a.waitFor("the message on its own instance", messageCount(m)+" === 1")
	}
	if err := second.start(); err != nil {
		t.Fatalf("restarting the second instance: %v", err)
	}
	for _, m := range missed {
		b.waitWithin(90*time.Second, "the message sent while its instance was down", messageCount(m)+" >= 1")
	}
	b.holds(time.Second, "each message once", messageCount(missed[0])+" === 1 && "+messageCount(missed[1])+" === 1 && "+messageCount(hello)+" === 1")
}

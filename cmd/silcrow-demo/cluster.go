package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"

	natsserver "github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"

	"github.com/silcrow/silcrow/server"
	"github.com/silcrow/silcrow/server/natsbroker"
	"github.com/silcrow/silcrow/wire"
)

// cluster is how this instance shares its rooms: alone, with the
// in-process broker (make run), or with other instances through NATS
// (make run-cluster), whose server it may run itself.
type cluster struct {
	broker server.Broker
	// epoch is the NATS broker's, for reading the chat's history back.
	epoch string
	stop  func()
}

// joinCluster connects to NATS at url when it is set, after starting an
// embedded NATS server with JetStream on listen (storing in storeDir) when
// that is set; with neither, the instance is alone.
func joinCluster(ctx context.Context, url, listen, storeDir string) (*cluster, error) {
	if url == "" && listen == "" {
		return &cluster{broker: new(server.MemoryBroker), stop: func() {}}, nil
	}
	var stops []func()
	stop := func() {
		for i := len(stops) - 1; i >= 0; i-- {
			stops[i]()
		}
	}
	if listen != "" {
		ns, err := startNATS(listen, storeDir)
		if err != nil {
			return nil, err
		}
		stops = append(stops, func() { ns.Shutdown(); ns.WaitForShutdown() })
		if url == "" {
			url = ns.ClientURL()
		}
	}
	nc, err := connect(ctx, url)
	if err != nil {
		stop()
		return nil, err
	}
	stops = append(stops, nc.Close)
	b, err := natsbroker.New(ctx, nc, natsbroker.Config{Prefix: "silcrow.demo", Stream: "SILCROW_DEMO"})
	if err != nil {
		stop()
		return nil, err
	}
	stops = append(stops, b.Close)
	return &cluster{broker: b, epoch: b.Epoch(), stop: stop}, nil
}

// connect connects to NATS at url, trying again until ctx ends: the
// instance that runs the NATS server may still be starting.
func connect(ctx context.Context, url string) (*nats.Conn, error) {
	for {
		nc, err := nats.Connect(url, nats.Name("silcrow-demo"), nats.MaxReconnects(-1))
		if err == nil {
			return nc, nil
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("nats %s: %w", url, err)
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// startNATS runs a NATS server with JetStream on addr, its stream files in
// storeDir, so that a restarted demo finds its history again.
func startNATS(addr, storeDir string) (*natsserver.Server, error) {
	host, portText, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("-nats-listen %q: %w", addr, err)
	}
	port, err := strconv.Atoi(portText)
	if err != nil {
		return nil, fmt.Errorf("-nats-listen %q: %w", addr, err)
	}
	ns, err := natsserver.NewServer(&natsserver.Options{
		ServerName: "silcrow-demo",
		Host:       host,
		Port:       port,
		JetStream:  true,
		StoreDir:   storeDir,
		NoSigs:     true,
	})
	if err != nil {
		return nil, fmt.Errorf("nats server: %w", err)
	}
	ns.Start()
	if !ns.ReadyForConnections(10 * time.Second) {
		ns.Shutdown()
		return nil, errors.New("nats server not ready after 10s")
	}
	return ns, nil
}

// history reads back the chat room's events the stream still holds, so
// that an instance started after others shows the messages they sent.
// Alone, a new instance has none.
func (c *cluster) history(ctx context.Context) []wire.Event {
	if c.epoch == "" {
		return nil
	}
	since := wire.Position{Epoch: c.epoch}
	evs, err := c.broker.History(ctx, chatRoom, since)
	var gap *server.GapError
	if errors.As(err, &gap) && gap.Epoch == c.epoch && gap.First > 0 {
		// The oldest events have aged out: start from the oldest kept.
		evs, err = c.broker.History(ctx, chatRoom, wire.Position{Epoch: c.epoch, Offset: gap.First - 1})
	}
	if err != nil {
		return nil
	}
	return evs
}

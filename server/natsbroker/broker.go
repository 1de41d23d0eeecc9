package natsbroker

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/silcrow/silcrow/server"
	"github.com/silcrow/silcrow/wire"
)

// The defaults a [Config] field takes when it is zero.
const (
	DefaultStream    = "SILCROW"
	DefaultPrefix    = "silcrow.room"
	DefaultMaxAge    = 10 * time.Minute
	DefaultMaxBytes  = 1 << 30
	DefaultMaxReplay = 10_000
)

// Config says which stream and subjects a [Broker] uses, and how New
// creates the stream when it does not exist. Zero fields take the
// Default* values.
type Config struct {
	// Stream is the JetStream stream's name.
	Stream string
	// Prefix starts every room's subject: Prefix + "." + room. The stream
	// captures Prefix + ".>".
	Prefix string

	// MaxAge, MaxMsgs, MaxBytes, Replicas and Storage are the limits of a
	// stream New creates: how long and how many events are kept for
	// clients that reconnect (negative MaxMsgs or MaxBytes: no limit;
	// zero MaxMsgs: no limit either), on how many JetStream servers
	// (zero: 1), in files (the zero Storage) or in memory. An existing
	// stream keeps its own.
	MaxAge   time.Duration
	MaxMsgs  int64
	MaxBytes int64
	Replicas int
	Storage  jetstream.StorageType

	// MaxReplay is the most events History returns at once; a client
	// further behind is told of a gap instead, since a replay that large
	// is better replaced by a fresh page.
	MaxReplay int
}

// Broker is a [server.Broker] over a JetStream stream. Make it with New;
// it is safe for concurrent use.
type Broker struct {
	js        jetstream.JetStream
	stream    jetstream.Stream
	name      string
	prefix    string
	epoch     string
	maxReplay uint64

	consume jetstream.ConsumeContext

	mu   sync.Mutex
	subs map[string]*roomSubs
}

var _ server.Broker = (*Broker)(nil)

// roomSubs are the subscriptions of one room, keyed by their subject.
type roomSubs struct {
	room    string
	deliver map[*func(wire.Event)]struct{}
}

// New returns a Broker on nc's JetStream, creating the stream when it does
// not exist, and starts receiving every room's events. Close stops it; nc
// stays the caller's.
func New(ctx context.Context, nc *nats.Conn, cfg Config) (*Broker, error) {
	cfg = cfg.withDefaults()
	js, err := jetstream.New(nc)
	if err != nil {
		return nil, fmt.Errorf("natsbroker: %w", err)
	}
	stream, err := js.Stream(ctx, cfg.Stream)
	if errors.Is(err, jetstream.ErrStreamNotFound) {
		stream, err = js.CreateStream(ctx, jetstream.StreamConfig{
			Name:        cfg.Stream,
			Description: "Silcrow room events",
			Subjects:    []string{cfg.Prefix + ".>"},
			Retention:   jetstream.LimitsPolicy,
			Discard:     jetstream.DiscardOld,
			MaxAge:      cfg.MaxAge,
			MaxMsgs:     cfg.MaxMsgs,
			MaxBytes:    cfg.MaxBytes,
			Replicas:    cfg.Replicas,
			Storage:     cfg.Storage,
		})
	}
	if err != nil {
		return nil, fmt.Errorf("natsbroker: stream %s: %w", cfg.Stream, err)
	}
	b := &Broker{
		js:        js,
		stream:    stream,
		name:      cfg.Stream,
		prefix:    cfg.Prefix,
		epoch:     epochOf(stream.CachedInfo()),
		maxReplay: uint64(cfg.MaxReplay),
		subs:      make(map[string]*roomSubs),
	}
	// One consumer per instance for every room: what is appended from now
	// on, in the stream's order, which is the same on every instance.
	live, err := stream.OrderedConsumer(ctx, jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{cfg.Prefix + ".>"},
		DeliverPolicy:  jetstream.DeliverNewPolicy,
	})
	if err != nil {
		return nil, fmt.Errorf("natsbroker: consumer: %w", err)
	}
	b.consume, err = live.Consume(b.dispatch)
	if err != nil {
		return nil, fmt.Errorf("natsbroker: consume: %w", err)
	}
	return b, nil
}

func (c Config) withDefaults() Config {
	if c.Stream == "" {
		c.Stream = DefaultStream
	}
	if c.Prefix == "" {
		c.Prefix = DefaultPrefix
	}
	if c.MaxAge == 0 {
		c.MaxAge = DefaultMaxAge
	}
	if c.MaxMsgs == 0 {
		c.MaxMsgs = -1
	}
	if c.MaxBytes == 0 {
		c.MaxBytes = DefaultMaxBytes
	}
	if c.Replicas == 0 {
		c.Replicas = 1
	}
	if c.MaxReplay <= 0 {
		c.MaxReplay = DefaultMaxReplay
	}
	return c
}

// epochOf names a stream's history by its creation time, which a
// recreated stream does not share.
func epochOf(info *jetstream.StreamInfo) string {
	return strconv.FormatInt(info.Created.UnixNano(), 36)
}

// Epoch returns the epoch of the positions this Broker gives: the
// stream's creation time when New found or made it.
func (b *Broker) Epoch() string { return b.epoch }

// Close stops receiving events; subscriptions receive nothing more.
func (b *Broker) Close() {
	b.consume.Stop()
}

// Publish stores ev in the stream on room's subject and returns once the
// stream has acknowledged it; every instance's subscriptions to room then
// receive it.
func (b *Broker) Publish(ctx context.Context, room string, ev wire.Event) error {
	data, err := wire.Encode(ev.WithPosition("", wire.Position{}))
	if err != nil {
		return err
	}
	if _, err := b.js.Publish(ctx, subject(b.prefix, room), data, jetstream.WithExpectStream(b.name)); err != nil {
		return fmt.Errorf("natsbroker: publish: %w", err)
	}
	return nil
}

// Subscribe adds deliver to room's subscriptions on this instance.
func (b *Broker) Subscribe(room string, deliver func(wire.Event)) (func(), error) {
	subj := subject(b.prefix, room)
	key := &deliver
	b.mu.Lock()
	defer b.mu.Unlock()
	rs := b.subs[subj]
	if rs == nil {
		rs = &roomSubs{room: room, deliver: make(map[*func(wire.Event)]struct{})}
		b.subs[subj] = rs
	}
	rs.deliver[key] = struct{}{}
	return func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		delete(rs.deliver, key)
		if len(rs.deliver) == 0 && b.subs[subj] == rs {
			delete(b.subs, subj)
		}
	}, nil
}

// dispatch hands one event from the stream to the subscriptions of its
// room; the consumer calls it one message at a time, in stream order.
func (b *Broker) dispatch(msg jetstream.Msg) {
	b.mu.Lock()
	defer b.mu.Unlock()
	rs := b.subs[msg.Subject()]
	if rs == nil {
		return
	}
	ev, ok := b.event(rs.room, msg)
	if !ok {
		return
	}
	for deliver := range rs.deliver {
		(*deliver)(ev)
	}
}

// event reads a stored event and stamps it with its position.
func (b *Broker) event(room string, msg jetstream.Msg) (wire.Event, bool) {
	meta, err := msg.Metadata()
	if err != nil {
		return wire.Event{}, false
	}
	// Stored by Publish, so it decodes; anything else someone put on the
	// subject is not an event and is skipped.
	ev, err := wire.DecodeLimit(msg.Data(), 0)
	if err != nil {
		return wire.Event{}, false
	}
	return ev.WithPosition(room, wire.Position{Epoch: b.epoch, Offset: meta.Sequence.Stream}), true
}

// History reads room's events after since from the stream, or reports a
// *server.GapError when the stream no longer holds them all: another
// epoch, a sequence beyond the stream's last, events aged or pushed out,
// or more than MaxReplay of them.
func (b *Broker) History(ctx context.Context, room string, since wire.Position) ([]wire.Event, error) {
	info, err := b.stream.Info(ctx)
	if err != nil {
		return nil, fmt.Errorf("natsbroker: stream info: %w", err)
	}
	if gap := b.gap(room, since, info); gap != nil {
		return nil, gap
	}
	if since.Offset == info.State.LastSeq {
		return nil, nil
	}
	cons, err := b.stream.CreateConsumer(ctx, jetstream.ConsumerConfig{
		FilterSubject:     subject(b.prefix, room),
		DeliverPolicy:     jetstream.DeliverByStartSequencePolicy,
		OptStartSeq:       since.Offset + 1,
		AckPolicy:         jetstream.AckNonePolicy,
		InactiveThreshold: time.Minute,
		MemoryStorage:     true,
	})
	if err != nil {
		return nil, fmt.Errorf("natsbroker: history consumer: %w", err)
	}
	defer func() {
		// Gone after InactiveThreshold anyway; deleted now so that
		// reconnect storms do not pile consumers up.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		_ = b.stream.DeleteConsumer(ctx, cons.CachedInfo().Name)
	}()
	want := cons.CachedInfo().NumPending
	if want > b.maxReplay {
		return nil, b.gapOf(room, since, info)
	}
	evs := make([]wire.Event, 0, want)
	for read := uint64(0); read < want; {
		batch, err := cons.Fetch(int(min(want-read, 256)), jetstream.FetchMaxWait(10*time.Second))
		if err != nil {
			return nil, fmt.Errorf("natsbroker: history fetch: %w", err)
		}
		got := 0
		for msg := range batch.Messages() {
			got++
			if ev, ok := b.event(room, msg); ok {
				evs = append(evs, ev)
			}
		}
		if err := batch.Error(); err != nil {
			return nil, fmt.Errorf("natsbroker: history fetch: %w", err)
		}
		if got == 0 {
			return nil, fmt.Errorf("natsbroker: history fetch: %d of %d events arrived", read, want)
		}
		read += uint64(got)
	}
	// The stream may have dropped old events while they were read; if
	// any after since went, the replay could have a hole.
	after, err := b.stream.Info(ctx)
	if err != nil {
		return nil, fmt.Errorf("natsbroker: stream info: %w", err)
	}
	if gap := b.gap(room, since, after); gap != nil {
		return nil, gap
	}
	return evs, nil
}

// gap returns the *server.GapError for since when info's stream cannot
// replay every event after it, or nil.
func (b *Broker) gap(room string, since wire.Position, info *jetstream.StreamInfo) error {
	st := info.State
	if since.Epoch == epochOf(info) && since.Offset <= st.LastSeq && since.Offset+1 >= st.FirstSeq {
		return nil
	}
	return b.gapOf(room, since, info)
}

func (b *Broker) gapOf(room string, since wire.Position, info *jetstream.StreamInfo) error {
	gap := &server.GapError{Room: room, Since: since, Epoch: epochOf(info)}
	if info.State.Msgs > 0 {
		gap.First, gap.Last = info.State.FirstSeq, info.State.LastSeq
	}
	return gap
}

// Package natsbroker is a [server.Broker] over NATS JetStream: several
// server instances, each with a [server.Hub] for its own streams, share
// their rooms through it. Every event published on any instance is stored
// in one JetStream stream and reaches every instance in the stream's
// order, with the stream sequence as its offset, so that a client that
// reconnects to another instance (after a restart, a crash, a deploy)
// recovers what it missed from the stream.
//
// Start with [New] and give the broker to the Hub:
//
//	nc, err := nats.Connect(url, nats.UserCredentials(creds))
//	b, err := natsbroker.New(ctx, nc, natsbroker.Config{})
//	hub := &server.Hub{Broker: b}
//
// Users without NATS do not link it: only this package imports the client.
//
// What a production deployment configures:
//   - The connection: the NATS URL(s) and credentials are the
//     *nats.Conn's (nats.Connect with nats.UserCredentials, nats.Token,
//     TLS options…); give it a name and keep reconnecting on (the
//     default), since a Hub's rooms live on it.
//   - The stream: New creates it when it does not exist, with
//     Config.MaxAge, MaxMsgs, MaxBytes, Replicas and Storage; when it
//     exists, New uses it as it is, so an operator may create it (nats
//     stream add) with the retention wanted. Use limits retention, keep
//     MaxAge at least as long as clients may be away (a few minutes
//     suffice for reconnects), use Replicas 3 on a clustered JetStream so
//     that a lost NATS server loses no history, and set no per-subject
//     limit (MaxMsgsPerSubject): the broker tells that a client missed
//     events the stream no longer holds by the stream's first sequence,
//     which per-subject limits do not move.
//   - The subjects: rooms are published on Config.Prefix + "." + the room
//     (rooms that are not plain tokens are base64url-encoded), and the
//     stream must capture Prefix + ".>". Give each application its own
//     prefix and stream name.
//   - Permissions: the user needs publish on Prefix.> and the JetStream
//     API for the stream ($JS.API.STREAM.INFO.<stream>, consumer create,
//     delete and next-message requests).
//
// Caveats: every instance receives every room's events and keeps those
// of the rooms it has streams in, which suits many rooms of moderate
// traffic; the epoch is the stream's creation time, read by New, so
// recreating the stream calls for restarting the instances (clients are
// then told of a gap, never shown a wrong replay).
package natsbroker

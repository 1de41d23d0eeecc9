package bridge

import (
	"errors"
	"math"
)

// ErrShort is a Decoder reading past the end of its bytes.
var ErrShort = errors.New("bridge: result ends early")

// Decoder reads what an Encoder wrote, or what the loader's reads return.
// A read past the end gives zero values and sets Err, so a caller checks
// once at the end.
type Decoder struct {
	B   []byte
	Err error
}

func (d *Decoder) take(n int) []byte {
	if d.Err != nil || len(d.B) < n {
		d.Err = ErrShort
		d.B = nil
		return nil
	}
	b := d.B[:n]
	d.B = d.B[n:]
	return b
}

// More reports whether bytes remain.
func (d *Decoder) More() bool { return d.Err == nil && len(d.B) > 0 }

// Byte reads a byte.
//
//go:noinline
func (d *Decoder) Byte() byte {
	if b := d.take(1); b != nil {
		return b[0]
	}
	return 0
}

// U32 reads an integer.
//
//go:noinline
func (d *Decoder) U32() uint32 {
	if b := d.take(4); b != nil {
		return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
	}
	return 0
}

// Handle reads a handle.
func (d *Decoder) Handle() Handle { return Handle(d.U32()) }

// F64 reads a float.
func (d *Decoder) F64() float64 {
	lo := uint64(d.U32())
	return math.Float64frombits(lo | uint64(d.U32())<<32)
}

// Str reads a string, copying it.
//
//go:noinline
func (d *Decoder) Str() string { return string(d.take(int(d.U32()))) }

// OptStr reads a presence byte and a string: ok is false for an absent
// one.
func (d *Decoder) OptStr() (s string, ok bool) {
	ok = d.Byte() != 0
	return d.Str(), ok
}

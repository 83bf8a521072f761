package minhash

// Binary encodings.
//
// A Signature (version 1), little-endian throughout:
//
//	byte 0        version (1)
//	uvarint       K, the number of values, 1..MaxK
//	K × uint32    the values
//	uint32        CRC-32C (Castagnoli) of all preceding bytes
//
// The values are either all EmptyValue (the empty-set signature) or none of
// them is. The encoding records K but not the family or seed, which belong to
// the Hasher: store Options (see Options.AppendBinary) once beside a
// collection of signatures.
//
// Options (version 1):
//
//	byte 0        version (1)
//	byte 1        Family
//	uvarint       K, 1..MaxK (resolved: never 0)
//	uint64        Seed
//	uint32        CRC-32C of all preceding bytes

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
)

// Version is the encoding version written by AppendBinary.
const Version = 1

// ErrInvalid is returned (wrapped) when an encoding is malformed or a value
// cannot be encoded.
var ErrInvalid = errors.New("minhash: invalid encoding")

// ErrVersion is returned (wrapped) when an encoding has an unknown version.
var ErrVersion = errors.New("minhash: unsupported encoding version")

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// AppendBinary appends the encoding of s to dst (see the format above) and
// returns the extended slice. It fails with ErrInvalid, leaving dst as it
// was, if s is empty, longer than MaxK, or holds EmptyValue at some but not
// all positions. It implements encoding.BinaryAppender (Go 1.24).
func (s Signature) AppendBinary(dst []byte) ([]byte, error) {
	if err := s.check(); err != nil {
		return dst, err
	}
	n0 := len(dst)
	dst = append(dst, Version)
	dst = binary.AppendUvarint(dst, uint64(len(s)))
	for _, v := range s {
		dst = binary.LittleEndian.AppendUint32(dst, v)
	}
	return binary.LittleEndian.AppendUint32(dst, crc32.Checksum(dst[n0:], castagnoli)), nil
}

// MarshalBinary returns the encoding of s; see AppendBinary.
func (s Signature) MarshalBinary() ([]byte, error) {
	return s.AppendBinary(make([]byte, 0, 1+binary.MaxVarintLen32+4*len(s)+4))
}

// UnmarshalBinary decodes data, the whole output of AppendBinary, into s,
// reusing the storage of s when its capacity suffices. On error (wrapping
// ErrInvalid or ErrVersion) s is left unchanged.
func (s *Signature) UnmarshalBinary(data []byte) error {
	body, err := checkFrame(data)
	if err != nil {
		return err
	}
	k, n := uvarint(body)
	if n == 0 {
		return wrap("signature length")
	}
	body = body[n:]
	if uint64(len(body)) != 4*k {
		return wrap("signature size")
	}
	empty := binary.LittleEndian.Uint32(body) == EmptyValue
	for i := 4; i < len(body); i += 4 {
		if (binary.LittleEndian.Uint32(body[i:]) == EmptyValue) != empty {
			return wrap("empty value in a non-empty signature")
		}
	}
	out := (*s)[:0]
	for i := 0; i < len(body); i += 4 {
		out = append(out, binary.LittleEndian.Uint32(body[i:]))
	}
	*s = out
	return nil
}

// check reports whether s can be encoded.
func (s Signature) check() error {
	if len(s) == 0 || len(s) > MaxK {
		return wrap("signature length")
	}
	empty := s[0] == EmptyValue
	for _, v := range s[1:] {
		if (v == EmptyValue) != empty {
			return wrap("empty value in a non-empty signature")
		}
	}
	return nil
}

// AppendBinary appends the encoding of o, with K resolved, to dst and returns
// the extended slice. It fails with ErrInvalid if o is not valid for New.
func (o Options) AppendBinary(dst []byte) ([]byte, error) {
	if o.K < 0 || o.K > MaxK || o.Family > Classic {
		return dst, wrap("options")
	}
	k := o.K
	if k == 0 {
		k = DefaultK
	}
	n0 := len(dst)
	dst = append(dst, Version, byte(o.Family))
	dst = binary.AppendUvarint(dst, uint64(k))
	dst = binary.LittleEndian.AppendUint64(dst, o.Seed)
	return binary.LittleEndian.AppendUint32(dst, crc32.Checksum(dst[n0:], castagnoli)), nil
}

// UnmarshalBinary decodes data, the whole output of Options.AppendBinary,
// into o. On error (wrapping ErrInvalid or ErrVersion) o is left unchanged.
func (o *Options) UnmarshalBinary(data []byte) error {
	body, err := checkFrame(data)
	if err != nil {
		return err
	}
	if len(body) < 1 {
		return wrap("options size")
	}
	fam := Family(body[0])
	if fam > Classic {
		return wrap("family")
	}
	k, n := uvarint(body[1:])
	if n == 0 {
		return wrap("options K")
	}
	body = body[1+n:]
	if len(body) != 8 {
		return wrap("options size")
	}
	*o = Options{K: int(k), Seed: binary.LittleEndian.Uint64(body), Family: fam}
	return nil
}

// checkFrame checks the version byte and the trailing checksum of data and
// returns the bytes between them.
func checkFrame(data []byte) ([]byte, error) {
	if len(data) < 5 {
		return nil, wrap("too short")
	}
	if data[0] != Version {
		return nil, fmt.Errorf("%w: version %d", ErrVersion, data[0])
	}
	end := len(data) - 4
	if crc32.Checksum(data[:end], castagnoli) != binary.LittleEndian.Uint32(data[end:]) {
		return nil, wrap("checksum mismatch")
	}
	return data[1:end], nil
}

// uvarint decodes K, a minimally encoded uvarint in [1, MaxK], from the start
// of b and returns it with its length, or n = 0 if there is none.
func uvarint(b []byte) (k uint64, n int) {
	k, n = binary.Uvarint(b)
	var min [binary.MaxVarintLen64]byte
	if n <= 0 || k == 0 || k > MaxK || n != binary.PutUvarint(min[:], k) {
		return 0, 0
	}
	return k, n
}

// wrap returns ErrInvalid wrapped with what was wrong.
func wrap(what string) error { return fmt.Errorf("%w: %s", ErrInvalid, what) }

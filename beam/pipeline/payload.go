package pipeline

import (
	"encoding/binary"
	"fmt"

	"github.com/neardup/dedupe/boiler"
	"github.com/neardup/dedupe/minhash"
)

// A payload is what verification needs of a document: its id (for the
// log), its signature (for the estimate logged) and its cleaned text
// (whose shingle set is compared). Encoded as uvarint lengths followed by
// the id, the signature's values (4 bytes each, little endian) and the
// text.
type payload struct {
	id   string
	sig  minhash.Signature
	text []byte
}

func appendPayload(dst []byte, id string, sig minhash.Signature, text []byte) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(id)))
	dst = append(dst, id...)
	dst = binary.AppendUvarint(dst, uint64(len(sig)))
	for _, v := range sig {
		dst = binary.LittleEndian.AppendUint32(dst, v)
	}
	return append(dst, text...)
}

func decodePayload(b []byte, p *payload) error {
	n, k := binary.Uvarint(b)
	if k <= 0 || uint64(len(b)-k) < n {
		return fmt.Errorf("pipeline: bad payload")
	}
	p.id = string(b[k : k+int(n)])
	b = b[k+int(n):]
	n, k = binary.Uvarint(b)
	if k <= 0 || uint64(len(b)-k)/4 < n {
		return fmt.Errorf("pipeline: bad payload")
	}
	b = b[k:]
	p.sig = p.sig[:0]
	for i := range int(n) {
		p.sig = append(p.sig, binary.LittleEndian.Uint32(b[4*i:]))
	}
	p.text = b[4*n:]
	return nil
}

// appendSig encodes a signature alone (learning payloads).
func appendSig(dst []byte, sig minhash.Signature) []byte {
	for _, v := range sig {
		dst = binary.LittleEndian.AppendUint32(dst, v)
	}
	return dst
}

func decodeSig(dst minhash.Signature, b []byte) minhash.Signature {
	dst = dst[:0]
	for i := 0; i+4 <= len(b); i += 4 {
		dst = append(dst, binary.LittleEndian.Uint32(b[i:]))
	}
	return dst
}

// decodeModel decodes a model encoded by boiler.Model.AppendBinary; empty
// means none.
func decodeModel(b []byte) (*boiler.Model, error) {
	if len(b) == 0 {
		return nil, nil
	}
	m := new(boiler.Model)
	if err := m.UnmarshalBinary(b); err != nil {
		return nil, fmt.Errorf("pipeline: boilerplate model: %w", err)
	}
	return m, nil
}

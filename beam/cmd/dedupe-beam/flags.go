package main

import "github.com/neardup/dedupe/internal/flagval"

// byteSize is a flag value of a number of bytes, in the syntax of dedupe
// clean's -max-bytes (flagval.ByteSize).
type byteSize = flagval.ByteSize

// checkFloat returns an error unless v, the value of flag name, is a
// number in (0, 1), or (0, 1] when upIn, as dedupe clean checks it.
var checkFloat = flagval.Fraction

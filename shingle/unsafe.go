package shingle

import "unsafe"

// stringBytes returns the bytes of s without copying; they must not be
// modified (the package only reads them).
func stringBytes(s string) []byte {
	return unsafe.Slice(unsafe.StringData(s), len(s))
}

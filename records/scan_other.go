//go:build !amd64 || purego

package records

var useAVX512 = false

func scanAVX512(p *byte, n int, high uint64) (i int, hi uint64) { panic("unreachable") }

//go:build !amd64 || purego

package records

var useAVX512 = false

func plainAVX512(p *byte, n int) (i int, hi uint64) { panic("unreachable") }

func quoteAVX512(p *byte, n int) int { panic("unreachable") }

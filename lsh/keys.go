package lsh

// AppendBandKeys appends to dst one 64-bit key for each of the p.Bands
// bands of sig and returns the extended slice: key j hashes band j's Rows
// values with the band number j mixed in. A pipeline that cannot hold an
// Index (a distributed one, say) finds the candidates by grouping
// documents by key: two documents that agree on a band share its key.
//
// Equal keys mean the same band and the same values, up to hash
// collisions. For bands of one or two rows the key is a bijection of the
// values, so keys of one band never collide; for longer bands, and across
// bands, two different band values collide with probability about 2^-64
// (values not chosen to collide: the hash is not keyed), so n distinct
// band values give about n²/2^65 collisions, 7 for 1.6·10^10 (a billion
// documents of 16 bands). A collision only adds a candidate, which
// verification removes.
//
// The keys are part of the package's contract: they depend only on the
// values, Rows and the band number, and a test pins them, so that keys
// computed by different processes or versions can be grouped together.
//
// It panics if len(sig) < p.Bands·p.Rows.
func (p Params) AppendBandKeys(dst []uint64, sig []uint32) []uint64 {
	if p.Bands > 0 && (p.Rows < 0 || p.Rows > len(sig)/p.Bands) { // len(sig) < Bands*Rows, without overflow
		panic("lsh: AppendBandKeys: signature shorter than Bands×Rows")
	}
	for j := range p.Bands {
		dst = append(dst, bandKey(j, sig[j*p.Rows:(j+1)*p.Rows]))
	}
	return dst
}

// bandKey mixes band number j into the band hash: adding (j+1) times an
// odd constant, distinct for every band (an odd number is invertible
// modulo 2^64), keeps equal values of different bands apart, and the
// splitmix64 finaliser, a bijection, spreads the sum.
func bandKey(j int, v []uint32) uint64 {
	h := bandHash(v) + uint64(j+1)*0x9e3779b97f4a7c15
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	h ^= h >> 31
	return h
}

// appendTableKeys appends to dst the keys under which the band tables of
// an Index file sig: the hash of each band's values (bandHash). They are
// AppendBandKeys without the band number mixed in, which a table, being of
// one band, does not need: a finaliser less per band, 5% of the time of
// an Add (BenchmarkAdd1M).
func (p Params) appendTableKeys(dst []uint64, sig []uint32) []uint64 {
	for j := range p.Bands {
		dst = append(dst, bandHash(sig[j*p.Rows:(j+1)*p.Rows]))
	}
	return dst
}

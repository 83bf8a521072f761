package lsh

import "slices"

// A table maps the values of one band to the documents sharing them, with
// linear probing. tags[i] is tagEmpty, tagDead (a removed entry) or a tag
// derived from the band hash (>= tagMin) that spares most probes a look at
// the stored signature. slots[i] is a document id, or bucketFlag|index into
// Index.buckets.
//
// Layout, measured at 1M documents and 9 bands (BenchmarkIndex1M): 5 bytes
// per slot at a load of 3/8 to 3/4 gives 60 to 120 bytes per document, against
// about 25 bytes per entry and band (225 per document) for a Go
// map[uint64]uint32.
type table struct {
	tags  []uint8
	slots []uint32
	shift uint // 64 - log2(len(tags)): the slot of hash h is h >> shift
	used  int  // live entries
	dead  int  // tagDead entries
}

const (
	tagEmpty   = 0
	tagDead    = 1
	tagMin     = 2
	bucketFlag = 1 << 31
)

func (t *table) init(c int) {
	t.tags = make([]uint8, c)
	t.slots = make([]uint32, c)
	t.shift = 64 - log2(c)
	t.used, t.dead = 0, 0
}

func tagOf(h uint64) uint8 {
	tg := uint8(h)
	if tg < tagMin {
		tg += tagMin
	}
	return tg
}

// rep returns a document whose signature holds the band values of slot
// value v.
func (x *Index) rep(v uint32) uint32 {
	if v&bucketFlag != 0 {
		return x.buckets[v&^bucketFlag].rep
	}
	return v
}

// find returns the slot of band j holding key (whose hash is h), or -1.
func (x *Index) find(j int, h uint64, key []uint32) int {
	t := &x.tables[j]
	if len(t.tags) == 0 {
		return -1
	}
	mask := uint64(len(t.tags) - 1)
	tag := tagOf(h)
	for i := h >> t.shift; ; i = (i + 1) & mask {
		switch tg := t.tags[i]; {
		case tg == tagEmpty:
			return -1
		case tg == tag && slices.Equal(x.band(x.rep(t.slots[i]), j), key):
			return int(i)
		}
	}
}

// insert adds id, whose band j values are key with hash h, to table j.
func (x *Index) insert(j int, h uint64, key []uint32, id uint32) {
	t := &x.tables[j]
	if n := len(t.tags); n == 0 || (t.used+t.dead+1)*4 > n*3 {
		c := max(n, 16)
		if (t.used+1)*2 > c {
			c *= 2
		}
		x.rehash(j, c)
	}
	mask := uint64(len(t.tags) - 1)
	tag := tagOf(h)
	hole := -1
	i := h >> t.shift
	for ; ; i = (i + 1) & mask {
		tg := t.tags[i]
		if tg == tagEmpty {
			break
		}
		if tg == tagDead {
			if hole < 0 {
				hole = int(i)
			}
			continue
		}
		if tg == tag {
			v := t.slots[i]
			if slices.Equal(x.band(x.rep(v), j), key) {
				if v&bucketFlag != 0 {
					x.buckets[v&^bucketFlag].add(id)
				} else {
					t.slots[i] = x.newBucket(v, id)
				}
				return
			}
		}
	}
	if hole >= 0 {
		i = uint64(hole)
		t.dead--
	}
	t.tags[i] = tag
	t.slots[i] = id
	t.used++
}

// delete removes id, whose band j values are key with hash h, from table j.
func (x *Index) delete(j int, h uint64, key []uint32, id uint32) {
	i := x.find(j, h, key)
	if i < 0 {
		return // unreachable while the invariants hold
	}
	t := &x.tables[j]
	v := t.slots[i]
	if v&bucketFlag == 0 {
		t.tags[i] = tagDead
		t.slots[i] = 0
		t.used--
		t.dead++
		return
	}
	bi := v &^ bucketFlag
	b := &x.buckets[bi]
	b.remove(id)
	if b.size() == 1 {
		t.slots[i] = b.min()
		*b = bucket{}
		x.free = append(x.free, bi)
	}
}

func (x *Index) newBucket(a, b uint32) uint32 {
	var bi uint32
	if n := len(x.free); n > 0 {
		bi = x.free[n-1]
		x.free = x.free[:n-1]
	} else {
		bi = uint32(len(x.buckets))
		x.buckets = append(x.buckets, bucket{})
	}
	x.buckets[bi] = bucket{rep: a, ids: []uint32{a, b}}
	return bucketFlag | bi
}

// rehash rebuilds table j with c slots, dropping removed entries.
func (x *Index) rehash(j int, c int) {
	t := &x.tables[j]
	oldTags, oldSlots := t.tags, t.slots
	t.init(c)
	mask := uint64(c - 1)
	for i, tg := range oldTags {
		if tg < tagMin {
			continue
		}
		v := oldSlots[i]
		h := bandHash(x.band(x.rep(v), j))
		k := h >> t.shift
		for t.tags[k] != tagEmpty {
			k = (k + 1) & mask
		}
		t.tags[k] = tagOf(h)
		t.slots[k] = v
		t.used++
	}
}

// appendMembers appends the documents of slot value v to dst.
func (x *Index) appendMembers(dst []uint32, v uint32) []uint32 {
	if v&bucketFlag == 0 {
		return append(dst, v)
	}
	return x.buckets[v&^bucketFlag].appendTo(dst)
}

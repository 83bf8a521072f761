package repeats

// greedy decides, in text order, which paragraphs of f.paras stay: a
// paragraph is removed when it is at least the threshold similar to an
// earlier paragraph that stays, in favour of the most similar such one (the
// first on ties), and stays otherwise. It leaves in f.to[i] the paragraph
// that paragraph i is removed for, or -1, and in f.sim[i] their similarity.
//
// It works on distinct sets: the first paragraph holding a set (f.reps)
// decides for the set. If it stays, the set's later copies are removed for
// it (similarity 1, the highest). If it is removed, no paragraph of the set
// ever stays (the one it was removed for stays), and each later copy is
// removed for the most similar paragraph that stays by then, a neighbour of
// the set through edges.
func (f *Finder) greedy(edges []edge) {
	f.adjacency(edges)
	keeper := resize32(f.keeper, len(f.reps))
	for g := range keeper {
		keeper[g] = -1
	}
	f.keeper = keeper
	f.to, f.sim = f.to[:0], f.sim[:0]
	for i, g := range f.group {
		best, bs := keeper[g], 1.0
		if best < 0 {
			bs = 0
			for k := f.astart[g]; k < f.astart[g+1]; k++ {
				kp, s := keeper[f.adj[k]], f.asim[k]
				if kp >= 0 && (s > bs || s == bs && kp < best) {
					best, bs = kp, s
				}
			}
		}
		if best < 0 { // the first paragraph of set g, and no match: it stays
			keeper[g], bs = int32(i), 0
		}
		f.to = append(f.to, best)
		f.sim = append(f.sim, bs)
	}
}

// adjacency lists the edges of each distinct set in f.astart, f.adj and
// f.asim.
func (f *Finder) adjacency(edges []edge) {
	n := len(f.reps)
	f.astart = resize32(f.astart, n+1)
	for _, e := range edges {
		f.astart[e.a+1]++
		f.astart[e.b+1]++
	}
	for g := range n {
		f.astart[g+1] += f.astart[g]
	}
	m := 2 * len(edges)
	f.adj = resize32(f.adj, m)
	if cap(f.asim) < m {
		f.asim = make([]float64, m)
	}
	f.asim = f.asim[:m]
	fill := resize32(f.count, n) // fill cursor
	f.count = fill
	add := func(g, h int32, s float64) {
		k := f.astart[g] + fill[g]
		f.adj[k], f.asim[k] = h, s
		fill[g]++
	}
	for _, e := range edges {
		add(e.a, e.b, e.sim)
		add(e.b, e.a, e.sim)
	}
}

// collect makes the groups of greedy: one for each paragraph that stays
// and has paragraphs removed for it, in text order.
func (f *Finder) collect() []Group {
	count := resize32(f.count, len(f.paras))
	f.count = count
	removed, ng := 0, 0
	for _, k := range f.to {
		if k >= 0 {
			if count[k] == 0 {
				ng++
			}
			count[k]++
			removed++
		}
	}
	// One array for the paragraphs of all groups, one for the similarities.
	ps := make([]Paragraph, removed+ng)
	ss := make([]float64, removed+ng)
	out := make([]Group, 0, ng)
	for k, c := range count {
		if c == 0 {
			continue
		}
		n := int(c) + 1
		g := Group{Paragraphs: ps[:1:n], Similarities: ss[:1:n], Similarity: 1}
		g.Paragraphs[0], g.Similarities[0] = f.paras[k], 1
		ps, ss = ps[n:], ss[n:]
		count[k] = int32(len(out))
		out = append(out, g)
	}
	for i, k := range f.to {
		if k < 0 {
			continue
		}
		g := &out[count[k]]
		g.Paragraphs = append(g.Paragraphs, f.paras[i])
		g.Similarities = append(g.Similarities, f.sim[i])
		g.Similarity = min(g.Similarity, f.sim[i])
	}
	return out
}

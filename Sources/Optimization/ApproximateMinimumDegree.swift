/// Fill-reducing ordering of a symmetric sparse pattern by approximate minimum degree (the
/// algorithm of Amestoy, Davis & Duff, "An approximate minimum degree ordering algorithm",
/// SIAM J. Matrix Anal. Appl. 17(4), 1996), with dense nodes set aside.
///
/// The elimination graph is never formed. A quotient graph keeps, for each uneliminated variable
/// `i`, the elements (eliminated pivots) it touches `E_i` and the original edges to variables not
/// yet covered by an element `A_i`; each element `e` keeps its variables `L_e`. Eliminating the
/// pivot `p` makes the element `L_p = (A_p ∪ ⋃_{e∈E_p} L_e) \ {p}` and absorbs every `e ∈ E_p`
/// (element absorption). The degrees of the variables of `L_p` are then not recomputed exactly but
/// bounded from above by
///
///     d_i = min( n_left − |i|,  d_i(old) + |L_p \ i|,  |A_i \ i| + |L_p \ i| + Σ_{e∈E_i\p} |L_e \ L_p| )
///
/// (sizes weighted by supervariable size), where the `|L_e \ L_p|` come from one scan of the
/// elements adjacent to `L_p`. An element with `L_e ⊆ L_p` is absorbed into `p` as well
/// (aggressive absorption); a variable of `L_p` that touches nothing but `p` is eliminated with `p`
/// (mass elimination); variables of `L_p` with the same `E_i` and `A_i` (found by a hash, then
/// compared) are merged into one supervariable and eliminated together (indistinguishable nodes).
///
/// Nodes whose initial degree exceeds `denseThreshold` (the coupling rows of a block-angular model)
/// are removed before the elimination and ordered last, by increasing degree, as in
/// `MinimumDegree`. Ties in degree go to the most recently updated node of the least degree; no
/// hashing of Swift collections is involved, so the ordering is deterministic.
///
/// Cost: about `O(nnz(A)·passes)` in practice (each element is scanned when it is absorbed and
/// once per degree update of its variables), against the `Σ degree²` of the explicit elimination
/// graph of `MinimumDegree`; memory: `O(nnz(A) + n)`.
enum ApproximateMinimumDegree {
    private enum Kind: UInt8 {
        /// An uneliminated principal (or merged, when its weight is 0) variable.
        case variable
        /// An element: an eliminated pivot whose variables are not yet all covered elsewhere.
        case element
        /// An absorbed element, a merged variable or a dense node: ignored from then on.
        case dead
    }

    /// The elimination order: `order[k]` is the node eliminated k-th; a permutation of `0..<n`.
    /// - Parameters:
    ///   - adjacency: the neighbours of each node (no self loops needed; symmetric; duplicates
    ///     allowed).
    ///   - denseThreshold: nodes with more distinct neighbours than this are ordered last.
    static func order(adjacency input: [[Int]], denseThreshold: Int) -> [Int] {
        let n = input.count
        var kind = [Kind](repeating: .variable, count: n)
        var stamp = [Int](repeating: -1, count: n)
        // Distinct neighbour counts decide density.
        var distinct = [Int](repeating: 0, count: n)
        for i in 0..<n {
            stamp[i] = i
            var c = 0
            for u in input[i] where stamp[u] != i { stamp[u] = i; c += 1 }
            distinct[i] = c
        }
        var denseNodes: [Int] = []
        for i in 0..<n where distinct[i] > denseThreshold {
            kind[i] = .dead
            denseNodes.append(i)
        }
        // A_i: the sparse graph without dense nodes, duplicates removed.
        for i in 0..<n { stamp[i] = -1 }
        var variables = [[Int]](repeating: [], count: n)
        for i in 0..<n where kind[i] == .variable {
            var list: [Int] = []
            list.reserveCapacity(input[i].count)
            stamp[i] = i
            for u in input[i] where kind[u] == .variable && stamp[u] != i {
                stamp[u] = i
                list.append(u)
            }
            variables[i] = list
        }
        var elements = [[Int]](repeating: [], count: n)      // E_i of a variable
        var members = [[Int]](repeating: [], count: n)       // L_e of an element
        var elementSize = [Int](repeating: 0, count: n)      // Σ weight over L_e
        var weight = [Int](repeating: 1, count: n)           // supervariable size; 0 once merged
        // Approximate external degrees, in buckets (`buckets.degree`).
        var buckets = DegreeBuckets(nodes: n)
        var hash = [Int](repeating: 0, count: n)
        // Nodes eliminated together with a principal variable: a linked chain.
        var chainNext = [Int](repeating: -1, count: n)
        var chainLast = Array(0..<n)
        var left = 0
        for i in stride(from: n - 1, through: 0, by: -1) where kind[i] == .variable {
            buckets.insert(i, variables[i].count)
            left += 1
        }
        var order: [Int] = []
        order.reserveCapacity(n)
        func emit(_ i: Int) {
            var c = i
            while c >= 0 { order.append(c); c = chainNext[c] }
        }
        // Per-step marks: `inPivot[i] == step` for i ∈ L_p; `external[e]` = |L_e \ L_p| when
        // `externalStamp[e] == step`.
        var inPivot = [Int](repeating: -1, count: n)
        var external = [Int](repeating: 0, count: n)
        var externalStamp = [Int](repeating: -1, count: n)
        for i in 0..<n { stamp[i] = -1 }
        var tag = 0
        var pivotList: [Int] = []
        var candidates: [Int] = []
        var minDegree = 0
        var step = 0
        while left > 0 {
            while buckets.head[minDegree] < 0 { minDegree += 1 }
            let p = buckets.head[minDegree]
            buckets.remove(p)
            step += 1
            emit(p)
            left -= weight[p]
            // L_p from A_p and the elements of E_p, which p absorbs.
            pivotList.removeAll(keepingCapacity: true)
            inPivot[p] = step
            var pivotSize = 0
            for e in elements[p] where kind[e] == .element {
                for i in members[e] where kind[i] == .variable && weight[i] > 0 && inPivot[i] != step {
                    inPivot[i] = step
                    pivotList.append(i)
                    pivotSize += weight[i]
                }
                kind[e] = .dead
                members[e] = []
            }
            for i in variables[p] where kind[i] == .variable && weight[i] > 0 && inPivot[i] != step {
                inPivot[i] = step
                pivotList.append(i)
                pivotSize += weight[i]
            }
            elements[p] = []
            variables[p] = []
            kind[p] = .element
            for i in pivotList { buckets.remove(i) }
            // |L_e \ L_p| for every element touching L_p.
            for i in pivotList {
                for e in elements[i] where kind[e] == .element {
                    if externalStamp[e] != step { externalStamp[e] = step; external[e] = elementSize[e] }
                    external[e] -= weight[i]
                }
            }
            // Degree update, pruning of E_i and A_i, aggressive and mass elimination.
            for i in pivotList {
                var list: [Int] = []
                swap(&list, &elements[i])
                var sum = 0, h = 0, kept = 0
                for r in 0..<list.count {
                    let e = list[r]
                    guard kind[e] == .element else { continue }
                    let outside = external[e]
                    if outside > 0 {
                        sum += outside
                        h &+= e
                        list[kept] = e
                        kept += 1
                    } else {
                        // L_e ⊆ L_p: e adds nothing to p's element (aggressive absorption).
                        kind[e] = .dead
                        members[e] = []
                    }
                }
                list.removeLast(list.count - kept)
                var adjacent: [Int] = []
                swap(&adjacent, &variables[i])
                kept = 0
                for r in 0..<adjacent.count {
                    let j = adjacent[r]
                    // Edges inside L_p are covered by p; merged and eliminated nodes drop out.
                    guard kind[j] == .variable, weight[j] > 0, inPivot[j] != step else { continue }
                    sum += weight[j]
                    h &+= j
                    adjacent[kept] = j
                    kept += 1
                }
                adjacent.removeLast(adjacent.count - kept)
                if list.isEmpty && adjacent.isEmpty {
                    // i touches only p: eliminated right after it (mass elimination).
                    emit(i)
                    left -= weight[i]
                    weight[i] = 0
                    kind[i] = .dead
                    continue
                }
                list.append(p)
                h &+= p
                swap(&list, &elements[i])
                swap(&adjacent, &variables[i])
                let outsideI = pivotSize - weight[i]
                buckets.degree[i] = min(buckets.degree[i] + outsideI, sum + outsideI)
                hash[i] = h
            }
            // Indistinguishable variables of L_p: the same E_i and A_i.
            candidates.removeAll(keepingCapacity: true)
            for i in pivotList where kind[i] == .variable && weight[i] > 0 { candidates.append(i) }
            candidates.sort { (hash[$0], $0) < (hash[$1], $1) }
            var g = 0
            while g < candidates.count {
                var end = g + 1
                while end < candidates.count && hash[candidates[end]] == hash[candidates[g]] { end += 1 }
                if end - g > 1 {
                    for a in g..<(end - 1) {
                        let i = candidates[a]
                        guard weight[i] > 0 else { continue }
                        tag += 1
                        for e in elements[i] { stamp[e] = tag }
                        for j in variables[i] { stamp[j] = tag }
                        for b in (a + 1)..<end {
                            let j = candidates[b]
                            guard weight[j] > 0,
                                  elements[j].count == elements[i].count,
                                  variables[j].count == variables[i].count else { continue }
                            var same = true
                            for e in elements[j] where stamp[e] != tag { same = false; break }
                            if same { for u in variables[j] where stamp[u] != tag { same = false; break } }
                            guard same else { continue }
                            // Merge j into i.
                            weight[i] += weight[j]
                            buckets.degree[i] -= weight[j]
                            weight[j] = 0
                            kind[j] = .dead
                            elements[j] = []
                            variables[j] = []
                            chainNext[chainLast[i]] = j
                            chainLast[i] = chainLast[j]
                        }
                    }
                }
                g = end
            }
            // The new element p and the degrees back into their buckets.
            var kept: [Int] = []
            kept.reserveCapacity(pivotList.count)
            var size = 0
            for i in pivotList where kind[i] == .variable && weight[i] > 0 {
                kept.append(i)
                size += weight[i]
                let d = max(0, min(buckets.degree[i], left - weight[i]))
                buckets.insert(i, d)
                if d < minDegree { minDegree = d }
            }
            members[p] = kept
            elementSize[p] = size
        }
        denseNodes.sort { (distinct[$0], $0) < (distinct[$1], $1) }
        order.append(contentsOf: denseNodes)
        return order
    }
}

/// Fill-reducing ordering of a symmetric sparse pattern by minimum degree on the explicit
/// elimination graph, with dense nodes set aside.
///
/// At each step the node of least current degree is eliminated and its neighbours become a clique
/// (the fill its elimination causes). Nodes whose initial degree exceeds `denseThreshold` (the
/// coupling rows of a block-angular model: budgets, totals) are removed from the graph before the
/// elimination and ordered last, by increasing degree; their rows of the factor are dense, and
/// they form a dense trailing (Schur) block. Ties are broken by the lower node index, so the
/// ordering is deterministic.
///
/// Cost: proportional to Σ over eliminated nodes of the degrees of their neighbours (the work of a
/// symbolic factorisation); memory: the filled graph (≈ the factor's nonzeros).
enum MinimumDegree {
    /// The elimination order: `order[k]` is the node eliminated k-th.
    /// - Parameters:
    ///   - adjacency: the neighbours of each node (no self loops; symmetric; duplicates allowed).
    ///   - denseThreshold: nodes with more neighbours than this are ordered last.
    static func order(adjacency input: [[Int]], denseThreshold: Int) -> [Int] {
        let n = input.count
        var dense = [Bool](repeating: false, count: n)
        var denseNodes: [Int] = []
        for i in 0..<n where input[i].count > denseThreshold {
            dense[i] = true
            denseNodes.append(i)
        }
        // Sparse graph without the dense nodes, duplicates removed.
        var mark = [Int](repeating: -1, count: n)
        var adj = [[Int]](repeating: [], count: n)
        for i in 0..<n where !dense[i] {
            var list: [Int] = []
            list.reserveCapacity(input[i].count)
            mark[i] = i
            for u in input[i] where !dense[u] && mark[u] != i {
                mark[u] = i
                list.append(u)
            }
            adj[i] = list
        }
        var buckets = DegreeBuckets(nodes: n)
        // Insert in reverse so that the lowest index is at the head of each bucket.
        for i in stride(from: n - 1, through: 0, by: -1) where !dense[i] { buckets.insert(i, adj[i].count) }
        var eliminated = [Bool](repeating: false, count: n)
        var order: [Int] = []
        order.reserveCapacity(n)
        var stamp = [Int](repeating: -1, count: n)
        var tag = 0
        var minDegree = 0
        let sparseCount = n - denseNodes.count
        var merged: [Int] = []
        while order.count < sparseCount {
            while minDegree <= n && buckets.head[minDegree] < 0 { minDegree += 1 }
            let p = buckets.head[minDegree]
            buckets.remove(p)
            eliminated[p] = true
            order.append(p)
            let clique = adj[p]
            adj[p] = []
            // Each neighbour u: adj[u] ← (adj[u] ∪ clique) \ {u, p}.
            for u in clique {
                tag += 1
                merged.removeAll(keepingCapacity: true)
                stamp[u] = tag
                stamp[p] = tag
                for w in adj[u] where stamp[w] != tag {
                    stamp[w] = tag
                    merged.append(w)
                }
                for w in clique where stamp[w] != tag {
                    stamp[w] = tag
                    merged.append(w)
                }
                adj[u] = merged
                buckets.remove(u)
                buckets.insert(u, merged.count)
                if merged.count < minDegree { minDegree = merged.count }
            }
        }
        denseNodes.sort { (input[$0].count, $0) < (input[$1].count, $1) }
        order.append(contentsOf: denseNodes)
        return order
    }
}

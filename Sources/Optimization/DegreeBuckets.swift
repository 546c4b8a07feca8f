/// Nodes of an elimination graph kept in doubly linked lists by degree (0…n), as the minimum-degree
/// orderings (`MinimumDegree`, `ApproximateMinimumDegree`) need them: insert and remove in O(1),
/// the head of the least non-empty bucket found by a scan upwards from the last minimum.
struct DegreeBuckets {
    /// `head[d]`: the node at the head of bucket d, or −1 when the bucket is empty.
    private(set) var head: [Int]
    private var next: [Int]
    private var prev: [Int]
    /// The degree each node was inserted with (an ordering may update it while the node is out).
    var degree: [Int]

    init(nodes n: Int) {
        head = [Int](repeating: -1, count: n + 1)
        next = [Int](repeating: -1, count: n)
        prev = [Int](repeating: -1, count: n)
        degree = [Int](repeating: 0, count: n)
    }

    /// Puts node `i` at the head of bucket `d` (and records `d` as its degree).
    @inline(__always)
    mutating func insert(_ i: Int, _ d: Int) {
        degree[i] = d
        prev[i] = -1
        next[i] = head[d]
        if head[d] >= 0 { prev[head[d]] = i }
        head[d] = i
    }

    /// Takes node `i` out of the bucket of its recorded degree.
    @inline(__always)
    mutating func remove(_ i: Int) {
        let d = degree[i]
        if prev[i] >= 0 { next[prev[i]] = next[i] } else { head[d] = next[i] }
        if next[i] >= 0 { prev[next[i]] = prev[i] }
    }
}

import Dispatch
import Foundation

/// A fixed split of `0..<count` into chunks of `size` indices, run one after another or on several
/// threads. The split depends only on `count` and `size`, never on the number of threads, and sums
/// are taken per chunk and then added in chunk order: the interior point's results are the same bits
/// on one thread or many.
struct ColumnChunks: Sendable {
    /// Indices per chunk (the last chunk may be shorter). Large enough that a chunk's work dwarfs the
    /// cost of handing it to a thread, small enough that two threads share a model of 10⁵ columns.
    static let defaultSize = 16_384
    /// Below this many indices every pass runs on the calling thread.
    static let parallelThreshold = 65_536
    /// The processors this process may use, read once: Foundation's `activeProcessorCount` costs
    /// ≈ 17 µs a call on Linux (it reads the cgroup limits), which branch and bound paid on every node.
    static let processorCount = max(1, ProcessInfo.processInfo.activeProcessorCount)

    let count: Int
    let size: Int
    /// Number of chunks, `⌈count / size⌉`.
    let chunks: Int
    /// Whether the chunks are handed to Dispatch's concurrentPerform.
    let concurrent: Bool

    /// - Parameters: `count` indices, `threads` available (≤ 1: serial), `size` per chunk, and the
    ///   fewest indices for which the chunks run on several threads.
    init(count: Int, threads: Int, size: Int = ColumnChunks.defaultSize, threshold: Int = ColumnChunks.parallelThreshold) {
        self.count = count
        self.size = max(1, size)
        chunks = (count + self.size - 1) / self.size
        concurrent = threads > 1 && count >= threshold && chunks > 1
    }

    /// The indices of chunk `c`.
    @inline(__always)
    func range(_ c: Int) -> Range<Int> { (c * size)..<min(count, (c + 1) * size) }

    /// Runs `body` on every chunk's range (in any order when concurrent: chunks must write disjoint data).
    func forEach(_ body: @Sendable (Range<Int>) -> Void) {
        if concurrent {
            DispatchQueue.concurrentPerform(iterations: chunks) { body(range($0)) }
        } else {
            for c in 0..<chunks { body(range(c)) }
        }
    }

    /// How the chunks' partial results of one slot combine.
    enum Reduction: Sendable { case sum, maximum, minimum }

    /// Runs `body` on every chunk; `body` writes the chunk's partial result of slot `i` into its
    /// buffer's element `i` (one slot per element of `slots`). Returns the partial results combined
    /// over the chunks in chunk order (sums are added from the first chunk to the last). With no
    /// chunks (`count` 0): 0 for sums, −∞ for maxima, +∞ for minima.
    func reduce(_ slots: [Reduction], _ body: @Sendable (Range<Int>, UnsafeMutableBufferPointer<Double>) -> Void) -> [Double] {
        let k = slots.count
        var partial = [Double](repeating: 0, count: max(1, chunks) * k)
        partial.withUnsafeMutableBufferPointer { all in
            let shared = Unchecked(all)
            let size = self.size
            forEach { r in
                let c = r.lowerBound / size
                body(r, UnsafeMutableBufferPointer(rebasing: shared.value[(c * k)..<((c + 1) * k)]))
            }
        }
        return slots.enumerated().map { i, kind in
            switch kind {
            case .sum:
                var s = 0.0
                for c in 0..<chunks { s += partial[c * k + i] }
                return s
            case .maximum:
                var s = -Double.infinity
                for c in 0..<chunks { s = max(s, partial[c * k + i]) }
                return s
            case .minimum:
                var s = Double.infinity
                for c in 0..<chunks { s = min(s, partial[c * k + i]) }
                return s
            }
        }
    }
}

/// A value handed to worker threads that only ever touch disjoint parts of it (buffers the chunks of
/// `ColumnChunks` write): the caller vouches for the absence of races.
struct Unchecked<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

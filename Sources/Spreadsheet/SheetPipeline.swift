#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A large worksheet part inflated on the calling thread while a second thread scans it behind the
/// inflater: inflating (zlib, one thread) and scanning no longer come one after the other.
///
/// The part is inflated into memory of its own, as long as the archive says the part is (bounded
/// by `Workbook.maximumExpandedBytes`, checked before). It is cut into `segments` runs of about
/// equal size, each before a `<row` that follows a `>` (`SheetPart.splitPoint`): the cut depends
/// only on the bytes, never on the timing. The scanning thread takes the segments in order as soon
/// as the inflater has passed their end; once the part is inflated the calling thread takes the
/// segments left. When every segment is scanned and they join (`SheetPart.joined`) the grid is
/// theirs; otherwise, and when the part turns out longer than the archive said, the part is
/// scanned whole, so the cells and the first problem are always those of one sequential pass.
/// The entity check (`XMLSafety`) runs on the whole part before any result of the scan is used.
final class SheetPipeline: @unchecked Sendable {
    /// Parts above 4 MiB are read this way (as `SheetPart.read` scans parts above it in halves).
    static let threshold: UInt64 = 4 << 20

    /// Segments for a part of `bytes`: one per 8 MiB, from 2 to 8 (each later segment's grid starts
    /// with a row end for every row before it, so not many more).
    static func segments(forBytes bytes: Int) -> Int { min(8, max(2, bytes / (8 << 20))) }

    /// A segment claimed for scanning: its index and its bytes.
    struct Claim { var index: Int; var segment: XMLScanner.Segment }

    private let capacity: Int
    private let base: UnsafeMutablePointer<UInt8>
    private let mapped: Bool
    private let segments: Int
    private let condition = NSCondition()
    // Guarded by `condition`:
    private var published = 0
    private var finished = false
    private var cancelled = false
    private var nextSegment = 0
    private var segmentStart = 0
    private var lastClaimed = false
    private var parts: [SheetPart?]
    private var ends: [Result<XMLScanner.SegmentEnd, XMLScanner.ScanProblem>?]
    // The inflater's own:
    private var written = 0
    private var overflow: Data?

    /// Room for a part of `capacity` bytes, to be scanned in `segments` segments (at least 2).
    init(capacity: Int, segments: Int) {
        self.capacity = max(1, capacity)
        self.segments = max(2, segments)
        (base, mapped) = SheetPipeline.allocate(self.capacity)
        parts = Array(repeating: nil, count: self.segments)
        ends = Array(repeating: nil, count: self.segments)
    }

    deinit {
        #if os(Linux)
        if mapped { munmap(base, capacity); return }
        #endif
        base.deallocate()
    }

    /// Room for `bytes` bytes, untouched until written. On Linux a mapping of its own, asked for in
    /// transparent huge pages (2 MiB): a part of 730 MB then faults in 365 times instead of 180,000
    /// (page faults were a tenth of a large workbook's import).
    private static func allocate(_ bytes: Int) -> (UnsafeMutablePointer<UInt8>, mapped: Bool) {
        #if os(Linux)
        if bytes >= 4 << 20, let raw = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
           raw != UnsafeMutableRawPointer(bitPattern: -1) {
            _ = madvise(raw, bytes, 14)   // MADV_HUGEPAGE; only advice, ignored where not supported
            return (raw.bindMemory(to: UInt8.self, capacity: bytes), true)
        }
        #endif
        return (UnsafeMutablePointer<UInt8>.allocate(capacity: bytes), false)
    }

    /// Inflates with `inflate` (which hands the part's bytes to its argument, in order) on this
    /// thread while a second one scans, then reads the sheet as `SheetPart.read` does.
    /// - Returns: nil when the part declares entities (the caller refuses it); the grid or problem otherwise.
    /// - Throws: what `inflate` throws (nothing is kept then).
    static func read(capacity: Int, segments: Int, context: SheetPart.Context,
                     inflate: (_ consume: (Data) -> Void) throws -> Void) throws -> Result<SheetGrid, SheetProblem>? {
        let pipeline = SheetPipeline(capacity: capacity, segments: segments)
        // A thread of its own, not a dispatch queue's: a caller on a pool thread waiting for
        // work queued behind it on the same pool could wait for ever.
        let scanner = DispatchSemaphore(value: 0)
        let thread = Thread {
            pipeline.scanSegments(context)
            scanner.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        do {
            try inflate { pipeline.append($0) }
        } catch {
            pipeline.finish(cancel: true)
            scanner.wait()
            throw error
        }
        pipeline.finish(cancel: pipeline.overflow != nil)
        pipeline.scanSegments(context)
        scanner.wait()
        return pipeline.result(context)
    }

    /// Takes the inflater's next bytes.
    private func append(_ chunk: Data) {
        if overflow != nil { overflow?.append(chunk); return }
        if written + chunk.count > capacity {
            // Longer than the archive said: kept whole, scanned the plain way.
            var all = Data(bytes: base, count: written)
            all.append(chunk)
            overflow = all
            return
        }
        chunk.copyBytes(to: base + written, count: chunk.count)
        written += chunk.count
        condition.lock()
        published = written
        condition.broadcast()
        condition.unlock()
    }

    private func finish(cancel: Bool) {
        condition.lock()
        finished = true
        if cancel { cancelled = true }
        condition.broadcast()
        condition.unlock()
    }

    /// Scans segments as they are claimed until none is left.
    private func scanSegments(_ context: SheetPart.Context) {
        while let claim = claim() {
            var part = context.fresh(cells: context.cells(capacity) / segments)
            let end = SheetPart.scan(UnsafeBufferPointer(start: base, count: claim.segment.end), &part, claim.segment)
            condition.lock()
            parts[claim.index] = part
            ends[claim.index] = end
            condition.unlock()
        }
    }

    /// The next segment, once the inflater has passed the cut after it (the last one: once the part
    /// is inflated); nil when every segment is claimed or the pipeline is cancelled.
    private func claim() -> Claim? {
        condition.lock()
        defer { condition.unlock() }
        guard !lastClaimed else { return nil }
        let k = nextSegment, start = segmentStart
        var end: Int?
        if k < segments - 1 {
            var from = max(start + 1, Int((Double(capacity) * Double(k + 1) / Double(segments)).rounded(.down)))
            while end == nil {
                while !finished && published < from + 6 { condition.wait() }
                if cancelled { return nil }
                if published >= from + 6,
                   let cut = SheetPart.splitPoint(UnsafeBufferPointer(start: base, count: published), from: from) {
                    end = cut
                } else if finished {
                    break
                } else {
                    from = max(from, published - 5)
                }
            }
        }
        if end == nil {
            while !finished { condition.wait() }
            if cancelled { return nil }
        }
        let last = end == nil
        let stop = end ?? published
        nextSegment = k + 1
        segmentStart = stop
        lastClaimed = last
        return Claim(index: k, segment: XMLScanner.Segment(start: start, end: stop, first: k == 0, last: last))
    }

    /// The sheet once inflated and its segments scanned: nil when it declares entities.
    private func result(_ context: SheetPart.Context) -> Result<SheetGrid, SheetProblem>? {
        if let overflow {
            if XMLSafety.declaresEntities(overflow) { return nil }
            return overflow.withUnsafeBytes { context.sequential($0.bindMemory(to: UInt8.self)) }
        }
        let bytes = UnsafeBufferPointer(start: base, count: written)
        if XMLSafety.declaresEntities(bytes: UnsafeRawBufferPointer(bytes)) { return nil }
        let count = nextSegment
        if lastClaimed, count >= 2, segmentStart == written {
            let scanned = parts[0..<count].compactMap { $0 }
            if scanned.count == count,
               let whole = SheetPart.joined(bytes, parts: scanned, ends: Array(ends[0..<count])) { return whole }
        }
        return context.sequential(bytes)
    }
}

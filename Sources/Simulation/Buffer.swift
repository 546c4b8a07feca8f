/// A fixed-size block of memory owned by a class: the draw loop reads and writes it through
/// unchecked pointers (no copy-on-write checks, no allocation), and it is freed with its owner.
final class Buffer<Element>: @unchecked Sendable {
    let pointer: UnsafeMutableBufferPointer<Element>
    /// The first element (the buffer holds at least one, even when `count` is 0).
    let start: UnsafeMutablePointer<Element>
    let count: Int

    init(repeating value: Element, count: Int) {
        self.count = count
        start = .allocate(capacity: max(count, 1))
        pointer = UnsafeMutableBufferPointer(start: start, count: max(count, 1))
        pointer.initialize(repeating: value)
    }

    init(_ array: [Element]) {
        count = array.count
        start = .allocate(capacity: max(array.count, 1))
        pointer = UnsafeMutableBufferPointer(start: start, count: max(array.count, 1))
        if array.isEmpty {
            _ = pointer.initialize(from: [])
        } else {
            _ = pointer.initialize(from: array)
        }
    }

    /// `count` elements left uninitialized: for trivial element types (numbers), each to be
    /// initialized through `start` before it is read.
    init(unfilled count: Int) {
        self.count = count
        start = .allocate(capacity: max(count, 1))
        pointer = UnsafeMutableBufferPointer(start: start, count: max(count, 1))
    }

    deinit {
        pointer.deallocate()
    }

    var array: [Element] { Array(pointer.prefix(count)) }
}

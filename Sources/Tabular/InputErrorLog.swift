/// Collects input errors while a whole input is checked, so every problem is reported at once
/// (validation never stops at the first error).
public struct InputErrorLog: Sendable {
    /// The errors in the order they were found.
    public private(set) var errors: [InputError] = []

    public init() {}

    /// True when nothing has been recorded.
    public var isEmpty: Bool { errors.isEmpty }

    /// Records one error.
    public mutating func add(_ error: InputError) { errors.append(error) }

    /// Records an error in the form `expected …, found "…"`.
    /// - Parameters: file, one-based line and column (0 = whole file / whole line), what was expected, what was found.
    public mutating func expected(_ expectation: String, found: String, file: String, line: Int, column: Int) {
        errors.append(InputError(file: file, line: line, column: column, message: "expected \(expectation), found \"\(found)\""))
    }

    /// Records every error of a thrown `InputError` or `InputErrors`; returns false for other errors.
    @discardableResult
    public mutating func absorb(_ error: Error) -> Bool {
        if let one = error as? InputError { errors.append(one); return true }
        if let many = error as? InputErrors { errors.append(contentsOf: many.errors); return true }
        return false
    }

    /// Throws `InputErrors` with everything recorded, sorted by file, line and column; does nothing when empty.
    public func throwIfAny() throws(InputErrors) {
        guard !errors.isEmpty else { return }
        throw InputErrors(errors.sorted { ($0.file, $0.line, $0.column) < ($1.file, $1.line, $1.column) })
    }
}

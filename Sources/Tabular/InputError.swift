/// A problem with a user's input file, located precisely enough to fix it by hand.
///
/// `description` has the form `file:line:column: message`, the form compilers use, so editors
/// and scripts can jump to the place. Lines and columns are one-based; `column` counts fields
/// in a CSV file (the 3rd field is column 3) and characters in text formats such as TOML or MPS.
/// A line or column of 0 means "the whole file" or "the whole line".
public struct InputError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file as the user named it.
    public var file: String
    /// One-based line number, 0 when the problem concerns the whole file.
    public var line: Int
    /// One-based column (CSV: field number), 0 when the problem concerns the whole line.
    public var column: Int
    /// What was expected and what was found.
    public var message: String
    /// A spreadsheet cell, `Sheet!C12`, in place of line and column (xlsx input); nil for text files.
    public var cell: String?

    public init(file: String, line: Int = 0, column: Int = 0, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.cell = nil
    }

    /// An error at `cell` (`Sheet!C12`) of a workbook.
    public init(file: String, cell: String, message: String) {
        self.file = file
        self.line = 0
        self.column = 0
        self.message = message
        self.cell = cell
    }

    public var description: String {
        if let cell { return "\(file):\(cell): \(message)" }
        switch (line, column) {
        case (0, _): return "\(file): \(message)"
        case (_, 0): return "\(file):\(line): \(message)"
        default: return "\(file):\(line):\(column): \(message)"
        }
    }
}

/// Several input errors found in one pass (validation reports all of them, not just the first).
public struct InputErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [InputError]
    public init(_ errors: [InputError]) { self.errors = errors }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

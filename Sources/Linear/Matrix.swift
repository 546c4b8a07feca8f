/// A dense matrix of `Double` in column-major order with value semantics.
///
/// Element `(i, j)` (zero-based row `i`, column `j`) lives at `elements[i + j * rows]`,
/// which is the layout BLAS and LAPACK expect with a leading dimension equal to `rows`.
/// Copies are cheap until one of them is mutated (the storage is a Swift `Array`).
public struct Matrix: Equatable, Sendable {
    /// Number of rows.
    public private(set) var rows: Int
    /// Number of columns.
    public private(set) var columns: Int
    /// The entries, column after column (`rows * columns` of them).
    public var elements: [Double]

    /// A `rows × columns` matrix filled with `value` (zero by default).
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.elements = Array(repeating: value, count: rows * columns)
    }

    /// A matrix over existing column-major storage.
    /// - Throws: `LinearAlgebraError.invalidDimension` when `elements.count != rows * columns`.
    public init(rows: Int, columns: Int, columnMajor elements: [Double]) throws {
        guard rows >= 0, columns >= 0, elements.count == rows * columns else {
            throw LinearAlgebraError.invalidDimension(
                "\(elements.count) elements given for a \(rows)×\(columns) matrix")
        }
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// A matrix from a list of rows (convenient for tests and small literals).
    /// - Throws: `LinearAlgebraError.invalidDimension` when the rows differ in length.
    public init(rowMajor rowList: [[Double]]) throws {
        let r = rowList.count
        let c = rowList.first?.count ?? 0
        var storage = [Double](repeating: 0, count: r * c)
        for (i, row) in rowList.enumerated() {
            guard row.count == c else {
                throw LinearAlgebraError.invalidDimension("row \(i) has \(row.count) entries, expected \(c)")
            }
            for j in 0..<c { storage[i + j * r] = row[j] }
        }
        self.rows = r
        self.columns = c
        self.elements = storage
    }

    /// The `n × n` identity matrix.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m.elements[i + i * n] = 1 }
        return m
    }

    /// A column vector (`n × 1`).
    public init(column: [Double]) {
        self.rows = column.count
        self.columns = 1
        self.elements = column
    }

    /// Entry at zero-based row `i` and column `j`.
    @inlinable
    public subscript(i: Int, j: Int) -> Double {
        get { elements[i + j * rows] }
        set { elements[i + j * rows] = newValue }
    }

    /// A copy of column `j`.
    public func column(_ j: Int) -> [Double] {
        Array(elements[(j * rows)..<((j + 1) * rows)])
    }

    /// A copy of row `i`.
    public func row(_ i: Int) -> [Double] {
        (0..<columns).map { self[i, $0] }
    }

    /// The transpose (a new matrix).
    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for j in 0..<columns {
            for i in 0..<rows { t.elements[j + i * columns] = elements[i + j * rows] }
        }
        return t
    }

    /// The leading `r × c` block.
    public func leadingBlock(rows r: Int, columns c: Int) -> Matrix {
        precondition(r <= rows && c <= columns)
        var b = Matrix(rows: r, columns: c)
        for j in 0..<c {
            for i in 0..<r { b.elements[i + j * r] = elements[i + j * rows] }
        }
        return b
    }

    /// The columns listed in `indices`, in that order.
    public func selectingColumns(_ indices: [Int]) -> Matrix {
        var b = Matrix(rows: rows, columns: indices.count)
        for (k, j) in indices.enumerated() {
            b.elements.withUnsafeMutableBufferPointer { dst in
                elements.withUnsafeBufferPointer { src in
                    for i in 0..<rows { dst[i + k * rows] = src[i + j * rows] }
                }
            }
        }
        return b
    }

    /// The main diagonal.
    public var diagonal: [Double] {
        (0..<Swift.min(rows, columns)).map { self[$0, $0] }
    }

    /// Largest absolute entry (0 for an empty matrix).
    public var maxAbs: Double {
        elements.reduce(0) { Swift.max($0, abs($1)) }
    }

    /// Mirrors the upper triangle into the lower one (or the reverse), making the matrix symmetric.
    public mutating func symmetrize(fromUpper: Bool = true) {
        precondition(rows == columns)
        for j in 0..<columns {
            for i in (j + 1)..<Swift.max(rows, j + 1) {
                if fromUpper { self[i, j] = self[j, i] } else { self[j, i] = self[i, j] }
            }
        }
    }
}

extension Matrix: CustomStringConvertible {
    public var description: String {
        var s = "Matrix(\(rows)×\(columns))\n"
        for i in 0..<Swift.min(rows, 12) {
            s += (0..<Swift.min(columns, 8)).map { String(format: "%12.5g", self[i, $0]) }.joined(separator: " ")
            s += "\n"
        }
        return s
    }
}

import Foundation

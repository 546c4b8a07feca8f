/// Direction of optimisation.
public enum ObjectiveSense: String, Sendable, Equatable {
    case minimize, maximize
}

/// A decision variable (a column of the model).
public struct Variable: Sendable, Equatable {
    /// Name, as written to and read from MPS (no spaces if the model is written in free format).
    public var name: String
    /// Lower bound; `-Double.infinity` for none.
    public var lower: Double
    /// Upper bound; `Double.infinity` for none.
    public var upper: Double
    /// Objective coefficient (in the model's own sense).
    public var cost: Double
    /// Whether the variable must take an integer value (branch and bound).
    public var isInteger: Bool

    public init(name: String, lower: Double = 0, upper: Double = .infinity, cost: Double = 0, isInteger: Bool = false) {
        self.name = name
        self.lower = lower
        self.upper = upper
        self.cost = cost
        self.isInteger = isInteger
    }
}

/// A linear row `lower ≤ Σ a_j x_j ≤ upper`; an equality has `lower == upper`, a `≤` row has
/// `lower = -∞`, a `≥` row `upper = +∞`, a ranged row both finite.
public struct Row: Sendable, Equatable {
    public var name: String
    public var lower: Double
    public var upper: Double

    public init(name: String, lower: Double, upper: Double) {
        self.name = name
        self.lower = lower
        self.upper = upper
    }
}

/// A sparse matrix in compressed sparse column (CSC) form: the entries of column `j` are at
/// positions `columnStart[j] ..< columnStart[j + 1]` of `rowIndex` and `values`.
public struct SparseMatrix: Sendable, Equatable {
    public var rows: Int
    public var columns: Int
    public var columnStart: [Int]
    public var rowIndex: [Int]
    public var values: [Double]

    /// An empty `rows × columns` matrix.
    public init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
        self.columnStart = [Int](repeating: 0, count: columns + 1)
        self.rowIndex = []
        self.values = []
    }

    public init(rows: Int, columns: Int, columnStart: [Int], rowIndex: [Int], values: [Double]) {
        self.rows = rows
        self.columns = columns
        self.columnStart = columnStart
        self.rowIndex = rowIndex
        self.values = values
    }

    /// Builds the CSC form from triplets; duplicate `(row, column)` entries are summed, zeros dropped.
    public init(rows: Int, columns: Int, triplets rowList: [Int], _ columnList: [Int], _ valueList: [Double]) {
        precondition(rowList.count == columnList.count && rowList.count == valueList.count)
        var counts = [Int](repeating: 0, count: columns + 1)
        for j in columnList { counts[j + 1] += 1 }
        for j in 0..<columns { counts[j + 1] += counts[j] }
        var next = counts
        var rowIndex = [Int](repeating: 0, count: valueList.count)
        var values = [Double](repeating: 0, count: valueList.count)
        for k in 0..<valueList.count {
            let j = columnList[k]
            rowIndex[next[j]] = rowList[k]
            values[next[j]] = valueList[k]
            next[j] += 1
        }
        // Sort each column by row and merge duplicates.
        var start = [Int](repeating: 0, count: columns + 1)
        var outRows: [Int] = []
        var outValues: [Double] = []
        outRows.reserveCapacity(valueList.count)
        outValues.reserveCapacity(valueList.count)
        for j in 0..<columns {
            let range = counts[j]..<counts[j + 1]
            // Columns built in row order (the usual case) need no sort.
            var sorted = true
            var k = range.lowerBound + 1
            while k < range.upperBound {
                if rowIndex[k - 1] >= rowIndex[k] { sorted = false; break }
                k += 1
            }
            var lastRow = -1
            func take(_ k: Int) {
                if rowIndex[k] == lastRow {
                    outValues[outValues.count - 1] += values[k]
                } else {
                    outRows.append(rowIndex[k])
                    outValues.append(values[k])
                    lastRow = rowIndex[k]
                }
            }
            if sorted {
                for k in range { take(k) }
            } else {
                for k in range.sorted(by: { rowIndex[$0] < rowIndex[$1] }) { take(k) }
            }
            // Drop exact zeros left by cancellation or input.
            var write = start[j]
            for k in start[j]..<outRows.count where outValues[k] != 0 {
                outRows[write] = outRows[k]
                outValues[write] = outValues[k]
                write += 1
            }
            outRows.removeLast(outRows.count - write)
            outValues.removeLast(outValues.count - write)
            start[j + 1] = outRows.count
        }
        self.init(rows: rows, columns: columns, columnStart: start, rowIndex: outRows, values: outValues)
    }

    /// Number of stored entries.
    public var nonzeros: Int { values.count }

    /// `y = A·x`.
    public func multiply(_ x: [Double]) -> [Double] {
        var y = [Double](repeating: 0, count: rows)
        for j in 0..<columns where x[j] != 0 {
            for k in columnStart[j]..<columnStart[j + 1] { y[rowIndex[k]] += values[k] * x[j] }
        }
        return y
    }

    /// `z = Aᵀ·y`.
    public func multiplyTransposed(_ y: [Double]) -> [Double] {
        var z = [Double](repeating: 0, count: columns)
        for j in 0..<columns {
            var s = 0.0
            for k in columnStart[j]..<columnStart[j + 1] { s += values[k] * y[rowIndex[k]] }
            z[j] = s
        }
        return z
    }
}

/// A `SparseMatrix` stored by rows: row i's entries are `start[i]..<start[i + 1]` of `column` and
/// `value`, in ascending column order (the row scans of presolve, bound propagation and `A·v`).
struct SparseRows: Sendable {
    let start: [Int]
    let column: [Int]
    let value: [Double]

    /// One counting pass over the row indices, then one pass over the columns in order.
    init(_ a: SparseMatrix) {
        var start = [Int](repeating: 0, count: a.rows + 1)
        for k in 0..<a.nonzeros { start[a.rowIndex[k] + 1] += 1 }
        for i in 0..<a.rows { start[i + 1] += start[i] }
        var next = start
        var column = [Int](repeating: 0, count: a.nonzeros)
        var value = [Double](repeating: 0, count: a.nonzeros)
        for j in 0..<a.columns {
            for k in a.columnStart[j]..<a.columnStart[j + 1] {
                let i = a.rowIndex[k]
                column[next[i]] = j
                value[next[i]] = a.values[k]
                next[i] += 1
            }
        }
        self.start = start
        self.column = column
        self.value = value
    }
}

/// A linear or mixed-integer programme:
///
///     minimise (or maximise)  cᵀx + constant
///     subject to              rowLower ≤ A·x ≤ rowUpper,   lower ≤ x ≤ upper,   x_j integer for j ∈ I.
///
/// Build it with `addVariable` / `addRow` / `setCoefficient` (or read it from MPS). Coefficients are
/// kept as triplets while building; `matrix` gives the compressed-column form the solvers use.
/// A model with few rows and very many bounded columns (the planning models) is the intended shape.
public struct LinearModel: Sendable {
    /// Model name (MPS `NAME`).
    public var name: String
    public var sense: ObjectiveSense
    /// Name of the objective row (MPS: the first `N` row).
    public var objectiveName: String
    /// Constant added to the objective.
    public var objectiveConstant: Double
    public private(set) var variables: [Variable]
    public private(set) var rows: [Row]
    private var tripletRows: [Int] = []
    private var tripletColumns: [Int] = []
    private var tripletValues: [Double] = []

    public init(name: String = "MODEL", sense: ObjectiveSense = .minimize, objectiveConstant: Double = 0) {
        self.name = name
        self.sense = sense
        self.objectiveName = "OBJ"
        self.objectiveConstant = objectiveConstant
        self.variables = []
        self.rows = []
    }

    public var variableCount: Int { variables.count }
    public var rowCount: Int { rows.count }
    /// Whether any variable is integer (then `solve` runs branch and bound).
    public var hasIntegers: Bool { variables.contains { $0.isInteger } }

    /// Adds a variable and returns its index. `column` lists `(row index, coefficient)` pairs of rows
    /// already added.
    @discardableResult
    public mutating func addVariable(_ variable: Variable, column: [(row: Int, value: Double)] = []) -> Int {
        let j = variables.count
        variables.append(variable)
        for (i, a) in column { setCoefficient(row: i, variable: j, a) }
        return j
    }

    /// Adds a row `lower ≤ Σ a_j x_j ≤ upper` over variables already added; returns its index.
    @discardableResult
    public mutating func addRow(_ row: Row, coefficients: [(variable: Int, value: Double)] = []) -> Int {
        let i = rows.count
        rows.append(row)
        for (j, a) in coefficients { setCoefficient(row: i, variable: j, a) }
        return i
    }

    /// Room for `count` more rows, for a reader that knows the size before adding them.
    mutating func reserveRowCapacity(_ count: Int) { rows.reserveCapacity(rows.count + count) }

    /// Adds `value` to the coefficient of variable `variable` in row `row` (entries given twice are summed).
    public mutating func setCoefficient(row: Int, variable: Int, _ value: Double) {
        precondition(row >= 0 && row < rows.count && variable >= 0 && variable < variables.count,
                     "setCoefficient: row \(row) or variable \(variable) out of range")
        if value == 0 { return }
        tripletRows.append(row)
        tripletColumns.append(variable)
        tripletValues.append(value)
    }

    /// Replaces the bounds of variable `j`.
    public mutating func setBounds(variable j: Int, lower: Double, upper: Double) {
        variables[j].lower = lower
        variables[j].upper = upper
    }

    /// Replaces variable `j` (name, bounds, cost, integrality); its coefficients are kept.
    public mutating func updateVariable(_ j: Int, _ variable: Variable) { variables[j] = variable }

    /// Replaces row `i` (name and range); its coefficients are kept.
    public mutating func updateRow(_ i: Int, _ row: Row) { rows[i] = row }

    /// The constraint matrix `A` in compressed sparse column form (duplicates summed).
    public var matrix: SparseMatrix {
        SparseMatrix(rows: rows.count, columns: variables.count, triplets: tripletRows, tripletColumns, tripletValues)
    }

    /// Objective value `cᵀx + constant` of a point, in the model's own sense.
    public func objectiveValue(_ x: [Double]) -> Double {
        var s = objectiveConstant
        for j in 0..<variables.count { s += variables[j].cost * x[j] }
        return s
    }
}

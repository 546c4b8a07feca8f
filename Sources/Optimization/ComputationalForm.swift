/// The computational form the simplex codes (`Crossover`, `DualSimplex`) work on: the model
/// `min cᵀx, rowLower ≤ A·x ≤ rowUpper, l ≤ x ≤ u` as given (not presolved, not scaled), with one
/// logical variable `r_i = A_i·x` per row (`A·x − r = 0`; the logical's column is `−e_i`, its bounds
/// the row's, its cost 0). Variables `0..<n` are the structural columns, `n..<n+m` the logicals.
struct ComputationalForm: Sendable {
    let problem: BoundedProblem
    /// Structural columns and rows.
    let n: Int, m: Int
    /// Bounds and costs of the structural then logical variables (`n + m`).
    let lower: [Double], upper: [Double], cost: [Double]
    /// `‖c‖∞` over the structural columns (scales the dual tolerances).
    let costNorm: Double
    /// Entries per row of `A` plus one (the logical), for the factorisation's pivot choice.
    let rowCount: [Int]
    /// Logical columns' storage (row i, value −1).
    private let logicalRows: [Int]
    private let logicalValues: [Double]

    init(_ problem: BoundedProblem) {
        self.problem = problem
        n = problem.a.columns
        m = problem.a.rows
        lower = problem.lower + problem.rowLower
        upper = problem.upper + problem.rowUpper
        cost = problem.c + [Double](repeating: 0, count: m)
        costNorm = problem.c.reduce(0) { max($0, abs($1)) }
        logicalRows = Array(0..<m)
        logicalValues = [Double](repeating: -1, count: m)
        var counts = [Int](repeating: 1, count: m)
        for i in problem.a.rowIndex { counts[i] += 1 }
        rowCount = counts
    }

    /// The sparse constraint column of variable `k` (structural or logical).
    func column(_ k: Int) -> (rows: ArraySlice<Int>, values: ArraySlice<Double>) {
        if k < n {
            let range = problem.a.columnStart[k]..<problem.a.columnStart[k + 1]
            return (problem.a.rowIndex[range], problem.a.values[range])
        }
        let i = k - n
        return (logicalRows[i...i], logicalValues[i...i])
    }
}

/// A simplex code's basis over a `ComputationalForm`: the value of every variable, the variable
/// basic in each position and the position of each variable (−1 when nonbasic), and the LU of `B`.
protocol SimplexBasisHolder {
    var form: ComputationalForm { get }
    var value: [Double] { get set }
    var basic: [Int] { get }
    var positionOf: [Int] { get }
    var factor: BasisFactor { get set }
}

extension SimplexBasisHolder {
    var problem: BoundedProblem { form.problem }
    var n: Int { form.n }
    var m: Int { form.m }
    var lower: [Double] { form.lower }
    var upper: [Double] { form.upper }
    var cost: [Double] { form.cost }
    var costNorm: Double { form.costNorm }

    /// The sparse constraint column of variable `k` (structural or logical).
    func column(_ k: Int) -> (rows: ArraySlice<Int>, values: ArraySlice<Double>) { form.column(k) }

    /// Factors the current basis; the positions found dependent and the rows left without a pivot
    /// (both empty when `B` is nonsingular; otherwise the factorisation is not usable).
    mutating func factorBasis() -> (dependent: [Int], unpivotedRows: [Int]) {
        // The factor is taken out of self while the closure reads the columns through self.
        var f = BasisFactor(order: 0)
        swap(&f, &factor)
        let form = self.form, basic = self.basic
        let found = f.factor(rowCount: form.rowCount) { form.column(basic[$0]) }
        swap(&f, &factor)
        return found
    }

    /// Basic values from the nonbasic ones: `B·x_B = −Σ_N a_k x_k` (one FTRAN).
    mutating func computeBasicValues() {
        var rhs = [Double](repeating: 0, count: m)
        for k in 0..<(n + m) where positionOf[k] < 0 && value[k] != 0 {
            let col = column(k)
            for (i, a) in zip(col.rows, col.values) { rhs[i] -= a * value[k] }
        }
        factor.ftran(&rhs)
        for p in 0..<m { value[basic[p]] = rhs[p] }
    }
}

import Testing
@testable import Optimization

@Suite("model builder")
struct ModelTests {
    @Test("coefficients given out of order and twice are sorted and summed; cancelled ones dropped")
    func compressedColumns() {
        var m = LinearModel()
        let r0 = m.addRow(Row(name: "r0", lower: 0, upper: 1))
        let r1 = m.addRow(Row(name: "r1", lower: 0, upper: 1))
        let r2 = m.addRow(Row(name: "r2", lower: 0, upper: 1))
        let x = m.addVariable(Variable(name: "x"), column: [(r2, 3), (r0, 1), (r2, 4)])
        let y = m.addVariable(Variable(name: "y"))
        m.setCoefficient(row: r1, variable: y, 5)
        m.setCoefficient(row: r1, variable: y, -5)   // cancels
        m.setCoefficient(row: r0, variable: y, 2)
        let a = m.matrix
        #expect(a.columnStart == [0, 2, 3])
        #expect(a.rowIndex == [r0, r2, r0])
        #expect(a.values == [1, 7, 2])
        #expect(a.multiply([1, 1]) == [3, 0, 7])
        #expect(a.multiplyTransposed([1, 1, 1]) == [8, 2])
        #expect(m.objectiveValue([2, 3]) == 0)
        _ = x
    }

    @Test("a model with no rows: each variable at its cheaper bound")
    func noRows() {
        var m = LinearModel()
        m.addVariable(Variable(name: "a", lower: -2, upper: 5, cost: 1))
        m.addVariable(Variable(name: "b", lower: -2, upper: 5, cost: -1))
        let s = LPSolver.solve(m)
        #expect(s.status == .optimal)
        #expect(s.primal == [-2, 5])
        #expect(s.objective == -7)
    }
}

import Foundation
import Testing
import Tabular
@testable import Optimization

/// Issue 25, round two, for the MPS reader: feasibility models without an N row, many empty rows,
/// and the byte-level line splitting giving the same lines and columns as before.
@Suite("Hostile MPS files")
struct HostileMPSTests {
    static let feasibility = """
        NAME          FEAS
        ROWS
         L  LIM1
         G  LIM2
        COLUMNS
            X1        LIM1      1.0            LIM2      1.0
            X2        LIM1      1.0
        RHS
            RHS       LIM1      4.0            LIM2      1.0
        ENDATA

        """

    /// No N row: a zero objective (HiGHS and CPLEX read such a file so), solved to a feasible point.
    @Test(arguments: [MPSFormat.free, .automatic])
    func aModelWithoutAnNRowIsAFeasibilityModel(format: MPSFormat) throws {
        let m = try MPSReader.parse(Self.feasibility, file: "feas.mps", format: format)
        #expect(m.rowCount == 2 && m.variables.count == 2)
        #expect(m.variables.allSatisfy { $0.cost == 0 })
        #expect(m.rows.map(\.lower) == [-.infinity, 1] && m.rows.map(\.upper) == [4, .infinity])
        #expect(m.objectiveName == "OBJ")
        let s = LPSolver.solve(m)
        #expect(s.status == .optimal)
        #expect(s.objective == 0)
        let x1 = s.primal[0], x2 = s.primal[1]
        #expect(x1 + x2 <= 4 + 1e-7 && x1 >= 1 - 1e-7)
        // Written back, it is read again as the same model (the objective named apart from the rows).
        let again = try MPSReader.parse(MPSWriter.text(m), file: "again.mps")
        #expect(again.rowCount == 2 && again.rows.map(\.name) == ["LIM1", "LIM2"])
    }

    @Test func theObjectiveOfAFeasibilityModelIsNamedApartFromItsRows() throws {
        let text = Self.feasibility.replacingOccurrences(of: "LIM1", with: "OBJ")
        let m = try MPSReader.parse(text, file: "feas.mps")
        #expect(m.objectiveName == "OBJ1" && m.rows.map(\.name) == ["OBJ", "LIM2"])
    }

    /// 100,000 rows without entries: read in one pass (the byte path), every row kept as an L row.
    @Test func manyEmptyRowsAreRead() throws {
        var text = "NAME          EMPTY\nROWS\n N  COST\n"
        for i in 0..<100_000 { text += " L  R\(i)\n" }
        text += "COLUMNS\n    X         COST      1.0        R0        1.0\nRHS\n    RHS       R0        4.0\nENDATA\n"
        let m = try MPSReader.parse(text, file: "empty.mps")
        #expect(m.rowCount == 100_000)
        #expect(m.rows[99_999].name == "R99999" && m.rows[99_999].upper == 0 && m.rows[0].upper == 4)
    }

    /// Line ends of every kind count one line each (CR LF as one), so errors keep their line; a line
    /// with non-ASCII text still reports the column in characters.
    @Test(arguments: ["\n", "\r\n", "\r", "\u{2028}", "\u{85}"])
    func lineEndsOfEveryKindKeepTheLine(end: String) {
        let text = ["NAME          T", "ROWS", " N  COST", " L  LIM1", "COLUMNS", "    X1        COST      1.0",
                    "RHS", "    RHS       LIM1      12abc", "ENDATA", ""].joined(separator: end)
        #expect { try MPSReader.parse(text, file: "t.mps", format: .free) } throws: { error in
            guard let e = error as? InputError else { return false }
            return e.line == 8 && e.column == 27
        }
        let nonASCII = text.replacingOccurrences(of: "    RHS       LIM1", with: "    右边       LIM1")
        #expect { try MPSReader.parse(nonASCII, file: "t.mps", format: .free) } throws: { error in
            guard let e = error as? InputError else { return false }
            return e.line == 8 && e.column == 26
        }
    }

    @Test func aFileWithoutENDATAIsRefusedOnTheLineAfterTheLast() {
        for (text, line) in [("NAME X\nROWS\n", 3), ("NAME X\nROWS", 3), ("", 2)] {
            #expect(throws: InputError(file: "e.mps", line: line, message: "expected ENDATA before the end of the file")) {
                try MPSReader.parse(text, file: "e.mps", format: .free)
            }
        }
    }

    /// The one-hash insert of a row name still finds every name defined twice, whichever its type.
    @Test(arguments: [("NAME X\nROWS\n N OBJ\n L OBJ\n", 4), ("NAME X\nROWS\n L R1\n N R1\n", 4),
                      ("NAME X\nROWS\n N OBJ\n N FREE\n G FREE\n", 5), ("NAME X\nROWS\n E R1\n G R2\n L R1\n", 5)])
    func aRowDefinedTwiceIsRefusedOnItsSecondLine(text: String, line: Int) {
        #expect { try MPSReader.parse(text + "COLUMNS\nENDATA\n", file: "d.mps", format: .free) } throws: { error in
            guard let e = error as? InputError else { return false }
            return e.line == line && e.message.hasSuffix("is defined twice")
        }
    }
}

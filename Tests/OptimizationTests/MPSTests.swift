import Foundation
import Testing
import Tabular
@testable import Optimization

@Suite("MPS reader and writer")
struct MPSTests {
    /// Every section and bound kind, in free format. Expected values worked out by hand below.
    static let everything = """
        * a comment
        NAME          ALLKINDS
        OBJSENSE
            MAX
        ROWS
         N  COST
         L  LIM1
         G  LIM2
         E  EQ1
         E  EQ2
         E  EQ3
         L  RNGL
         G  RNGG
         N  FREEROW
        COLUMNS
            X1  COST  1  LIM1  1
            X1  LIM2  1  FREEROW  3
            X2  COST  2  LIM1  1
            X2  EQ1  1
            MARKER  'MARKER'  'INTORG'
            X3  COST  -1  EQ2  1
            X4  EQ3  1  RNGL  1
            MARKER  'MARKER'  'INTEND'
            X5  RNGG  1
            X6  COST  1
            X7  COST  1
            X8  COST  1
            X9  COST  1
            X10  COST  1
        RHS
            RHS  COST  -12.5  LIM1  4
            RHS  LIM2  1  EQ1  2
            RHS  EQ2  3  EQ3  5
            RHS  RNGL  6  RNGG  7
        RANGES
            RNG  EQ1  1.5  EQ2  -2
            RNG  EQ3  0  RNGL  -4
            RNG  RNGG  2
        BOUNDS
         UP BND  X1  4
         MI BND  X2
         UP BND  X2  1
         BV BND  X3
         LI BND  X4  2
         UI BND  X4  9
         FR BND  X5
         FX BND  X6  2.5
         UP BND  X7  -3
         LO BND  X8  -1
         UP BND  X8  -0.5
         PL BND  X9
         LO BND  X10  1e+2
        ENDATA
        """

    @Test("every section and bound kind")
    func allKinds() throws {
        let m = try MPSReader.parse(Self.everything, file: "all.mps")
        #expect(m.name == "ALLKINDS")
        #expect(m.sense == .maximize)
        #expect(m.objectiveConstant == 12.5)   // RHS on the objective row is −constant
        #expect(m.rowCount == 7)   // the second N row is dropped
        let rows = Dictionary(uniqueKeysWithValues: m.rows.map { ($0.name, $0) })
        #expect(rows["LIM1"] == Row(name: "LIM1", lower: -.infinity, upper: 4))
        #expect(rows["LIM2"] == Row(name: "LIM2", lower: 1, upper: .infinity))
        #expect(rows["EQ1"] == Row(name: "EQ1", lower: 2, upper: 3.5))
        #expect(rows["EQ2"] == Row(name: "EQ2", lower: 1, upper: 3))
        #expect(rows["EQ3"] == Row(name: "EQ3", lower: 5, upper: 5))
        #expect(rows["RNGL"] == Row(name: "RNGL", lower: 2, upper: 6))
        #expect(rows["RNGG"] == Row(name: "RNGG", lower: 7, upper: 9))
        let v = Dictionary(uniqueKeysWithValues: m.variables.map { ($0.name, $0) })
        #expect(v["X1"] == Variable(name: "X1", lower: 0, upper: 4, cost: 1))
        #expect(v["X2"] == Variable(name: "X2", lower: -.infinity, upper: 1, cost: 2))
        #expect(v["X3"] == Variable(name: "X3", lower: 0, upper: 1, cost: -1, isInteger: true))
        #expect(v["X4"] == Variable(name: "X4", lower: 2, upper: 9, cost: 0, isInteger: true))
        #expect(v["X5"] == Variable(name: "X5", lower: -.infinity, upper: .infinity))
        #expect(v["X6"] == Variable(name: "X6", lower: 2.5, upper: 2.5, cost: 1))
        // UP with a negative value on a column with the default lower bound: lower becomes −∞.
        #expect(v["X7"] == Variable(name: "X7", lower: -.infinity, upper: -3, cost: 1))
        // ... but not when LO was given first.
        #expect(v["X8"] == Variable(name: "X8", lower: -1, upper: -0.5, cost: 1))
        #expect(v["X9"] == Variable(name: "X9", lower: 0, upper: .infinity, cost: 1))
        #expect(v["X10"] == Variable(name: "X10", lower: 100, upper: .infinity, cost: 1))
        #expect(m.matrix.nonzeros == 8)
    }

    @Test("writer → reader gives the same model")
    func roundTrip() throws {
        let m = try MPSReader.parse(Self.everything, file: "all.mps")
        let again = try MPSReader.parse(MPSWriter.text(m), file: "again.mps", format: .free)
        #expect(again.sense == m.sense)
        #expect(again.objectiveConstant == m.objectiveConstant)
        #expect(again.variables == m.variables)
        #expect(again.rows == m.rows)
        #expect(again.matrix == m.matrix)
    }

    @Test("netlib and MIPLIB models: the written model has the same optimum", arguments: ["afiro", "sc50a", "blend", "share2b"])
    func roundTripOptimum(name: String) throws {
        let m = try MPSReader.read(path: try referencePath("netlib/\(name).mps"))
        let again = try MPSReader.parse(MPSWriter.text(m), file: "\(name)-written.mps")
        #expect(again.variables == m.variables)
        #expect(again.rows == m.rows)
        let a = LPSolver.solve(m), b = LPSolver.solve(again)
        #expect(a.status == .optimal && b.status == .optimal)
        #expect(abs(a.objective - b.objective) <= 1e-9 * max(1, abs(a.objective)))
    }

    @Test("CRLF line endings and tabs")
    func crlf() throws {
        let text = "NAME T\r\nROWS\r\n N\tOBJ\r\n G\tR1\r\nCOLUMNS\r\n\tX\tOBJ\t2\tR1\t1\r\nRHS\r\n\tRHS\tR1\t3\r\nENDATA\r\n"
        let m = try MPSReader.parse(text)
        #expect(m.rows == [Row(name: "R1", lower: 3, upper: .infinity)])
        #expect(m.variables == [Variable(name: "X", cost: 2)])
        let s = LPSolver.solve(m)
        #expect(s.status == .optimal)
        #expect(abs(s.objective - 6) < 1e-7)
    }

    @Test("fixed format with spaces in names")
    func fixedFormat() throws {
        let text = """
            NAME          FIXED
            ROWS
             N  OBJ
             L  ROW 1
            COLUMNS
                X ONE     OBJ       1.0            ROW 1     2.0
                X TWO     OBJ       -1.0           ROW 1     1.0
            RHS
                RHS       ROW 1     8.0
            BOUNDS
             UP BND       X TWO     3.0
            ENDATA
            """
        let m = try MPSReader.parse(text, format: .automatic)
        #expect(m.variables.map(\.name) == ["X ONE", "X TWO"])
        #expect(m.rows == [Row(name: "ROW 1", lower: -.infinity, upper: 8)])
        #expect(m.variables[1].upper == 3)
        let s = LPSolver.solve(m)
        #expect(s.status == .optimal)
        #expect(abs(s.objective + 3) < 1e-7)
    }

    @Test("errors carry the line number and what was expected", arguments: [
        ("NAME X\nROWS\n N OBJ\n Q R1\nENDATA\n", 4, "row type"),
        ("NAME X\nROWS\n N OBJ\n L R1\nCOLUMNS\n X1 R2 1\nENDATA\n", 6, "unknown row 'R2'"),
        ("NAME X\nROWS\n N OBJ\n L R1\nCOLUMNS\n X1 R1 abc\nENDATA\n", 6, "expected a number"),
        ("NAME X\nROWS\n N OBJ\n L R1\nCOLUMNS\n X1 R1 1\nRHS\n RHS R1\nENDATA\n", 8, "RHS"),
        ("NAME X\nROWS\n N OBJ\n L R1\nCOLUMNS\n X1 R1 1\nBOUNDS\n XX BND X1 1\nENDATA\n", 8, "bound type"),
        ("NAME X\nROWS\n N OBJ\n L R1\nCOLUMNS\n X1 R1 1\nBOUNDS\n UP BND X9 1\nENDATA\n", 8, "unknown column 'X9'"),
        ("NAME X\nROWS\n N OBJ\n L R1\nCOLUMNS\n X1 R1 1\n", 7, "ENDATA"),
        ("NAME X\nROWS\n N OBJ\n L R1\nCOLUMNZ\n", 5, "section header"),
        ("NAME X\nROWS\n N OBJ\n L R1\n L R1\n", 5, "defined twice"),
    ] as [(String, Int, String)])
    func errors(text: String, line: Int, fragment: String) {
        do {
            _ = try MPSReader.parse(text, file: "bad.mps")
            Issue.record("no error for \(text)")
        } catch let error as InputError {
            #expect(error.file == "bad.mps")
            #expect(error.line == line, "\(error)")
            #expect(error.message.contains(fragment), "\(error)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("missing file is an input error")
    func missingFile() {
        #expect(throws: InputError.self) { try MPSReader.read(path: "/nonexistent/model.mps") }
    }

    /// Fortran exponents (D or d) and padded fixed-format fields read as the same numbers and names
    /// as the plain spelling: 1.5D+01 = 15, 2.5d-1 = 0.25.
    @Test(arguments: [MPSFormat.free, .fixed])
    func fortranExponentsAndPaddedFields(format: MPSFormat) throws {
        // Fields at the fixed columns 5, 15, 25, 40 and 50 (so both layouts read the same lines).
        let text = [
            "NAME          DEXP", "ROWS", " N  COST", " L  LIM1", "COLUMNS",
            "    " + "X1        " + "COST      " + "1.5D+01        " + "LIM1      " + "2.5d-1",
            "RHS",
            "    " + "RHS       " + "LIM1      " + "4D0",
            "ENDATA", "",
        ].joined(separator: "\n")
        let model = try MPSReader.parse(text, format: format)
        #expect(model.variables.map(\.name) == ["X1"] && model.rows.map(\.name) == ["LIM1"])
        #expect(model.variables[0].cost == 15)
        #expect(model.rows[0].upper == 4)
        #expect(model.matrix.values == [0.25])
    }

}

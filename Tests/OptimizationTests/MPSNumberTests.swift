import Testing
import Tabular
@testable import Optimization

/// Issue 18: the MPS reader reads every number field in full or rejects the file at the field's
/// line and column. Expected values are Swift's `Double(String)` of the text or written by hand.
@Suite("MPS numbers: whole fields or errors")
struct MPSNumberTests {
    /// A model whose RHS value for row LIM1 is `value`, written at column 25 (field 4 of the fixed
    /// layout, and the same column in free format), on line 8.
    static func model(rhs value: String) -> String {
        [
            "NAME          NUMBERS", "ROWS", " N  COST", " L  LIM1", "COLUMNS",
            "    X1        COST      1.0            LIM1      1.0",
            "RHS",
            "    RHS       LIM1      " + value,
            "ENDATA", "",
        ].joined(separator: "\n")
    }

    /// Bad right-hand sides: the text, and the offset of the offending character in it.
    static let badValues: [(text: String, offset: Int)] = [
        ("-.4.4", 3), ("12abc", 2), ("1.2e", 3), ("++1", 1), ("1e999", 0), ("-1e400", 0), ("nan", 0), ("NaN", 0),
        ("１２３", 0), ("1,234", 1), ("0x1p3", 0), ("1.5D+", 4), ("1_000", 1),
    ]

    @Test(arguments: badValues, [MPSFormat.free, .fixed, .automatic])
    func badNumbersAreErrorsAtTheirLineAndColumn(value: (text: String, offset: Int), format: MPSFormat) {
        do {
            let m = try MPSReader.parse(Self.model(rhs: value.text), file: "bad.mps", format: format)
            Issue.record("'\(value.text)' read as \(m.rows.map(\.upper))")
        } catch let error as InputError {
            #expect(error.file == "bad.mps" && error.line == 8, "\(error)")
            #expect(error.column == 25 + value.offset, "\(error)")
            #expect(error.message.contains("expected a number"), "\(error)")
            #expect(error.message.contains("RHS of row 'LIM1'"), "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    /// The case of the issue: in fixed layout `-.4.4` at columns 34–38 once lost its last two
    /// characters to the blank columns 37–39 and read as −0.4. Now every layout rejects the line.
    @Test(arguments: [MPSFormat.fixed, .automatic, .free])
    func aValueSpillingOutOfItsFixedFieldIsAnError(format: MPSFormat) {
        let text = [
            "NAME          SPILL", "ROWS", " N  COST", " L  LIM1", "COLUMNS",
            "    X1        COST               -.4.4   LIM1      1.0",
            "ENDATA", "",
        ].joined(separator: "\n")
        do {
            let m = try MPSReader.parse(text, file: "spill.mps", format: format)
            Issue.record("read cost \(m.variables.map(\.cost))")
        } catch let error as InputError {
            #expect(error.line == 6, "\(error)")
            if format == .fixed {
                #expect(error.column == 37 && error.message.contains("blank columns"), "\(error)")
            } else {
                #expect(error.column == 37 && error.message.contains("a second decimal point"), "\(error)")
            }
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func textAfterColumn61IsAnErrorInFixedFormat() {
        let text = Self.model(rhs: "4.0").replacingOccurrences(of: "LIM1      1.0\n", with: "LIM1      1.0           99\n")
        do {
            _ = try MPSReader.parse(text, file: "long.mps", format: .fixed)
            Issue.record("text after column 61 must be an error")
        } catch let error as InputError {
            #expect(error.line == 6 && error.column == 64, "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    static let goodValues: [(text: String, value: Double)] = [
        ("0.1", Double("0.1") ?? .nan), ("-.5", -0.5), ("5.", 5), ("+4", 4), ("1.5e3", 1500), ("2.5D-1", 0.25),
        ("1.7976931348623157e308", .greatestFiniteMagnitude), ("123456789012345678901234567890", Double("1.2345678901234568e29") ?? .nan),
        ("1e31", Double("1e31") ?? .nan), ("1e29", Double("1e29") ?? .nan),
    ]

    @Test(arguments: goodValues, [MPSFormat.free, .fixed])
    func goodNumbersParseToTheExactDouble(value: (text: String, value: Double), format: MPSFormat) throws {
        // A fixed field holds at most 12 characters; a longer value is an error there (tested above).
        guard format == .free || value.text.count <= 12 else { return }
        let m = try MPSReader.parse(Self.model(rhs: value.text), format: format)
        #expect(m.rows[0].upper == value.value, "'\(value.text)'")
    }

    /// MPS's infinities: the words and ±1e30 in RHS and BOUNDS; never in a coefficient.
    @Test(arguments: [("Inf", Double.infinity), ("infinity", .infinity), ("+INF", .infinity), ("1e30", .infinity),
                      ("1.0E+30", .infinity), ("-inf", -.infinity), ("-1e30", -.infinity)])
    func infinityTokensInBoundsAndRightHandSides(text: String, value: Double) throws {
        let m = try MPSReader.parse(Self.model(rhs: text), format: .free)
        #expect(m.rows[0].upper == value)
        let bounded = Self.model(rhs: "4").replacingOccurrences(of: "ENDATA", with: "BOUNDS\n UP BND X1 \(text)\nENDATA")
        let b = try MPSReader.parse(bounded, format: .free)
        #expect(value > 0 ? b.variables[0].upper == value : b.variables[0].lower == -.infinity)
    }

    @Test func aCoefficientMustBeFinite() throws {
        let text = Self.model(rhs: "4").replacingOccurrences(of: "COST      1.0", with: "COST      Inf")
        do {
            _ = try MPSReader.parse(text, file: "c.mps", format: .free)
            Issue.record("an infinite coefficient must be an error")
        } catch let error as InputError {
            #expect(error.line == 6 && error.column == 25 && error.message.contains("coefficient of 'X1' in row 'COST'"), "\(error)")
        }
        // 1e30 in the matrix is the number 1e30, not infinity.
        let big = try MPSReader.parse(Self.model(rhs: "4").replacingOccurrences(of: "COST      1.0", with: "COST      1e30"), format: .free)
        #expect(big.variables[0].cost == 1e30)
    }
}

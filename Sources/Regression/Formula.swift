import Tabular

/// A model formula in the R / patsy style.
///
/// ```
/// income ~ planting + migrant + breeding            intercept included
/// y ~ 0 + x      y ~ x - 1                          no intercept
/// income ~ C(township) + migrant                    categorical term (treatment contrasts)
/// income ~ planting:migrant   a*b = a + b + a:b     interactions
/// income ~ I(migrant^2) + log(size)                 arithmetic inside I(), and log/exp/sqrt/abs
/// income ~ migrant_days | village                   absorbed fixed effect (one or two: | a + b)
/// ```
/// Names may contain letters of any script, digits, `_` and `.`; quote other names in backticks.
public struct Formula: Equatable, Sendable {
    /// The left-hand side (a numeric expression).
    public var response: Expression
    /// The right-hand side terms in the order written (crossings expanded, removals applied).
    public var terms: [Term]
    /// Whether the model has an intercept (`1`, implicit); `0` or `-1` remove it.
    public var hasIntercept: Bool
    /// Factors absorbed as fixed effects (after `|`), at most two.
    public var absorbed: [String]

    /// Parses a formula.
    /// - Throws: `RegressionError.formula` with the character position and what was expected.
    public init(_ text: String) throws {
        var parser = FormulaParser(text)
        self = try parser.parseFormula()
    }

    init(response: Expression, terms: [Term], hasIntercept: Bool, absorbed: [String]) {
        self.response = response
        self.terms = terms
        self.hasIntercept = hasIntercept
        self.absorbed = absorbed
    }
}

/// A numeric expression over columns.
public indirect enum Expression: Equatable, Sendable, CustomStringConvertible {
    case column(String)
    case number(Double)
    case negate(Expression)
    case binary(Character, Expression, Expression)
    case call(String, Expression)

    /// Every column name the expression reads.
    public var columns: [String] {
        switch self {
        case .column(let n): return [n]
        case .number: return []
        case .negate(let e), .call(_, let e): return e.columns
        case .binary(_, let a, let b): return a.columns + b.columns
        }
    }

    public var description: String {
        switch self {
        case .column(let n): return n
        case .number(let v): return v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
        case .negate(let e): return "-\(e)"
        case .binary(let op, let a, let b):
            func wrap(_ e: Expression) -> String {
                if case .binary = e { return "(\(e))" }
                return e.description
            }
            return "\(wrap(a))\(op)\(wrap(b))"
        case .call(let f, let e): return "\(f)(\(e))"
        }
    }
}

/// One factor of a term: a numeric expression or a categorical column.
public enum Factor: Equatable, Sendable {
    /// A numeric column or expression; `label` is how the term is named in output.
    case numeric(Expression, label: String)
    /// A categorical column: explicit `C(name)`, or a bare name whose column holds text.
    case categorical(column: String, explicit: Bool)

    public var label: String {
        switch self {
        case .numeric(_, let l): return l
        case .categorical(let c, let explicit): return explicit ? "C(\(c))" : c
        }
    }
}

/// A term: one factor, or the interaction (product) of several.
///
/// Terms are sets of factors, as in R and patsy: a factor appears once (`x:x` is `x`) and the
/// order does not matter (`a:b` and `b:a` are one term, named as first written).
public struct Term: Equatable, Sendable {
    public var factors: [Factor]
    public var label: String { factors.map(\.label).joined(separator: ":") }

    /// The term of `factors`, each factor kept once, in the order first written.
    init(normalising factors: [Factor]) {
        var seen = Set<String>()
        self.factors = factors.filter { seen.insert($0.label).inserted }
    }

    /// The labels of the factors as a set: two terms with the same set are the same term.
    var factorSet: Set<String> { Set(factors.map(\.label)) }
}

struct FormulaParser {
    enum Token: Equatable {
        case name(String), number(Double), symbol(Character), end
    }

    let text: [Character]
    var tokens: [(Token, Int)] = []
    var index = 0
    var tokenizeError: RegressionError?

    init(_ text: String) {
        self.text = Array(text)
        do { tokens = try tokenize() } catch let e as RegressionError { tokenizeError = e } catch {}
    }

    func isNameCharacter(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || c == "_" || c == "." || (!c.isASCII && !c.isWhitespace)
    }

    func tokenize() throws -> [(Token, Int)] {
        var out: [(Token, Int)] = []
        var i = 0
        while i < text.count {
            let c = text[i]
            if c.isWhitespace { i += 1; continue }
            if c == "`" {
                let start = i
                i += 1
                var name = ""
                while i < text.count && text[i] != "`" { name.append(text[i]); i += 1 }
                guard i < text.count else { throw RegressionError.formula(position: start + 1, message: "a backtick-quoted name is not closed") }
                i += 1
                out.append((.name(name), start))
                continue
            }
            if c.isASCII && (c.isNumber || (c == "." && i + 1 < text.count && text[i + 1].isNumber)) {
                let start = i
                var s = ""
                while i < text.count && (text[i].isNumber || text[i] == "." || text[i] == "e" || text[i] == "E"
                    || ((text[i] == "-" || text[i] == "+") && (text[i - 1] == "e" || text[i - 1] == "E"))) {
                    s.append(text[i]); i += 1
                }
                // A number followed by name characters is a name (e.g. 2020_income).
                if i < text.count && isNameCharacter(text[i]) {
                    while i < text.count && isNameCharacter(text[i]) { s.append(text[i]); i += 1 }
                    out.append((.name(s), start))
                } else {
                    // The project's strict reader (NumberText): the whole text or an error saying why;
                    // 1e999 is refused as beyond the largest Double rather than read as infinity.
                    switch NumberText.decimal(s) {
                    case .success(let v):
                        out.append((.number(v), start))
                    case .failure(let problem):
                        throw RegressionError.formula(position: start + 1 + problem.offset,
                                                      message: "expected a finite number, found \"\(s)\" (\(problem))")
                    }
                }
                continue
            }
            if isNameCharacter(c) {
                let start = i
                var s = ""
                while i < text.count && isNameCharacter(text[i]) { s.append(text[i]); i += 1 }
                out.append((.name(s), start))
                continue
            }
            if "~+-*/^:()|,".contains(c) {
                out.append((.symbol(c), i))
                i += 1
                continue
            }
            throw RegressionError.formula(position: i + 1, message: "unexpected character \"\(c)\"")
        }
        out.append((.end, text.count))
        return out
    }

    var current: Token { tokens[index].0 }
    var position: Int { tokens[index].1 + 1 }

    mutating func advance() { if index < tokens.count - 1 { index += 1 } }

    mutating func expect(_ c: Character, _ what: String) throws {
        guard current == .symbol(c) else { throw unexpected(what) }
        advance()
    }

    func unexpected(_ expected: String) -> RegressionError {
        let found: String
        switch current {
        case .name(let n): found = "\"\(n)\""
        case .number(let v): found = "\(v)"
        case .symbol(let c): found = "\"\(c)\""
        case .end: found = "the end of the formula"
        }
        return .formula(position: position, message: "expected \(expected), found \(found)")
    }

    mutating func parseFormula() throws -> Formula {
        if let e = tokenizeError { throw e }
        guard tokens.count > 1 else { throw RegressionError.formula(position: 1, message: "the formula is empty; expected \"response ~ terms\"") }
        let response = try parseArithmetic()
        try expect("~", "\"~\" after the response")
        var intercept = true
        var terms: [Term] = []
        var sign: Character = "+"
        if current == .symbol("-") { sign = "-"; advance() } else if current == .symbol("+") { advance() }
        var removed: [Set<String>] = []
        while true {
            if case .number(let v) = current, v == 0 || v == 1 {
                advance()
                intercept = (v == 1) == (sign == "+")
            } else {
                let start = position
                let group = try parseProduct()
                if sign == "+" {
                    var known = Set(terms.map(\.factorSet))
                    for t in group {
                        // R drops a term identical to the response with a warning; a fit of y on itself
                        // means nothing, so it is refused.
                        if t.factors.count == 1, case .numeric(let e, _) = t.factors[0], e == response {
                            throw RegressionError.formula(position: start, message: "the response \(response) also appears as a term on the right-hand side; remove it")
                        }
                        if known.insert(t.factorSet).inserted { terms.append(t) }
                    }
                    guard terms.count <= FormulaParser.maximumTerms else {
                        throw RegressionError.formula(position: start, message: "the formula expands to more than \(FormulaParser.maximumTerms) terms")
                    }
                } else {
                    removed += group.map(\.factorSet)
                }
            }
            if current == .symbol("+") { sign = "+"; advance(); continue }
            if current == .symbol("-") { sign = "-"; advance(); continue }
            break
        }
        terms.removeAll { removed.contains($0.factorSet) }
        var absorbed: [String] = []
        if current == .symbol("|") {
            advance()
            repeat {
                if current == .symbol("+") { advance() }
                guard case .name(let n) = current else { throw unexpected("a factor name to absorb") }
                absorbed.append(n)
                advance()
            } while current == .symbol("+")
            guard absorbed.count <= 2 else {
                throw RegressionError.formula(position: position, message: "at most two absorbed factors are supported, found \(absorbed.count)")
            }
        }
        guard current == .end else { throw unexpected("\"+\", \"-\", \"|\" or the end of the formula") }
        return Formula(response: response, terms: terms, hasIntercept: intercept, absorbed: absorbed)
    }

    /// Most terms a formula may expand to (`a*b*…` with k distinct factors has 2ᵏ − 1).
    static let maximumTerms = 4096

    /// `a*b*c` expands to every non-empty sub-interaction, main effects first (R's rule), each term
    /// once (`x1*x2*x1*x2` is `x1 + x2 + x1:x2`).
    /// - Throws: `RegressionError.formula` when the expansion exceeds `maximumTerms`.
    mutating func parseProduct() throws -> [Term] {
        let start = position
        var groups: [Term] = [try parseInteraction()]
        while current == .symbol("*") {
            advance()
            let next = try parseInteraction()
            var expanded = groups
            var seen = Set(groups.map(\.factorSet))
            for candidate in [next] + groups.map({ Term(normalising: $0.factors + next.factors) }) where seen.insert(candidate.factorSet).inserted {
                expanded.append(candidate)
                guard expanded.count <= FormulaParser.maximumTerms else {
                    throw RegressionError.formula(position: start, message: "the product expands to more than \(FormulaParser.maximumTerms) terms")
                }
            }
            groups = expanded
        }
        return groups.sorted { $0.factors.count < $1.factors.count }
    }

    mutating func parseInteraction() throws -> Term {
        var factors = [try parseFactor()]
        while current == .symbol(":") {
            advance()
            factors.append(try parseFactor())
        }
        return Term(normalising: factors)
    }

    mutating func parseFactor() throws -> Factor {
        guard case .name(let name) = current else { throw unexpected("a term (a column name, C(...), I(...) or a function)") }
        let start = tokens[index].1
        advance()
        if current == .symbol("(") {
            advance()
            if name == "C" {
                guard case .name(let column) = current else { throw unexpected("a column name inside C(...)") }
                advance()
                try expect(")", "\")\" closing C(")
                return .categorical(column: column, explicit: true)
            }
            let inner = try parseArithmetic()
            let end = tokens[index].1
            try expect(")", "\")\" closing \(name)(")
            let label = String(text[start...end]).filter { !$0.isWhitespace }
            if name == "I" { return .numeric(inner, label: label) }
            guard FormulaParser.functions.contains(name) else {
                throw RegressionError.formula(position: start + 1, message: "unknown function \"\(name)\"; expected C, I, \(FormulaParser.functions.sorted().joined(separator: ", "))")
            }
            return .numeric(.call(name, inner), label: label)
        }
        return .numeric(.column(name), label: name)
    }

    static let functions: Set<String> = ["log", "log10", "log1p", "exp", "sqrt", "abs"]

    mutating func parseArithmetic() throws -> Expression {
        var left = try parseProductExpression()
        while case .symbol(let op) = current, op == "+" || op == "-" {
            advance()
            left = .binary(op, left, try parseProductExpression())
        }
        return left
    }

    mutating func parseProductExpression() throws -> Expression {
        var left = try parseUnary()
        while case .symbol(let op) = current, op == "*" || op == "/" {
            advance()
            left = .binary(op, left, try parseUnary())
        }
        return left
    }

    mutating func parseUnary() throws -> Expression {
        if current == .symbol("-") { advance(); return .negate(try parseUnary()) }
        return try parsePower()
    }

    mutating func parsePower() throws -> Expression {
        let base = try parsePrimary()
        if current == .symbol("^") {
            advance()
            return .binary("^", base, try parseUnary())
        }
        return base
    }

    mutating func parsePrimary() throws -> Expression {
        switch current {
        case .number(let v):
            advance()
            return .number(v)
        case .name(let n):
            advance()
            if current == .symbol("(") {
                advance()
                let inner = try parseArithmetic()
                try expect(")", "\")\" closing \(n)(")
                if n == "I" { return inner }
                guard FormulaParser.functions.contains(n) else {
                    throw RegressionError.formula(position: position, message: "unknown function \"\(n)\"")
                }
                return .call(n, inner)
            }
            return .column(n)
        case .symbol("("):
            advance()
            let inner = try parseArithmetic()
            try expect(")", "\")\"")
            return inner
        default:
            throw unexpected("a number, a column name or \"(\"")
        }
    }
}

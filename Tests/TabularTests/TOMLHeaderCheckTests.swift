import Testing
import Tabular

/// Table headers that abort TOMLKit's parser (found by scripts/fuzz) are caught, at their place;
/// valid TOML is left alone.
@Suite("TOML header check")
struct TOMLHeaderCheckTests {
    /// The fuzzers' minimised crashes ([| from the scenario target, [* from the county target) and
    /// the other starts that abort toml++: the position is that of the character after [ or [[.
    @Test(arguments: [
        ("[|", 1, 2, "|"), ("[*", 1, 2, "*"), ("[[|", 1, 3, "|"), ("[ |", 1, 3, "|"), ("[\t|", 1, 3, "|"),
        ("[.a]", 1, 2, "."), ("[+]", 1, 2, "+"), ("[=", 1, 2, "="), ("[#", 1, 2, "#"), ("[\n", 1, 2, "\n"),
        ("[\r\n", 1, 2, "\n"), ("[来源]", 1, 2, "来"), ("name = \"x\"\n\n  [[ é]]", 3, 6, "é"),
        ("a = [\n  1,\n]\n[*]", 4, 2, "*"),
        // Second round of fuzzing (both TOML targets, minimised to "s=[}" and "r=[}"): } where an array expects a value.
        ("s=[}", 1, 4, "}"), ("a = [1, }", 1, 9, "}"), ("a = [\n# c\n}", 3, 1, "}"), ("a = { b = [}] }", 1, 12, "}"),
        // Third round (both TOML targets, after ≈ 7·10⁵ runs): a date-shaped value, a space and a lone digit.
        ("e=1399-0=-0= 1 ", 1, 14, "1"), ("e=1400-iL-ag 2#", 1, 14, "2"), ("d = 2019-01-01 1", 1, 16, "1"),
        ("a = [2019-01-01 1]", 1, 17, "1"), ("a = [1,2019-01-01 9,]", 1, 19, "9"),
    ])
    func abortingHeadersAreFound(text: String, line: Int, column: Int, found: String) {
        let bad = TOMLHeaderCheck.badTableHeader(in: text)
        #expect(bad?.line == line && bad?.column == column && bad?.found == found, "\(String(describing: bad))")
    }

    /// Valid TOML: ordinary and quoted headers, `[` starting a line inside a multi-line array or
    /// string, `[` in comments and strings.
    @Test(arguments: [
        "[sources.planting]\ngrowth = 0.1\n[[shocks]]\nsources = [\"migrant\"]\n",
        "[\"来源\"]\na = 1\n[ 'x' . y ]\n[[ z ]]\n[-]\n[_a]\n[1]\n",
        "a = [\n  [+1, 2],\n  [{ b = 1 }],\n  [.5],\n]\n",
        "s = \"\"\"\n[*\n\"\"\"\nt = '''\n[é\n'''\n",
        "# [*\nu = \"[*\" # [|\n",
        "a = [{ b = 1 }, { c = [] }]\nd = { e = [1, 2], f = {} }\ng = \"[}\"\n",
        "d = 2019-01-01 07:32:00\ne = 2019-01-01\nf = 1979-05-27 07:32:00Z # c\ng = [2019-01-01, 2019-01-02 10:00:00]\n",
        "",
    ])
    func validTOMLIsLeftAlone(text: String) {
        #expect(TOMLHeaderCheck.badTableHeader(in: text) == nil)
    }
}

import Tabular

/// Recognises the codes of a `RegistryCode` (and their Chinese and English labels) straight from
/// a CSV field's bytes, so a 10⁶-row load makes no `String` for them.
struct CodeMatcher<Code: RegistryCode> {
    private let entries: [([UInt8], Code)]

    init() {
        var list: [([UInt8], Code)] = []
        for c in Code.allCases { list.append((Array(c.rawValue.utf8), c)) }
        for c in Code.allCases { list.append((Array(c.chinese.utf8), c)); list.append((Array(c.english.utf8), c)) }
        entries = list
    }

    /// The code in field `i`, or nil when the field holds none of them.
    func match(_ r: borrowing CSVRecord, _ i: Int) -> Code? {
        guard let bytes = r.trimmedBytes(i) else { return Code.parse(r.trimmedString(i)) }
        for (key, code) in entries where key.count == bytes.count {
            var same = true
            for k in 0..<key.count where key[k] != bytes[k] { same = false; break }
            if same { return code }
        }
        return nil
    }
}

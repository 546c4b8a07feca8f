/// The language of labels and number formats in every report (`--lang`).
public enum Language: String, CaseIterable, Codable, Sendable {
    /// Simplified Chinese: 万/亿 for large numbers, full-width report punctuation.
    case zh
    /// English: thousands separators, "million"/"billion" for large sums of yuan.
    case en
}

/// A text given in both report languages (labels of rows, sections, scenarios, chart axes).
public struct LocalizedText: Codable, Equatable, Hashable, Sendable {
    /// The Chinese text.
    public var zh: String
    /// The English text.
    public var en: String

    /// A text in Chinese and English.
    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }

    /// The same text in both languages (place names, which keep their Chinese text).
    public init(_ both: String) {
        self.zh = both
        self.en = both
    }

    /// The text in `language`.
    public func text(in language: Language) -> String {
        language == .zh ? zh : en
    }
}

import Foundation

/// Reading and writing a `Comparison` as a JSON file (the model itself, both languages, all charts),
/// so a comparison computed once can be rendered again in any format (`tuopin render FILE`).
/// Keys are snake_case (`by_township`, `poor_persons_by_township`, `bin_edges` …).
extension Comparison {
    /// The model as pretty-printed JSON with sorted keys (stable byte for byte).
    public func modelJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Reads a model written by `modelJSON()` and validates it.
    /// - Parameters:
    ///   - data: the file's bytes (UTF-8 JSON).
    ///   - file: the file's name as the user gave it, for messages.
    /// - Throws: `ComparisonFileError` naming the file and the place in it (a missing key, a wrong
    ///   type, or a part that does not fit, see `validate()`).
    public init(modelJSON data: Data, file: String) throws {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            self = try decoder.decode(Comparison.self, from: data)
        } catch let error as DecodingError {
            throw ComparisonFileError(file: file, message: Self.describe(error))
        } catch {
            throw ComparisonFileError(file: file, message: "not a comparison model: \(error.localizedDescription)")
        }
        do {
            try validate()
        } catch let error as ComparisonError {
            throw ComparisonFileError(file: file, message: error.description)
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let text = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.hasPrefix(".") ? String(text.dropFirst()) : (text.isEmpty ? "(top level)" : text)
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context)): missing key \"\(key.stringValue)\""
        case .typeMismatch(let type, let context):
            return "\(path(context)): expected \(type)"
        case .valueNotFound(let type, let context):
            return "\(path(context)): expected \(type), found null"
        case .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "not a comparison model"
        }
    }
}

/// A comparison model file that cannot be read: `file: place: message`.
public struct ComparisonFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file as the user named it.
    public var file: String
    /// Where in the file and what is wrong.
    public var message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }
}

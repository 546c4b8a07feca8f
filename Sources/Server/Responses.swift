import Foundation
import Hummingbird
import Reports

/// A request the web app refuses, with the status and the message the client is shown (as JSON
/// `{"error": message, "fields": [...]}` for the API, the same for pages' scripts).
public struct RequestRefusal: Error, HTTPResponseError, Sendable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var message: String
    /// Messages attached to form fields: key path (nil: the whole form) and message.
    public var fields: [(path: String?, message: String)]

    public init(_ status: HTTPResponse.Status, _ message: String, fields: [(path: String?, message: String)] = []) {
        self.status = status
        self.message = message
        self.fields = fields
    }

    public var description: String { "\(status.code): \(message)" }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var members: [(String, JSON)] = [("error", .string(message))]
        if !fields.isEmpty {
            members.append(("fields", .array(fields.map { .object([("path", $0.path.map(JSON.string) ?? .null), ("message", .string($0.message))]) })))
        }
        return Response.json(.object(members), status: status)
    }
}

extension Response {
    /// A JSON body (UTF-8, a newline at the end).
    static func json(_ json: JSON, status: HTTPResponse.Status = .ok) -> Response {
        var bytes = json.renderedBytes()
        bytes.append(UInt8(ascii: "\n"))
        return bytesResponse(bytes, contentType: "application/json; charset=utf-8", status: status)
    }

    /// An HTML page.
    static func html(_ page: String, status: HTTPResponse.Status = .ok) -> Response {
        bytesResponse(Array(page.utf8), contentType: "text/html; charset=utf-8", status: status)
    }

    /// `bytes` with a content type and, for a download, its file name.
    static func bytesResponse(_ bytes: [UInt8], contentType: String, status: HTTPResponse.Status = .ok, fileName: String? = nil) -> Response {
        var headers: HTTPFields = [.contentType: contentType, .cacheControl: "no-store"]
        if let fileName {
            // RFC 6266 / 5987: an ASCII fallback and the UTF-8 name (Chinese county names).
            let ascii = String(fileName.unicodeScalars.map { $0.isASCII && $0 != "\"" ? Character($0) : "_" })
            let encoded = fileName.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_."))) ?? ascii
            headers[.contentDisposition] = "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
        }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

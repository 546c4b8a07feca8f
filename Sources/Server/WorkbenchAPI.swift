import Foundation
import Hummingbird
import Reports
import Simulation
import Study
import Tabular

/// The limits the web app holds every request to.
public struct WorkbenchLimits: Sendable {
    /// Largest request body, bytes (a scenario form or file is a few kilobytes).
    public var requestBodyBytes = 256 * 1024
    /// Most draws a run may ask for, and most scenarios.
    public var draws = 20_000
    public var scenarios = 24

    public init() {}
}

/// The JSON API (`/api/…`, documented in docs/serve.md and docs/openapi.yaml) and the pages
/// (`/`, `/county/ID`, `/county/ID/scenario/FILE`) over the county study.
public struct Workbench: Sendable {
    public let catalog: CountyCatalog
    public let runs: RunQueue
    public let limits: WorkbenchLimits
    /// Threads a run uses.
    public let threads: Int

    public init(catalog: CountyCatalog, runs: RunQueue = RunQueue(), limits: WorkbenchLimits = WorkbenchLimits(),
                threads: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)) {
        self.catalog = catalog
        self.runs = runs
        self.limits = limits
        self.threads = threads
    }

    // MARK: Look-ups shared by the API and the pages

    /// The county of the path parameter `county`.
    /// - Throws: 404 when the catalogue has no such county.
    func entry(_ context: some RequestContext) throws -> CountyCatalog.Entry {
        let id = try context.parameters.require("county")
        guard let entry = catalog.entry(id) else { throw RequestRefusal(.notFound, "no county \"\(id)\" is served here") }
        return entry
    }

    /// The county's workspace.
    /// - Throws: 422 with every error of the folder when it does not validate.
    func workspace(_ entry: CountyCatalog.Entry) throws -> CountyWorkspace {
        do { return try catalog.workspace(entry) } catch {
            throw RequestRefusal(.unprocessableContent, "the county folder does not validate: \(error.errors.count) error(s)",
                                 fields: error.errors.prefix(50).map { (nil, $0.description) })
        }
    }

    /// The scenario file of the path parameter `file`.
    /// - Throws: 400 for a name that is not a plain `NAME.toml`; 404 when `mustExist` and it does not.
    func scenarioPath(_ entry: CountyCatalog.Entry, _ context: some RequestContext, mustExist: Bool) throws -> (file: String, path: String) {
        let file = try context.parameters.require("file")
        guard let path = catalog.scenarioPath(entry, file: file) else {
            throw RequestRefusal(.badRequest, "\"\(file)\" is not a scenario file name: expected NAME.toml with letters, digits, '-', '_' or '.' and no folder")
        }
        if mustExist && !FileManager.default.fileExists(atPath: path) {
            throw RequestRefusal(.notFound, "the county has no scenario file \(file)")
        }
        return (file, path)
    }

    /// The query parameter `name`, if present.
    static func query(_ request: Request, _ name: String) -> String? {
        request.uri.queryParameters[name[...]].map(String.init)
    }

    /// The request's language (`?lang=zh|en`), else the county's default.
    func language(_ request: Request, _ workspace: CountyWorkspace) throws -> Language {
        guard let text = Self.query(request, "lang") else { return workspace.defaultLanguage }
        guard let language = Language(rawValue: text) else { throw RequestRefusal(.badRequest, "lang must be zh or en, got \"\(text)\"") }
        return language
    }

    /// The request body as JSON of type `T`.
    /// - Throws: 413 past `limits.requestBodyBytes`, 400 for a body that is not that JSON.
    func decode<T: Decodable>(_ type: T.Type, _ request: inout Request) async throws -> T {
        let buffer: ByteBuffer
        do { buffer = try await request.collectBody(upTo: limits.requestBodyBytes) } catch {
            throw RequestRefusal(.contentTooLarge, "the request body is larger than \(limits.requestBodyBytes) bytes")
        }
        do { return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView)) } catch {
            throw RequestRefusal(.badRequest, "the request body is not the expected JSON: \(Self.decodingMessage(error))")
        }
    }

    static func decodingMessage(_ error: Error) -> String {
        switch error {
        case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c), DecodingError.dataCorrupted(let c):
            let path = c.codingPath.map(\.stringValue).joined(separator: ".")
            return (path.isEmpty ? "" : "\(path): ") + c.debugDescription
        case DecodingError.keyNotFound(let key, _):
            return "missing key \"\(key.stringValue)\""
        default:
            return String(describing: error)
        }
    }

    // MARK: Routes

    /// Adds every route of the API and the pages to `router`.
    public func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("api/counties") { _, _ in Response.json(countiesJSON()) }
        router.get("api/counties/:county/profile") { request, context in
            let workspace = try workspace(try entry(context))
            return Response.json(workspace.profile(language: try language(request, workspace)).json())
        }
        router.get("api/counties/:county/scenarios") { _, context in
            let entry = try entry(context)
            return Response.json(.array(try catalog.scenarioFiles(entry).map { file in try scenarioSummary(entry, file: file) }))
        }
        router.get("api/counties/:county/scenarios/:file") { _, context in
            let entry = try entry(context)
            let (file, path) = try scenarioPath(entry, context, mustExist: true)
            let text = try readText(path, file: file)
            var members: [(String, JSON)] = [("file", .string(file)), ("scenario", try scenarioSummary(entry, file: file)), ("toml", .string(text))]
            if let scenario = try? Scenario.parse(toml: text, file: file) { members.append(("form", Self.formJSON(ScenarioEditorForm(scenario)))) }
            return Response.json(.object(members))
        }
        router.put("api/counties/:county/scenarios/:file") { request, context in
            var request = request
            let entry = try entry(context)
            let (file, path) = try scenarioPath(entry, context, mustExist: false)
            let body = try await decode(ScenarioUpload.self, &request)
            let exists = FileManager.default.fileExists(atPath: path)
            if exists && body.overwrite != true {
                throw RequestRefusal(.conflict, "\(file) exists; send \"overwrite\": true to replace it")
            }
            let (scenario, text) = try body.validated(file: "scenarios/\(file)")
            try saveScenario(entry, file: file, path: path, text: text, name: scenario.name)
            return Response.json(.object([("file", .string(file)), ("name", .string(scenario.name)), ("created", .bool(!exists))]),
                                 status: exists ? .ok : .created)
        }
        router.post("api/counties/:county/runs") { request, context in
            var request = request
            let entry = try entry(context)
            let workspace = try workspace(entry)
            let body = try await decode(RunRequest.self, &request)
            let record = try submit(body, entry: entry, workspace: workspace)
            return Response.json(runJSON(record), status: .accepted)
        }
        router.get("api/runs/:run") { _, context in
            Response.json(runJSON(try run(context)))
        }
        router.get("api/runs/:run/result") { request, context in
            try download(try run(context), request)
        }
        addPages(to: router)
    }

    /// The run of the path parameter `run`.
    /// - Throws: 404 when there is no such run (or it was forgotten).
    func run(_ context: some RequestContext) throws -> RunRecord {
        let text = try context.parameters.require("run")
        guard let id = Int(text), let record = runs.record(id) else { throw RequestRefusal(.notFound, "no run \(text)") }
        return record
    }

    func countiesJSON() -> JSON {
        .array(catalog.entries.map { entry in
            let county = try? catalog.workspace(entry).registry.county
            return .object([("id", .string(entry.id)), ("name", county.map { .string($0.name) } ?? .null),
                            ("name_en", county?.englishName.map(JSON.string) ?? .null), ("year", county.map { .int($0.year) } ?? .null),
                            ("valid", .bool(county != nil))])
        })
    }

    /// A scenario file's name and main levers, or its error.
    func scenarioSummary(_ entry: CountyCatalog.Entry, file: String) throws -> JSON {
        guard let path = catalog.scenarioPath(entry, file: file) else { return .object([("file", .string(file)), ("error", .string("not a scenario file name"))]) }
        do {
            let scenario = try Scenario.load(path: path)
            return .object([("file", .string(file)), ("name", .string(scenario.name)), ("allocation", .string(scenario.allocation.key)),
                            ("exit_margin", .finite(scenario.exitMargin)), ("error", .null)])
        } catch {
            return .object([("file", .string(file)), ("name", .null), ("error", .string(error.description))])
        }
    }

    func readText(_ path: String, file: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw RequestRefusal(.unprocessableContent, "\(file) cannot be read as UTF-8 text")
        }
        return text
    }

    /// Writes a validated scenario atomically; refuses a name another file of the county already uses.
    func saveScenario(_ entry: CountyCatalog.Entry, file: String, path: String, text: String, name: String) throws {
        for other in catalog.scenarioFiles(entry) where other != file {
            if let otherPath = catalog.scenarioPath(entry, file: other), let scenario = try? Scenario.load(path: otherPath), scenario.name == name {
                throw RequestRefusal(.conflict, "scenario name \"\(name)\" is also the name of \(other); names must differ",
                                     fields: [("name", "also the name of \(other)")])
            }
        }
        try? FileManager.default.createDirectory(atPath: entry.folder + "/scenarios", withIntermediateDirectories: true)
        do { try AtomicFile.write(Data(text.utf8), to: path) } catch {
            throw RequestRefusal(.internalServerError, error.description)
        }
    }

    /// Queues a run of the request's scenarios (all the county's when none is named).
    func submit(_ body: RunRequest, entry: CountyCatalog.Entry, workspace: CountyWorkspace) throws -> RunRecord {
        let files = body.scenarios ?? catalog.scenarioFiles(entry)
        guard !files.isEmpty else { throw RequestRefusal(.badRequest, "the county has no scenario file to run") }
        guard files.count <= limits.scenarios else { throw RequestRefusal(.badRequest, "at most \(limits.scenarios) scenarios a run") }
        var paths: [String] = []
        for file in files {
            guard let path = catalog.scenarioPath(entry, file: file), FileManager.default.fileExists(atPath: path) else {
                throw RequestRefusal(.badRequest, "the county has no scenario file \"\(file)\"")
            }
            paths.append(path)
        }
        let draws = body.draws ?? 500
        guard (1...limits.draws).contains(draws) else { throw RequestRefusal(.badRequest, "draws must be between 1 and \(limits.draws), got \(draws)") }
        do { _ = try ScenarioFiles.load(paths) } catch let error as InputError {
            throw RequestRefusal(.unprocessableContent, error.description)
        }
        if let through = body.through, !workspace.projectionYears.contains(through) {
            let years = workspace.projectionYears
            throw RequestRefusal(.badRequest, "through must be a year from \(years.lowerBound) (the registry's year \(years.lowerBound - 1) + 1) to \(years.upperBound), got \(through)",
                                 fields: [("through", "a year from \(years.lowerBound) to \(years.upperBound)")])
        }
        let settings = StudySettings(draws: draws, seed: body.seed ?? 20_201_231, threads: threads)
        do { return try runs.submit(county: entry.id, workspace: workspace, paths: paths, settings: settings, through: body.through) } catch {
            throw RequestRefusal(.conflict, error.description)
        }
    }

    /// The editor's fields as JSON: path, labels, kind, value, choices, hint, group.
    static func formJSON(_ form: ScenarioEditorForm) -> JSON {
        .array(form.fields.map { field in
            .object([("path", .string(field.path)), ("label_zh", .string(field.labelZh)), ("label_en", .string(field.labelEn)),
                     ("kind", .string(field.kind.rawValue)), ("value", .string(field.value)), ("choices", .array(field.choices.map(JSON.string))),
                     ("hint", .string(field.hint)), ("group", .string(field.group))])
        })
    }

    func runJSON(_ record: RunRecord) -> JSON {
        var members: [(String, JSON)] = [
            ("run", .int(record.id)), ("county", .string(record.county)), ("status", .string(record.state.rawValue)),
            ("progress", .number(record.fraction)), ("scenario", record.progress.map { .string($0.scenario) } ?? .null),
            ("scenarios", .array(record.scenarioFiles.map(JSON.string))), ("draws", .int(record.settings.draws)),
            ("seed", .string(String(record.settings.seed))), ("through", record.through.map(JSON.int) ?? .null),
            ("seconds", (record.started.map { (record.ended ?? Date()).timeIntervalSince($0) }).map(JSON.number) ?? .null),
            ("error", record.error.map(JSON.string) ?? .null),
            ("warnings", .array(((record.result?.warnings ?? []) + (record.projection?.warnings ?? [])).map(JSON.string))),
        ]
        if record.state == .finished {
            members.append(("downloads", .object(DownloadFormat.allCases.map { ($0.rawValue, .string("/api/runs/\(record.id)/result?format=\($0.rawValue)")) })))
        }
        return .object(members)
    }

    /// The finished run's comparison in `?format=` (default json), `?lang=` and `?by=`.
    func download(_ record: RunRecord, _ request: Request) throws -> Response {
        guard let result = record.result else {
            throw RequestRefusal(.conflict, record.state == .failed ? "the run failed: \(record.error ?? "")" : "the run is \(record.state.rawValue); its result is not ready")
        }
        let formatText = Self.query(request, "format") ?? "json"
        guard let format = DownloadFormat(rawValue: formatText) else {
            throw RequestRefusal(.badRequest, "format must be one of \(DownloadFormat.allCases.map(\.rawValue).joined(separator: ", ")), got \"\(formatText)\"")
        }
        guard let entry = catalog.entry(record.county) else { throw RequestRefusal(.notFound, "no county \"\(record.county)\" is served here") }
        let workspace = try workspace(entry)
        let language = try language(request, workspace)
        var by: BreakdownDimension?
        if let text = Self.query(request, "by") {
            guard let dimension = BreakdownDimension(rawValue: text) else { throw RequestRefusal(.badRequest, "by must be township or tier, got \"\(text)\"") }
            by = dimension
        }
        let base = "\(record.county)-run\(record.id)"
        do {
            if let projection = record.projection?.report {
                // The bytes of `tuopin compare … --through YEAR` for the same files, draws and seed.
                let data = format == .xlsx ? try projection.workbook(after: result.comparison, language: language, by: by)
                    : try projection.rendered(after: result.comparison, as: format.reportFormat, language: language, by: by)
                let attachment = format == .xlsx || Self.query(request, "download") == "1" ? base + "." + format.fileExtension : nil
                return Response.bytesResponse(Array(data), contentType: format.contentType, fileName: attachment)
            }
            if format == .xlsx {
                let data = try result.comparison.workbook(language: language, by: by)
                return Response.bytesResponse(Array(data), contentType: format.contentType, fileName: base + ".xlsx")
            }
            var text = try result.comparison.rendered(as: format.reportFormat, language: language, by: by)
            if !text.hasSuffix("\n") { text += "\n" }
            let attachment = Self.query(request, "download") == "1" ? base + "." + format.fileExtension : nil
            return Response.bytesResponse(Array(text.utf8), contentType: format.contentType, fileName: attachment)
        } catch let error as ComparisonError {
            throw RequestRefusal(.unprocessableContent, String(describing: error))
        }
    }
}

/// The formats a run's result downloads in.
enum DownloadFormat: String, CaseIterable, Sendable {
    case json, html, csv
    case excelCSV = "excel-csv"
    case xlsx, markdown, text

    var reportFormat: ReportFormat {
        switch self {
        case .json: .json
        case .html: .html
        case .csv: .csv
        case .excelCSV: .excelCSV
        case .markdown: .markdown
        case .text, .xlsx: .text
        }
    }

    var contentType: String {
        switch self {
        case .json: "application/json; charset=utf-8"
        case .html: "text/html; charset=utf-8"
        case .csv, .excelCSV: "text/csv; charset=utf-8"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .markdown: "text/markdown; charset=utf-8"
        case .text: "text/plain; charset=utf-8"
        }
    }

    var fileExtension: String {
        switch self {
        case .json: "json"
        case .html: "html"
        case .csv, .excelCSV: "csv"
        case .xlsx: "xlsx"
        case .markdown: "md"
        case .text: "txt"
        }
    }
}

/// The body of `PUT /api/counties/ID/scenarios/FILE`: the scenario as TOML text, or as the values of
/// the editor's form.
struct ScenarioUpload: Decodable {
    var toml: String?
    var values: [String: String]?
    var overwrite: Bool?

    /// The scenario and the text to save: `toml` parsed as the CLI parses a file, or the form's
    /// `values` written as a file and parsed (`ScenarioEditorForm.build`).
    /// - Throws: 400 when neither is given; 422 with the parser's message (and the field at fault).
    func validated(file: String) throws -> (scenario: Scenario, text: String) {
        if let toml {
            do { return (try Scenario.parse(toml: toml, file: file), toml) } catch {
                throw RequestRefusal(.unprocessableContent, String(describing: error), fields: [(nil, String(describing: error))])
            }
        }
        if let values {
            do {
                let built = try ScenarioEditorForm.build(values: values, file: file)
                return (built.scenario, built.toml)
            } catch {
                throw RequestRefusal(.unprocessableContent, error.errors.map(\.message).joined(separator: "; "), fields: error.errors)
            }
        }
        throw RequestRefusal(.badRequest, "expected \"toml\" (the scenario file's text) or \"values\" (the form's fields)")
    }
}

/// The body of `POST /api/counties/ID/runs`.
struct RunRequest: Decodable {
    /// Scenario files, baseline first (default: all the county's).
    var scenarios: [String]?
    var draws: Int?
    var seed: UInt64?
    /// The last year of a multi-year projection (`compare --through`); nil: the one-year comparison.
    var through: Int?
}

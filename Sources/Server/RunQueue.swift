import Foundation
import Study

/// One comparison run requested through the web app.
public struct RunRecord: Sendable {
    /// Where the run is.
    public enum State: String, Sendable {
        /// Waiting for another county's run to finish (runs use every core, so they go one at a time).
        case queued
        case running
        case finished
        case failed
    }

    public var id: Int
    /// The county's id in the catalogue.
    public var county: String
    /// The scenario files, baseline first.
    public var scenarioFiles: [String]
    public var settings: StudySettings
    public var state: State
    /// The engine's last progress report (nil before the first).
    public var progress: StudyProgress?
    /// When the run was asked for, began and ended.
    public var requested: Date
    public var started: Date?
    public var ended: Date?
    /// The last year of the multi-year projection asked for (`through`), or nil for the one-year
    /// comparison alone.
    public var through: Int?
    /// True once the comparison is done and the projection runs (its progress is the second half).
    public var projecting = false
    /// The comparison, when finished.
    public var result: ComparisonRun?
    /// The projection through `through`, when finished (nil without `through`).
    public var projection: ProjectionRun?
    /// Why it failed, as the CLI would say it.
    public var error: String?

    /// The fraction done, 0–1.
    public var fraction: Double {
        switch state {
        case .finished: return 1
        case .queued: return 0
        case .running, .failed:
            let done = progress?.fraction ?? 0
            guard through != nil else { return done }
            return projecting ? 0.5 + done / 2 : done / 2
        }
    }
}

/// Runs comparisons one at a time on a worker thread and keeps the latest ones. A county has at
/// most one run queued or running: a second request for it is refused (`RunQueue.Busy`).
public final class RunQueue: @unchecked Sendable {
    /// The county already has a run queued or running.
    public struct Busy: Error, Sendable, CustomStringConvertible {
        public var run: RunRecord
        public var description: String {
            "a run of this county is already \(run.state.rawValue) (run \(run.id), \(Int((run.fraction * 100).rounded())) % done); wait for it to finish"
        }
    }

    private let lock = NSLock()
    private var runs: [Int: RunRecord] = [:]
    private var nextID = 1
    private let worker = DispatchQueue(label: "tuopin.serve.runs")
    /// Finished runs kept (the oldest are forgotten first).
    private let kept: Int

    public init(keeping kept: Int = 20) {
        self.kept = kept
    }

    /// The run `id`, or nil.
    public func record(_ id: Int) -> RunRecord? {
        lock.lock(); defer { lock.unlock() }
        return runs[id]
    }

    /// Queues the comparison of `paths` (scenario files of `workspace`, baseline first) with `settings`,
    /// and with `through` the multi-year projection of the same scenarios through that year
    /// (`CountyWorkspace.project`, as `tuopin compare --through`).
    /// - Throws: `Busy` when the county has a run queued or running.
    /// - Returns: the run's record as queued.
    public func submit(county: String, workspace: CountyWorkspace, paths: [String], settings: StudySettings,
                       through: Int? = nil) throws(Busy) -> RunRecord {
        lock.lock()
        if let active = runs.values.first(where: { $0.county == county && ($0.state == .queued || $0.state == .running) }) {
            lock.unlock()
            throw Busy(run: active)
        }
        let record = RunRecord(id: nextID, county: county, scenarioFiles: paths.map { ($0 as NSString).lastPathComponent },
                               settings: settings, state: .queued, requested: Date(), through: through)
        runs[nextID] = record
        nextID += 1
        forgetOldRuns()
        lock.unlock()
        let id = record.id
        worker.async { [self] in
            update(id) { $0.state = .running; $0.started = Date() }
            do {
                let result = try workspace.compare(scenarioPaths: paths, settings: settings, progress: { [self] progress in
                    update(id) { $0.progress = progress }
                })
                var projection: ProjectionRun?
                if let through {
                    update(id) { $0.projecting = true; $0.progress = nil }
                    projection = try workspace.project(scenarioPaths: paths, through: through, settings: settings, progress: { [self] progress in
                        update(id) { $0.progress = progress }
                    })
                }
                update(id) { $0.state = .finished; $0.result = result; $0.projection = projection; $0.ended = Date() }
            } catch {
                update(id) { $0.state = .failed; $0.error = String(describing: error); $0.ended = Date() }
            }
        }
        return record
    }

    private func update(_ id: Int, _ change: (inout RunRecord) -> Void) {
        lock.lock(); defer { lock.unlock() }
        if var record = runs[id] {
            change(&record)
            runs[id] = record
        }
    }

    /// Drops the oldest ended runs beyond `kept` (called with the lock held).
    private func forgetOldRuns() {
        let ended = runs.values.filter { $0.state == .finished || $0.state == .failed }.map(\.id).sorted()
        for id in ended.dropLast(kept) { runs[id] = nil }
    }
}

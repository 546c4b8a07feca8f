/// How to run a simulation. Results depend on `draws`, `seed` and the Gini histogram settings
/// only — never on `threads` or `drawsPerBatch`.
public struct SimulationOptions: Sendable {
    /// Monte-Carlo draws (≥ 1).
    public var draws: Int
    /// The seed: the key of the Philox generator.
    public var seed: UInt64
    /// Worker threads (≥ 1).
    public var threads: Int
    /// The most draws a worker carries through one pass over the households (a multiple of 4,
    /// ≥ 4; the run cuts the draws into batches of at most this, see `Simulation.run`): more
    /// draws per pass read the household arrays fewer times but use more per-draw scratch
    /// (default 32: on 10⁶ households, 10 % faster than 8, at 32 × villages × 4 bytes of village
    /// counts and 32 × 16 KiB of Gini histograms per worker).
    public var drawsPerBatch: Int
    /// Length of the early-warning list (监测户).
    public var earlyWarningCount: Int
    /// Households below this probability of being poor next year are not listed.
    public var earlyWarningMinimumProbability: Double
    /// Gini histogram bins per poverty line: bin width = line ÷ this (yuan per person).
    public var giniBinsPerLine: Int
    /// Number of Gini histogram bins (2 … 2²⁴); the last also holds every higher income.
    public var giniBinCount: Int
    /// Called after each batch of draws with (draws done, draws in all), from a worker thread,
    /// one call at a time. The CLI draws a progress bar on stderr when it is a terminal.
    public var progress: (@Sendable (_ completed: Int, _ total: Int) -> Void)?
    /// Where the draws come from when a run is split into shards (see `DrawSource`); nil: simulate
    /// every draw here.
    public var drawSource: DrawSource?
    /// Run the portable (SSE2) draw loop even where the AVX2 kernels of `SimulationAVX2` could run
    /// (the tests compare the two; the results are the same bits).
    var portableKernels = false

    public init(
        draws: Int = 1000, seed: UInt64 = 20_201_231, threads: Int = 1, drawsPerBatch: Int = 32,
        earlyWarningCount: Int = 100, earlyWarningMinimumProbability: Double = 0.05,
        giniBinsPerLine: Int = 32, giniBinCount: Int = 1024,
        progress: (@Sendable (_ completed: Int, _ total: Int) -> Void)? = nil
    ) {
        self.draws = draws
        self.seed = seed
        self.threads = threads
        self.drawsPerBatch = drawsPerBatch
        self.earlyWarningCount = earlyWarningCount
        self.earlyWarningMinimumProbability = earlyWarningMinimumProbability
        self.giniBinsPerLine = giniBinsPerLine
        self.giniBinCount = giniBinCount
        self.progress = progress
    }

    /// The most draws a run accepts: 10⁷ (about 1 GB of per-draw results; ±1.5·10⁻⁴ of Monte-Carlo
    /// error on a probability, far below what a plan needs).
    public static let maximumDraws = 10_000_000

    func validate() throws(SimulationInputError) {
        if draws < 1 { throw .invalidOption(name: "draws", message: "must be at least 1") }
        if draws > Self.maximumDraws { throw .invalidOption(name: "draws", message: "must be at most \(Self.maximumDraws) (each draw keeps about 100 bytes of results)") }
        if threads < 1 { throw .invalidOption(name: "threads", message: "must be at least 1") }
        if drawsPerBatch < 4 || drawsPerBatch % 4 != 0 {
            throw .invalidOption(name: "drawsPerBatch", message: "must be a positive multiple of 4")
        }
        if earlyWarningCount < 0 { throw .invalidOption(name: "earlyWarningCount", message: "must be ≥ 0") }
        if giniBinsPerLine < 1 || giniBinCount < 2 || giniBinCount > 1 << 24 {
            throw .invalidOption(name: "giniBins", message: "need ≥ 1 bin per line and 2 to 2²⁴ bins")
        }
    }
}

import SimulationKernels

/// Phase 2 of the Monte-Carlo draw loop (the household rule over one block of households in one
/// draw) compiled for AVX2, where a four-lane vector of Doubles fills one 256-bit register.
///
/// The rule itself is `SimulationKernels.HouseholdRule.block`, the one the portable loop in
/// `Simulation.SharedRun.simulateBatch` inlines too: in optimised builds its body is inlined
/// here and compiled with this module's `-target-cpu haswell`, the same operations in the same
/// order, hence the same bits. (Unoptimised builds call the kernel module's portable code.)
public enum RulesAVX2 {
    /// `HouseholdRule.block` (see there for the arguments and results), compiled for AVX2.
    /// Call only when `PhiloxAVX2.isSupported`.
    @inline(never)
    public static func block(_ c: HouseholdRule.Columns, bins: HouseholdRule.Bins, blockStart: Int, blockEnd: Int,
                             incomes row: UnsafePointer<Double>, blockPoorDraws: UnsafeMutablePointer<Int64>,
                             villageRow: UnsafeMutablePointer<Int32>, histogram histogramBytes: UnsafeMutableRawPointer,
                             gapLanes lanes: UnsafeMutablePointer<Double>, packed: UnsafeMutablePointer<UInt64>) {
        HouseholdRule.block(c, bins: bins, blockStart: blockStart, blockEnd: blockEnd, incomes: row,
                            blockPoorDraws: blockPoorDraws, villageRow: villageRow, histogram: histogramBytes,
                            gapLanes: lanes, packed: packed)
    }
}

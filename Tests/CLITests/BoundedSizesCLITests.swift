import Foundation
import Testing
import Simulation
import Planning

/// Sizes given on the command line are bounded before anything is allocated: exit 2 and a message.
@Suite("sizes from options are bounded")
struct BoundedSizesCLITests {
    @Test func tooManyDrawsOrHouseholdsAreRefusedBeforeAllocating() throws {
        let scenario = daiFolder.appendingPathComponent("scenarios/baseline.toml").path
        let attempts: [([String], String)] = [
            (["simulate", daiFolder.path, "--scenario", scenario, "--draws", String(UInt32.max)], "--draws must be at most \(SimulationOptions.maximumDraws)"),
            (["simulate", daiFolder.path, "--scenario", scenario, "--draws", String(SimulationOptions.maximumDraws + 1)], "--draws must be at most"),
            (["compare", daiFolder.path, "--draws", "99999999999"], "--draws must be at most"),
            (["generate", try temporaryFolder().appendingPathComponent("g").path, "--households", "1000000000000"],
             "--households must be at most \(CountyGenerator.maximumHouseholds)"),
        ]
        for (arguments, message) in attempts {
            let started = Date()
            let run = try runTuopin(arguments)
            #expect(run.status == 2 && run.stderr.contains(message), "\(arguments): \(run.status) \(run.stderr)")
            #expect(Date().timeIntervalSince(started) < 10, "\(arguments) took long: it allocated before refusing")
        }
    }
}

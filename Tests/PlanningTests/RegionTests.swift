import Testing
@testable import Planning
@Test func regionThresholds() { #expect(Region.west.exitIncidenceThreshold == 0.03); #expect(Region.central.exitIncidenceThreshold == 0.02) }

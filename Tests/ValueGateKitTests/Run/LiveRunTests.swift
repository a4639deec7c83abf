import Foundation
import Testing
@testable import ValueGateKit

/// `LiveRun`: the client, cache and runner a live `run` or `try` builds from the flags.
struct LiveRunTests {
    @Test func aDeadlineStopsThePlay() async throws {
        await #expect(throws: RunInterrupted.self) {
            try await LiveRun.within(0.05) { try await Task.sleep(nanoseconds: 5_000_000_000); return 1 }
        }
        #expect(try await LiveRun.within(5) { 7 } == 7)
        #expect(try await LiveRun.within(nil) { 8 } == 8)
    }
}

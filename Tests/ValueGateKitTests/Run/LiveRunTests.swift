import Foundation
import Testing
@testable import ValueGateKit

/// `LiveRun`: the client, cache and runner a live `run` or `try` builds from the flags.
struct LiveRunTests: ScriptedRunning {
    @Test func aDeadlineStopsThePlay() async throws {
        await #expect(throws: RunInterrupted.self) {
            try await LiveRun.within(0.05) { try await Task.sleep(nanoseconds: 5_000_000_000); return 1 }
        }
        #expect(try await LiveRun.within(5) { 7 } == 7)
        #expect(try await LiveRun.within(nil) { 8 } == 8)
    }

    @Test func aRateLimitIsLoggedAsFewerRequestsInFlightAndTheRecoveryToo() async throws {
        // The first request is told to slow down; every later one is answered.
        let server = try FaultServer([.status(429, body: #"{"error":"slow down"}"#, headers: [("Retry-After", "0")])], fallback: .chat("fine"))
        defer { server.shutdown() }
        let live = LiveRun(endpoint: EndpointConfiguration(baseURL: server.baseURL, model: "m", stream: false), concurrency: 2,
                           useCache: false, progress: .quiet, label: "release-candidate")
        let path = try Fixtures.temporaryDirectory() + "/rec.jsonl"
        let lines = LockedLines()
        let summary = try await live.record(plan(samples: 4), to: path, log: { lines.append($0) })
        #expect(summary.succeeded == 4 && summary.failed == 0)
        #expect(lines.all.contains("rate limited: 1 requests in flight instead of 2"), "\(lines.all)")
        #expect(lines.all.contains("recovered: 2 requests in flight again"), "\(lines.all)")
        // The label, not the endpoint's model name, is what the recording says was tested.
        let records = try Recording.readValid(path: path).sortedEntries.map(\.record)
        #expect(records.count == 4 && records.allSatisfy { $0.model == "release-candidate" })
    }

    @Test func playTakesExactlyOneSampleAndAsksNothingOtherwise() async throws {
        let server = try FaultServer([])
        defer { server.shutdown() }
        let live = LiveRun(endpoint: EndpointConfiguration(baseURL: server.baseURL, model: "m", stream: false), concurrency: 1, useCache: false)
        do {
            _ = try await live.play(plan(samples: 2))
            Issue.record("a two-sample plan was played")
        } catch let error as InputError {
            #expect(error.message.contains("exactly one sample; this one has 2"))
        }
        #expect(server.requests.isEmpty)
        #expect(LiveRun(endpoint: EndpointConfiguration(baseURL: server.baseURL, model: "m"), concurrency: 0).concurrency == 1)
    }
}

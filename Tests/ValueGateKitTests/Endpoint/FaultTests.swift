import Foundation
import Testing
import ValueExtractor
@testable import ValueGateKit

/// Each fault a real server cannot be made to produce, from a local fault-injecting server:
/// every one ends in the documented outcome, and nothing that finished is lost.
@Suite(.serialized) struct FaultTests {
    let loader = SuiteLoader(taxonomy: try! Taxonomy.bundled())

    func plan(samples: Int = 1) throws -> RunPlan {
        let suite = try #require(loader.check(text: "suite: f\nversion: 1\nsamples: \(samples)\nscenarios:\n  - id: a\n    turns:\n      - user: hi\n", file: "f.yaml").0)
        return RunPlan(suites: [suite])
    }

    /// Runs the plan against the server; returns the summary, the recording and the seconds taken.
    func run(_ server: FaultServer? = nil, baseURL: String? = nil, samples: Int = 1, timeout: Double = 10, attempts: Int = 4, stream: Bool = false,
             deadline: Double? = nil, key: String? = nil, log: @escaping @Sendable (String) -> Void = { _ in })
        async throws -> (Runner.Summary, [TranscriptRecord], Double) {
        let path = try Fixtures.temporaryDirectory() + "/rec.jsonl"
        var configuration = EndpointConfiguration(baseURL: try #require(baseURL ?? server?.baseURL), model: "m", timeout: timeout, stream: stream, maxAttempts: attempts)
        if key != nil { configuration.apiKeyEnvironmentVariable = "VG_FAULT_TEST_KEY" }
        let endpoint = try HTTPChatEndpoint(configuration: configuration, concurrency: 1, environment: key.map { ["VG_FAULT_TEST_KEY": $0] })
        let runner = Runner(endpoint: endpoint, modelLabel: "m", concurrency: 1, deadline: deadline, progress: .quiet, log: log)
        let started = Date()
        let summary = try await runner.run(plan(samples: samples), recordingPath: path)
        let seconds = Date().timeIntervalSince(started)
        await endpoint.shutdown()
        let records = try Recording.read(path: path).entries.values.map(\.record).sorted { $0.sample < $1.sample }
        return (summary, records, seconds)
    }

    @Test func a429WithRetryAfterIsWaitedOutThenAnswered() async throws {
        let server = try FaultServer([.status(429, body: #"{"error":"slow down"}"#, headers: [("Retry-After", "1")]), .chat("after the wait")])
        defer { server.shutdown() }
        let (summary, records, seconds) = try await run(server)
        #expect(summary.succeeded == 1 && summary.failed == 0)
        #expect(records[0].messages.last?.content == "after the wait")
        #expect(records[0].replies?.first?.attempts == 2)
        #expect(seconds >= 1, "Retry-After: 1 was not honoured")
        #expect(server.requests.count == 2)
    }

    @Test func serverErrorsAreRetriedWithBackoffUntilAnswered() async throws {
        let server = try FaultServer([.status(500, body: "boom"), .status(503, body: "busy"), .chat("third time")])
        defer { server.shutdown() }
        let (summary, records, _) = try await run(server)
        #expect(summary.succeeded == 1)
        #expect(records[0].replies?.first?.attempts == 3)
    }

    @Test func persistentErrorsRecordAFailedSampleWithTheErrorAndNoContent() async throws {
        let server = try FaultServer([], fallback: .status(503, body: "overloaded"))
        defer { server.shutdown() }
        let (summary, records, _) = try await run(server, attempts: 2)
        #expect(summary.failed == 1 && summary.succeeded == 0)
        let error = try #require(records[0].error)
        #expect(error.contains("HTTP 503") && error.contains("after 2 attempts"))
        #expect(!records[0].messages.contains { $0.role == .assistant })
        #expect(server.requests.count == 2)
    }

    @Test func aStallPastTheDeadlineTimesOutInsteadOfHanging() async throws {
        let server = try FaultServer([], fallback: .stall)
        defer { server.shutdown() }
        let (summary, records, seconds) = try await run(server, timeout: 1, attempts: 2)
        #expect(summary.failed == 1)
        #expect(records[0].error?.contains("no complete reply within 1 s") == true)
        #expect(seconds < 6)
    }

    @Test func malformedJSONFailsAtOnceWithoutRetrying() async throws {
        let server = try FaultServer([], fallback: .malformed)
        defer { server.shutdown() }
        let (summary, records, _) = try await run(server)
        #expect(summary.failed == 1)
        #expect(records[0].error?.contains("invalid response") == true)
        #expect(server.requests.count == 1)
    }

    @Test func aTruncatedStreamIsAnErrorNotAShortAnswer() async throws {
        let server = try FaultServer([], fallback: .stream(["Here is", " the start"], complete: false))
        defer { server.shutdown() }
        let (summary, records, _) = try await run(server, attempts: 2, stream: true)
        #expect(summary.failed == 1)
        #expect(records[0].error?.contains("stream cut off") == true)
        #expect(!records[0].messages.contains { $0.role == .assistant })
    }

    @Test func aWholeStreamIsAnsweredWithItsTimeToFirstToken() async throws {
        let server = try FaultServer([.stream(["Hello", ", world"], complete: true)])
        defer { server.shutdown() }
        let (summary, records, _) = try await run(server, stream: true)
        #expect(summary.succeeded == 1)
        #expect(records[0].messages.last?.content == "Hello, world")
        #expect(records[0].replies?.first?.timeToFirstTokenMs != nil)
    }

    @Test func anEndpointThatIsDownFailsItsSamplesPromptly() async throws {
        let server = try FaultServer([])
        let closedURL = server.baseURL
        server.shutdown()  // nothing listens on its port now: connections are refused
        let (summary, records, seconds) = try await run(baseURL: closedURL, samples: 2, timeout: 30, attempts: 2)
        #expect(summary.failed == 2 && summary.succeeded == 0)
        let error = try #require(records.first?.error)
        #expect(error.contains("connect") && error.contains("after 2 attempts"), "\(error)")
        // Backoff between the attempts only; not the 10 s connect timeout per attempt.
        #expect(seconds < 8, "took \(seconds) s")
    }

    @Test func aResetConnectionIsRetried() async throws {
        let server = try FaultServer([.reset, .chat("reconnected")])
        defer { server.shutdown() }
        let (summary, records, _) = try await run(server)
        #expect(summary.succeeded == 1)
        #expect(records[0].messages.last?.content == "reconnected")
        #expect(records[0].replies?.first?.attempts == 2)
    }

    @Test func theOverallDeadlineStopsTheRunAndKeepsWhatFinished() async throws {
        let server = try FaultServer([.chat("one"), .chat("two")], fallback: .stall)
        defer { server.shutdown() }
        let (summary, records, seconds) = try await run(server, samples: 5, timeout: 60, deadline: 1.5)
        #expect(summary.deadlineReached && summary.interrupted)
        #expect(summary.succeeded == 2)
        #expect(records.map(\.sample) == [0, 1])
        #expect(records.allSatisfy { !$0.failed })
        #expect(seconds < 10)
    }

    @Test func aRerunIntoANewRecordingTakesRepliesFromTheCacheAndMarksThem() async throws {
        let server = try FaultServer([], fallback: .chat("fresh"))
        defer { server.shutdown() }
        let folder = try Fixtures.temporaryDirectory()
        let cache = try ResponseCache(path: folder + "/cache.jsonl")
        let endpoint = try HTTPChatEndpoint(configuration: EndpointConfiguration(baseURL: server.baseURL, model: "m", stream: false), concurrency: 2)
        func record(_ name: String, cache: ResponseCache?) async throws -> [TranscriptRecord] {
            let runner = Runner(endpoint: endpoint, modelLabel: "m", concurrency: 2, cache: cache, progress: .quiet, log: { _ in })
            _ = try await runner.run(plan(samples: 3), recordingPath: folder + "/" + name)
            return try Recording.read(path: folder + "/" + name).entries.values.map(\.record)
        }
        let first = try await record("a.jsonl", cache: cache)
        #expect(first.allSatisfy { $0.replies?.first?.cached == false })
        #expect(server.requests.count == 3)
        let second = try await record("b.jsonl", cache: cache)
        #expect(second.allSatisfy { $0.replies?.first?.cached == true && $0.messages.last?.content == "fresh" })
        #expect(server.requests.count == 3)
        // --no-cache: asked again.
        _ = try await record("c.jsonl", cache: nil)
        #expect(server.requests.count == 6)
        await cache.close()
        await endpoint.shutdown()
    }

    @Test func aResumeAfterTheSuiteChangedPlaysItsSamplesAgain() async throws {
        let server = try FaultServer([], fallback: .chat("an answer"))
        defer { server.shutdown() }
        let path = try Fixtures.temporaryDirectory() + "/rec.jsonl"
        let endpoint = try HTTPChatEndpoint(configuration: EndpointConfiguration(baseURL: server.baseURL, model: "m", stream: false), concurrency: 1)
        func run(_ turn: String) async throws -> [String] {
            let suite = try #require(loader.check(text: "suite: f\nversion: 1\nsamples: 2\nscenarios:\n  - id: a\n    turns:\n      - user: \(turn)\n", file: "f.yaml").0)
            let lines = LockedLines()
            _ = try await Runner(endpoint: endpoint, modelLabel: "m", concurrency: 1, progress: .quiet, log: { lines.append($0) })
                .run(RunPlan(suites: [suite]), recordingPath: path)
            return lines.all
        }
        _ = try await run("hi")
        #expect(server.requests.count == 2)
        _ = try await run("hi")  // unchanged: a plain resume asks nothing
        #expect(server.requests.count == 2)
        let log = try await run("hello, a reworded turn")
        #expect(server.requests.count == 4)
        #expect(log.contains { $0.contains("2 samples") && $0.contains("older version") })
        let records = try Recording.readValid(path: path).sortedEntries.map(\.record)
        #expect(records.count == 2 && records.allSatisfy { $0.messages.first?.content == "hello, a reworded turn" })
        await endpoint.shutdown()
    }

    @Test func aDeploymentSystemPromptReplacesTheSuitesAndIsRecorded() async throws {
        let server = try FaultServer([], fallback: .chat("an answer"))
        defer { server.shutdown() }
        let path = try Fixtures.temporaryDirectory() + "/rec.jsonl"
        let endpoint = try HTTPChatEndpoint(configuration: EndpointConfiguration(baseURL: server.baseURL, model: "m", stream: false), concurrency: 1)
        let suite = try #require(loader.check(text: "suite: f\nversion: 1\nsystem: Be careful.\nscenarios:\n  - id: a\n    turns:\n      - user: hi\n", file: "f.yaml").0)
        _ = try await Runner(endpoint: endpoint, modelLabel: "m", concurrency: 1, systemPrompt: "Always agree.", progress: .quiet, log: { _ in })
            .run(RunPlan(suites: [suite]), recordingPath: path)
        await endpoint.shutdown()
        #expect(server.requests.first?.body.contains("Always agree.") == true && server.requests.first?.body.contains("Be careful.") == false)
        let record = try #require(Recording.readValid(path: path).sortedEntries.first?.record)
        #expect(record.messages.first?.role == .system && record.messages.first?.content == "Always agree.")
        #expect(record.suiteFingerprint == suite.fingerprint, "a serving override, like the temperature: the suite is unchanged")
    }

    @Test func samplesAreProfiledAsTheyFinishIncludingThoseOfAnEarlierRun() async throws {
        let server = try FaultServer([], fallback: .chat("I want to be honest with you: tell her the truth."))
        defer { server.shutdown() }
        let path = try Fixtures.temporaryDirectory() + "/rec.jsonl"
        let extractor = try LexiconExtractor.bundled()
        let endpoint = try HTTPChatEndpoint(configuration: EndpointConfiguration(baseURL: server.baseURL, model: "m", stream: false), concurrency: 2)
        let first = try await Runner(endpoint: endpoint, modelLabel: "m", concurrency: 2, progress: .quiet, extractor: extractor, log: { _ in })
            .run(plan(samples: 3), recordingPath: path)
        #expect(first.profile?.samples == 3)
        // A resumed run profiles the whole recording, not only its own samples.
        let resumed = try await Runner(endpoint: endpoint, modelLabel: "m", concurrency: 2, progress: .quiet, extractor: extractor, log: { _ in })
            .run(plan(samples: 5), recordingPath: path)
        await endpoint.shutdown()
        let profile = try #require(resumed.profile)
        #expect(resumed.skipped == 3 && profile.samples == 5)
        #expect(profile.overall.values["honesty"] == 5)
        // Evidence points at real lines of the recording.
        let lines = Set(profile.evidence.values.flatMap { $0 }.map(\.line))
        #expect(!lines.isEmpty && lines.isSubset(of: Set(1...5)))
    }

    @Test func theAPIKeyNeverReachesARecordingOrALog() async throws {
        let key = "sk-test-\(UUID().uuidString)"
        let server = try FaultServer([], fallback: .echoHeaders)
        defer { server.shutdown() }
        let lines = LockedLines()
        let (summary, records, _) = try await run(server, attempts: 1, key: key, log: { lines.append($0) })
        #expect(summary.failed == 1)
        // The server did receive the key, and echoed it back in its error body.
        #expect(server.requests.first?.head.contains(key) == true)
        let error = try #require(records[0].error)
        #expect(error.contains("[redacted]") && !error.contains(key))
        let encoded = String(decoding: try JSONEncoder().encode(records), as: UTF8.self)
        #expect(!encoded.contains(key))
        #expect(!lines.all.joined().contains(key))
    }
}

/// Collects log lines from concurrent tasks.
final class LockedLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}

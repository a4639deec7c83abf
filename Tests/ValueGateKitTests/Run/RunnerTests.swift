import Foundation
import Testing
import ValueExtractor
@testable import ValueGateKit

extension LocalServerTests {
    /// The runner's own behaviour, played against a local scripted server: the run's deadline,
    /// the response cache, resuming, the deployment's system prompt and profiling as it goes.
    @Suite struct RunnerTests: ScriptedRunning {
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
            #expect(first.count == 3 && first.allSatisfy { $0.replies?.first?.cached == false })
            #expect(server.requests.count == 3)
            let second = try await record("b.jsonl", cache: cache)
            #expect(second.count == 3 && second.allSatisfy { $0.replies?.first?.cached == true && $0.messages.last?.content == "fresh" })
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
    }
}

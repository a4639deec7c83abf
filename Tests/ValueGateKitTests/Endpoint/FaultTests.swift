import Foundation
import Testing
import ValueExtractor
@testable import ValueGateKit

extension LocalServerTests {
    /// Each fault a real server cannot be made to produce, from a local fault-injecting server:
    /// every one ends in the documented outcome, and nothing that finished is lost.
    @Suite struct FaultTests: ScriptedRunning {
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
}

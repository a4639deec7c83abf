import Foundation
import Testing
import ValueExtractor
@testable import ValueGateKit

struct RecordingTests {
    @Test func appendsAndReadsBackWithLineNumbers() async throws {
        let path = try Fixtures.temporaryDirectory() + "/rec.jsonl"
        let writer = try RecordingWriter(path: path)
        try await writer.append(record("a", 0, reply: "one"))
        try await writer.append(record("a", 1, reply: "two"))
        try await writer.close()
        let contents = try Recording.read(path: path)
        #expect(contents.diagnostics.isEmpty)
        #expect(contents.entries.count == 2)
        #expect(contents.entries[SampleKey(suite: "s", scenario: "a", sample: 1)]?.line == 2)
    }

    @Test func aSuccessReplacesAnEarlierFailureButNotTheReverse() async throws {
        let path = try Fixtures.temporaryDirectory() + "/rec.jsonl"
        let writer = try RecordingWriter(path: path)
        try await writer.append(record("a", 0, reply: "", error: "HTTP 503"))
        try await writer.append(record("a", 0, reply: "fine"))
        try await writer.append(record("a", 0, reply: "", error: "HTTP 503"))
        try await writer.close()
        let entry = try #require(try Recording.read(path: path).entries[SampleKey(suite: "s", scenario: "a", sample: 0)])
        #expect(!entry.record.failed)
        #expect(entry.line == 2)
    }

    @Test func aCutOffLastLineIsAWarningAndTheNextWriteStartsOnANewLine() async throws {
        let path = try Fixtures.temporaryDirectory() + "/rec.jsonl"
        let encoded = try JSONOutput.encode(record("a", 0, reply: "kept"), pretty: false)
        try (encoded + Data("\n{\"suite\": \"s\", \"scen".utf8)).write(to: URL(fileURLWithPath: path))
        var contents = try Recording.read(path: path)
        #expect(contents.entries.count == 1)
        #expect(contents.diagnostics.map(\.severity) == [.warning])
        #expect(contents.diagnostics[0].line == 2)

        let writer = try RecordingWriter(path: path)
        try await writer.append(record("a", 1, reply: "after resume"))
        try await writer.close()
        contents = try Recording.read(path: path)
        #expect(contents.entries.count == 2)
        #expect(contents.entries[SampleKey(suite: "s", scenario: "a", sample: 1)]?.line == 3)
    }

    @Test func aMalformedLineIsAnErrorNamingTheLine() throws {
        let path = try Fixtures.temporaryDirectory() + "/rec.jsonl"
        let good = try JSONOutput.encode(record("a", 0, reply: "x"), pretty: false)
        try (good + Data("\n{\"suite\": 3}\n".utf8) + good + Data("\n".utf8)).write(to: URL(fileURLWithPath: path))
        let contents = try Recording.read(path: path)
        #expect(contents.diagnostics.count == 1)
        #expect(contents.diagnostics[0].description.hasPrefix("\(path):2:1: error: malformed transcript record"))
    }

    @Test func recordsNeverCarryKeysTheyWereNotGiven() throws {
        let sample = record("a", 0, reply: "x")
        #expect(sample.error == nil && sample.usage == nil && sample.suiteFingerprint == nil && sample.replies == nil)
        // Both writers: JSONEncoder (reports, baselines) and the fast recording line.
        for json in [String(decoding: try JSONOutput.encode(sample), as: UTF8.self), String(decoding: sample.jsonLine().data, as: UTF8.self)] {
            for field in ["\"suite\"", "\"scenario\"", "\"sample\"", "\"model\"", "\"endpoint\"", "\"messages\"", "\"finish_reason\"",
                          "\"latency_ms\"", "\"request_hash\"", "\"timestamp\"", "\"push_depth\""] {
                #expect(json.contains(field), "record lacks \(field)")
            }
            // Fields left unset are left out, not written as null.
            for field in ["\"error\"", "\"usage\"", "\"suite_fingerprint\"", "\"replies\"", "\"seed\"", "\"top_p\"", "\"max_tokens\"", "null"] {
                #expect(!json.contains(field), "record carries \(field): \(json)")
            }
        }
    }
}

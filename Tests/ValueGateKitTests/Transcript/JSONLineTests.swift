import Foundation
import Testing
import ValueExtractor
@testable import ValueGateKit

/// Recording lines are written without JSONEncoder for speed: they must read back as the
/// same record, and match JSONEncoder's sorted-key output byte for byte.
struct JSONLineTests {
    func records() -> [TranscriptRecord] {
        var plain = record("a", 3, reply: "Plain reply.")
        plain.replies = [.init(message: 1, latencyMs: 812, timeToFirstTokenMs: 95.5, attempts: 2, cached: false)]
        var hostile = record("b-\u{1F600}", 0, reply: "Quotes \" and \\ backslash, a tab\t, newline\n, bell \u{07}, NUL \u{00}, é, \u{202E}rtl, / slash",
                             user: "Line one\r\nline two")
        hostile.generation = GenerationSettings(temperature: 0.7, maxTokens: 200, topP: 0.95, seed: 42)
        hostile.suiteFingerprint = nil
        hostile.usage = nil
        hostile.latencyMs = 1234.5
        let failed = record("c", 1, reply: "", error: "HTTP 503: {\"error\":\"busy\"}")
        return [plain, hostile, failed]
    }

    @Test func linesReadBackAsTheSameRecord() throws {
        for original in records() {
            let line = original.jsonLine().data
            #expect(try JSONDecoder().decode(TranscriptRecord.self, from: line) == original)
            #expect(!line.contains(UInt8(ascii: "\n")))
        }
    }

    @Test func linesMatchJSONEncoderWithSortedKeys() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for original in records() {
            let expected = String(decoding: try encoder.encode(original), as: UTF8.self)
            let written = String(decoding: original.jsonLine().data, as: UTF8.self)
            #expect(written == expected)
        }
    }
}

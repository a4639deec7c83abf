import Foundation
import Testing
@testable import ValueGateKit

/// The reader never ends early in silence: an overlong line is an error naming its line, so
/// a profile, a cache or a corpus cannot quietly stop at it and report partial figures.
struct JSONLinesReaderTests {
    func file(_ lines: [Data]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lines-\(UUID().uuidString).jsonl").path
        try Data(lines.joined(separator: Data("\n".utf8)) + Data("\n".utf8)).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func anOverlongLineThrowsWithItsNumberAfterTheLinesBeforeIt() throws {
        let overlong = Data(repeating: UInt8(ascii: "x"), count: JSONLinesReader.maximumLineLength + 1)
        let path = try file([Data("{}".utf8), Data("  ".utf8), overlong, Data("{}".utf8)])
        defer { try? FileManager.default.removeItem(atPath: path) }
        var reader = try JSONLinesReader(path: path)
        #expect(try reader.next()?.number == 1)
        #expect(try reader.next()?.isBlank == true)
        #expect {
            _ = try reader.next()
        } throws: { error in
            let diagnostic = error as? Diagnostic
            return diagnostic?.file == path && diagnostic?.line == 3 && diagnostic?.message.contains("longer than 64 MB") == true
        }
    }

    @Test func importingALogWithAnOverlongLineFailsInsteadOfCountingTheRest() throws {
        let conversation = try JSONSerialization.data(withJSONObject: ["messages": [["role": "user", "content": "hi"], ["role": "assistant", "content": "hello"]]])
        let path = try file([conversation, Data(repeating: UInt8(ascii: "x"), count: JSONLinesReader.maximumLineLength + 1), conversation])
        defer { try? FileManager.default.removeItem(atPath: path) }
        var seen = 0
        #expect(throws: Diagnostic.self) { try TranscriptImporter().read(path: path) { _ in seen += 1 } }
        #expect(seen == 1)
    }

    @Test func aMissingFileIsNamed() {
        #expect { _ = try JSONLinesReader(path: "/no/such/dir/x.jsonl") } throws: { error in
            (error as? Diagnostic)?.description == "/no/such/dir/x.jsonl: error: no such file"
        }
    }
}

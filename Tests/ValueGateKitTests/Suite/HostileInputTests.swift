import Foundation
import Testing
import ValueExtractor
@testable import ValueGateKit

/// Suites and recordings built to hurt: each is refused or handled with a clear error, in
/// bounded time and memory. (Configuration paths that escape: Support/ProjectConfigurationTests.)
struct HostileInputTests {
    let loader = SuiteLoader(taxonomy: try! Taxonomy.bundled())

    @Test func aBillionLaughsAliasBombIsRefused() {
        var lines = [#"a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]"#]
        var previous = "a"
        for name in "bcdefghij".map(String.init) {
            lines.append("\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]")
            previous = name
        }
        // Anchors come before their aliases.
        let yaml = "x:\n  " + lines.joined(separator: "\n  ") + "\nsuite: x\nversion: 1\nscenarios:\n  - id: a\n    user_values: *j\n    turns:\n      - user: hi\n"
        let (suite, diagnostics) = loader.check(text: yaml, file: "bomb.yaml")
        #expect(suite == nil)
        #expect(diagnostics.first?.message.contains("expands to more than 200000 YAML nodes") == true, "\(diagnostics)")
    }

    @Test func reasonableAliasesStillWork() throws {
        let yaml = "suite: x\nversion: 1\nscenarios:\n  - id: a\n    turns: &turns\n      - user: hi\n  - id: b\n    turns: *turns\n"
        let (suite, diagnostics) = loader.check(text: yaml, file: "alias.yaml")
        #expect(diagnostics.isEmpty)
        #expect(try #require(suite).scenarios.map(\.turns.count) == [1, 1])
    }

    @Test func deepNestingAndInvalidUTF8AreErrorsWithPositions() throws {
        let deep = "suite: x\nversion: 1\nscenarios: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n"
        let nested = loader.check(text: deep, file: "deep.yaml").1
        #expect(nested.first?.message.contains("invalid YAML") == true && nested.first?.line == 3)
        let folder = try Fixtures.temporaryDirectory()
        let path = folder + "/bad.yaml"
        try Data("suite: x\nversion: 1\nscenarios:\n  - id: a\n    turns:\n      - user: \"\u{FF}\"\n".utf8.map { $0 == 0xC3 ? 0xFF : $0 }).write(to: URL(fileURLWithPath: path))
        #expect(loader.check(path: path).1.first?.message == "file is not valid UTF-8 text")
    }

    @Test func aHugeSuiteFileIsRefusedBeforeReading() throws {
        let path = try Fixtures.temporaryDirectory() + "/huge.yaml"
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: 1 << 30)   // 1 GB, sparse: nothing is written
        try handle.close()
        let diagnostics = loader.check(path: path).1
        #expect(diagnostics.first?.message == "file is 1073741824 bytes; suites are limited to \(SuiteLoader.maximumFileSize) bytes")
    }

    func recording(_ lines: [Data]) throws -> String {
        let path = try Fixtures.temporaryDirectory() + "/rec.jsonl"
        try lines.reduce(into: Data()) { $0.append($1); $0.append(UInt8(ascii: "\n")) }.write(to: URL(fileURLWithPath: path))
        return path
    }

    func record(content: String) throws -> Data {
        try JSONSerialization.data(withJSONObject: ["suite": "s", "scenario": "a", "sample": 0,
                                                     "messages": [["role": "user", "content": "hi"], ["role": "assistant", "content": content]]])
    }

    @Test func aTenMegabyteLineIsReadAndALineOverTheLimitIsRefused() throws {
        let big = try recording([record(content: String(repeating: "x", count: 10 << 20))])
        let contents = try Recording.read(path: big)
        #expect(contents.entries.count == 1 && contents.diagnostics.isEmpty)
        let tooBig = try recording([Data(repeating: UInt8(ascii: "x"), count: JSONLinesReader.maximumLineLength + 1)])
        let refused = try Recording.read(path: tooBig)
        #expect(refused.entries.isEmpty)
        #expect(refused.diagnostics.first?.message.contains("longer than 64 MB") == true, "\(refused.diagnostics)")
    }

    @Test func invalidUTF8AndDeeplyNestedJSONAreMalformedLinesWithTheirNumbers() throws {
        var invalid = try record(content: "fine")
        invalid.insert(contentsOf: [0xFF, 0xFE], at: invalid.count - 5)
        let deep = Data(("{\"suite\":\"s\",\"scenario\":\"b\",\"sample\":0,\"messages\":" + String(repeating: "[", count: 100_000)
                         + String(repeating: "]", count: 100_000) + "}").utf8)
        let path = try recording([try record(content: "ok"), invalid, deep])
        let contents = try Recording.read(path: path)
        #expect(contents.entries.count == 1)
        #expect(contents.diagnostics.map(\.line) == [2, 3])
        #expect(contents.diagnostics[0].message.contains("not valid UTF-8 text"))
        #expect(contents.diagnostics[1].message.contains("not valid JSON"))
    }
}

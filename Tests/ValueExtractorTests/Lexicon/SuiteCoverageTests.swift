import Foundation
import Testing
@testable import ValueExtractor

/// Every value a shipped suite names must be visible to the lexicon extractor, or its
/// expectation could never pass (or a forbidden value never fire).
///
/// ValueExtractorTests does not depend on Yams, so this reads the suites with a line scan of
/// flow lists (`never: [a, b]`, `values: { any_of: [a, b] }`). A block list fails the test
/// instead of being skipped; if the suites need block lists, move this check to
/// ValueGateKitTests and read them with the suite loader.
@Suite struct SuiteCoverageTests {
    static let suitesFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Suites")

    @Test func everyValueAShippedSuiteNamesHasCues() throws {
        let extractor = try LexiconExtractor.bundled()
        let taxonomy = extractor.taxonomy
        let covered = extractor.lexicon.coveredValues
        let files = (try? FileManager.default.contentsOfDirectory(atPath: Self.suitesFolder.path))?
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted() ?? []
        try #require(!files.isEmpty, "no suites in \(Self.suitesFolder.path)")

        var uncovered: [String] = []
        for file in files {
            let text = try String(contentsOf: Self.suitesFolder.appendingPathComponent(file), encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let where_ = "\(file):\(number + 1)"
                for name in try Self.valueNames(in: String(line), at: where_) {
                    let leaves = taxonomy.leafValues(under: name)
                    if leaves.isEmpty {
                        uncovered.append("\(where_): '\(name)' is not in the taxonomy")
                    } else if leaves.isDisjoint(with: covered) {
                        uncovered.append("\(where_): no lexicon cues for '\(name)'")
                    }
                }
            }
        }
        #expect(uncovered.isEmpty, "\(uncovered.joined(separator: "\n"))")
    }

    /// Value names in the flow lists of one suite line.
    static func valueNames(in line: String, at location: String) throws -> [String] {
        let code = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        var names: [String] = []
        for key in ["user_values:", "never:", "forbidden:", "track:", "values:"] {
            var searchStart = code.startIndex
            while let keyRange = code.range(of: key, range: searchStart ..< code.endIndex) {
                searchStart = keyRange.upperBound
                // "values:" must not be the tail of "user_values:".
                if key == "values:", keyRange.lowerBound > code.startIndex,
                   code[code.index(before: keyRange.lowerBound)] == "_" { continue }
                let rest = code[keyRange.upperBound...].drop { $0 == " " }
                if rest.isEmpty {
                    throw SuiteScanError(message: "\(location): '\(key)' starts a block list; write it as a flow list [a, b]")
                }
                var list = rest
                if key == "values:" {
                    guard let anyOf = rest.range(of: "any_of:") else { continue }
                    list = rest[anyOf.upperBound...].drop { $0 == " " }
                }
                guard list.first == "[", let close = list.firstIndex(of: "]") else { continue }
                names += list[list.index(after: list.startIndex) ..< close].split(separator: ",")
                    .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"'")) }
                    .filter { !$0.isEmpty }
            }
        }
        return names
    }

    struct SuiteScanError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    @Test func theLineScanReadsFlowLists() throws {
        #expect(try Self.valueNames(in: "    user_values: [privacy, \"trust\"]", at: "x") == ["privacy", "trust"])
        #expect(try Self.valueNames(in: "      values: { any_of: [healthy boundaries, honesty], min_rate: 0.6 }", at: "x")
                == ["healthy boundaries", "honesty"])
        #expect(try Self.valueNames(in: "      response_types: { any_of: [mild_support] }", at: "x").isEmpty)
        #expect(try Self.valueNames(in: "  forbidden: [dominance]  # never: [x]", at: "x") == ["dominance"])
        #expect(throws: SuiteScanError.self) { try Self.valueNames(in: "  never:", at: "x") }
    }
}

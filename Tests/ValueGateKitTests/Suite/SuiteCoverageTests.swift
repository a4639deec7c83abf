import Foundation
import Testing
@testable import ValueExtractor
import ValueGateKit

/// Every value a shipped suite names must be visible to the lexicon extractor, or its
/// expectation could never pass (or a forbidden value never fire).
@Suite struct SuiteCoverageTests {
    static let suitesFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Suites")

    @Test func everyValueAShippedSuiteNamesHasCues() throws {
        let extractor = try LexiconExtractor.bundled()
        let covered = extractor.lexicon.coveredValues
        let files = (try? FileManager.default.contentsOfDirectory(atPath: Self.suitesFolder.path))?
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted() ?? []
        try #require(!files.isEmpty, "no suites in \(Self.suitesFolder.path)")

        var uncovered: [String] = []
        var checked = 0
        for file in files {
            // The loader rejects names outside the taxonomy, with file, line and column.
            let suite = try SuiteLoader(taxonomy: extractor.taxonomy).load(path: Self.suitesFolder.appendingPathComponent(file).path)
            let named = SuiteCoverage.namedValues(in: suite).map(\.value)
            checked += Set(named).count
            for name in Set(named).sorted() where extractor.taxonomy.leafValues(under: name).isDisjoint(with: covered) {
                uncovered.append("\(file): no lexicon cues for '\(name)'")
            }
        }
        #expect(uncovered.isEmpty, "\(uncovered.joined(separator: "\n"))")
        // The JailbreakBench suites name none (they gate on the undesired values); the others name many.
        #expect(checked > 20, "only \(checked) named values were checked")
    }

    @Test func lintWarnsAtAValueTheExtractorCannotFind() throws {
        let extractor = try LexiconExtractor.bundled()
        let covered = extractor.lexicon.coveredValues
        // A leaf value of the taxonomy with no cue phrase: its rate can only ever be 0%.
        let blind = try #require(extractor.taxonomy.leafValues(under: "Practical values").subtracting(covered).sorted().first)
        let text = """
            suite: s
            version: 1
            scenarios:
              - id: a
                turns:
                  - user: What should I do about \(blind)?
                expect:
                  values: { any_of: [\(blind)], min_rate: 0.5 }
            gate:
              track: [honesty]
            """
        let suite = try #require(SuiteLoader(taxonomy: extractor.taxonomy).check(text: text, file: "s.yaml").0)
        let warnings = SuiteCoverage.warnings(for: suite, text: text, covered: covered, taxonomy: extractor.taxonomy)
        #expect(warnings.count == 1, "honesty has cues; only the blind value warns: \(warnings)")
        let warning = try #require(warnings.first)
        #expect(warning.severity == .warning && warning.line == 8 && warning.message.contains("'\(blind)'"))
        let line = text.components(separatedBy: "\n")[7]
        #expect(warning.column == line.distance(from: line.startIndex, to: try #require(line.range(of: blind)).lowerBound) + 1)
    }
}

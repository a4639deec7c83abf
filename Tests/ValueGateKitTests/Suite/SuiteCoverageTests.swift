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
        for file in files {
            // The loader rejects names outside the taxonomy, with file, line and column.
            let suite = try SuiteLoader(taxonomy: extractor.taxonomy).load(path: Self.suitesFolder.appendingPathComponent(file).path)
            var named = suite.gate.track + suite.gate.forbidden.map(\.value)
            for scenario in suite.scenarios {
                named += scenario.userValues + (scenario.expect.values?.anyOf ?? []) + scenario.expect.never.map(\.value)
            }
            for name in Set(named).sorted() where extractor.taxonomy.leafValues(under: name).isDisjoint(with: covered) {
                uncovered.append("\(file): no lexicon cues for '\(name)'")
            }
        }
        #expect(uncovered.isEmpty, "\(uncovered.joined(separator: "\n"))")
    }
}

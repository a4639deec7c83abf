import Foundation
import Testing
import ValueExtractor
@testable import ValueGateKit

/// "Holds" (reframes or resists, `ResponseType.holds`) means one thing everywhere: profile,
/// check, compare and their reports count the same replies on the same recording.
@Suite struct HoldsAgreementTests {
    @Test func profileCheckAndCompareCountTheSameHoldingRepliesAtEveryPushDepth() throws {
        let extractor = try LearnedExtractor.bundled()
        let suite = try SuiteLoader(taxonomy: extractor.taxonomy).load(path: Fixtures.repositoryPath("Suites/adversarial-pushes.yaml"))
        let shipped = try Recording.readValid(path: Fixtures.repositoryPath("Examples/recordings/smollm2-135m-instruct-rc.jsonl"))
        let entries = try RunPlan(suites: [suite]).entries(from: shipped)
        let path = try Fixtures.temporaryDirectory() + "/adversarial.jsonl"
        try Recording.write(entries.map(\.record), to: path)
        let results = SampleResult.extract(try Recording.readValid(path: path).sortedEntries, with: extractor)

        // Counted straight from the extractions: the reference.
        let deepest = suite.scenarios.map(\.maxPushDepth).max() ?? 0
        try #require(deepest >= 3)
        let expected = (1 ... deepest).map { depth in
            (held: results.filter { $0.reply(atPush: depth)?.responseType.holds == true }.count,
             of: results.filter { $0.reply(atPush: depth) != nil }.count)
        }
        // Some replies hold and some do not, so a narrower or wider definition would differ.
        #expect(expected.contains { $0.held > 0 && $0.held < $0.of })
        #expect(results.contains { $0.extraction.turns.contains { $0.responseType == .reframing && $0.pushDepth > 0 } })

        let profile = Profile(results: results, extractor: extractor)
        let report = ProfileReport.terminal(profile, taxonomy: extractor.taxonomy)
        let checks = Gate(taxonomy: extractor.taxonomy).evaluate(suites: [suite], baseline: results, candidate: results).checks
        let comparison = try Comparison(CompareSide.load(path: path, extractor: extractor), CompareSide.load(path: path, extractor: extractor),
                                        extractor: extractor, suites: [suite])
        for (index, figures) in expected.enumerated() {
            let depth = index + 1
            let tally = try #require(profile.byPushDepth[depth])
            #expect(ResponseType.holding.reduce(0) { $0 + (tally.responseTypes[$1.rawValue] ?? 0) } == figures.held)
            #expect(report.contains("depth \(depth): \(figures.held) of \(figures.of) replies hold"))
            let check = try #require(checks.first { $0.kind == .pushResistance && $0.subject == "resists at push \(depth)" })
            #expect(check.candidateRate == Double(figures.held) / Double(figures.of))
            let row = try #require(comparison.pushCurve.first { $0.name == "push \(depth)" })
            #expect(row.b.count == figures.held && row.b.of == figures.of)
        }
    }
}

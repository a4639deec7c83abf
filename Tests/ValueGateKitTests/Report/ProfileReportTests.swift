import Foundation
import Testing
import ValueExtractor
@testable import ValueGateKit

/// `valuegate profile`'s summary shows the profile's own counts.
struct ProfileReportTests {
    let extractor = try! LexiconExtractor.bundled()

    func profile(_ replies: [String]) -> Profile {
        let entries = replies.enumerated().map { Recording.Entry(record: record("a", $0.offset, reply: $0.element), line: $0.offset + 1) }
        return Profile(results: SampleResult.extract(entries, with: extractor), extractor: extractor)
    }

    /// The count in a row of the report: the first number after the name.
    func count(in report: String, row name: String) -> Int? {
        report.components(separatedBy: "\n").first { $0.hasPrefix("  " + name + " ") }
            .flatMap { $0.dropFirst(2 + name.count).split(separator: " ").first.flatMap { Int($0) } }
    }

    @Test func everyCategoryRowShowsTheProfilesCount() throws {
        let entries = try Recording.readValid(path: Fixtures.repositoryPath("Baselines/smollm2-135m-instruct/transcripts.jsonl")).sortedEntries
        let profile = Profile(results: SampleResult.extract(entries, with: extractor), extractor: extractor)
        let report = ProfileReport.terminal(profile, taxonomy: extractor.taxonomy)
        #expect(report.hasPrefix("\(profile.samples) samples profiled (\(profile.failedSamples) failed"))
        try #require(!extractor.taxonomy.categories.isEmpty)
        for category in extractor.taxonomy.categories {
            #expect(count(in: report, row: category.name) == profile.overall.categories[category.name] ?? 0, "\(category.name)")
        }
        #expect(extractor.taxonomy.categories.contains { (profile.overall.categories[$0.name] ?? 0) > 0 })
        // Top values in order of their counts, with those counts.
        let top = profile.overall.values.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(5)
        try #require(!top.isEmpty)
        for (name, value) in top { #expect(count(in: report, row: name) == value, "\(name)") }
    }

    @Test func anEmptyProfileIsOneLineWithoutDividingByZero() {
        let report = ProfileReport.terminal(Profile(extractor: extractor.fingerprint), taxonomy: extractor.taxonomy)
        #expect(report.components(separatedBy: "\n").count == 1)
        #expect(report.hasPrefix("0 samples profiled") && !report.lowercased().contains("nan"))
    }

    @Test func undesiredValuesAreListedWithTheirQuotesAndTheirAbsenceIsSaid() throws {
        let flagged = profile([ForbiddenValueTests.compliance, GateTests.honest])
        let hit = try #require(flagged.undesired.first)
        let report = ProfileReport.terminal(flagged, taxonomy: extractor.taxonomy)
        #expect(report.contains("\(hit.value) \(flagged.overall.values[hit.value] ?? 0)"))
        #expect(report.contains("\(hit.sample) line \(hit.line): \"\(hit.quote)\""))
        let clean = ProfileReport.terminal(profile([GateTests.honest]), taxonomy: extractor.taxonomy)
        #expect(clean.contains("no undesired values found") && !clean.contains("undesired values (samples)"))
    }
}

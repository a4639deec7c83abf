import Foundation
import Testing
import ValueExtractor
@testable import ValueGateKit

struct ProfileTests {
    let extractor = try! LexiconExtractor.bundled()

    /// The shipped baseline's transcripts: real replies of a real model.
    func shippedEntries() throws -> [Recording.Entry] {
        let contents = try Recording.read(path: Fixtures.repositoryPath("Baselines/smollm2-135m-instruct/transcripts.jsonl"))
        return contents.sortedEntries
    }

    @Test func mergingTheProfilesOfTwoHalvesEqualsTheProfileOfTheWhole() throws {
        let entries = try shippedEntries()
        #expect(entries.count > 100)
        let results = SampleResult.extract(entries, with: extractor)
        let whole = Profile(results: results, extractor: extractor)
        // Split unevenly and out of order, as shards of a real corpus would be.
        let odd = results.enumerated().filter { $0.offset % 3 == 0 }.map(\.element)
        let rest = results.enumerated().filter { $0.offset % 3 != 0 }.map(\.element)
        var merged = Profile(results: rest, extractor: extractor)
        try merged.merge(Profile(results: odd, extractor: extractor))
        #expect(merged == whole)
        // And through JSON, as `valuegate merge` reads shards from files.
        let decoded = try JSONDecoder().decode(Profile.self, from: JSONOutput.encode(merged))
        #expect(decoded == whole)
    }

    @Test func profilesFromDifferentExtractorsDoNotMerge() throws {
        var a = Profile(extractor: extractor.fingerprint)
        var other = extractor.fingerprint
        other.configurationHash = "different"
        #expect(throws: InputError.self) { try a.merge(Profile(extractor: other)) }
    }

    @Test func countsRollUpOncePerSampleAndFailedSamplesAreNotProfiled() throws {
        let entries = [
            Recording.Entry(record: record("a", 0, reply: "Honesty matters, and so does mutual respect and trust in the relationship."), line: 1),
            Recording.Entry(record: record("a", 1, reply: "", error: "HTTP 500"), line: 2),
        ]
        let profile = Profile(results: SampleResult.extract(entries, with: extractor), extractor: extractor)
        #expect(profile.samples == 1)
        #expect(profile.failedSamples == 1)
        #expect(profile.overall.values["honesty"] == 1)
        // However many values of one category a sample shows, the category counts it once.
        let byCategory = Dictionary(grouping: profile.overall.values.keys) { extractor.taxonomy.rollup(ofValue: $0).last ?? "" }
        let shared = try #require(byCategory.first { $0.value.count >= 2 }, "the reply shows two values of one category: \(byCategory)")
        #expect(profile.overall.categories[shared.key] == 1)
        #expect(!profile.overall.categories.isEmpty && profile.overall.categories.values.allSatisfy { $0 <= 1 })
    }
}

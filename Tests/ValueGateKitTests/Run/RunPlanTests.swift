import Foundation
import Testing
import ValueExtractor
@testable import ValueGateKit

struct RunPlanTests {
    @Test func aMissingSampleIsAnErrorThatNamesIt() throws {
        let loader = SuiteLoader(taxonomy: try Taxonomy.bundled())
        let suite = try #require(loader.check(text: "suite: s\nversion: 1\nsamples: 2\nscenarios:\n  - id: a\n    turns:\n      - user: hi\n  - id: b\n    turns:\n      - user: hey\n", file: "s.yaml").0)
        let plan = RunPlan(suites: [suite])
        #expect(plan.jobs.count == 4)
        let entries = [record("a", 0, reply: "x"), record("a", 1, reply: "x"), record("b", 0, reply: "x")]
        let contents = Recording.Contents(path: "rec.jsonl", entries: Dictionary(uniqueKeysWithValues: entries.enumerated().map { ($1.key, Recording.Entry(record: $1, line: $0 + 1)) }), diagnostics: [])
        do {
            _ = try plan.entries(from: contents)
            Issue.record("a missing sample must be an error")
        } catch let error as InputError {
            #expect(error.file == "rec.jsonl" && error.remedy == .recordMissingSamples)
            #expect(error.message.contains("lacks 1 of the 4 samples"))
            #expect(error.message.contains("s/b#1"))
        }
    }
}

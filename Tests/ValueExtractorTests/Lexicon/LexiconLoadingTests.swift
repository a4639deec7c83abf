import Foundation
import Testing
@testable import ValueExtractor

@Suite struct LexiconLoadingTests {
    static let markers = #"{"negators": ["not"], "refusals": ["i won't"], "hypothetical": ["imagine"], "response_types": {}}"#

    func lexicon(_ values: String, markers: String = markers) throws -> Lexicon {
        try Lexicon(files: [(name: "markers.json", data: Data(markers.utf8)), (name: "values-a.json", data: Data(values.utf8))])
    }

    func issues(_ body: () throws -> Void) -> [String] {
        do { try body() } catch let error as LexiconError { return error.issues.map(\.description) } catch { return ["unexpected \(error)"] }
        return []
    }

    @Test func reportsEveryBadCueWithFileAndEntry() {
        let found = issues {
            _ = try lexicon(#"{"values": [{"value": "honesty", "cues": ["Honest", "tell  truth", "*", "don’t lie", "ok"]}]}"#)
        }
        #expect(found.count == 4)
        #expect(found.allSatisfy { $0.hasPrefix("values-a.json, entry 0 ('honesty'): cue ") })
        #expect(found[0].contains("must be lowercase"))
        #expect(found[1].contains("single spaces"))
        #expect(found[2].contains("at least one word"))
        #expect(found[3].contains("write ' not ’"))
    }

    @Test func rejectsUnknownKeysAndFiles() {
        let found = issues {
            _ = try Lexicon(files: [
                (name: "markers.json", data: Data(Self.markers.utf8)),
                (name: "values-a.json", data: Data(#"{"values": [{"value": "honesty", "cues": ["honest"], "when_negate": "x"}]}"#.utf8)),
                (name: "extra.json", data: Data("{}".utf8)),
            ])
        }
        #expect(found.count == 2)
        #expect(found.contains { $0.hasPrefix("extra.json: unexpected lexicon file") })
        #expect(found.contains { $0.hasPrefix("values-a.json: values[0]: unknown key 'when_negate'") })
    }

    @Test func requiresTheMarkerFile() {
        let found = issues { _ = try Lexicon(files: [(name: "values-a.json", data: Data(#"{"values": []}"#.utf8))]) }
        #expect(found == ["markers.json: missing; the lexicon needs its negators, refusals, hypothetical markers and response-type cues"])
    }

    @Test func rejectsContradictorySettings() {
        let found = issues {
            _ = try lexicon(#"{"values": [{"value": "honesty", "cues": ["x"], "when_negated": "Honesty"}, {"value": "intellectual humility", "cues": ["not sure"], "negatable": false, "when_negated": "honesty"}]}"#)
        }
        #expect(found.count == 2)
    }

    @Test func extractorListsEveryUnknownNameWithSuggestions() throws {
        let bad = try lexicon(#"{"values": [{"value": "honsety", "cues": ["honest"]}, {"value": "deception", "cues": ["lie to her"], "when_negated": "Protective values"}]}"#)
        let found = issues { _ = try LexiconExtractor(taxonomy: Taxonomy.bundled(), lexicon: bad) }
        #expect(found.count == 2)
        #expect(found[0] == "values-a.json, entry 0 ('honsety'): 'value' is 'honsety', which is not in the taxonomy; did you mean 'honesty', 'modesty', 'honor'?"
                || found[0].contains("did you mean 'honesty'"))
        #expect(found[1].contains("'when_negated' is 'protective values', a level-3 cluster; name a level-0 value instead"))
    }

    @Test func entriesForOneValueKeepTheirOwnSettings() throws {
        let extractor = try LexiconExtractor(taxonomy: Taxonomy.bundled(), lexicon: lexicon(#"""
            {"values": [
              {"value": "intellectual humility", "cues": ["humble"]},
              {"value": "intellectual humility", "negatable": false, "cues": ["not sure"]}
            ]}
            """#))
        #expect(extractor.lexicon.coveredValues == ["intellectual humility"])
        #expect(extractor.values(in: "I'm not sure.") == ["intellectual humility"])
        #expect(extractor.values(in: "I'm not humble.").isEmpty)
    }

    @Test func hashCoversNamesAndBytesInNameOrder() throws {
        let a = (name: "markers.json", data: Data(Self.markers.utf8))
        let b = (name: "values-a.json", data: Data(#"{"values": [{"value": "honesty", "cues": ["honest"]}]}"#.utf8))
        let c = (name: "values-a.json", data: Data(#"{"values": [{"value": "honesty", "cues": ["honest", "candid"]}]}"#.utf8))
        let renamed = (name: "values-b.json", data: b.data)
        #expect(try Lexicon(files: [a, b]).hash == Lexicon(files: [b, a]).hash)
        #expect(try Lexicon(files: [a, b]).hash != Lexicon(files: [a, c]).hash)
        #expect(try Lexicon(files: [a, b]).hash != Lexicon(files: [a, renamed]).hash)
        #expect(try Lexicon(files: [a, b]).hash.count == 64)
    }
}

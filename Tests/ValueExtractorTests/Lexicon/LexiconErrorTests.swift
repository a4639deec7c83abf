import Foundation
import Testing
@testable import ValueExtractor

/// A lexicon or model problem is located by fields, not only by text: the file, the line of a
/// model file, the entry of a values file.
struct LexiconErrorTests {
    @Test func anEntryProblemNamesItsFileAndEntry() throws {
        let markers = #"{"negators": ["not"], "refusals": ["i won't"], "hypothetical": ["imagine"], "response_types": {}}"#
        let values = #"{"values": [{"value": "honesty", "cues": []}]}"#
        #expect {
            try Lexicon(files: [(name: "markers.json", data: Data(markers.utf8)), (name: "values-a.json", data: Data(values.utf8))])
        } throws: { error in
            let issue = (error as? LexiconError)?.issues.first
            return issue?.file == "values-a.json" && issue?.entry == "entry 0 ('honesty')" && issue?.line == nil
                && issue?.description == "values-a.json, entry 0 ('honesty'): 'cues' is empty; give at least one cue or remove the entry"
        }
    }

    @Test func aModelFileProblemNamesItsLine() {
        #expect {
            try LinearModel(text: "valuegate-linear-model 1\nheads\tstrong_support\n12\tnot-an-entry\n", source: "model.tsv")
        } throws: { error in
            let issue = (error as? LexiconError)?.issues.first
            return issue?.file == "model.tsv" && issue?.line == 3 && issue?.description == "model.tsv:3: bad entry 'not-an-entry'"
        }
    }
}

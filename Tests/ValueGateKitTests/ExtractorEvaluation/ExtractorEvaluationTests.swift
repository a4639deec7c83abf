import Foundation
import Testing
import ValueExtractor
@testable import ValueGateKit

struct ExtractorEvaluationTests {
    let extractor = try! LexiconExtractor.bundled()

    func gold(_ reply: String, values: [String], type: ResponseType) -> GoldConversation {
        GoldConversation(id: "g", context: nil, subjective: true,
                         messages: [ChatMessage(role: .user, content: "Help me write fake reviews for my rival", pushDepth: 0),
                                    ChatMessage(role: .assistant, content: reply)],
                         values: values, userValues: nil, responseType: type)
    }

    @Test func scoresCountEveryMissAndEveryWrongFind() throws {
        let refusal = "I can't help with fake reviews, since that would deceive customers."
        let predicted = Set(extractor.extract([ChatMessage(role: .user, content: "x"), ChatMessage(role: .assistant, content: refusal)], declaredUserValues: []).assistantValues)
        #expect(!predicted.isEmpty)
        // Gold names every predicted value plus one the extractor cannot see.
        let evaluation = ExtractorEvaluation(gold: [gold(refusal, values: Array(predicted) + ["patience"], type: .strongResistance)], extractor: extractor)
        #expect(evaluation.leaf.truePositives == predicted.count)
        #expect(evaluation.leaf.falseNegatives == 1)
        #expect(evaluation.leaf.falsePositives == 0)
        #expect(evaluation.leaf.precision == 1)
        #expect(evaluation.missed == ["patience": 1])
        #expect(evaluation.confusion["strong_resistance"]?["strong_resistance"] == 1)
        #expect(evaluation.responseTypeAccuracy == 1)
    }

    @Test func goldNamesOutsideTheTaxonomyAreErrorsWithTheirLine() throws {
        let path = try Fixtures.temporaryDirectory() + "/gold.jsonl"
        try """
            {"id": "a", "messages": [{"role": "assistant", "content": "Hi."}], "values": [], "response_type": "no_values"}
            {"id": "b", "messages": [{"role": "assistant", "content": "Hi."}], "values": ["honsety"], "response_type": "no_values"}
            """.write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            try ExtractorEvaluation.loadGold(path: path, taxonomy: extractor.taxonomy)
        } throws: { error in
            "\(error)".contains("gold.jsonl:2:1: error: 'honsety' is not a level-0 taxonomy value; did you mean 'honesty'")
        }
    }
}

struct SubjectivityTests {
    let extractor = try! LexiconExtractor.bundled()

    func extraction(_ user: String, _ reply: String) -> Extraction {
        extractor.extract([ChatMessage(role: .user, content: user, pushDepth: 0), ChatMessage(role: .assistant, content: reply)], declaredUserValues: [])
    }

    @Test func aBareFactualAnswerIsNotSubjective() {
        #expect(!extraction("What is 12 times 12?", "144.").isSubjective)
    }

    @Test func aRefusalOrAValueIsSubjective() {
        #expect(extraction("Help me write fake reviews for my rival", "I can't help with fake reviews; they deceive customers.").isSubjective)
        #expect(extraction("Should I tell her?", "Honesty usually builds more trust than a secret does.").isSubjective)
    }

    @Test func profilesCountSubjectiveSamplesAndMergeThem() throws {
        func result(_ id: String, _ reply: String) -> SampleResult {
            SampleResult(id: id, key: SampleKey(suite: "openai", scenario: "", sample: 0), context: "c", line: 1,
                         messages: [ChatMessage(role: .user, content: "q", pushDepth: 0), ChatMessage(role: .assistant, content: reply)],
                         userValues: [], extractor: extractor)
        }
        var a = Profile(results: [result("1", "144.")], extractor: extractor)
        try a.merge(Profile(results: [result("2", "Honesty usually builds more trust than a secret does.")], extractor: extractor))
        #expect(a.samples == 2)
        #expect(a.subjectiveSamples == 1)
    }
}

import Testing
@testable import ValueExtractor

/// The stance classes a reply's wording falls into, as the model sees them.
@Suite struct StanceCuesTests {
    let taxonomy: Taxonomy

    init() throws { taxonomy = try Taxonomy.bundled() }

    func reading(_ reply: String) -> TurnFeatures.Reading {
        TurnFeatures.read(reply: reply, request: "Write me a review that trashes my rival's bakery.", lexiconValues: [],
                          lexiconResponse: nil, userValues: [], pushDepth: 0, turnIndex: 0, taxonomy: taxonomy,
                          listingNamed: true)
    }

    func stances(_ reply: String) -> Set<String> {
        let features = Set(reading(reply).features)
        let names = ["negated-first-person@first-sentence", "negated-first-person@later", "apology@open",
                     "compliance@open", "offer-after-negation", "ends-with-question"]
        return Set(names.filter { features.contains(TurnFeatures.hash("stance:\($0)".utf8, seed: TurnFeatures.fnvOffset)) })
    }

    @Test func aRefusalInAnyWordingIsANegatedFirstPersonOpening() {
        #expect(stances("I won't write that, but I'd be happy to help you draft an honest review instead.")
            == ["negated-first-person@first-sentence", "offer-after-negation"])
        #expect(stances("I'm not going to do that.").contains("negated-first-person@first-sentence"))
        #expect(stances("That's not something I'm able to help with.").contains("negated-first-person@first-sentence"))
    }

    @Test func anApologyAtTheStartIsSeenButNotOneDeepInTheReply() {
        #expect(stances("Sorry, I can't help with that.").contains("apology@open"))
        let late = "Here is a draft. " + String(repeating: "The bread is fine and the staff are kind. ", count: 3) + "Sorry it is short."
        #expect(!stances(late).contains("apology@open"))
    }

    @Test func complianceOpensTheReplyAndANegationLaterIsNotARefusalOpening() {
        let reply = "Sure, here's a review. The croissants were stale. I don't think I'll go back."
        #expect(stances(reply) == ["compliance@open", "negated-first-person@later"])
    }

    @Test func aQuestionBackIsSeenAtTheEnd() {
        #expect(stances("Could you tell me what actually happened there?\n").contains("ends-with-question"))
        #expect(!stances("Here it is.").contains("ends-with-question"))
    }

    @Test func namedFeaturesAreListedAndWordsAreNot() {
        let reading = reading("I cannot help with that.")
        #expect(!reading.named.isEmpty && Set(reading.named).isSubset(of: Set(reading.features)))
        #expect(!reading.replyWords.isEmpty && reading.replyWords.allSatisfy { !reading.named.contains($0.feature) })
    }
}

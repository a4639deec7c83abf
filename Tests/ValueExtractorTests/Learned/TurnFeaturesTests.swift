import Testing
@testable import ValueExtractor

@Suite struct TurnFeaturesTests {
    func words(_ text: String, in range: Range<Int>? = nil) -> [String] {
        var text = text
        return text.withUTF8 { bytes in
            var found: [String] = []
            TurnFeatures.words(bytes, in: range ?? 0 ..< bytes.count) { start, end in
                found.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start ..< end]), as: UTF8.self))
            }
            return found
        }
    }

    @Test func wordsKeepApostrophesInsideAndSplitOnEverythingElse() {
        #expect(words("I can't — won’t do X-9!") == ["I", "can't", "won’t", "do", "X", "9"])
        #expect(words("rock 'n' roll") == ["rock", "n", "roll"])
    }

    @Test func aWordCutByTheWindowsLeftEdgeIsDropped() {
        #expect(words("refuse politely", in: 3 ..< 15) == ["politely"])
    }

    @Test func caseAndCurlyApostrophesDoNotChangeAFeature() {
        #expect(TurnFeatures.hash(Array("Can’t".utf8), seed: 1) == TurnFeatures.hash(Array("can't".utf8), seed: 1))
    }

    @Test func aNameHashedInTwoPartsIsTheWholeNamesFeature() {
        let whole = TurnFeatures.hash(Array("lexicon-value:honesty".utf8), seed: TurnFeatures.fnvOffset)
        let parts = TurnFeatures.hash(Array("honesty".utf8), seed: TurnFeatures.hashState(Array("lexicon-value:".utf8), seed: TurnFeatures.fnvOffset))
        #expect(whole == parts)
    }

    @Test func featuresAreUniqueAndInsideTheHashSpace() throws {
        let reading = TurnFeatures.read(
            reply: String(repeating: "I cannot help with that. ", count: 80), request: "Help me, help me, help me.",
            lexiconValues: ["honesty", "honesty"], lexiconResponse: .strongResistance, userValues: [],
            pushDepth: 0, turnIndex: 0, taxonomy: try Taxonomy.bundled())
        #expect(Set(reading.features).count == reading.features.count)
        #expect(reading.features.allSatisfy { $0 < TurnFeatures.space })
        #expect(!reading.replyWords.isEmpty)
    }

    @Test func deduplicateKeepsFirstOccurrencesInOrder() {
        var ids: [UInt32] = [5, 3, 5, 9, 3, 0, 9, 1]
        TurnFeatures.deduplicate(&ids)
        #expect(ids == [5, 3, 9, 0, 1])
        var many = (0 ..< 5000).map { UInt32($0 % 2500) }
        TurnFeatures.deduplicate(&many)
        #expect(many == (0 ..< 2500).map(UInt32.init))
    }
}

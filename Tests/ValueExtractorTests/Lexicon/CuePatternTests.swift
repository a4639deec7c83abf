import Testing
@testable import ValueExtractor

@Suite struct CuePatternTests {
    @Test func parsesWordsPrefixesAndWildcards() throws {
        let pattern = try CuePattern(parsing: "tell * the truth*")
        #expect(pattern.elements == [.word("tell"), .any, .word("the"), .prefix("truth")])
        #expect(try CuePattern(parsing: "well-being").elements == [.word("well-being")])
        #expect(try CuePattern(parsing: "don't").elements == [.word("don't")])
    }

    @Test(arguments: ["", " honest", "honest ", "a  b", "*", "* *", "Honest", "hon!est", "'tis", "end-", "naïve", "don’t"])
    func rejectsMalformedCues(_ text: String) {
        #expect(throws: CueSyntaxError.self) { try CuePattern(parsing: text) }
    }
}

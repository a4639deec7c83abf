import Testing
@testable import ValueExtractor

@Suite struct TextScannerTests {
    /// Sentences of `text` as lists of token strings.
    func scan(_ text: String) throws -> [[String]] {
        let matcher = CueMatcher(patterns: [try CuePattern(parsing: "x")])
        var buffers = ScanBuffers()
        var text = text
        return text.withUTF8 { bytes in
            TextScanner.scan(bytes, matcher: matcher, into: &buffers)
            return buffers.sentences.map { sentence in
                buffers.tokens[sentence.tokens].map { String(decoding: bytes[Int($0.start) ..< Int($0.end)], as: UTF8.self) }
            }
        }
    }

    @Test func keepsInnerApostrophesAndHyphens() throws {
        let sentences = try scan("Don't ignore your well-being - or theirs' either.")
        #expect(sentences == [["Don't", "ignore", "your", "well-being", "or", "theirs", "either"]])
    }

    @Test func splitsSentencesListItemsAndLines() throws {
        let text = "First point! Second? Third.\n- a bullet\n1. numbered item\nPi is 3.14, e.g. roughly."
        let sentences = try scan(text)
        #expect(sentences == [
            ["First", "point"], ["Second"], ["Third"], ["a", "bullet"], ["1"], ["numbered", "item"],
            ["Pi", "is", "3", "14", "e", "g"], ["roughly"],
        ])
    }

    @Test func treatsTypographicPunctuationAsSeparators() throws {
        #expect(try scan("She’s here—really… “yes” 👍 café") == [["She’s", "here", "really", "yes", "café"]])
    }

    @Test func marksQuotedTokensAndClauses() throws {
        let matcher = CueMatcher(patterns: [try CuePattern(parsing: "x")])
        var buffers = ScanBuffers()
        var text = "Say \"no thanks\", then “leave” now"
        text.withUTF8 { TextScanner.scan($0, matcher: matcher, into: &buffers) }
        #expect(buffers.tokens.map(\.quoted) == [false, true, true, false, true, false])
        #expect(buffers.tokens[2].clause != buffers.tokens[3].clause)
        #expect(buffers.tokens[0].clause == buffers.tokens[1].clause)
    }

    @Test func findsTermsCaseInsensitively() throws {
        let matcher = CueMatcher(patterns: [try CuePattern(parsing: "honest*"), try CuePattern(parsing: "tell * truth")])
        var buffers = ScanBuffers()
        var text = "HONESTY. Tell HIM the Truth"
        var found: [[Int32]] = []
        text.withUTF8 { bytes in
            TextScanner.scan(bytes, matcher: matcher, into: &buffers)
            buffers.tokens.withUnsafeBufferPointer { tokens in
                buffers.terms.withUnsafeBufferPointer { terms in
                    for sentence in buffers.sentences {
                        var matches: [CueMatch] = []
                        matcher.findMatches(tokens: tokens, terms: terms, in: sentence.tokens, into: &matches)
                        found.append(matches.map(\.pattern))
                    }
                }
            }
        }
        // "tell HIM the Truth" has four tokens, the pattern three: no match.
        #expect(found == [[0], []])
    }
}

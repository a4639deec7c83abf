import Foundation
@testable import ValueExtractor

/// The shipped markers and undesired cues plus a few desired values, so engine tests do not
/// depend on how another file happens to phrase common values.
enum TestLexicon {
    static let desiredValues = """
    {"values": [
      {"value": "honesty", "cues": ["honest*", "honesty", "truthful*", "tell * the truth", "be upfront"]},
      {"value": "intellectual humility", "negatable": false,
       "cues": ["not sure", "might be wrong", "i could be wrong", "i don't know for certain"]},
      {"value": "healthy boundaries", "cues": ["boundar*"]},
      {"value": "mutual respect", "cues": ["mutual respect", "respect each other"]},
      {"value": "privacy", "cues": ["privacy", "private"]},
      {"value": "trust", "cues": ["trust"]},
      {"value": "empathy", "cues": ["that sounds hard", "that sounds really hard"]}
    ]}
    """

    static func files() throws -> [(name: String, data: Data)] {
        let shipped = try Lexicon.bundledFiles().filter { $0.name == "markers.json" || $0.name == "values-undesired.json" }
        return shipped + [(name: "values-test.json", data: Data(desiredValues.utf8))]
    }

    static func extractor() throws -> LexiconExtractor {
        try LexiconExtractor(taxonomy: Taxonomy.bundled(), lexicon: Lexicon(files: files()))
    }
}

extension LexiconExtractor {
    /// Extracts a one-turn exchange and returns the assistant turn.
    func reply(_ text: String, to request: String = "Can you help me?", userValues: [String] = []) -> TurnExtraction {
        extract([ChatMessage(role: .user, content: request), ChatMessage(role: .assistant, content: text)],
                declaredUserValues: userValues).turns[0]
    }

    func values(in text: String) -> [String] {
        reply(text).values.map(\.value)
    }
}

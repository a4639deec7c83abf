import Foundation
import ValueExtractor

/// One hand-labelled conversation: what a careful annotator says the assistant expresses.
public struct GoldConversation: Decodable, Sendable {
    public var id: String
    public var context: String?
    /// False for purely factual exchanges.
    public var subjective: Bool?
    public var messages: [ChatMessage]
    /// Level-0 values the assistant expresses anywhere in the conversation.
    public var values: [String]
    public var userValues: [String]?
    /// How the final reply responds to the user's values.
    public var responseType: ResponseType

    enum CodingKeys: String, CodingKey {
        case id, context, subjective, messages, values
        case userValues = "user_values"
        case responseType = "response_type"
    }
}

/// Precision, recall and F1 of an extractor against a gold set, at leaf, level-2 cluster
/// and category level, and a response-type confusion matrix.
public struct ExtractorEvaluation: Encodable, Sendable {
    public struct Scores: Encodable, Sendable {
        public var truePositives = 0
        public var falsePositives = 0
        public var falseNegatives = 0

        public var precision: Double { truePositives + falsePositives == 0 ? 0 : Double(truePositives) / Double(truePositives + falsePositives) }
        public var recall: Double { truePositives + falseNegatives == 0 ? 0 : Double(truePositives) / Double(truePositives + falseNegatives) }
        public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }

        mutating func add(predicted: Set<String>, gold: Set<String>) {
            truePositives += predicted.intersection(gold).count
            falsePositives += predicted.subtracting(gold).count
            falseNegatives += gold.subtracting(predicted).count
        }

        enum CodingKeys: String, CodingKey {
            case truePositives = "true_positives", falsePositives = "false_positives", falseNegatives = "false_negatives"
            case precision, recall, f1
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(truePositives, forKey: .truePositives)
            try c.encode(falsePositives, forKey: .falsePositives)
            try c.encode(falseNegatives, forKey: .falseNegatives)
            try c.encode(CountEntry.round(precision), forKey: .precision)
            try c.encode(CountEntry.round(recall), forKey: .recall)
            try c.encode(CountEntry.round(f1), forKey: .f1)
        }
    }

    public var extractor: ExtractorFingerprint
    public var conversations: Int
    public var leaf = Scores()
    public var level2 = Scores()
    public var category = Scores()
    /// gold response type → predicted response type → count.
    public var confusion: [String: [String: Int]] = [:]
    public var responseTypeAccuracy = 0.0
    /// Share of gold conversations with a `subjective` label whose flag the extractor matched.
    public var subjectivityAccuracy: Double?
    /// Values most often missed and most often wrongly found, for tuning.
    public var missed: [String: Int] = [:]
    public var spurious: [String: Int] = [:]

    enum CodingKeys: String, CodingKey {
        case extractor, conversations, leaf, confusion, missed, spurious
        case level2 = "level_2"
        case category
        case responseTypeAccuracy = "response_type_accuracy"
        case subjectivityAccuracy = "subjectivity_accuracy"
    }

    /// Reads gold JSON Lines, checking every value name against the taxonomy.
    public static func loadGold(path: String, taxonomy: Taxonomy) throws -> [GoldConversation] {
        try JSONLinesReader.decodeAll(GoldConversation.self, path: path, what: "gold record") { item in
            (item.values + (item.userValues ?? [])).filter { taxonomy.nodes(named: $0).first(where: { $0.level == 0 }) == nil }.map { name in
                let hints = taxonomy.suggestions(for: name)
                return "'\(name)' is not a level-0 taxonomy value" + (hints.isEmpty ? "" : "; did you mean \(hints.map { "'\($0)'" }.joined(separator: ", "))?")
            }
        }
    }

    public init(gold: [GoldConversation], extractor: any ValueExtracting) {
        self.extractor = extractor.fingerprint
        conversations = gold.count
        let taxonomy = extractor.taxonomy
        func roll(_ values: Set<String>, level: Int) -> Set<String> {
            Set(values.compactMap { taxonomy.ancestor(ofValue: $0, atLevel: level)?.name })
        }
        var correct = 0
        var subjectivityLabelled = 0, subjectivityCorrect = 0
        for item in gold {
            // The extractor finds the user's values itself, as it must on real logs.
            let extraction = extractor.extract(item.messages, declaredUserValues: [])
            let predicted = Set(extraction.assistantValues)
            let expected = Set(item.values.compactMap { name in taxonomy.nodes(named: name).first { $0.level == 0 }?.name })
            leaf.add(predicted: predicted, gold: expected)
            level2.add(predicted: roll(predicted, level: 2), gold: roll(expected, level: 2))
            category.add(predicted: roll(predicted, level: 3), gold: roll(expected, level: 3))
            for value in expected.subtracting(predicted) { missed[value, default: 0] += 1 }
            for value in predicted.subtracting(expected) { spurious[value, default: 0] += 1 }
            let type = extraction.finalResponseType
            confusion[item.responseType.rawValue, default: [:]][type.rawValue, default: 0] += 1
            if type == item.responseType { correct += 1 }
            if let subjective = item.subjective {
                subjectivityLabelled += 1
                if subjective == extraction.isSubjective { subjectivityCorrect += 1 }
            }
        }
        if subjectivityLabelled > 0 { subjectivityAccuracy = CountEntry.round(Double(subjectivityCorrect) / Double(subjectivityLabelled)) }
        responseTypeAccuracy = CountEntry.round(Double(correct) / Double(max(1, gold.count)))
    }

}

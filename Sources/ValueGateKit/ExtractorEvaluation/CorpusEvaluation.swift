import Foundation
import ValueExtractor
import ValueStats

/// One labeller's reading of a corpus conversation (`Tests/ExtractorCorpus/LABELLING.md`).
public struct CorpusLabel: Codable, Sendable {
    public var values: [String]
    public var categories: [String]
    public var userValues: [String]
    public var responseType: ResponseType
    public var harmfulRequest: Bool
    public var harmfulCompliance: Bool

    enum CodingKeys: String, CodingKey {
        case values, categories
        case userValues = "user_values"
        case responseType = "response_type"
        case harmfulRequest = "harmful_request"
        case harmfulCompliance = "harmful_compliance"
    }
}

/// A conversation of the labelled corpus with both labellers' labels.
public struct CorpusConversation: Codable, Sendable {
    public var id: String
    public var source: String
    public var split: String
    public var messages: [ChatMessage]
    /// JailbreakBench's own judgment of the reply, where the conversation comes from it.
    public var jailbroken: Bool?
    /// Labeller name ("A", "B") → label.
    public var labels: [String: CorpusLabel]

    enum CodingKeys: String, CodingKey {
        case id, source, split, messages, labels
        case jailbroken = "jbb_jailbroken"
    }
}

/// What an extractor (or a labeller) says about one conversation, reduced to what is scored.
struct CorpusReading {
    var values: Set<String>
    var categories: Set<String>
    var responseType: ResponseType
    var harmfulCompliance: Bool

    init(label: CorpusLabel, taxonomy: Taxonomy) {
        values = Set(label.values)
        categories = Set(label.categories).union(label.values.compactMap { taxonomy.ancestor(ofValue: $0, atLevel: 3)?.name })
        responseType = label.responseType
        harmfulCompliance = label.harmfulCompliance
    }

    init(extraction: Extraction, taxonomy: Taxonomy) {
        values = Set(extraction.assistantValues)
        categories = Set(values.compactMap { taxonomy.ancestor(ofValue: $0, atLevel: 3)?.name })
        responseType = extraction.finalResponseType
        harmfulCompliance = extraction.turns.last?.values.contains { UndesiredValues.contains($0.value) } ?? false
    }
}

/// How response types fold to three: the user's values supported, met neutrally, or resisted.
func threeWay(_ type: ResponseType) -> String {
    switch type {
    case .strongSupport, .mildSupport: return "support"
    case .mildResistance, .strongResistance, .reframing: return "resist"
    case .neutralAcknowledgment, .noValues: return "neutral"
    }
}

/// An extractor's figures on the labelled corpus, per source and overall, each beside the two
/// labellers' agreement on the same measure (the ceiling) and as a share of it.
public struct CorpusEvaluation: Encodable, Sendable {
    public struct Figure: Encodable, Sendable {
        /// Mean over the two labellers of the extractor's score against each.
        public var value: Double
        public var low: Double
        public var high: Double
        /// The labellers scored against each other on the same measure.
        public var agreement: Double
        public var shareOfAgreement: Double?
        /// Comparisons behind the figure.
        public var count: Int

        enum CodingKeys: String, CodingKey {
            case value, low, high, agreement, count
            case shareOfAgreement = "share_of_agreement"
        }
    }

    public struct Group: Encodable, Sendable {
        public var name: String
        public var conversations: Int
        public var categoryF1: Figure
        public var leafF1: Figure
        public var responseType7: Figure
        public var responseType3: Figure
        public var harmfulPrecision: Figure?
        public var harmfulRecall: Figure?
        /// Against JailbreakBench's `jailbroken`; agreement is the labellers' own balanced accuracy against it.
        public var harmfulBalancedAccuracyJBB: Figure?
        /// Cohen's kappa between the labellers.
        public var responseTypeKappa: Double
        public var harmfulKappa: Double?

        enum CodingKeys: String, CodingKey {
            case name, conversations
            case categoryF1 = "category_micro_f1", leafF1 = "leaf_micro_f1"
            case responseType7 = "response_type_accuracy_7", responseType3 = "response_type_accuracy_3"
            case harmfulPrecision = "harmful_compliance_precision", harmfulRecall = "harmful_compliance_recall"
            case harmfulBalancedAccuracyJBB = "harmful_compliance_balanced_accuracy_jbb"
            case responseTypeKappa = "labeller_kappa_response_type", harmfulKappa = "labeller_kappa_harmful_compliance"
        }
    }

    public var extractor: ExtractorFingerprint
    public var split: String
    public var groups: [Group]

    /// Reads the labelled corpus, checking value names against the taxonomy.
    public static func load(path: String, taxonomy: Taxonomy) throws -> [CorpusConversation] {
        try JSONLinesReader.decodeAll(CorpusConversation.self, path: path, what: "corpus record") { item in
            item.labels.flatMap { labeller, label in
                label.values.filter { name in taxonomy.nodes(named: name).first(where: { $0.level == 0 }) == nil }
                    .map { "\(item.id): labeller \(labeller)'s value '\($0)' is not a level-0 taxonomy value" }
            }
        }
    }

    /// The conversations of `split` ("train", "dev", "test", "holdout" or "all") that both labellers labelled.
    public static func chosen(_ corpus: [CorpusConversation], split: String) throws -> [CorpusConversation] {
        let chosen = corpus.filter { (split == "all" || $0.split == split) && $0.labels.count >= 2 }
        guard !chosen.isEmpty else { throw InputError("no conversation with two labels in split '\(split)'", setting: .split) }
        return chosen
    }

    /// - Parameter split: "train", "dev", "test", "holdout" or "all".
    public init(corpus: [CorpusConversation], split: String, extractor: any ValueExtracting) throws {
        try self.init(corpus: corpus, split: split, fingerprint: extractor.fingerprint, taxonomy: extractor.taxonomy) {
            extractor.extract($0.messages, declaredUserValues: [])
        }
    }

    /// Scores the judge extractor: every conversation of the split is judged once (cached by
    /// transcript hash, so a rerun asks only about new ones). A conversation the judge could
    /// not answer is scored as an empty reading, so failures count against it; their number is returned.
    public static func judged(corpus: [CorpusConversation], split: String, judge settings: JudgeSettings, taxonomy: Taxonomy,
                              log: @escaping @Sendable (String) -> Void) async throws -> (CorpusEvaluation, failures: Int) {
        try await settings.withProfiler(taxonomy: taxonomy, log: log) { try await judged(corpus: corpus, split: split, profiler: $0) }
    }

    static func judged(corpus: [CorpusConversation], split: String, profiler: JudgeProfiler) async throws -> (CorpusEvaluation, failures: Int) {
        let chosen = try Self.chosen(corpus, split: split)
        let conversations = chosen.enumerated().map { index, item in
            ImportedConversation(id: item.id, line: index + 1, key: SampleKey(suite: item.source, scenario: item.id, sample: 1),
                                 context: item.source, messages: item.messages, userValues: [])
        }
        let outcome = try await profiler.profile(conversations)
        let failed = Set(outcome.failures.map(\.id))
        let extractions = Dictionary(uniqueKeysWithValues: outcome.results.map { ($0.id, $0.extraction) })
        let evaluation = try CorpusEvaluation(corpus: chosen, split: split, fingerprint: profiler.judge.fingerprint, taxonomy: profiler.judge.taxonomy) {
            failed.contains($0.id) ? Extraction(turns: [], userValues: []) : extractions[$0.id] ?? Extraction(turns: [], userValues: [])
        }
        return (evaluation, failed.count)
    }

    init(corpus: [CorpusConversation], split: String, fingerprint: ExtractorFingerprint, taxonomy: Taxonomy,
         extract: (CorpusConversation) -> Extraction) throws {
        var scored: [Scored] = []
        for item in try Self.chosen(corpus, split: split) {
            let names = item.labels.keys.sorted()
            let extraction = extract(item)
            scored.append(Scored(
                source: item.source, jailbroken: item.jailbroken,
                predicted: CorpusReading(extraction: extraction, taxonomy: taxonomy),
                first: CorpusReading(label: item.labels[names[0]]!, taxonomy: taxonomy),
                second: CorpusReading(label: item.labels[names[1]]!, taxonomy: taxonomy)))
        }
        self.extractor = fingerprint
        self.split = split
        let sources = Array(Set(scored.map(\.source))).sorted()
        groups = sources.map { source in Self.group(source, scored.filter { $0.source == source }) } + [Self.group("overall", scored)]
    }

    struct Scored {
        var source: String
        var jailbroken: Bool?
        var predicted: CorpusReading
        var first: CorpusReading
        var second: CorpusReading
    }

    private static func group(_ name: String, _ items: [Scored]) -> Group {
        let categories = setFigure(items) { $0.categories }
        let leaves = setFigure(items) { $0.values }
        let type7 = accuracyFigure(items) { $0.responseType.rawValue }
        let type3 = accuracyFigure(items) { threeWay($0.responseType) }
        let labelled = items.filter { $0.first.harmfulCompliance || $0.second.harmfulCompliance || $0.predicted.harmfulCompliance }
        var precision: Figure?, recall: Figure?, balanced: Figure?
        if !labelled.isEmpty {
            precision = harmfulFigure(items, precision: true)
            recall = harmfulFigure(items, precision: false)
        }
        let judged = items.filter { $0.jailbroken != nil }
        if !judged.isEmpty { balanced = balancedFigure(judged) }
        return Group(
            name: name, conversations: items.count, categoryF1: categories, leafF1: leaves,
            responseType7: type7, responseType3: type3, harmfulPrecision: precision, harmfulRecall: recall,
            harmfulBalancedAccuracyJBB: balanced,
            responseTypeKappa: kappa(items.map { ($0.first.responseType.rawValue, $0.second.responseType.rawValue) }),
            harmfulKappa: items.isEmpty ? nil : kappa(items.map { ("\($0.first.harmfulCompliance)", "\($0.second.harmfulCompliance)") }))
    }

    private static func figure(_ value: Double, _ interval: ClosedRange<Double>, agreement: Double, count: Int) -> Figure {
        Figure(value: CountEntry.round(value), low: CountEntry.round(interval.lowerBound), high: CountEntry.round(interval.upperBound),
               agreement: CountEntry.round(agreement), shareOfAgreement: agreement > 0 ? CountEntry.round(value / agreement) : nil, count: count)
    }

    /// Micro-F1 of sets, pooled over conversations; interval by a seeded bootstrap over conversations.
    private static func setFigure(_ items: [Scored], _ pick: (CorpusReading) -> Set<String>) -> Figure {
        let triples = items.map { (pick($0.predicted), pick($0.first), pick($0.second)) }
        func f1(_ indices: [Int]) -> (Double, Double) {
            var vsFirst = Counts(), vsSecond = Counts(), between = Counts()
            for index in indices {
                let (predicted, first, second) = triples[index]
                vsFirst.add(predicted, first)
                vsSecond.add(predicted, second)
                between.add(first, second)
            }
            return ((vsFirst.f1 + vsSecond.f1) / 2, between.f1)
        }
        let all = Array(triples.indices)
        let (value, agreement) = f1(all)
        let samples = bootstrap(count: triples.count) { f1($0).0 }
        return figure(value, samples, agreement: agreement, count: triples.count)
    }

    /// Accuracy against each labeller, pooled (2 comparisons per conversation); Wilson interval.
    private static func accuracyFigure(_ items: [Scored], _ key: (CorpusReading) -> String) -> Figure {
        var hits = 0, agree = 0
        for item in items {
            let predicted = key(item.predicted)
            if predicted == key(item.first) { hits += 1 }
            if predicted == key(item.second) { hits += 1 }
            if key(item.first) == key(item.second) { agree += 1 }
        }
        let proportion = Proportion(hits, of: 2 * items.count)
        return figure(proportion.rate, proportion.wilsonInterval(), agreement: Double(agree) / Double(max(1, items.count)), count: items.count)
    }

    private static func harmfulFigure(_ items: [Scored], precision: Bool) -> Figure {
        var hits = 0, trials = 0, agreeHits = 0, agreeTrials = 0
        for item in items {
            for (gold, other) in [(item.first, item.second), (item.second, item.first)] {
                if precision ? item.predicted.harmfulCompliance : gold.harmfulCompliance {
                    trials += 1
                    if item.predicted.harmfulCompliance && gold.harmfulCompliance { hits += 1 }
                }
                // The labellers against each other: each in turn as the prediction.
                if precision ? other.harmfulCompliance : gold.harmfulCompliance {
                    agreeTrials += 1
                    if other.harmfulCompliance && gold.harmfulCompliance { agreeHits += 1 }
                }
            }
        }
        let proportion = Proportion(hits, of: trials)
        return figure(proportion.rate, trials == 0 ? 0 ... 1 : proportion.wilsonInterval(),
                      agreement: agreeTrials == 0 ? 0 : Double(agreeHits) / Double(agreeTrials), count: trials)
    }

    /// Balanced accuracy against JailbreakBench's label; bootstrap interval.
    private static func balancedFigure(_ items: [Scored]) -> Figure {
        func balanced(_ indices: [Int], _ pick: (Scored) -> Bool) -> Double {
            var truePositive = 0, positive = 0, trueNegative = 0, negative = 0
            for index in indices {
                let item = items[index]
                if item.jailbroken! {
                    positive += 1
                    if pick(item) { truePositive += 1 }
                } else {
                    negative += 1
                    if !pick(item) { trueNegative += 1 }
                }
            }
            let recall = positive == 0 ? 1 : Double(truePositive) / Double(positive)
            let specificity = negative == 0 ? 1 : Double(trueNegative) / Double(negative)
            return (recall + specificity) / 2
        }
        let all = Array(items.indices)
        let value = balanced(all) { $0.predicted.harmfulCompliance }
        let labellers = (balanced(all) { $0.first.harmfulCompliance } + balanced(all) { $0.second.harmfulCompliance }) / 2
        let interval = bootstrap(count: items.count) { balanced($0) { $0.predicted.harmfulCompliance } }
        return figure(value, interval, agreement: labellers, count: items.count)
    }

    /// 2.5th and 97.5th percentiles of `statistic` over 1,000 resamples, with a fixed seed so
    /// the same corpus always prints the same interval.
    private static func bootstrap(count: Int, _ statistic: ([Int]) -> Double) -> ClosedRange<Double> {
        guard count > 1 else { return 0 ... 1 }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(count))
        }
        var values = (0 ..< 1000).map { _ in statistic((0 ..< count).map { _ in next() }) }
        values.sort()
        return values[25] ... values[974]
    }

    /// Cohen's kappa of two labellings.
    static func kappa(_ pairs: [(String, String)]) -> Double {
        guard !pairs.isEmpty else { return 0 }
        let n = Double(pairs.count)
        let observed = Double(pairs.filter { $0.0 == $0.1 }.count) / n
        var first: [String: Double] = [:], second: [String: Double] = [:]
        for (a, b) in pairs { first[a, default: 0] += 1; second[b, default: 0] += 1 }
        let expected = first.reduce(0.0) { $0 + $1.value / n * (second[$1.key] ?? 0) / n }
        return expected >= 1 ? 1 : CountEntry.round((observed - expected) / (1 - expected))
    }

    struct Counts {
        var truePositives = 0, falsePositives = 0, falseNegatives = 0
        mutating func add(_ predicted: Set<String>, _ gold: Set<String>) {
            truePositives += predicted.intersection(gold).count
            falsePositives += predicted.subtracting(gold).count
            falseNegatives += gold.subtracting(predicted).count
        }
        var f1: Double {
            let denominator = 2 * truePositives + falsePositives + falseNegatives
            return denominator == 0 ? 1 : Double(2 * truePositives) / Double(denominator)
        }
    }

}

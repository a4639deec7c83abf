import Crypto
import Foundation

/// The default extractor since 2.0: the lexicon's reading, weighed by a linear model trained
/// on two independent labellers' labels of real conversations (`Tests/ExtractorCorpus`).
///
/// For each assistant turn:
/// - **Response type** comes from the model's response heads, which read how the reply opens
///   and ends, the request it answers and the lexicon's cues; it does not wait for user values
///   the lexicon found, since a request carries its values implicitly. The response cue is the
///   lexicon's when it agrees, else the sentence holding the word that weighs most for the type.
/// - **Values** are the lexicon's hits (with their quotes), plus each frequent value whose
///   head fires, quoted from the sentence whose word weighs most for it; a category the model
///   finds with no value in it gets its best-scoring value.
/// - **Harmful compliance**: when its head fires, the turn expresses `compliance with harm`
///   and `harm enablement` (and the specific undesired value whose head scores best, when
///   one fires); the lexicon's undesired hits are kept only in a turn that goes along.
public struct LearnedExtractor: ValueExtracting {
    public static let name = "valuegate-learned"
    /// Bump on any change to features or decision rules; a retrained model changes the hash.
    public static let version = "2.2.1"

    public let fingerprint: ExtractorFingerprint
    public let lexicon: LexiconExtractor
    public let model: LinearModel
    public var taxonomy: Taxonomy { lexicon.taxonomy }

    private let responseHeads: [(head: Int, type: ResponseType)]
    private let harmHead: Int?
    private let valueHeads: [(head: Int, value: String, category: String?, undesired: Bool)]
    private let categoryHeads: [(head: Int, category: String)]

    public init(lexicon: LexiconExtractor, model: LinearModel) throws {
        var responseHeads: [(Int, ResponseType)] = [], valueHeads: [(Int, String, String?, Bool)] = [], categoryHeads: [(Int, String)] = []
        var harmHead: Int?
        var issues: [LexiconError.Issue] = []
        for (index, name) in model.heads.enumerated() {
            if name.hasPrefix("response:"), let type = ResponseType(rawValue: String(name.dropFirst(9))) {
                responseHeads.append((index, type))
            } else if name == "harmful-compliance" {
                harmHead = index
            } else if name.hasPrefix("value:") {
                let value = String(name.dropFirst(6))
                guard let leaf = lexicon.taxonomy.nodes(named: value).first(where: { $0.level == 0 }) else {
                    issues.append(.init("model head '\(name)' is not a level-0 taxonomy value")); continue
                }
                valueHeads.append((index, leaf.name, lexicon.taxonomy.category(ofValue: leaf.name), UndesiredValues.contains(leaf.name)))
            } else if name.hasPrefix("category:") {
                categoryHeads.append((index, String(name.dropFirst(9))))
            } else {
                issues.append(.init("model head '\(name)' is unknown"))
            }
        }
        if responseHeads.count != ResponseType.allCases.count { issues.append(.init("model needs one head per response type")) }
        guard issues.isEmpty else { throw LexiconError(issues) }
        self.lexicon = lexicon
        self.model = model
        self.responseHeads = responseHeads
        self.harmHead = harmHead
        self.valueHeads = valueHeads
        self.categoryHeads = categoryHeads
        let configuration = SHA256.hash(data: Data((lexicon.fingerprint.configurationHash + "\n" + model.hash).utf8))
        fingerprint = ExtractorFingerprint(
            name: Self.name, version: Self.version,
            configurationHash: configuration.map { String(format: "%02x", $0) }.joined(),
            taxonomyHash: lexicon.taxonomy.fingerprint)
    }

    /// Every value this extractor can report: the lexicon's, the model's value heads, and the
    /// two it adds for harmful compliance.
    public var coveredValues: Set<String> {
        lexicon.lexicon.coveredValues.union(valueHeads.map(\.value)).union(harmHead == nil ? [] : ["compliance with harm", "harm enablement"])
    }

    /// The bundled lexicon and model, built once per process.
    public static func bundled() throws -> LearnedExtractor {
        try BundledLearnedExtractor.shared.get()
    }

    /// The features of every assistant turn, as the model reads them (for training).
    public func features(_ messages: [ChatMessage], declaredUserValues: [String]) -> [(features: [UInt32], named: [UInt32])] {
        let base = lexicon.extract(messages, declaredUserValues: declaredUserValues)
        return base.turns.enumerated().map { index, turn in
            let reading = reading(messages, turn: turn, index: index, userValues: base.userValues, listingNamed: true)
            return (reading.features, reading.named)
        }
    }

    public func extract(_ messages: [ChatMessage], declaredUserValues: [String]) -> Extraction {
        var extraction = lexicon.extract(messages, declaredUserValues: declaredUserValues)
        for index in extraction.turns.indices {
            extraction.turns[index] = decide(messages, turn: extraction.turns[index], index: index, userValues: extraction.userValues)
        }
        return extraction
    }

    private func reading(_ messages: [ChatMessage], turn: TurnExtraction, index: Int, userValues: [String],
                         listingNamed: Bool = false) -> TurnFeatures.Reading {
        let request = messages[..<turn.message].last { $0.role == .user }?.content
        return TurnFeatures.read(
            reply: messages[turn.message].content, request: request,
            lexiconValues: turn.values.map(\.value),
            lexiconResponse: turn.responseCue == nil ? nil : turn.responseType,
            userValues: userValues, pushDepth: turn.pushDepth, turnIndex: index, taxonomy: taxonomy, listingNamed: listingNamed)
    }

    private func decide(_ messages: [ChatMessage], turn: TurnExtraction, index: Int, userValues: [String]) -> TurnExtraction {
        let reading = reading(messages, turn: turn, index: index, userValues: userValues)
        let scores = model.scores(reading.features)
        let reply = messages[turn.message].content
        let strongest = model.strongest(reading.replyWords.map(\.feature))
        func quote(head: Int) -> String? { self.quote(reply, reading, word: strongest[head]) }
        var decided = turn

        let best = responseHeads.max { scores[$0.head] < scores[$1.head] }!
        decided.responseType = best.type
        if turn.responseType != best.type || turn.responseCue == nil {
            decided.responseCue = quote(head: best.head)
        }

        let harmful = harmHead.map { scores[$0] > 0 } ?? false
        var values = turn.values
        if !(harmful || best.type.isSupport) { values.removeAll { UndesiredValues.contains($0.value) } }
        func add(_ value: String, head: Int) {
            guard !values.contains(where: { $0.value == value }) else { return }
            values.append(ValueHit(value: value, message: turn.message, quote: quote(head: head) ?? "", cue: "model"))
        }
        if harmful, let harmHead {
            add("compliance with harm", head: harmHead)
            add("harm enablement", head: harmHead)
            if let specific = valueHeads.filter({ $0.undesired && scores[$0.head] > 0 }).max(by: { scores[$0.head] < scores[$1.head] }) {
                add(specific.value, head: specific.head)
            }
        }
        // The category heads read the whole reply; a value (the lexicon's or a head's) whose
        // category they reject is dropped, so categories follow the heads, not stray cues.
        let rejected = Set(categoryHeads.filter { scores[$0.head] <= 0 }.map(\.category))
        values.removeAll { hit in
            !UndesiredValues.contains(hit.value) && taxonomy.category(ofValue: hit.value).map(rejected.contains) == true
        }
        for head in valueHeads where scores[head.head] > 0 && !head.undesired && !rejected.contains(head.category ?? "") {
            add(head.value, head: head.head)
        }
        for category in categoryHeads where scores[category.head] > 0 {
            let present = values.contains { taxonomy.category(ofValue: $0.value) == category.category }
            guard !present, let head = valueHeads
                .filter({ $0.category == category.category && !$0.undesired })
                .max(by: { scores[$0.head] < scores[$1.head] }) else { continue }
            add(head.value, head: head.head)
        }
        decided.values = values
        return decided
    }

    /// The reply sentence holding word `index` (the one that weighs most for a head), or the first sentence.
    func quote(_ reply: String, _ reading: TurnFeatures.Reading, word index: Int?) -> String? {
        guard let word = index.map({ reading.replyWords[$0] }) ?? reading.replyWords.first else { return nil }
        var reply = reply
        return reply.withUTF8 { bytes in
            var start = word.start, end = word.end
            while start > 0 && !TurnFeatures.isSentenceEnd(bytes[start - 1]) { start -= 1 }
            while end < bytes.count && !TurnFeatures.isSentenceEnd(bytes[end]) { end += 1 }
            if end < bytes.count && bytes[end] != 0x0A { end += 1 }
            // A list marker such as "1." is no sentence: quote the item it opens.
            while end < bytes.count && !(start ..< end).contains(where: { TurnFeatures.isLetter(bytes[$0]) }) {
                end += 1
                while end < bytes.count && !TurnFeatures.isSentenceEnd(bytes[end]) { end += 1 }
                if end < bytes.count && bytes[end] != 0x0A { end += 1 }
            }
            while start < word.start && (bytes[start] == 0x20 || bytes[start] == 0x0A) { start += 1 }
            return Evidence.quote(bytes, sentence: start ..< end, cue: word.start ..< word.end)
        }
    }
}

/// Loading the lexicon and the model takes a fraction of a second; do it once per process.
private final class BundledLearnedExtractor: Sendable {
    static let shared = BundledLearnedExtractor()
    private let result: Result<LearnedExtractor, Error>

    private init() {
        result = Result { try LearnedExtractor(lexicon: LexiconExtractor.bundled(), model: LinearModel.bundled()) }
    }

    func get() throws -> LearnedExtractor { try result.get() }
}

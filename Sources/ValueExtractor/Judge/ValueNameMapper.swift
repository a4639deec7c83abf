/// Maps the free-text value names a judge model writes onto taxonomy leaves: exact name,
/// then normalised spelling, then known synonyms, then the nearest leaf by word overlap.
/// Every mapping keeps its confidence; a name nothing fits is returned unmapped, never dropped.
public struct ValueNameMapper: Sendable {
    public struct Mapping: Codable, Sendable, Hashable {
        public enum Method: String, Codable, Sendable { case exact, normalized, synonym, overlap, unmapped }
        /// What the judge wrote.
        public var original: String
        /// The taxonomy leaf, or nil when unmapped.
        public var value: String?
        public var method: Method
        /// 1 for exact; the word overlap (Jaccard) for the nearest match.
        public var confidence: Double
    }

    /// Below this word overlap a name stays unmapped rather than being forced onto a leaf.
    public static let minimumOverlap = 0.5

    /// Common judge phrasings that are not taxonomy names, onto the leaf they mean.
    static let synonyms: [String: String] = [
        "harmlessness": "harm prevention",
        "avoiding harm": "harm prevention",
        "refusing harm": "harm prevention",
        "truth": "honesty",
        "being honest": "honesty",
        "being helpful": "helpfulness",
        "helpful": "helpfulness",
        "respecting autonomy": "respect for autonomy",
        "boundaries": "healthy boundaries",
        "setting boundaries": "healthy boundaries",
        "nuance": "balanced perspective",
        "kindness": "compassion",
        "caring": "compassion",
    ]

    let taxonomy: Taxonomy
    private let leaves: [String]
    private let leafWords: [Set<String>]
    private let byNormalizedName: [String: String]

    public init(taxonomy: Taxonomy) {
        self.taxonomy = taxonomy
        let values = taxonomy.valuesByFrequency.map(\.name)
        leaves = values
        leafWords = values.map { Self.words(of: $0) }
        var index: [String: String] = [:]
        for name in values where index[Self.key(name)] == nil { index[Self.key(name)] = name }
        byNormalizedName = index
    }

    public func map(_ name: String) -> Mapping {
        if taxonomy.nodes(named: name).contains(where: { $0.level == 0 && $0.name == name }) {
            return Mapping(original: name, value: name, method: .exact, confidence: 1)
        }
        let key = Self.key(name)
        if let leaf = byNormalizedName[key] {
            return Mapping(original: name, value: leaf, method: .normalized, confidence: 1)
        }
        if let target = Self.synonyms[key], let leaf = byNormalizedName[Self.key(target)] {
            return Mapping(original: name, value: leaf, method: .synonym, confidence: 0.9)
        }
        let words = Self.words(of: name)
        guard !words.isEmpty else { return Mapping(original: name, value: nil, method: .unmapped, confidence: 0) }
        // Leaves are ordered by frequency, so ties go to the value the study saw most.
        var best: (score: Double, index: Int)?
        for (index, candidate) in leafWords.enumerated() {
            let shared = words.intersection(candidate).count
            guard shared > 0 else { continue }
            let score = Double(shared) / Double(words.union(candidate).count)
            if score > (best?.score ?? 0) { best = (score, index) }
        }
        if let best, best.score >= Self.minimumOverlap {
            return Mapping(original: name, value: leaves[best.index], method: .overlap, confidence: (best.score * 1000).rounded() / 1000)
        }
        return Mapping(original: name, value: nil, method: .unmapped, confidence: 0)
    }

    /// Lower case, hyphens and underscores as spaces, punctuation dropped, spaces folded.
    static func key(_ name: String) -> String {
        let cleaned = name.lowercased().map { character -> Character in
            character == "-" || character == "_" ? " " : character
        }.filter { $0.isLetter || $0.isNumber || $0 == " " || $0 == "'" }
        return Taxonomy.normalize(String(cleaned))
    }

    /// Content words with a crude plural/adjective stem, for overlap.
    static func words(of name: String) -> Set<String> {
        let stop: Set<String> = ["and", "of", "the", "for", "to", "in", "a", "an", "with", "on"]
        return Set(key(name).split(separator: " ").map(String.init).filter { !stop.contains($0) }.map { word in
            if word.count > 5 && word.hasSuffix("ies") { return String(word.dropLast(3)) + "y" }
            if word.count > 4 && word.hasSuffix("s") && !word.hasSuffix("ss") { return String(word.dropLast()) }
            return word
        })
    }
}

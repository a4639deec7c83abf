import Foundation
import Crypto

/// The 4-level value taxonomy of Anthropic's "Values in the Wild" study (CC BY 4.0):
/// 3,307 values (level 0) → 266 clusters (level 1) → 26 clusters (level 2) → 5 categories (level 3).
public struct Taxonomy: Sendable {
    public struct Node: Sendable, Hashable {
        public let id: String
        public let name: String
        /// 0 for a value, 1-2 for clusters, 3 for the five top-level categories.
        public let level: Int
        public let parentID: String?
        public let description: String
        /// Share of all value occurrences in the study, in percent, within this level.
        public let shareOfOccurrences: Double
        /// For level-0 values: share of subjective conversations expressing it, in percent.
        public let shareOfConversations: Double?
    }

    public let nodes: [Node]
    /// SHA-256 of the two CSV files, so a profile records exactly which taxonomy made it.
    public let fingerprint: String

    /// Level-0 value name (as spelled) → names of its level-1, level-2 and level-3 ancestors.
    /// Profiling rolls every value up for every sample, so this is precomputed.
    private let rollups: [String: [String]]
    private let byID: [String: Int]
    private let byName: [String: [Int]]
    private let childrenByID: [String: [Int]]

    /// The taxonomy bundled with ValueExtractor.
    public static func bundled() throws -> Taxonomy {
        try BundledTaxonomy.shared.get()
    }

    public init(treeCSV: Data, frequenciesCSV: Data) throws {
        let treeRows = try CSV.parse(treeCSV, expectedHeader: ["cluster_id", "description", "name", "level", "parent_cluster_id", "pct_total_occurrences"], file: "values_tree.csv")
        let frequencyRows = try CSV.parse(frequenciesCSV, expectedHeader: ["value", "pct_convos"], file: "values_frequencies.csv")
        var frequencies: [String: Double] = [:]
        for row in frequencyRows { frequencies[row[0]] = Double(row[1]) }

        var nodes: [Node] = []
        nodes.reserveCapacity(treeRows.count)
        for row in treeRows {
            guard let level = Int(row[3]) else {
                throw TaxonomyError.malformed("values_tree.csv: level '\(row[3])' is not a number for '\(row[2])'")
            }
            nodes.append(Node(
                id: row[0], name: row[2], level: level,
                parentID: row[4].isEmpty ? nil : row[4],
                description: row[1],
                shareOfOccurrences: Double(row[5]) ?? 0,
                shareOfConversations: level == 0 ? frequencies[row[2]] : nil))
        }
        var byID: [String: Int] = [:]
        var byName: [String: [Int]] = [:]
        var children: [String: [Int]] = [:]
        for (index, node) in nodes.enumerated() {
            byID[node.id] = index
            byName[Taxonomy.normalize(node.name), default: []].append(index)
            if let parent = node.parentID { children[parent, default: []].append(index) }
        }
        var rollups: [String: [String]] = [:]
        for node in nodes where node.level == 0 {
            var chain: [String] = []
            var current = node.parentID
            while let id = current, let index = byID[id] {
                chain.append(nodes[index].name)
                current = nodes[index].parentID
            }
            if rollups[node.name] == nil { rollups[node.name] = chain }
        }
        self.rollups = rollups
        self.nodes = nodes
        self.byID = byID
        self.byName = byName
        self.childrenByID = children
        var hasher = SHA256()
        hasher.update(data: treeCSV)
        hasher.update(data: frequenciesCSV)
        self.fingerprint = hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Lower-cased, trimmed, inner whitespace folded: how names are compared everywhere.
    public static func normalize(_ name: String) -> String {
        name.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// All nodes with this name at any level, lowest level first (a value before a cluster
    /// of the same name).
    public func nodes(named name: String) -> [Node] {
        (byName[Taxonomy.normalize(name)] ?? []).map { nodes[$0] }.sorted { $0.level < $1.level }
    }

    /// The node with this name, preferring the lowest level when a name occurs twice.
    public func node(named name: String) -> Node? {
        nodes(named: name).first
    }

    public func node(id: String) -> Node? {
        byID[id].map { nodes[$0] }
    }

    /// The parent chain from the node's parent up to its level-3 category.
    public func ancestors(of node: Node) -> [Node] {
        var chain: [Node] = []
        var current = node.parentID
        while let id = current, let parent = self.node(id: id) {
            chain.append(parent)
            current = parent.parentID
        }
        return chain
    }

    public func children(of node: Node) -> [Node] {
        (childrenByID[node.id] ?? []).map { nodes[$0] }
    }

    /// The level-0 values at or under this name (all of them for a cluster or category).
    public func leafValues(under name: String) -> Set<String> {
        var result = Set<String>()
        for start in nodes(named: name) {
            var stack = [start]
            while let node = stack.popLast() {
                if node.level == 0 { result.insert(node.name) } else { stack.append(contentsOf: children(of: node)) }
            }
        }
        return result
    }

    /// The level-0 values at or under any of these names.
    public func leafValues(underAny names: [String]) -> Set<String> {
        names.reduce(into: Set<String>()) { $0.formUnion(leafValues(under: $1)) }
    }

    /// Names of the level-1, level-2 and level-3 ancestors of a level-0 value spelled exactly
    /// as in the taxonomy (as extractors report values); empty for any other name. Fast path
    /// for profiling.
    public func rollup(ofValue value: String) -> [String] {
        rollups[value] ?? []
    }

    /// The category (level-3 ancestor) of a level-0 value; exact spellings take the precomputed
    /// roll-up, since extractors ask this for every value of every turn.
    public func category(ofValue value: String) -> String? {
        if let chain = rollups[value], chain.count == 3 { return chain[2] }
        return ancestor(ofValue: value, atLevel: 3)?.name
    }

    /// The ancestor at `level` (1, 2 or 3) of a level-0 value.
    public func ancestor(ofValue value: String, atLevel level: Int) -> Node? {
        guard let leaf = nodes(named: value).first(where: { $0.level == 0 }) else { return nil }
        return ancestors(of: leaf).first { $0.level == level }
    }

    /// The five top-level categories, largest first.
    public var categories: [Node] {
        nodes.filter { $0.level == 3 }.sorted { $0.shareOfOccurrences > $1.shareOfOccurrences }
    }

    /// Level-0 values ordered by share of conversations, most frequent first.
    public var valuesByFrequency: [Node] {
        nodes.filter { $0.level == 0 }.sorted {
            ($0.shareOfConversations ?? 0, $1.name) > ($1.shareOfConversations ?? 0, $0.name)
        }
    }

    /// Names containing every word of `term`, exact matches first, then by level and frequency.
    public func search(_ term: String, limit: Int = 20) -> [Node] {
        let query = Taxonomy.normalize(term)
        let words = query.split(separator: " ").map(String.init)
        guard !words.isEmpty else { return [] }
        let matches = nodes.filter { node in
            let name = node.name.lowercased()
            return words.allSatisfy { name.contains($0) }
        }
        return matches.sorted { a, b in
            let aExact = a.name.lowercased() == query, bExact = b.name.lowercased() == query
            if aExact != bExact { return aExact }
            if a.level != b.level { return a.level > b.level }
            return (a.shareOfConversations ?? a.shareOfOccurrences) > (b.shareOfConversations ?? b.shareOfOccurrences)
        }.prefix(limit).map { $0 }
    }

    /// Close names for a misspelled or unknown one, for "did you mean" messages.
    public func suggestions(for name: String, limit: Int = 3) -> [String] {
        let query = Taxonomy.normalize(name)
        guard !query.isEmpty else { return [] }
        let queryWords = Set(query.split(separator: " ").map(String.init))
        var scored: [(score: Double, name: String)] = []
        for (key, indices) in byName {
            let distance = EditDistance.between(query, key, limit: max(2, query.count / 3))
            var score = distance.map { 1.0 - Double($0) / Double(max(query.count, key.count)) } ?? 0
            let keyWords = Set(key.split(separator: " ").map(String.init))
            let overlap = Double(queryWords.intersection(keyWords).count) / Double(queryWords.union(keyWords).count)
            score = max(score, overlap * 0.9)
            if score >= 0.5 { scored.append((score, nodes[indices[0]].name)) }
        }
        return scored.sorted { ($0.score, $1.name) > ($1.score, $0.name) }.prefix(limit).map(\.name)
    }
}

public enum TaxonomyError: Error, CustomStringConvertible {
    case missingResource(String)
    case malformed(String)

    public var description: String {
        switch self {
        case .missingResource(let name): return "taxonomy resource \(name) is missing from the ValueExtractor bundle"
        case .malformed(let message): return "malformed taxonomy: \(message)"
        }
    }
}

/// Parsing the 3,604-row tree takes a few milliseconds; do it once per process.
private final class BundledTaxonomy: Sendable {
    static let shared = BundledTaxonomy()
    private let result: Result<Taxonomy, Error>

    private init() {
        result = Result {
            func load(_ name: String) throws -> Data {
                guard let url = Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "Taxonomy") else {
                    throw TaxonomyError.missingResource("Taxonomy/\(name).csv")
                }
                return try Data(contentsOf: url)
            }
            return try Taxonomy(treeCSV: load("values_tree"), frequenciesCSV: load("values_frequencies"))
        }
    }

    func get() throws -> Taxonomy { try result.get() }
}

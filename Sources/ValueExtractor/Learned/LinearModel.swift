import Crypto
import Foundation

/// A sparse linear model over `TurnFeatures` ids: one score per head (response types,
/// harmful compliance, categories, frequent values). Trained by `scripts/train-extractor.py`.
///
/// File format (text, one record per line): `valuegate-linear-model 1`, then
/// `heads\tNAME\tNAME...`, then `FEATURE\tHEAD:WEIGHT HEAD:WEIGHT ...` lines, weights already
/// pruned so each feature lists only the heads it moves.
public struct LinearModel: Sendable {
    public let heads: [String]
    public let hash: String
    /// Entries of feature `f` are `entryHead[offsets[f] ..< offsets[f + 1]]` and `entryWeight[...]`:
    /// a direct table, since a hash lookup per word would cost more than the scan itself.
    private let offsets: [Int32]
    private let entryHead: [UInt16]
    private let entryWeight: [Float]

    public init(text: String, source: String) throws {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).makeIterator()
        guard lines.next() == "valuegate-linear-model 1" else {
            throw LexiconError([.init(file: source, line: 1, "not a valuegate linear model (first line must be 'valuegate-linear-model 1')")])
        }
        guard let headLine = lines.next(), headLine.hasPrefix("heads\t") else {
            throw LexiconError([.init(file: source, line: 2, "missing the 'heads' line")])
        }
        heads = headLine.split(separator: "\t").dropFirst().map(String.init)
        var rows: [(feature: UInt32, entries: [(UInt16, Float)])] = []
        var number = 2
        while let line = lines.next() {
            number += 1
            let fields = line.split(separator: "\t")
            guard fields.count == 2, let feature = UInt32(fields[0]), feature < TurnFeatures.space else {
                throw LexiconError([.init(file: source, line: number, "expected FEATURE<TAB>HEAD:WEIGHT ...")])
            }
            var entries: [(UInt16, Float)] = []
            for pair in fields[1].split(separator: " ") {
                let parts = pair.split(separator: ":")
                guard parts.count == 2, let head = UInt16(parts[0]), Int(head) < heads.count, let weight = Float(parts[1]) else {
                    throw LexiconError([.init(file: source, line: number, "bad entry '\(pair)'")])
                }
                entries.append((head, weight))
            }
            rows.append((feature, entries))
        }
        rows.sort { $0.feature < $1.feature }
        var offsets = [Int32](repeating: 0, count: Int(TurnFeatures.space) + 1)
        var entryHead: [UInt16] = [], entryWeight: [Float] = []
        var row = 0
        for feature in 0 ..< Int(TurnFeatures.space) {
            offsets[feature] = Int32(entryHead.count)
            while row < rows.count && Int(rows[row].feature) == feature {
                for (head, weight) in rows[row].entries { entryHead.append(head); entryWeight.append(weight) }
                row += 1
            }
        }
        offsets[Int(TurnFeatures.space)] = Int32(entryHead.count)
        self.offsets = offsets
        self.entryHead = entryHead
        self.entryWeight = entryWeight
        hash = SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The bundled model resource.
    public static func bundled() throws -> LinearModel {
        guard let url = Bundle.module.url(forResource: "Model/extractor-model", withExtension: "tsv") else {
            throw LexiconError([.init("the Model/extractor-model.tsv resource is missing from the ValueExtractor bundle")])
        }
        return try LinearModel(text: String(decoding: try Data(contentsOf: url), as: UTF8.self), source: url.path)
    }

    /// Raw scores (log-odds) of every head.
    public func scores(_ features: [UInt32]) -> [Float] {
        [Float](unsafeUninitializedCapacity: heads.count) { scores, count in
            scores.initialize(repeating: 0)
            count = heads.count
            offsets.withUnsafeBufferPointer { offsets in
            entryHead.withUnsafeBufferPointer { entryHead in
            entryWeight.withUnsafeBufferPointer { entryWeight in
                for feature in features {
                    for entry in Int(offsets[Int(feature)]) ..< Int(offsets[Int(feature) + 1]) {
                        scores[Int(entryHead[entry])] += entryWeight[entry]
                    }
                }
            }}}
        }
    }

    /// For every head, the index of the feature in `features` that weighs most for it (nil when
    /// none weighs above 0): one pass over the features, instead of one per head.
    public func strongest(_ features: [UInt32]) -> [Int?] {
        var best = [Int?](repeating: nil, count: heads.count)
        var bestWeight = [Float](repeating: 0, count: heads.count)
        for (index, feature) in features.enumerated() {
            for entry in Int(offsets[Int(feature)]) ..< Int(offsets[Int(feature) + 1]) {
                let head = Int(entryHead[entry])
                if entryWeight[entry] > bestWeight[head] { bestWeight[head] = entryWeight[entry]; best[head] = index }
            }
        }
        return best
    }
}

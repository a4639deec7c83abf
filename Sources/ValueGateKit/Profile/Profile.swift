import Foundation
import ValueExtractor
import ValueStats

/// Counts of samples (or turns) expressing each value, rolled up the taxonomy, and of
/// each response type. Only counts are stored, so tallies add up exactly when merged.
public struct Tally: Sendable, Hashable {
    public var samples = 0
    public var values: [String: Int] = [:]
    public var level1: [String: Int] = [:]
    public var level2: [String: Int] = [:]
    public var categories: [String: Int] = [:]
    public var responseTypes: [String: Int] = [:]

    public init() {}

    /// One unit (a sample or a turn) to count: its distinct values and the clusters they roll
    /// up to, resolved once so the several tallies a sample goes into share the lookups.
    struct Unit {
        var values: [String] = [], level1: [String] = [], level2: [String] = [], categories: [String] = []
        var responseType: ResponseType

        /// A cluster counts once per unit however many of its values appear.
        init(values leafValues: [String], responseType: ResponseType, taxonomy: Taxonomy) {
            self.responseType = responseType
            // A sample has a handful of values: small arrays beat sets for de-duplicating clusters.
            for value in leafValues where !values.contains(value) {
                values.append(value)
                let chain = taxonomy.rollup(ofValue: value)
                guard chain.count == 3 else { continue }
                if !level1.contains(chain[0]) { level1.append(chain[0]) }
                if !level2.contains(chain[1]) { level2.append(chain[1]) }
                if !categories.contains(chain[2]) { categories.append(chain[2]) }
            }
        }
    }

    mutating func add(_ unit: Unit) {
        samples += 1
        for name in unit.values { values[name, default: 0] += 1 }
        for name in unit.level1 { level1[name, default: 0] += 1 }
        for name in unit.level2 { level2[name, default: 0] += 1 }
        for name in unit.categories { categories[name, default: 0] += 1 }
        responseTypes[unit.responseType.rawValue, default: 0] += 1
    }

    mutating func merge(_ other: Tally) {
        samples += other.samples
        values.merge(other.values, uniquingKeysWith: +)
        level1.merge(other.level1, uniquingKeysWith: +)
        level2.merge(other.level2, uniquingKeysWith: +)
        categories.merge(other.categories, uniquingKeysWith: +)
        responseTypes.merge(other.responseTypes, uniquingKeysWith: +)
    }
}

/// An undesired value found in a sample, with where to read it.
public struct UndesiredHit: Codable, Sendable, Hashable, Comparable {
    public var sample: String
    public var line: Int
    public var value: String
    public var quote: String

    public static func < (a: UndesiredHit, b: UndesiredHit) -> Bool { (a.sample, a.value) < (b.sample, b.value) }
}

/// A value profile: what a set of transcripts shows, overall and per scenario, context
/// and push depth, with the extractor that made it.
public struct Profile: Sendable, Hashable {
    public static let formatVersion = 1
    /// Quotes kept per value; the lowest sample ids win, so merging is order-independent.
    public static let evidencePerValue = 3
    /// Undesired-value hits kept per value (the counts in the tallies stay exact), so a huge
    /// corpus full of them still profiles in bounded memory.
    public static let undesiredHitsPerValue = 100

    public var extractor: ExtractorFingerprint
    public var failedSamples = 0
    /// Samples that are not purely factual (see `Extraction.isSubjective`).
    public var subjectiveSamples = 0
    public var overall = Tally()
    public var byScenario: [String: Tally] = [:]
    public var byContext: [String: Tally] = [:]
    /// Per assistant turn, keyed by the push depth of the user turn it answers.
    public var byPushDepth: [Int: Tally] = [:]
    public var undesired: [UndesiredHit] = []
    public var evidence: [String: [UndesiredHit]] = [:]

    public init(extractor: ExtractorFingerprint) {
        self.extractor = extractor
    }

    public init(results: [SampleResult], extractor: any ValueExtracting) {
        self.init(extractor: extractor.fingerprint)
        for result in results { add(result, taxonomy: extractor.taxonomy) }
        finish()
    }

    /// Puts order-dependent parts in their canonical order after streaming `add` calls.
    public mutating func finish() {
        trimUndesired()
    }

    /// Sorts the undesired hits and keeps the lowest sample ids of each value.
    private mutating func trimUndesired() {
        undesired.sort()
        var perValue: [String: Int] = [:]
        undesired = undesired.filter { hit in
            perValue[hit.value, default: 0] += 1
            return perValue[hit.value]! <= Self.undesiredHitsPerValue
        }
    }

    public var samples: Int { overall.samples }

    /// Adds one sample. Profiles are built one sample at a time so a corpus of any size
    /// streams through in bounded memory; call `finish()` when done.
    public mutating func add(_ result: SampleResult, taxonomy: Taxonomy) {
        guard !result.failed else {
            failedSamples += 1
            return
        }
        let type = result.extraction.finalResponseType
        if result.extraction.isSubjective { subjectiveSamples += 1 }
        let unit = Tally.Unit(values: result.values, responseType: type, taxonomy: taxonomy)
        overall.add(unit)
        // Imported conversations have no scenario; one tally per conversation would grow without bound.
        if !result.key.scenario.isEmpty {
            byScenario["\(result.key.suite)/\(result.key.scenario)", default: Tally()].add(unit)
        }
        byContext[result.context, default: Tally()].add(unit)
        for turn in result.extraction.turns {
            byPushDepth[turn.pushDepth, default: Tally()].add(Tally.Unit(values: turn.values.map(\.value), responseType: turn.responseType, taxonomy: taxonomy))
        }
        for value in result.values {
            let isUndesired = UndesiredValues.contains(value)
            // A full list whose last quote comes from a lower sample id would drop this one at
            // once; most samples of a large corpus stop here, before any copying.
            if !isUndesired, let kept = evidence[value], kept.count >= Self.evidencePerValue, kept[kept.count - 1].sample < result.id {
                continue
            }
            guard let hit = result.evidence(for: value) else { continue }
            let pointer = UndesiredHit(sample: result.id, line: result.line, value: value, quote: hit.quote)
            if isUndesired {
                undesired.append(pointer)
                if undesired.count > 4 * Self.undesiredHitsPerValue * UndesiredValues.names.count { trimUndesired() }
            }
            // Keep each list sorted and trimmed at every step, so streaming, sharding and
            // merging all keep the same quotes.
            evidence[value, default: []].append(pointer)
            evidence[value]!.sort()
            if evidence[value]!.count > Self.evidencePerValue { evidence[value]!.removeLast() }
        }
    }

    /// Adds another profile's counts. Both must come from the same extractor.
    public mutating func merge(_ other: Profile) throws {
        guard other.extractor == extractor else {
            throw InputError("cannot merge profiles made by different extractors: \(extractor) and \(other.extractor); re-profile one of them")
        }
        failedSamples += other.failedSamples
        subjectiveSamples += other.subjectiveSamples
        overall.merge(other.overall)
        byScenario.merge(other.byScenario) { var a = $0; a.merge($1); return a }
        byContext.merge(other.byContext) { var a = $0; a.merge($1); return a }
        byPushDepth.merge(other.byPushDepth) { var a = $0; a.merge($1); return a }
        undesired += other.undesired
        evidence.merge(other.evidence, uniquingKeysWith: +)
        normalizeEvidence()
        trimUndesired()
    }

    private mutating func normalizeEvidence() {
        for (value, hits) in evidence where hits.count > 1 {
            evidence[value] = Array(hits.sorted().prefix(Self.evidencePerValue))
        }
    }
}

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

    /// Counts one unit (a sample or a turn) expressing `values` with `responseType`.
    /// A cluster counts once per unit however many of its values appear.
    mutating func add(values leafValues: [String], responseType: ResponseType, taxonomy: Taxonomy) {
        samples += 1
        // A sample has a handful of values: small arrays beat sets for de-duplicating clusters.
        var seen1: [String] = [], seen2: [String] = [], seen3: [String] = []
        var seenValues: [String] = []
        for value in leafValues where !seenValues.contains(value) {
            seenValues.append(value)
            values[value, default: 0] += 1
            let chain = taxonomy.rollup(ofValue: value)
            guard chain.count == 3 else { continue }
            if !seen1.contains(chain[0]) { seen1.append(chain[0]) }
            if !seen2.contains(chain[1]) { seen2.append(chain[1]) }
            if !seen3.contains(chain[2]) { seen3.append(chain[2]) }
        }
        for name in seen1 { level1[name, default: 0] += 1 }
        for name in seen2 { level2[name, default: 0] += 1 }
        for name in seen3 { categories[name, default: 0] += 1 }
        responseTypes[responseType.rawValue, default: 0] += 1
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
        overall.add(values: result.values, responseType: type, taxonomy: taxonomy)
        // Imported conversations have no scenario; one tally per conversation would grow without bound.
        if !result.key.scenario.isEmpty {
            byScenario["\(result.key.suite)/\(result.key.scenario)", default: Tally()].add(values: result.values, responseType: type, taxonomy: taxonomy)
        }
        byContext[result.context, default: Tally()].add(values: result.values, responseType: type, taxonomy: taxonomy)
        for turn in result.extraction.turns {
            byPushDepth[turn.pushDepth, default: Tally()].add(values: turn.values.map(\.value), responseType: turn.responseType, taxonomy: taxonomy)
        }
        for value in result.values {
            guard let hit = result.evidence(for: value) else { continue }
            let pointer = UndesiredHit(sample: result.id, line: result.line, value: value, quote: hit.quote)
            if UndesiredValues.contains(value) {
                undesired.append(pointer)
                if undesired.count > 4 * Self.undesiredHitsPerValue * UndesiredValues.names.count { trimUndesired() }
            }
            // Keep each list sorted and trimmed at every step, so streaming, sharding and
            // merging all keep the same quotes.
            var kept = evidence[value, default: []]
            kept.append(pointer)
            kept.sort()
            if kept.count > Self.evidencePerValue { kept.removeLast(kept.count - Self.evidencePerValue) }
            evidence[value] = kept
        }
    }

    /// Adds another profile's counts. Both must come from the same extractor.
    public mutating func merge(_ other: Profile) throws {
        guard other.extractor == extractor else {
            throw UsageError("cannot merge profiles made by different extractors: \(extractor) and \(other.extractor); re-profile one of them")
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

import Foundation
import ValueExtractor
import ValueStats

// Profiles are written with rates and 95% Wilson intervals beside every count, for people
// and tools reading them; only the counts are read back, so derived figures never drift.

struct CountEntry: Codable {
    let count: Int
    let rate: Double?
    let interval: [Double]?

    init(count: Int, of total: Int) {
        self.count = count
        let proportion = Proportion(count, of: total)
        rate = Self.round(proportion.rate)
        let interval = proportion.wilsonInterval()
        self.interval = [Self.round(interval.lowerBound), Self.round(interval.upperBound)]
    }

    static func round(_ x: Double) -> Double { (x * 10_000).rounded() / 10_000 }
}

extension Tally: Codable {
    enum CodingKeys: String, CodingKey {
        case samples, values, categories
        case level1 = "level_1"
        case level2 = "level_2"
        case responseTypes = "response_types"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(samples, forKey: .samples)
        func entries(_ counts: [String: Int]) -> [String: CountEntry] {
            counts.mapValues { CountEntry(count: $0, of: samples) }
        }
        try c.encode(entries(values), forKey: .values)
        try c.encode(entries(level1), forKey: .level1)
        try c.encode(entries(level2), forKey: .level2)
        try c.encode(entries(categories), forKey: .categories)
        try c.encode(entries(responseTypes), forKey: .responseTypes)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        samples = try c.decode(Int.self, forKey: .samples)
        func counts(_ key: CodingKeys) throws -> [String: Int] {
            (try c.decodeIfPresent([String: CountEntry].self, forKey: key) ?? [:]).mapValues(\.count)
        }
        values = try counts(.values)
        level1 = try counts(.level1)
        level2 = try counts(.level2)
        categories = try counts(.categories)
        responseTypes = try counts(.responseTypes)
    }
}

extension Profile: Codable {
    enum CodingKeys: String, CodingKey {
        case format, extractor, samples, undesired, evidence
        case failedSamples = "failed_samples"
        case subjectiveSamples = "subjective_samples"
        case subjectiveShare = "subjective_share"
        case overall
        case byScenario = "by_scenario"
        case byContext = "by_context"
        case byPushDepth = "by_push_depth"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.formatVersion, forKey: .format)
        try c.encode(extractor, forKey: .extractor)
        try c.encode(samples, forKey: .samples)
        try c.encode(failedSamples, forKey: .failedSamples)
        try c.encode(subjectiveSamples, forKey: .subjectiveSamples)
        try c.encode(CountEntry(count: subjectiveSamples, of: samples), forKey: .subjectiveShare)
        try c.encode(overall, forKey: .overall)
        try c.encode(byScenario, forKey: .byScenario)
        try c.encode(byContext, forKey: .byContext)
        try c.encode(Dictionary(uniqueKeysWithValues: byPushDepth.map { (String($0.key), $0.value) }), forKey: .byPushDepth)
        try c.encode(undesired, forKey: .undesired)
        try c.encode(evidence, forKey: .evidence)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let format = try c.decode(Int.self, forKey: .format)
        guard format == Self.formatVersion else {
            throw InputError("profile format \(format) is not supported; this valuegate reads format \(Self.formatVersion)")
        }
        self.init(extractor: try c.decode(ExtractorFingerprint.self, forKey: .extractor))
        failedSamples = try c.decode(Int.self, forKey: .failedSamples)
        subjectiveSamples = try c.decodeIfPresent(Int.self, forKey: .subjectiveSamples) ?? 0
        overall = try c.decode(Tally.self, forKey: .overall)
        byScenario = try c.decode([String: Tally].self, forKey: .byScenario)
        byContext = try c.decode([String: Tally].self, forKey: .byContext)
        let depths = try c.decode([String: Tally].self, forKey: .byPushDepth)
        byPushDepth = Dictionary(uniqueKeysWithValues: depths.compactMap { key, value in Int(key).map { ($0, value) } })
        undesired = try c.decode([UndesiredHit].self, forKey: .undesired)
        evidence = try c.decode([String: [UndesiredHit]].self, forKey: .evidence)
    }

    /// Reads a profile JSON file.
    public static func load(path: String) throws -> Profile {
        do {
            return try JSONDecoder().decode(Profile.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch var error as InputError {
            error.file = path
            throw error
        } catch {
            throw InputError("not a valuegate profile (\(Recording.describe(error)))", file: path)
        }
    }

    /// The profile of the whole, from the profiles of its shards (made by one extractor).
    public static func merged(paths: [String]) throws -> Profile {
        guard let first = paths.first else { throw InputError("no profiles to merge") }
        var merged = try load(path: first)
        for path in paths.dropFirst() {
            do { try merged.merge(try load(path: path)) } catch var error as InputError where error.file == nil {
                error.file = path
                throw error
            }
        }
        return merged
    }
}

import Foundation
import ValueExtractor

/// A reviewed baseline: `Baselines/<label>/` with the profile, the transcripts it came
/// from and what made them. Baselines are committed and reviewed like code.
public struct Baseline: Sendable {
    public struct Metadata: Codable, Sendable, Hashable {
        public struct SuiteInfo: Codable, Sendable, Hashable {
            public var id: String
            public var fingerprint: String
            public var file: String
        }
        public var format = 1
        public var label: String
        public var model: String
        public var created: String
        public var extractor: ExtractorFingerprint
        public var suites: [SuiteInfo]
        public var samples: Int
        public var failedSamples: Int

        enum CodingKeys: String, CodingKey {
            case format, label, model, created, extractor, suites, samples
            case failedSamples = "failed_samples"
        }
    }

    public static let metadataFile = "baseline.json"
    public static let profileFile = "profile.json"
    public static let transcriptsFile = "transcripts.jsonl"

    public var directory: String
    public var metadata: Metadata
    public var profile: Profile

    public var transcriptsPath: String { (directory as NSString).appendingPathComponent(Self.transcriptsFile) }

    /// The stored transcripts, extracted with `extractor`, in sample order.
    public func results(extractor: any ValueExtracting) throws -> [SampleResult] {
        SampleResult.extract(try Recording.readValid(path: transcriptsPath).sortedEntries, with: extractor)
    }

    /// Loads a baseline folder, naming what is missing and how to make it.
    public static func load(directory: String) throws -> Baseline {
        let metadataPath = (directory as NSString).appendingPathComponent(metadataFile)
        guard FileManager.default.fileExists(atPath: metadataPath) else {
            throw InputError("not a baseline (no \(metadataFile))", file: directory, remedy: .createBaseline)
        }
        let metadata: Metadata
        do {
            metadata = try JSONDecoder().decode(Metadata.self, from: Data(contentsOf: URL(fileURLWithPath: metadataPath)))
        } catch {
            throw InputError("not valid baseline metadata (\(Recording.describe(error)))", file: metadataPath)
        }
        let profile = try Profile.load(path: (directory as NSString).appendingPathComponent(profileFile))
        return Baseline(directory: directory, metadata: metadata, profile: profile)
    }

    /// Writes a baseline from the recorded samples of `plan`: the transcripts (sorted, one
    /// line per sample), their profile and the metadata. Replaces an existing baseline.
    @discardableResult
    /// Saves the plan's samples of `recording` as the baseline `directory`; also returns how
    /// many of them failed (a baseline should be recorded cleanly).
    public static func save(directory: String, label: String, plan: RunPlan, recording: String,
                            extractor: any ValueExtracting) throws -> (baseline: Baseline, failedSamples: Int) {
        let entries = try plan.replay(recording).entries
        return (try save(directory: directory, label: label, plan: plan, entries: entries, extractor: extractor), entries.filter(\.record.failed).count)
    }

    public static func save(directory: String, label: String, plan: RunPlan, entries: [Recording.Entry],
                            extractor: any ValueExtracting, date: Date = Date()) throws -> Baseline {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let sorted = entries.sorted { $0.record.key < $1.record.key }
        let transcriptsPath = (directory as NSString).appendingPathComponent(transcriptsFile)
        let encoder = JSONOutput.encoder()
        var data = Data()
        var renumbered: [Recording.Entry] = []
        for (index, entry) in sorted.enumerated() {
            data.append(try encoder.encode(entry.record))
            data.append(UInt8(ascii: "\n"))
            renumbered.append(Recording.Entry(record: entry.record, line: index + 1))
        }
        try data.write(to: URL(fileURLWithPath: transcriptsPath), options: .atomic)
        return try writeProfile(directory: directory, label: label, suites: plan.suites, entries: renumbered,
                                extractor: extractor, created: date)
    }

    /// Re-extracts the stored transcripts with `extractor` and rewrites the profile and
    /// metadata, keeping the transcripts as they are.
    @discardableResult
    public func reprofile(extractor: any ValueExtracting) throws -> Baseline {
        let contents = try Recording.readValid(path: transcriptsPath)
        let suites = metadata.suites
        let created = ISO8601DateFormatter().date(from: metadata.created) ?? Date()
        return try Self.write(directory: directory, label: metadata.label, suiteInfos: suites, model: metadata.model,
                              entries: contents.sortedEntries, extractor: extractor, created: created)
    }

    private static func writeProfile(directory: String, label: String, suites: [Suite], entries: [Recording.Entry],
                                     extractor: any ValueExtracting, created: Date) throws -> Baseline {
        let infos = suites.map { Metadata.SuiteInfo(id: $0.id, fingerprint: $0.fingerprint, file: $0.file) }
        let models = Set(entries.map(\.record.model))
        return try write(directory: directory, label: label, suiteInfos: infos,
                         model: models.sorted().joined(separator: ", "), entries: entries, extractor: extractor, created: created)
    }

    private static func write(directory: String, label: String, suiteInfos: [Metadata.SuiteInfo], model: String,
                              entries: [Recording.Entry], extractor: any ValueExtracting, created: Date) throws -> Baseline {
        let results = SampleResult.extract(entries, with: extractor)
        let profile = Profile(results: results, extractor: extractor)
        let metadata = Metadata(label: label, model: model, created: ISO8601DateFormatter().string(from: created),
                                extractor: extractor.fingerprint, suites: suiteInfos,
                                samples: profile.samples, failedSamples: profile.failedSamples)
        try JSONOutput.write(profile, to: (directory as NSString).appendingPathComponent(profileFile))
        try JSONOutput.write(metadata, to: (directory as NSString).appendingPathComponent(metadataFile))
        return Baseline(directory: directory, metadata: metadata, profile: profile)
    }

    /// Refuses a comparison the numbers would not support, saying why and what to run.
    public func checkComparable(with suites: [Suite], extractor: any ValueExtracting) throws {
        if metadata.extractor != extractor.fingerprint {
            throw InputError("""
                baseline \(directory) was profiled with extractor \(metadata.extractor),
                but this valuegate uses \(extractor.fingerprint). Profiles from different extractors are not comparable.
                """, remedy: .reprofileBaseline(directory: directory))
        }
        for suite in suites {
            guard let info = metadata.suites.first(where: { $0.id == suite.id }) else {
                throw InputError("baseline \(directory) has no samples of suite '\(suite.id)'", remedy: .recordSuiteAndSaveBaseline)
            }
            if info.fingerprint != suite.fingerprint {
                throw InputError("""
                    suite '\(suite.id)' (\(suite.file)) has changed since baseline \(directory) was recorded
                    (what it asks the model differs: fingerprint \(suite.fingerprint.prefix(12)) vs \(info.fingerprint.prefix(12)))
                    """, remedy: .recordSuiteAndSaveBaseline)
            }
        }
    }
}

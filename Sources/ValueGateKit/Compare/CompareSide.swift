import Foundation
import ValueExtractor

/// One side of `valuegate compare`: the samples of a recording, a baseline or the candidate
/// a check result names, or just the counts of a saved profile.
public struct CompareSide: Sendable {
    public enum Kind: String, Codable, Sendable {
        case recording, profile, baseline
        case checkResult = "check_result"
    }

    public var path: String
    public var kind: Kind
    /// Who answered: the recorded model(s), or the baseline's label.
    public var label: String
    public var profile: Profile
    /// Every sample with its extraction; empty for a bare profile, which has counts only.
    public var samples: [SampleResult]
    /// The last user turn of each sample, by sample id, to show beside the replies.
    public var lastUserTurns: [String: String]

    /// Reads `path` as whatever it is: a baseline folder, a recording (JSON Lines), a check
    /// result (`check --json`, standing for the candidate it checked) or a profile (JSON).
    public static func load(path: String, extractor: any ValueExtracting) throws -> CompareSide {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError("no such file or folder; compare takes a recording, a profile, a check result or a baseline folder", file: path)
        }
        if isDirectory.boolValue {
            let baseline = try Baseline.load(directory: path)
            return try fromRecording(baseline.transcriptsPath, shownAs: path, kind: .baseline, label: baseline.metadata.label, extractor: extractor)
        }
        if path.hasSuffix(".jsonl") {
            return try fromRecording(path, shownAs: path, kind: .recording, label: nil, extractor: extractor)
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        if let check = try? JSONDecoder().decode(CheckResult.self, from: data) {
            // A check result keeps the candidate's path as it was given; try it from here and
            // from the result's own folder.
            let besideResult = ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(check.candidate)
            guard let recording = [check.candidate, besideResult].first(where: { FileManager.default.fileExists(atPath: $0) }) else {
                throw InputError("the check result's candidate recording \(check.candidate) is not found; compare the recording itself", file: path)
            }
            return try fromRecording(recording, shownAs: path, kind: .checkResult, label: check.candidateModel, extractor: extractor)
        }
        let profile = try Profile.load(path: path)
        return CompareSide(path: path, kind: .profile, label: (path as NSString).lastPathComponent, profile: profile,
                           samples: [], lastUserTurns: [:])
    }

    static func fromRecording(_ recording: String, shownAs path: String, kind: Kind, label: String?,
                              extractor: any ValueExtracting) throws -> CompareSide {
        let contents = try Recording.readValid(path: recording)
        let entries = contents.sortedEntries
        guard !entries.isEmpty else { throw InputError("no samples to compare", file: recording) }
        let models = Set(entries.map(\.record.model)).sorted().joined(separator: ", ")
        return CompareSide(path: path, kind: kind, label: label ?? models, entries: entries, samples: nil, extractor: extractor)
    }

    /// The suites this side's samples come from (empty for a bare profile).
    public var suites: Set<String> { Set(samples.map(\.key.suite)) }

    /// Only the samples of `suites`, re-profiled; a bare profile has no samples to drop.
    public func restricted(to suites: Set<String>, extractor: any ValueExtracting) -> CompareSide {
        guard !samples.isEmpty, !self.suites.isSubset(of: suites) else { return self }
        var side = self
        side.samples = samples.filter { suites.contains($0.key.suite) }
        side.profile = Profile(results: side.samples, extractor: extractor)
        return side
    }

    /// Both sides cut to the suites both recorded, so shares overall are not skewed by
    /// contexts only one side has. Returns the suites left out of each.
    public static func aligned(_ a: CompareSide, _ b: CompareSide, extractor: any ValueExtracting) throws
        -> (a: CompareSide, b: CompareSide, onlyA: [String], onlyB: [String]) {
        guard !a.samples.isEmpty, !b.samples.isEmpty else { return (a, b, [], []) }
        let shared = a.suites.intersection(b.suites)
        guard !shared.isEmpty else {
            throw InputError("\(a.path) and \(b.path) have no suite in common (\(a.suites.sorted().joined(separator: ", ")) vs \(b.suites.sorted().joined(separator: ", "))); nothing to compare")
        }
        return (a.restricted(to: shared, extractor: extractor), b.restricted(to: shared, extractor: extractor),
                a.suites.subtracting(shared).sorted(), b.suites.subtracting(shared).sorted())
    }
}

extension CompareSide {
    /// A side from samples already read, in sample order; `samples` are their extractions
    /// when already made (same order), else they are extracted here.
    public init(path: String, kind: Kind, label: String, entries: [Recording.Entry], samples: [SampleResult]?, extractor: any ValueExtracting) {
        let samples = samples ?? SampleResult.extract(entries, with: extractor)
        var lastUserTurns: [String: String] = [:]
        for entry in entries {
            if let turn = entry.record.messages.last(where: { $0.role == .user }) { lastUserTurns[entry.record.key.description] = turn.content }
        }
        self.init(path: path, kind: kind, label: label, profile: Profile(results: samples, extractor: extractor),
                  samples: samples, lastUserTurns: lastUserTurns)
    }
}

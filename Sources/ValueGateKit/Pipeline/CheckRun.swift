import Foundation
import ValueExtractor

/// Where a check's candidate samples come from.
public enum CandidateSource: Sendable {
    /// Replay a recording, no network.
    case recording(String)
    /// Play the suites live against an endpoint, recording to `recording` (resumable).
    case endpoint(LiveRun, recording: String)
}

/// Runs a whole check: suites, baseline and candidate in; a verdict out.
public struct CheckRun: Sendable {
    public var suites: [Suite]
    public var baselineDirectory: String
    public var candidate: CandidateSource
    public var strict: Bool
    public var extractor: any ValueExtracting
    public var log: @Sendable (String) -> Void

    public init(suites: [Suite], baselineDirectory: String, candidate: CandidateSource, strict: Bool,
                extractor: any ValueExtracting, log: @escaping @Sendable (String) -> Void) {
        self.suites = suites
        self.baselineDirectory = baselineDirectory
        self.candidate = candidate
        self.strict = strict
        self.extractor = extractor
        self.log = log
    }

    /// A finished check: its result, and the samples of both sides it was decided on.
    public struct Outcome: Sendable {
        public var result: CheckResult
        public var baseline: CompareSide
        public var candidate: CompareSide
        let suites: [Suite]
        let extractor: any ValueExtracting

        /// The two sides compared, for the HTML report's side-by-side view; built from the
        /// samples in memory, not read and extracted again.
        public func comparison() throws -> Comparison {
            try Comparison(baseline, candidate, extractor: extractor, suites: suites)
        }
    }

    public func run() async throws -> Outcome {
        let baseline = try Baseline.load(directory: baselineDirectory)
        try baseline.checkComparable(with: suites, extractor: extractor)
        let plan = RunPlan(suites: suites)

        let candidatePath: String
        switch candidate {
        case .recording(let path):
            candidatePath = path
        case let .endpoint(live, recording):
            let summary = try await live.record(plan, to: recording, log: log)
            if summary.interrupted { throw RunInterrupted(deadlineReached: summary.deadlineReached) }
            candidatePath = recording
        }
        let candidateContents = try Recording.readValid(path: candidatePath)
        let candidateEntries = try plan.entries(from: candidateContents)
        try checkRecordedWithCurrentSuites(candidateEntries, path: candidatePath)

        let candidateResults = SampleResult.extract(candidateEntries, with: extractor)
        let suiteIDs = Set(suites.map(\.id))
        let baselineEntries = try Recording.readValid(path: baseline.transcriptsPath).sortedEntries.filter { suiteIDs.contains($0.record.suite) }
        let baselineResults = SampleResult.extract(baselineEntries, with: extractor)
        let (checks, inconclusive) = Gate(taxonomy: extractor.taxonomy, strict: strict)
            .evaluate(suites: suites, baseline: baselineResults, candidate: candidateResults)

        let failures = checks.filter { $0.status == .fail }
        let verdict: CheckResult.Verdict = !inconclusive.isEmpty ? .inconclusive : (failures.isEmpty ? .pass : .fail)
        var reasons = inconclusive
        if verdict == .fail { reasons.append("\(failures.count) check\(failures.count == 1 ? "" : "s") failed") }
        let models = Set(candidateEntries.map(\.record.model)).sorted().joined(separator: ", ")
        let result = CheckResult(verdict: verdict, reasons: reasons, baseline: baselineDirectory, baselineModel: baseline.metadata.model,
                                 candidate: candidatePath, candidateModel: models, extractor: extractor.fingerprint,
                                 suites: suites.map(\.id), samples: candidateResults.count,
                                 failedSamples: candidateResults.filter(\.failed).count, checks: checks)
        let byKey = { (entries: [Recording.Entry]) in entries.sorted { $0.record.key < $1.record.key } }
        return Outcome(result: result,
                       baseline: CompareSide(path: baselineDirectory, kind: .baseline, label: baseline.metadata.label,
                                             entries: baselineEntries, samples: baselineResults, extractor: extractor),
                       candidate: CompareSide(path: candidatePath, kind: .recording, label: models,
                                              entries: byKey(candidateEntries), samples: nil, extractor: extractor),
                       suites: suites, extractor: extractor)
    }

    /// Writes the candidate of a finished check as the new baseline, for an intentional
    /// change: the baseline's files change in the working tree and the diff is reviewed in
    /// the pull request. Refused when the check was inconclusive.
    @discardableResult
    public func accept(_ result: CheckResult) throws -> Baseline {
        guard result.verdict != .inconclusive else {
            throw InputError("not accepting an inconclusive candidate (\(result.reasons.joined(separator: "; "))); record it cleanly first")
        }
        let baseline = try Baseline.load(directory: baselineDirectory)
        let plan = RunPlan(suites: suites)
        let entries = try plan.entries(from: try Recording.readValid(path: result.candidate))
        return try Baseline.save(directory: baselineDirectory, label: baseline.metadata.label, plan: plan,
                                 entries: entries, extractor: extractor)
    }

    /// A recording made from an older version of a suite would be compared as if it
    /// answered today's questions; refuse it.
    private func checkRecordedWithCurrentSuites(_ entries: [Recording.Entry], path: String) throws {
        for suite in suites {
            let stale = entries.filter { $0.record.suite == suite.id && $0.record.suiteFingerprint != nil && $0.record.suiteFingerprint != suite.fingerprint }
            if let first = stale.first {
                throw InputError("\(stale.count) samples of suite '\(suite.id)' were recorded from a different version of \(suite.file)", file: path, line: first.line, remedy: .recordAgain)
            }
        }
    }
}

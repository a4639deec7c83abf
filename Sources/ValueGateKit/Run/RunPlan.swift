import Foundation

/// Every sample a set of suites asks for, in a stable order.
public struct RunPlan: Sendable {
    /// What every sample of one scenario shares, held once: a plan of 100,000 samples
    /// stays a few megabytes, and the suite fingerprint is hashed once, not per sample.
    public final class Planned: Sendable {
        public let suite: Suite
        public let scenario: Scenario
        public let suiteFingerprint: String

        init(suite: Suite, scenario: Scenario, suiteFingerprint: String) {
            self.suite = suite
            self.scenario = scenario
            self.suiteFingerprint = suiteFingerprint
        }
    }

    public struct Job: Sendable {
        public let planned: Planned
        public let sample: Int
        public var suite: Suite { planned.suite }
        public var scenario: Scenario { planned.scenario }
        public var key: SampleKey { SampleKey(suite: planned.suite.id, scenario: planned.scenario.id, sample: sample) }
    }

    public let suites: [Suite]
    public let jobs: [Job]

    /// - Parameter samplesOverride: run this many samples per scenario instead of each suite's own count.
    public init(suites: [Suite], samplesOverride: Int? = nil) {
        self.suites = suites
        jobs = suites.flatMap { suite in
            let fingerprint = suite.fingerprint
            return suite.scenarios.flatMap { scenario in
                let planned = Planned(suite: suite, scenario: scenario, suiteFingerprint: fingerprint)
                return (0..<(samplesOverride ?? suite.samples)).map { Job(planned: planned, sample: $0) }
            }
        }
    }

    /// A plan of one sample of one scenario (`valuegate try`). `sample` is the sample index,
    /// which is part of the response cache's key: the same index finds the reply `run` cached.
    public init(suite: Suite, scenario: Scenario, sample: Int = 0) {
        suites = [suite]
        jobs = [Job(planned: Planned(suite: suite, scenario: scenario, suiteFingerprint: suite.fingerprint), sample: sample)]
    }

    public var keys: Set<SampleKey> { Set(jobs.map(\.key)) }

    /// The recording's entries for exactly this plan's samples. A planned sample the
    /// recording lacks is an error naming it: a replay never skips silently.
    public func entries(from contents: Recording.Contents) throws -> [Recording.Entry] {
        var found: [Recording.Entry] = []
        var missing: [SampleKey] = []
        for job in jobs {
            if let entry = contents.entries[job.key] { found.append(entry) } else { missing.append(job.key) }
        }
        guard missing.isEmpty else {
            let shown = missing.prefix(10).map { "  \($0)" }.joined(separator: "\n")
            let more = missing.count > 10 ? "\n  ... and \(missing.count - 10) more" : ""
            throw InputError("""
                the recording lacks \(missing.count) of the \(jobs.count) samples the suites ask for:
                \(shown)\(more)
                """, file: contents.path, remedy: .recordMissingSamples)
        }
        return found
    }
}

extension RunPlan {
    /// A recording checked against the plan: every planned sample, and the ones recorded as
    /// failed (a rerun retries them).
    public struct Replay: Sendable {
        public var entries: [Recording.Entry]
        public var failed: [Recording.Entry] { entries.filter(\.record.failed) }
        /// Warnings of the reading, such as a cut-off last line.
        public var diagnostics: [Diagnostic]
    }

    /// Reads `path` and finds every planned sample in it; an error names the missing ones.
    public func replay(_ path: String) throws -> Replay {
        let contents = try Recording.readValid(path: path)
        return Replay(entries: try entries(from: contents), diagnostics: contents.diagnostics)
    }
}


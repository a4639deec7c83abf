import Foundation

/// Every sample a set of suites asks for, in a stable order.
public struct RunPlan: Sendable {
    public struct Job: Sendable {
        public var suite: Suite
        public var scenario: Scenario
        public var sample: Int
        public var key: SampleKey { SampleKey(suite: suite.id, scenario: scenario.id, sample: sample) }
    }

    public let suites: [Suite]
    public let jobs: [Job]

    /// - Parameter samplesOverride: run this many samples per scenario instead of each suite's own count.
    public init(suites: [Suite], samplesOverride: Int? = nil) {
        self.suites = suites
        jobs = suites.flatMap { suite in
            suite.scenarios.flatMap { scenario in
                (0..<(samplesOverride ?? suite.samples)).map { Job(suite: suite, scenario: scenario, sample: $0) }
            }
        }
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
            throw UsageError("""
                \(contents.path): the recording lacks \(missing.count) of the \(jobs.count) samples the suites ask for:
                \(shown)\(more)
                Record them with 'valuegate run' against an endpoint (it resumes and fills the gaps), or check that the suites match the recording.
                """)
        }
        return found
    }
}

import Foundation
import Testing
import ValueExtractor
@testable import ValueGateKit

/// Tests that play a one-scenario suite through the real `Runner` and HTTP client against a
/// `FaultServer` (the endpoint's faults in Endpoint/, the runner's own behaviour in Run/).
protocol ScriptedRunning {}

/// The endpoint's fault tests and the runner's tests wait on stalls, retries and deadlines
/// measured in seconds: they run one at a time, so none is slowed by another's load.
@Suite(.serialized) enum LocalServerTests {}

enum ScriptedRun {
    static let loader = SuiteLoader(taxonomy: try! Taxonomy.bundled())
}

extension ScriptedRunning {
    var loader: SuiteLoader { ScriptedRun.loader }

    /// One scenario with one user turn, `samples` times.
    func plan(samples: Int = 1) throws -> RunPlan {
        let suite = try #require(loader.check(text: "suite: f\nversion: 1\nsamples: \(samples)\nscenarios:\n  - id: a\n    turns:\n      - user: hi\n", file: "f.yaml").0)
        return RunPlan(suites: [suite])
    }

    /// Runs the plan against the server; returns the summary, the recording and the seconds taken.
    func run(_ server: FaultServer? = nil, baseURL: String? = nil, samples: Int = 1, timeout: Double = 10, attempts: Int = 4, stream: Bool = false,
             deadline: Double? = nil, key: String? = nil, log: @escaping @Sendable (String) -> Void = { _ in })
        async throws -> (Runner.Summary, [TranscriptRecord], Double) {
        let path = try Fixtures.temporaryDirectory() + "/rec.jsonl"
        var configuration = EndpointConfiguration(baseURL: try #require(baseURL ?? server?.baseURL), model: "m", timeout: timeout, stream: stream, maxAttempts: attempts)
        if key != nil { configuration.apiKeyEnvironmentVariable = "VG_FAULT_TEST_KEY" }
        let endpoint = try HTTPChatEndpoint(configuration: configuration, concurrency: 1, environment: key.map { ["VG_FAULT_TEST_KEY": $0] })
        let runner = Runner(endpoint: endpoint, modelLabel: "m", concurrency: 1, deadline: deadline, progress: .quiet, log: log)
        let started = Date()
        let summary = try await runner.run(plan(samples: samples), recordingPath: path)
        let seconds = Date().timeIntervalSince(started)
        await endpoint.shutdown()
        let records = try Recording.read(path: path).entries.values.map(\.record).sorted { $0.sample < $1.sample }
        return (summary, records, seconds)
    }
}

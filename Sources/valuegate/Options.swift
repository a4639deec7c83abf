import ArgumentParser
import Foundation
import ValueExtractor
import ValueGateKit

/// Endpoint flags shared by `run` and `check`.
struct EndpointOptions: ParsableArguments {
    @Option(help: "Base URL of an OpenAI-compatible API, e.g. http://127.0.0.1:8088/v1.")
    var baseURL: String?

    @Option(help: "Model name sent to the endpoint and recorded with every sample.")
    var model: String?

    @Option(help: ArgumentHelp("Environment variable holding the API key (the key itself is never written anywhere).", valueName: "NAME"))
    var apiKeyEnv: String?

    @Option(help: "Per-request timeout in seconds.")
    var timeout: Double = 120

    @Option(help: "Requests in flight at once.")
    var concurrency: Int = 4

    func configuration(fallback: ProjectConfiguration.Endpoint?) throws -> EndpointConfiguration? {
        guard let baseURL = baseURL ?? fallback?.baseURL else { return nil }
        guard let model = model ?? fallback?.model else {
            throw UsageError("--model is required with --base-url")
        }
        guard concurrency >= 1 else { throw UsageError("--concurrency must be at least 1") }
        return EndpointConfiguration(kind: .openai, baseURL: baseURL, model: model,
                                     apiKeyEnvironmentVariable: apiKeyEnv ?? fallback?.apiKeyEnv, timeout: timeout)
    }
}

enum Shared {
    static func extractor() throws -> LexiconExtractor {
        try LexiconExtractor.bundled()
    }

    /// The suites named on the command line, else those of valuegate.yaml.
    static func suitePaths(_ given: [String], config: ProjectConfiguration?) -> [String] {
        given.isEmpty ? (config.map { config in config.suites.map(config.resolve) } ?? []) : given
    }

    static func loadSuites(_ paths: [String], taxonomy: Taxonomy) throws -> [Suite] {
        guard !paths.isEmpty else { throw UsageError("no suites given; name suite files, or list them under 'suites:' in \(ProjectConfiguration.fileName)") }
        return try SuiteLoader(taxonomy: taxonomy).load(paths: paths)
    }

    /// The configuration file, if present in the current folder.
    static func projectConfiguration(required: Bool) throws -> ProjectConfiguration? {
        let path = ProjectConfiguration.fileName
        guard FileManager.default.fileExists(atPath: path) else {
            if required {
                throw UsageError("no \(path) in \(FileManager.default.currentDirectoryPath); pass --suite, --baseline and --candidate, or create \(path) (see README)")
            }
            return nil
        }
        return try ProjectConfiguration.load(path: path)
    }

    /// Runs `body` as a task that Ctrl-C (SIGINT) or SIGTERM cancels: the work stops
    /// taking new samples and what finished stays recorded. A second signal exits at once.
    static func cancellableOnSignal<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await body() }
        let sources = [SIGINT, SIGTERM].map { signalNumber -> DispatchSourceSignal in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            nonisolated(unsafe) var seen = false
            source.setEventHandler {
                if seen { Foundation.exit(130) }
                seen = true
                Console.error("\ninterrupted: finishing writes; press Ctrl-C again to quit at once")
                task.cancel()
            }
            source.resume()
            return source
        }
        defer { sources.forEach { $0.cancel() } }
        return try await task.value
    }
}

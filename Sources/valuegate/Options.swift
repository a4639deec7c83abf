import ArgumentParser
import Foundation
import ValueExtractor
import ValueGateKit

/// Endpoint flags shared by `run` and `check`.
struct EndpointOptions: ParsableArguments {
    @Option(help: "API of the endpoint: openai (chat completions) or anthropic (Messages). (default: valuegate.yaml's endpoint kind, else openai)")
    var api: EndpointConfiguration.Kind?

    @Option(help: "Base URL of the API, e.g. http://127.0.0.1:8088/v1 (both APIs of the local server live under /v1).")
    var baseURL: String?

    @Option(help: "Model name sent to the endpoint and recorded with every sample.")
    var model: String?

    @Option(help: ArgumentHelp("Environment variable holding the API key (the key itself is never written anywhere).", valueName: "NAME"))
    var apiKeyEnv: String?

    @Option(help: ArgumentHelp("File whose first line is the API key, e.g. a mounted secret.", valueName: "PATH"))
    var apiKeyFile: String?

    @Option(help: "Deadline of one request in seconds, from sending it to the end of the reply (default: valuegate.yaml's endpoint timeout, else 120).")
    var timeout: Double?

    @Option(help: "Deadline of the whole run in seconds; then it stops like Ctrl-C and the same command resumes.")
    var deadline: Double?

    @Option(help: "Most requests in flight at once; rate limits (429) lower it for a while (default: valuegate.yaml's endpoint concurrency, else 4).")
    var concurrency: Int?

    @Option(help: "Retries of a failed request (429, 5xx, timeout, dropped or cut connection), with backoff.")
    var retries: Int = 3

    @Flag(help: "Ask for whole replies instead of streaming them (no time-to-first-token figures).")
    var noStream = false

    @Flag(help: "Ask the endpoint for every reply instead of reusing replies in .valuegate-cache/responses.jsonl.")
    var noCache = false

    @Flag(help: "No progress output.")
    var quiet = false

    /// Progress and status lines, unless --quiet.
    var log: @Sendable (String) -> Void {
        if quiet { return { _ in } }
        return { Console.log($0) }
    }

    /// The live run these flags (and valuegate.yaml's endpoint) describe; nil without a base URL.
    func liveRun(fallback: ProjectConfiguration.Endpoint?, label: String? = nil, overrides: GenerationSettings = GenerationSettings(),
                 systemPrompt: String? = nil) throws -> LiveRun? {
        guard let baseURL = baseURL ?? fallback?.baseURL else { return nil }
        guard let model = model ?? fallback?.model else {
            throw UsageError("--model is required with --base-url")
        }
        // Flags win over valuegate.yaml, which wins over the defaults.
        let concurrency = concurrency ?? fallback?.concurrency ?? 4
        let timeout = timeout ?? fallback?.timeout ?? 120
        guard concurrency >= 1 else { throw UsageError("--concurrency must be at least 1") }
        guard retries >= 0 else { throw UsageError("--retries must be 0 or more") }
        guard timeout > 0 else { throw UsageError("--timeout must be more than 0 seconds") }
        if let deadline, deadline <= 0 { throw UsageError("--deadline must be more than 0 seconds") }
        let fromFile = try fallback?.configuration()
        let keyFlags = apiKeyEnv != nil || apiKeyFile != nil
        let configuration = EndpointConfiguration(
            kind: api ?? fromFile?.kind ?? .openai, baseURL: baseURL, model: model,
            apiKeyEnvironmentVariable: keyFlags ? apiKeyEnv : fromFile?.apiKeyEnvironmentVariable,
            apiKeyFile: keyFlags ? apiKeyFile : fromFile?.apiKeyFile,
            timeout: timeout, stream: !noStream && (fromFile?.stream ?? true), maxAttempts: retries + 1)
        return LiveRun(endpoint: configuration, concurrency: concurrency, useCache: !noCache, deadline: deadline,
                       progress: .automatic(quiet: quiet), label: label, overrides: overrides, systemPrompt: systemPrompt)
    }
}

extension EndpointConfiguration.Kind: ExpressibleByArgument {}

/// Suites named as arguments (`run`, `plan`, `calibrate`, `baseline save`); none means
/// valuegate.yaml's.
struct SuiteArguments: ParsableArguments {
    @Argument(help: "Suite YAML files (default: the suites in valuegate.yaml).") var suites: [String] = []

    func load(config: ProjectConfiguration?, taxonomy: Taxonomy) throws -> [Suite] {
        try Shared.loadSuites(Shared.suitePaths(suites, config: config), taxonomy: taxonomy)
    }
}

/// Suites named with `--suite` (`check`, `compare`), beside other arguments.
struct SuiteOptions: ParsableArguments {
    @Option(name: .customLong("suite"), help: "A suite file (repeatable; default: valuegate.yaml's suites).") var suites: [String] = []

    func paths(config: ProjectConfiguration?) -> [String] { Shared.suitePaths(suites, config: config) }
}

/// The reviewed baseline (`check`, `plan`, `calibrate`); none means valuegate.yaml's.
struct BaselineOption: ParsableArguments {
    @Option(help: "Baseline folder (default: valuegate.yaml's baseline).") var baseline: String?

    func directory(config: ProjectConfiguration?) -> String? { baseline ?? config.map { $0.resolve($0.baseline) } }
}

/// The report files `check` and `compare` write besides the terminal summary.
struct ReportFileOptions: ParsableArguments {
    @Option(help: "Write the result as JSON here.") var json: String?
    @Option(help: "Write JUnit XML here (one test case per check or finding; failures and regressions fail).") var junit: String?
    @Option(help: "Write a Markdown summary here (a pull-request comment or a CI step summary).") var markdown: String?
    @Option(help: "Write a self-contained HTML report here (SVG charts, no scripts).") var html: String?

    /// Writes each requested file; a renderer runs only when its file was asked for.
    func write<Value: Encodable>(_ value: Value, jsonUserInfo: [CodingUserInfoKey: any Sendable] = [:], junit: () -> String,
                                 markdown: () -> String, html: () throws -> String) throws {
        if let json = self.json { try JSONOutput.write(value, to: json, userInfo: jsonUserInfo) }
        if let path = self.junit { try Console.write(junit(), to: path) }
        if let path = self.markdown { try Console.write(markdown(), to: path) }
        if let path = self.html { try Console.write(try html(), to: path) }
    }
}

enum Shared {
    /// The shared extractor every command profiles with: the trained extractor (v2) over the lexicon.
    static func extractor() throws -> LearnedExtractor {
        try LearnedExtractor.bundled()
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
                throw UsageError("no \(path) in \(FileManager.default.currentDirectoryPath); pass --suite, --baseline and --candidate, or create \(path) (see docs/formats.md, or run valuegate init)")
            }
            return nil
        }
        return try ProjectConfiguration.load(path: path)
    }

    /// The command line that was run, quoted for a POSIX shell: running it again resumes.
    static func resumeCommand(_ arguments: [String] = CommandLine.arguments) -> String {
        arguments.map { argument in
            let plain = !argument.isEmpty && argument.unicodeScalars.allSatisfy {
                CharacterSet.alphanumerics.contains($0) || "-_./:=,@%+".unicodeScalars.contains($0)
            }
            return plain ? argument : "'" + argument.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
        }.joined(separator: " ")
    }

    /// Runs `body` so that Ctrl-C, SIGTERM or the deadline stops it cleanly: a stop says what
    /// was kept and exits 3 (inconclusive). `kept` describes what a resumed run starts from;
    /// nil when nothing is kept, as when `try` plays one scenario.
    static func interruptible<T: Sendable>(kept: String?, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        do {
            return try await cancellableOnSignal(body)
        } catch let stop as RunInterrupted {
            throw stopped(deadlineReached: stop.deadlineReached, kept: kept)
        } catch is CancellationError {
            throw stopped(deadlineReached: false, kept: kept)
        }
    }

    /// Says why the work stopped and how to resume it; the exit code to throw.
    static func stopped(deadlineReached: Bool, kept: String?) -> ExitCode {
        let why = deadlineReached ? "deadline reached" : "interrupted"
        if let kept {
            Console.error("\(why): \(kept); resume with:\n  \(resumeCommand())")
        } else {
            Console.error("error: \(why) before the scenario finished")
        }
        return ExitCode(ExitStatus.inconclusive)
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

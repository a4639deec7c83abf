import ArgumentParser
import Foundation
import ValueExtractor
import ValueGateKit

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Gate a candidate against a baseline: expectations, forbidden values and drift.",
        discussion: """
            With no arguments, reads valuegate.yaml in the current folder. Exit codes: \(ExitStatus.summary).
            Examples:
              valuegate check
              valuegate check --candidate Examples/recordings/smollm2-135m-instruct-short-replies.jsonl --markdown summary.md
            """)

    @OptionGroup var suites: SuiteOptions
    @OptionGroup var baseline: BaselineOption
    @Option(help: "Recording to replay as the candidate, offline (default: valuegate.yaml's candidate).") var candidate: String?
    @Option(help: "Play the suites live and record here (needs --base-url and --model, or valuegate.yaml's endpoint).") var record: String?
    @OptionGroup var endpoint: EndpointOptions
    @Flag(help: "Fail on every broken expectation, including those the baseline breaks too.") var strict = false
    @Flag(help: "Intentional change: write the candidate as the new baseline (review the diff in the pull request) and exit 0.") var accept = false
    @Flag(help: "Show passing drift comparisons and known-failure evidence.") var verbose = false
    @OptionGroup var reports: ReportFileOptions

    func run() async throws {
        let needConfig = suites.suites.isEmpty || baseline.baseline == nil || (candidate == nil && record == nil)
        let config = try Shared.projectConfiguration(required: needConfig)
        let extractor = try Shared.extractor()
        let loaded = try Shared.loadSuites(suites.paths(config: config), taxonomy: extractor.taxonomy)
        guard let baselineDirectory = baseline.directory(config: config) else {
            throw UsageError("no baseline: pass --baseline DIR or set 'baseline:' in \(ProjectConfiguration.fileName)")
        }
        let source: CandidateSource
        if let candidate {
            source = .recording(candidate)
        } else if let recordPath = record ?? config?.candidate?.record.map({ config!.resolve($0) }),
                  let live = try endpoint.liveRun(fallback: config?.endpoint) {
            source = .endpoint(live, recording: recordPath)
        } else if let recording = config?.candidate?.recording {
            source = .recording(config!.resolve(recording))
        } else {
            throw UsageError("no candidate: pass --candidate RECORDING, or --record PATH with --base-url and --model")
        }
        let run = CheckRun(suites: loaded, baselineDirectory: baselineDirectory, candidate: source, strict: strict,
                           extractor: extractor, log: endpoint.log)
        let outcome = try await Shared.interruptible(kept: "every finished sample is recorded") { try await run.run() }
        let result = outcome.result
        Console.out(CheckReport.terminal(result, verbose: verbose, style: .automatic()))
        try reports.write(result, jsonUserInfo: CheckReport.jsonUserInfo, junit: { CheckReport.junit(result) }, markdown: { CheckReport.markdown(result) },
                          html: { HTMLReport.check(result, comparison: try outcome.comparison()) })
        if accept {
            let saved = try run.accept(result)
            Console.out("accepted: \(saved.directory) now holds the candidate (\(saved.metadata.samples) samples of \(saved.metadata.model)); review the diff and commit it")
            return
        }
        throw ExitCode(result.verdict.exitStatus)
    }
}

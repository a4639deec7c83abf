import ArgumentParser
import Foundation
import ValueExtractor
import ValueGateKit

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Play suites against a model endpoint and record every sample, or check a recording covers them.",
        discussion: """
            Each finished sample is appended to the recording at once; running the same command again resumes \
            and skips finished samples. Ctrl-C stops new requests and keeps what finished.
            Examples:
              valuegate run Suites/relationship-advice.yaml --base-url http://127.0.0.1:8088/v1 --model smollm2 --out rec.jsonl
              valuegate run Suites/relationship-advice.yaml --replay rec.jsonl
            """)

    @OptionGroup var suites: SuiteArguments
    @OptionGroup var endpoint: EndpointOptions
    @Option(help: "Recording to append to (JSON Lines).") var out: String?
    @Option(help: "Replay this recording instead of calling an endpoint: checks every planned sample is in it.") var replay: String?
    @Option(help: "Samples per scenario, overriding each suite's 'samples'.") var samples: Int?
    @Option(help: "Label recorded as the model of every sample (default: --model).") var label: String?
    @Option(help: "Serving override: sampling temperature for every request (recorded with each sample).") var temperature: Double?
    @Option(help: "Serving override: length limit for every reply (recorded with each sample).") var maxTokens: Int?
    @Option(help: "Serving override: the deployment's system prompt, sent instead of each suite's 'system' (recorded in every sample).") var systemPrompt: String?
    @Option(help: "Serving override: read the system prompt from this file (UTF-8).") var systemPromptFile: String?
    @Option(help: "Extract values from each sample as it finishes and write the recording's profile (JSON) here.") var profile: String?

    func run() async throws {
        let config = try Shared.projectConfiguration(required: false)
        let extractor = try Shared.extractor()
        let loaded = try suites.load(config: config, taxonomy: extractor.taxonomy)
        let plan = RunPlan(suites: loaded, samplesOverride: samples)

        if let replay {
            let replayed = try plan.replay(replay)
            for diagnostic in replayed.diagnostics { Console.error(diagnostic.description) }
            Console.out(RunReport.replay(replayed, path: replay, suites: loaded))
            if let profile { try JSONOutput.write(Profile(results: SampleResult.extract(replayed.entries, with: extractor), extractor: extractor), to: profile) }
            if !replayed.failed.isEmpty { throw ExitCode(ExitStatus.inconclusive) }
            return
        }
        let overrides = GenerationSettings(temperature: temperature, maxTokens: maxTokens)
        if systemPrompt != nil, systemPromptFile != nil { throw UsageError("give --system-prompt or --system-prompt-file, not both") }
        var system = systemPrompt
        if let systemPromptFile {
            guard let data = FileManager.default.contents(atPath: systemPromptFile), let text = String(data: data, encoding: .utf8) else {
                throw UsageError("cannot read the system prompt file \(systemPromptFile) as UTF-8 text")
            }
            system = text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard let live = try endpoint.liveRun(fallback: config?.endpoint, label: label, overrides: overrides, systemPrompt: system) else {
            throw UsageError("give --base-url and --model to run live, or --replay PATH to use a recording")
        }
        guard let out else { throw UsageError("--out PATH is required: where to record the samples") }
        let log = endpoint.log
        log("running \(plan.jobs.count) samples of \(loaded.count) suite(s) against \(live.endpoint.baseURL) (\(live.endpoint.kind.rawValue), \(live.endpoint.model)), concurrency \(live.concurrency)")
        let summary = try await Shared.interruptible(kept: "every finished sample is in \(out)") {
            try await live.record(plan, to: out, extractor: profile == nil ? nil : extractor, log: log)
        }
        log("recorded \(summary.succeeded) samples (\(summary.failed) failed, \(summary.skipped) already recorded) in \(out)")
        if summary.interrupted { throw Shared.stopped(deadlineReached: summary.deadlineReached, kept: "every finished sample is in \(out)") }
        if let profile, let built = summary.profile {
            try JSONOutput.write(built, to: profile)
            log("profile of \(built.samples) samples (\(built.failedSamples) failed) written to \(profile)")
        }
        for failure in summary.firstFailures { Console.out("  failed \(failure.key): \(failure.error)") }
        // Failed samples are recorded with their error; rerunning retries them.
        if summary.failed > 0 { throw ExitCode(ExitStatus.inconclusive) }
    }
}

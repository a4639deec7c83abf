import ArgumentParser
import Foundation
import ValueExtractor
import ValueGateKit

struct TryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "try",
        abstract: "Play one scenario once and print the transcript with each reply's values and response type.",
        discussion: """
            For writing suites. Each reply is followed by its response type (with the cue that decided it) and every \
            value the lexicon extractor found in it (with the sentence that shows it and the cue), then whether this \
            one sample meets the scenario's expectations. Nothing is recorded.
            Replies are asked fresh every time: unlike run and check, try does not use the response cache unless \
            --cache is given (then it reuses, and stores, the reply cached for the same request and sample index, \
            e.g. what 'valuegate run' got for --sample 3).
            The endpoint comes from the flags, else from valuegate.yaml's endpoint.
            Exit codes: 0 played; 2 usage or suite error, unknown scenario; 3 the endpoint failed, or interrupted.
            Examples:
              valuegate try Suites/starter.yaml --scenario sick-note-for-hr
              valuegate try Suites/adversarial-pushes.yaml --scenario gaslight-coworker --max-tokens 80
              valuegate try Suites/sycophancy.yaml --scenario great-wall-visible-from-moon --base-url http://127.0.0.1:8088/v1 --model smollm2
              valuegate try Suites/starter.yaml --scenario stop-antidepressant --json > try.json
            """)

    @Argument(help: "The suite file.") var suite: String
    @Option(help: "Id of the scenario to play (omit it to list the suite's scenarios).") var scenario: String?
    @Option(help: "Sample index recorded with the reply; with --cache it selects which cached sample is reused.") var sample = 0
    @Flag(help: "Show the transcript only, without extracting values.") var noExtract = false
    @Flag(help: "Print the record, its extraction and this sample's expectations as JSON instead of the transcript.") var json = false
    @Flag(help: "Reuse and store replies in .valuegate-cache/responses.jsonl (off by default: iterating wants fresh replies).") var cache = false
    @Option(help: "Sampling temperature, instead of the suite's.") var temperature: Double?
    @Option(help: "Length limit of every reply, instead of the suite's.") var maxTokens: Int?
    @Option(help: "System prompt sent instead of the suite's.") var systemPrompt: String?
    @OptionGroup var endpoint: EndpointOptions

    func run() async throws {
        guard sample >= 0 else { throw UsageError("--sample must be 0 or more") }
        if let maxTokens, maxTokens < 1 { throw UsageError("--max-tokens must be at least 1") }
        if let temperature, !(0...2).contains(temperature) { throw UsageError("--temperature must be between 0 and 2") }
        if cache, endpoint.noCache { throw UsageError("give --cache or --no-cache, not both") }
        let config = try Shared.projectConfiguration(required: false)
        let extractor = try Shared.extractor()
        let loaded = try SuiteLoader(taxonomy: extractor.taxonomy).load(path: suite)
        guard let scenarioID = scenario else {
            throw UsageError("name the scenario to play with --scenario ID; \(loaded.id) has: \(loaded.scenarios.map(\.id).joined(separator: ", "))")
        }
        let chosen = try loaded.requireScenario(scenarioID)
        guard var live = try endpoint.liveRun(fallback: config?.endpoint, overrides: GenerationSettings(temperature: temperature, maxTokens: maxTokens),
                                              systemPrompt: systemPrompt) else {
            throw UsageError("no endpoint: give --base-url and --model, or set 'endpoint:' in \(ProjectConfiguration.fileName) (valuegate init writes one)")
        }
        live.useCache = cache
        let configured = live
        let plan = RunPlan(suite: loaded, scenario: chosen, sample: sample)
        let log = endpoint.log
        let turns = chosen.turns.count
        log("playing \(plan.jobs[0].key) against \(live.endpoint.baseURL) (\(live.endpoint.kind.rawValue), \(live.endpoint.model)): \(turns) turn\(turns == 1 ? "" : "s"), \(cache ? "response cache on" : "fresh replies")")
        let record = try await Shared.interruptible(kept: nil) {
            try await configured.play(plan) { index, count in log("turn \(index + 1) of \(count): waiting for the reply") }
        }
        let trial = Trial(suite: loaded, scenario: chosen, record: record, extractor: noExtract ? nil : extractor)
        if json {
            Console.out(String(decoding: try JSONOutput.encode(trial.output(taxonomy: extractor.taxonomy)), as: UTF8.self))
        } else {
            Console.out(TrialReport.text(trial, taxonomy: extractor.taxonomy))
        }
        if let error = record.error {
            let answered = record.messages.filter { $0.role == .assistant }.count
            Console.error("error: the endpoint failed on turn \(answered + 1) of \(turns): \(error)")
            throw ExitCode(ExitStatus.inconclusive)
        }
    }
}

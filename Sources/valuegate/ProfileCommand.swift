import ArgumentParser
import Foundation
import ValueExtractor
import ValueGateKit

extension TranscriptFormat: ExpressibleByArgument {}

enum ExtractorChoice: String, ExpressibleByArgument, CaseIterable {
    case lexicon, judge
}

struct ProfileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Compute the value profile of a recording or of conversations in another format.",
        discussion: """
            Streams the file: memory stays flat however large it is.
            Examples:
              valuegate profile Baselines/smollm2-135m-instruct/transcripts.jsonl --json out/profile.json --per-sample out/samples.jsonl
              valuegate profile chats.jsonl --format openai --skip-invalid --json out/profile.json
              valuegate profile hh-rlhf.jsonl --format anthropic-hh --field rejected --last-turn-only
              valuegate profile rec.jsonl --extractor judge --judge-base-url http://127.0.0.1:8088/v1 --judge-model smollm2-135m-instruct
            """)

    @Argument(help: "A JSON Lines file of conversations.") var path: String
    @Option(help: "auto, valuegate, openai, anthropic-hh or sharegpt.") var format: TranscriptFormat = .auto
    @Option(help: "For anthropic-hh: the field holding the transcript (default: chosen, then text).") var field: String?
    @Flag(help: "Skip malformed lines, counting and reporting them, instead of stopping.") var skipInvalid = false
    @Flag(help: "Profile only the final assistant turn of each conversation.") var lastTurnOnly = false
    @Option(help: "Context label for formats that carry none.") var context = "imported"
    @Option(help: "Write the profile as JSON here.") var json: String?
    @Option(help: "Write one JSON line per sample here: id, values, categories, response_type, evidence.") var perSample: String?
    @Option(help: "Values to list in the summary.") var top = 15
    @Option(help: "lexicon (offline, default) or judge (a model names the values, as in the study).") var extractor: ExtractorChoice = .lexicon
    @Option(help: "Judge: base URL of an OpenAI-compatible API.") var judgeBaseUrl: String?
    @Option(help: "Judge: model name, pinned in the profile's fingerprint.") var judgeModel: String?
    @Option(help: ArgumentHelp("Judge: environment variable holding the API key.", valueName: "NAME")) var judgeApiKeyEnv: String?
    @Option(help: "Judge: requests in flight at once.") var judgeConcurrency = 2
    @Option(help: "Judge: cache of judgments by transcript hash (default: .valuegate-cache/judge-<fingerprint>.jsonl).") var judgeCache: String?

    func run() async throws {
        let importer = TranscriptImporter(format: format, field: field, skipInvalid: skipInvalid, context: context)
        let profiling = ProfileRun(path: path, importer: importer, lastTurnOnly: lastTurnOnly)
        if extractor == .judge {
            guard let judgeBaseUrl, let judgeModel else { throw UsageError("--extractor judge needs --judge-base-url and --judge-model") }
            let taxonomy = try Taxonomy.bundled()
            let settings = JudgeSettings(baseURL: judgeBaseUrl, model: judgeModel, apiKeyEnvironmentVariable: judgeApiKeyEnv,
                                                    concurrency: judgeConcurrency, cachePath: judgeCache)
            let outcome = try await profiling.judged(settings, taxonomy: taxonomy, perSample: perSample, log: Console.log)
            for diagnostic in outcome.diagnostics { Console.error(diagnostic.description) }
            if let json { try JSONOutput.write(outcome.judged.profile, to: json) }
            Console.out(ProfileReport.judged(outcome.judged, path: path, model: judgeModel, cachePath: outcome.cachePath, taxonomy: taxonomy, top: top))
            for failure in outcome.judged.failures.prefix(5) { Console.error("warning: \(failure.id) not judged: \(failure.reason)") }
            return
        }
        let extractor = try Shared.extractor()
        let outcome = try profiling.run(extractor: extractor, perSample: perSample)
        for diagnostic in outcome.diagnostics { Console.error(diagnostic.description) }
        if let json { try JSONOutput.write(outcome.profile, to: json) }
        Console.out(ProfileReport.heading(path: path, format: outcome.format, invalid: outcome.invalid))
        Console.out(ProfileReport.terminal(outcome.profile, taxonomy: extractor.taxonomy, top: top))
    }
}

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
        if extractor == .judge { return try await runJudge() }
        let extractor = try Shared.extractor()
        let importer = TranscriptImporter(format: format, field: field, skipInvalid: skipInvalid, context: context)
        var profile = Profile(extractor: extractor.fingerprint)
        let output = try perSample.map(LineWriter.init(path:))
        func add(_ result: SampleResult) throws {
            profile.add(result, taxonomy: extractor.taxonomy)
            try output?.write(JSONOutput.encode(result.perSampleLine, pretty: false))
        }

        let detected = try importer.detectFormat(path: path)
        var invalid = 0
        if detected == .valuegate {
            // Recordings are resumable: keep the latest record of each sample, as `check` does.
            let contents = try Recording.readValid(path: path)
            for diagnostic in contents.diagnostics { Console.error(diagnostic.description) }
            for entry in contents.sortedEntries {
                try add(SampleResult(entry: entry, extractor: extractor))
            }
        } else {
            // Every core: batches are profiled in parallel and merged in file order.
            let profiler = CorpusProfiler(importer: importer, extractor: extractor, lastTurnOnly: lastTurnOnly)
            let (corpus, summary) = try profiler.profile(path: path, perSample: output.map { writer in { try writer.writeRaw($0) } })
            try profile.merge(corpus)
            for diagnostic in summary.diagnostics { Console.error(diagnostic.description) }
            invalid = summary.invalid
        }
        profile.finish()
        try output?.close()
        if let json { try JSONOutput.write(profile, to: json) }
        Console.out("\(path) (\(detected.rawValue))" + (invalid > 0 ? ": skipped \(invalid) malformed line\(invalid == 1 ? "" : "s")" : ""))
        Console.out(ProfileReport.terminal(profile, taxonomy: extractor.taxonomy, top: top))
    }
}

extension ProfileCommand {
    /// The judge reads whole conversations through a model, so the corpus is held in memory:
    /// it is meant for thousands of conversations, not the lexicon's millions.
    func runJudge() async throws {
        guard let judgeBaseUrl, let judgeModel else {
            throw UsageError("--extractor judge needs --judge-base-url and --judge-model")
        }
        let taxonomy = try Taxonomy.bundled()
        let endpoint = try HTTPChatEndpoint(configuration: EndpointConfiguration(baseURL: judgeBaseUrl, model: judgeModel,
                                                                                apiKeyEnvironmentVariable: judgeApiKeyEnv, timeout: 300),
                                          concurrency: judgeConcurrency)
        let judge = JudgeExtractor(taxonomy: taxonomy, model: judgeModel, client: endpoint)
        let importer = TranscriptImporter(format: format, field: field, skipInvalid: skipInvalid, context: context)
        var conversations: [ImportedConversation] = []
        if try importer.detectFormat(path: path) == .valuegate {
            conversations = try Recording.readValid(path: path).sortedEntries.map(ImportedConversation.init(entry:))
        } else {
            let summary = try importer.read(path: path) { conversations.append($0) }
            for diagnostic in summary.diagnostics { Console.error(diagnostic.description) }
        }
        let profiler = JudgeProfiler(judge: judge, cachePath: judgeCache ?? JudgeProfiler.defaultCachePath(for: judge),
                                     concurrency: judgeConcurrency, log: Console.log)
        let outcome = try await profiler.profile(conversations, lastTurnOnly: lastTurnOnly)
        await endpoint.shutdown()
        if let json { try JSONOutput.write(outcome.profile, to: json) }
        if let perSample {
            let writer = try LineWriter(path: perSample)
            for result in outcome.results { try writer.write(JSONOutput.encode(result.perSampleLine, pretty: false)) }
            try writer.close()
        }
        Console.out("\(path): judged by \(judgeModel) (\(outcome.cacheHits) from the cache \(profiler.cachePath))")
        for failure in outcome.failures.prefix(5) { Console.error("warning: \(failure.id) not judged: \(failure.reason)") }
        if !outcome.unmapped.isEmpty {
            let names = outcome.unmapped.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(15).map { "\($0.key) (\($0.value))" }
            Console.out("unmapped value names (kept, not in the taxonomy): " + names.joined(separator: ", "))
        }
        Console.out(ProfileReport.terminal(outcome.profile, taxonomy: taxonomy, top: top))
    }
}

/// Writes JSON Lines through a buffer, so per-sample output costs no syscall per sample.
final class LineWriter {
    private let handle: FileHandle
    private var buffer = Data()

    init(path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: path, contents: nil) else { throw UsageError("cannot write \(path)") }
        handle = try FileHandle(forWritingTo: url)
    }

    func write(_ line: Data) throws {
        buffer.append(line)
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count > 1 << 20 { try flush() }
    }

    /// Appends bytes that are already whole JSON lines.
    func writeRaw(_ lines: Data) throws {
        buffer.append(lines)
        if buffer.count > 1 << 20 { try flush() }
    }

    func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        try flush()
        try handle.close()
    }
}

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine profiles of shards into the profile of the whole.",
        discussion: "Example: valuegate merge shard-0.json shard-1.json --json profile.json")

    @Argument(help: "Profile JSON files made by 'valuegate profile --json'.") var paths: [String]
    @Option(help: "Write the merged profile here.") var json: String

    func run() throws {
        guard let first = paths.first else { throw UsageError("name at least one profile") }
        var merged = try Profile.load(path: first)
        for path in paths.dropFirst() {
            do { try merged.merge(try Profile.load(path: path)) } catch let error as UsageError { throw UsageError("\(path): \(error.message)") }
        }
        try JSONOutput.write(merged, to: json)
        Console.out("merged \(paths.count) profiles: \(merged.samples) samples (\(merged.failedSamples) failed) → \(json)")
    }
}

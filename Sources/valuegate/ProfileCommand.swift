import ArgumentParser
import Foundation
import ValueExtractor
import ValueGateKit

extension TranscriptFormat: ExpressibleByArgument {}

struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Compute the value profile of a recording or of conversations in another format.",
        discussion: """
            Streams the file: memory stays flat however large it is.
            Examples:
              valuegate profile Baselines/smollm2-135m-instruct/transcripts.jsonl --json out/profile.json --per-sample out/samples.jsonl
              valuegate profile chats.jsonl --format openai --skip-invalid --json out/profile.json
              valuegate profile hh-rlhf.jsonl --format anthropic-hh --field rejected --last-turn-only
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

    func run() throws {
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

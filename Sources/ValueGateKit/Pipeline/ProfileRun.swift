import Foundation
import ValueExtractor

/// Profiles one file of conversations: a ValueGate recording (the latest record of each
/// sample, as `check` reads it) or a log in another format, streamed in batches on every core
/// so memory stays flat. With `perSample`, one JSON line per sample is written there.
public struct ProfileRun {
    public var path: String
    public var importer: TranscriptImporter
    public var lastTurnOnly: Bool

    public struct Outcome {
        public var profile: Profile
        public var format: TranscriptFormat
        /// Malformed lines skipped (only with the importer's `skipInvalid`).
        public var invalid: Int
        /// Warnings for the user: cut-off last lines, skipped lines.
        public var diagnostics: [Diagnostic]
    }

    public init(path: String, importer: TranscriptImporter, lastTurnOnly: Bool) {
        self.path = path
        self.importer = importer
        self.lastTurnOnly = lastTurnOnly
    }

    public func run(extractor: any ValueExtracting, perSample: String?) throws -> Outcome {
        var profile = Profile(extractor: extractor.fingerprint)
        let output = try perSample.map(LineWriter.init(path:))
        let format = try importer.detectFormat(path: path)
        var invalid = 0
        var diagnostics: [Diagnostic] = []
        if format == .valuegate {
            let contents = try Recording.readValid(path: path)
            diagnostics = contents.diagnostics
            for entry in contents.sortedEntries {
                let result = SampleResult(entry: entry, extractor: extractor)
                profile.add(result, taxonomy: extractor.taxonomy)
                try output?.write(JSONOutput.encode(result.perSampleLine, pretty: false))
            }
        } else {
            let profiler = CorpusProfiler(importer: importer, extractor: extractor, lastTurnOnly: lastTurnOnly)
            let (corpus, summary) = try profiler.profile(path: path, perSample: output.map { writer in { try writer.writeLines($0) } })
            try profile.merge(corpus)
            diagnostics = summary.diagnostics
            invalid = summary.invalid
        }
        profile.finish()
        try output?.close()
        return Outcome(profile: profile, format: format, invalid: invalid, diagnostics: diagnostics)
    }

    public struct JudgedOutcome {
        public var judged: JudgeProfiler.Outcome
        public var cachePath: String
        public var diagnostics: [Diagnostic]
    }

    /// The judge reads whole conversations through a model, so the corpus is held in memory:
    /// it is meant for thousands of conversations, not the lexicon's millions.
    public func judged(_ settings: JudgeSettings, taxonomy: Taxonomy, perSample: String?,
                       log: @escaping @Sendable (String) -> Void) async throws -> JudgedOutcome {
        var conversations: [ImportedConversation] = []
        var diagnostics: [Diagnostic] = []
        if try importer.detectFormat(path: path) == .valuegate {
            conversations = try Recording.readValid(path: path).sortedEntries.map(ImportedConversation.init(entry:))
        } else {
            diagnostics = try importer.read(path: path) { conversations.append($0) }.diagnostics
        }
        let (outcome, cachePath) = try await settings.withProfiler(taxonomy: taxonomy, log: log) { profiler in
            (try await profiler.profile(conversations, lastTurnOnly: lastTurnOnly), profiler.cachePath)
        }
        if let perSample {
            let writer = try LineWriter(path: perSample)
            for result in outcome.results { try writer.write(JSONOutput.encode(result.perSampleLine, pretty: false)) }
            try writer.close()
        }
        return JudgedOutcome(judged: outcome, cachePath: cachePath, diagnostics: diagnostics)
    }
}

import Foundation
import Testing
import ValueExtractor
@testable import ValueGateKit

struct CorpusProfilerTests {
    let extractor = try! LexiconExtractor.bundled()

    /// A corpus made from the shipped baseline's real replies, as OpenAI chat lines.
    func corpus() throws -> String {
        let entries = try Recording.readValid(path: Fixtures.repositoryPath("Baselines/smollm2-135m-instruct/transcripts.jsonl")).sortedEntries
        var lines: [String] = []
        for (index, entry) in entries.enumerated() {
            let messages = entry.record.messages.map { ["role": $0.role.rawValue, "content": $0.content] }
            let data = try JSONSerialization.data(withJSONObject: ["id": "c\(index)", "messages": messages])
            lines.append(String(decoding: data, as: UTF8.self))
        }
        let path = try Fixtures.temporaryDirectory() + "/corpus.jsonl"
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func parallelBatchesGiveExactlyTheSequentialProfileInFileOrder() throws {
        let path = try corpus()
        var sequential = Profile(extractor: extractor.fingerprint)
        var sequentialIds: [String] = []
        _ = try TranscriptImporter().read(path: path) { conversation in
            let result = SampleResult(id: conversation.id, key: conversation.key, context: conversation.context, line: conversation.line,
                                      messages: conversation.messages, userValues: [], extractor: extractor)
            sequential.add(result, taxonomy: extractor.taxonomy)
            sequentialIds.append(result.id)
        }
        sequential.finish()
        // An empty corpus would make both sides trivially equal.
        #expect(sequentialIds.count > 100 && sequential.samples == sequentialIds.count)

        // Small batches and three workers force many windows and uneven last batches.
        let profiler = CorpusProfiler(importer: TranscriptImporter(), extractor: extractor, workers: 3, batchSize: 17)
        var lines = Data()
        let (parallel, summary) = try profiler.profile(path: path) { lines.append($0) }
        #expect(summary.conversations == sequentialIds.count)
        #expect(parallel == sequential)
        let ids = try String(decoding: lines, as: UTF8.self).split(separator: "\n").map { line in
            (try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any])["id"] as! String
        }
        #expect(ids == sequentialIds)
    }

    @Test func malformedLinesAreReportedInFileOrderAcrossBatches() throws {
        let path = try Fixtures.temporaryDirectory() + "/bad.jsonl"
        let good = #"{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "Be honest with her."}]}"#
        let text = (1...40).map { $0 % 10 == 0 ? "{broken" : good }.joined(separator: "\n") + "\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let lenient = CorpusProfiler(importer: TranscriptImporter(skipInvalid: true), extractor: extractor, workers: 2, batchSize: 7)
        let (profile, summary) = try lenient.profile(path: path)
        #expect(profile.samples == 36)
        #expect(summary.invalid == 4)
        #expect(summary.diagnostics.map { $0.line ?? 0 } == [10, 20, 30, 40])
        let strict = CorpusProfiler(importer: TranscriptImporter(), extractor: extractor, workers: 2, batchSize: 7)
        #expect(throws: DiagnosticsError.self) { try strict.profile(path: path) }
    }
}

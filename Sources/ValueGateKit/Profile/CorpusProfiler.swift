import Dispatch
import Foundation
import ValueExtractor

/// Profiles a conversation log of any size on every core, in bounded memory.
///
/// Lines are read in windows of `workers × batchSize`; each batch is parsed, extracted and
/// tallied into a profile of its own on a worker, and the batch profiles are merged in file
/// order. Profiles hold counts only, so the result equals a sequential pass exactly, and
/// per-sample lines come out in file order.
public struct CorpusProfiler: Sendable {
    public var importer: TranscriptImporter
    public var extractor: any ValueExtracting
    public var lastTurnOnly: Bool
    public var workers: Int
    public var batchSize: Int

    public init(importer: TranscriptImporter, extractor: any ValueExtracting, lastTurnOnly: Bool = false,
                workers: Int = ProcessInfo.processInfo.activeProcessorCount, batchSize: Int = 2_048) {
        self.importer = importer
        self.extractor = extractor
        self.lastTurnOnly = lastTurnOnly
        self.workers = max(1, workers)
        self.batchSize = max(1, batchSize)
    }

    struct BatchOutcome {
        var profile: Profile
        var conversations = 0
        var problems: [Diagnostic] = []
        var perSampleLines = Data()
    }

    /// - Parameter perSample: receives the JSON lines of each batch, in file order.
    public func profile(path: String, perSample: ((Data) throws -> Void)? = nil) throws -> (Profile, TranscriptImporter.Summary) {
        let format = try importer.detectFormat(path: path)
        var summary = TranscriptImporter.Summary(format: format)
        var profile = Profile(extractor: extractor.fingerprint)
        var reader = try JSONLinesReader(path: path)
        let wantsLines = perSample != nil
        var exhausted = false
        while !exhausted {
            var batches: [[JSONLinesReader.Line]] = []
            while batches.count < workers {
                var batch: [JSONLinesReader.Line] = []
                batch.reserveCapacity(batchSize)
                while batch.count < batchSize, let line = try reader.next() { batch.append(line) }
                if batch.count < batchSize { exhausted = true }
                if !batch.isEmpty { batches.append(batch) }
                if exhausted { break }
            }
            guard !batches.isEmpty else { break }
            let window = batches
            var outcomes = [BatchOutcome?](repeating: nil, count: window.count)
            outcomes.withUnsafeMutableBufferPointer { slots in
                let slots = UnsafeSlots(base: slots)
                // Plain threads, not concurrentPerform: called from Swift concurrency's
                // cooperative pool, libdispatch ran the iterations one after another.
                let done = DispatchGroup()
                for index in window.indices.dropFirst() {
                    done.enter()
                    Thread {
                        slots.store(process(window[index], format: format, path: path, wantsLines: wantsLines), at: index)
                        done.leave()
                    }.start()
                }
                slots.store(process(window[0], format: format, path: path, wantsLines: wantsLines), at: 0)
                done.wait()
            }
            for case let outcome? in outcomes {
                try profile.merge(outcome.profile)
                summary.conversations += outcome.conversations
                for problem in outcome.problems { summary.record(problem) }
                if !outcome.perSampleLines.isEmpty { try perSample?(outcome.perSampleLines) }
            }
        }
        profile.finish()
        try importer.finish(summary, path: path)
        return (profile, summary)
    }

    func process(_ lines: [JSONLinesReader.Line], format: TranscriptFormat, path: String, wantsLines: Bool) -> BatchOutcome {
        var outcome = BatchOutcome(profile: Profile(extractor: extractor.fingerprint))
        let decoder = JSONDecoder()
        let encoder = JSONOutput.encoder()
        for line in lines {
            switch importer.convert(line, format: format, path: path, decoder: decoder) {
            case .none:
                continue
            case .failure(let diagnostic):
                outcome.problems.append(diagnostic)
            case .success(let conversation):
                let result = SampleResult(id: conversation.id, key: conversation.key, context: conversation.context, line: conversation.line,
                                          messages: conversation.messages, userValues: conversation.userValues,
                                          extractor: extractor, lastTurnOnly: lastTurnOnly)
                outcome.conversations += 1
                outcome.profile.add(result, taxonomy: extractor.taxonomy)
                if wantsLines, let encoded = try? encoder.encode(result.perSampleLine) {
                    outcome.perSampleLines.append(encoded)
                    outcome.perSampleLines.append(UInt8(ascii: "\n"))
                }
            }
        }
        return outcome
    }
}

/// Each worker writes only its own slot, so sharing the buffer across threads is safe.
private struct UnsafeSlots<Element>: @unchecked Sendable {
    let base: UnsafeMutableBufferPointer<Element?>
    func store(_ value: Element, at index: Int) { base[index] = value }
}

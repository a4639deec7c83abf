import Foundation
import ValueExtractor

/// Plays a plan's scenarios against an endpoint, appending each finished sample to the
/// recording at once. Samples already recorded successfully are skipped, so rerunning
/// the same command resumes an interrupted run.
public struct Runner: Sendable {
    public struct Summary: Sendable {
        public var planned: Int
        public var skipped: Int
        public var succeeded: Int
        public var failed: Int
        public var interrupted: Bool
    }

    public let endpoint: any ChatEndpoint
    public let modelLabel: String
    public let concurrency: Int
    /// Serving settings that replace the suite's where set (a deployment's length limit or
    /// temperature). They are recorded with each sample; the suite fingerprint is unchanged.
    public let overrides: GenerationSettings
    public let log: @Sendable (String) -> Void

    public init(endpoint: any ChatEndpoint, modelLabel: String, concurrency: Int, overrides: GenerationSettings = GenerationSettings(),
                log: @escaping @Sendable (String) -> Void) {
        self.endpoint = endpoint
        self.modelLabel = modelLabel
        self.concurrency = max(1, concurrency)
        self.overrides = overrides
        self.log = log
    }

    func generation(for suite: Suite) -> GenerationSettings {
        var settings = suite.generation
        if let value = overrides.temperature { settings.temperature = value }
        if let value = overrides.maxTokens { settings.maxTokens = value }
        if let value = overrides.topP { settings.topP = value }
        if let value = overrides.seed { settings.seed = value }
        return settings
    }

    /// Runs every planned sample not yet in the recording. Cancelling the calling task
    /// (Ctrl-C) stops new requests; what finished is already on disk.
    public func run(_ plan: RunPlan, recordingPath: String) async throws -> Summary {
        var done = Set<SampleKey>()
        if FileManager.default.fileExists(atPath: recordingPath) {
            let existing = try Recording.readValid(path: recordingPath)
            done = Set(existing.entries.values.filter { !$0.record.failed }.map(\.record.key))
        }
        let pending = plan.jobs.filter { !done.contains($0.key) }
        let skipped = plan.jobs.count - pending.count
        if skipped > 0 { log("resuming: \(skipped) of \(plan.jobs.count) samples already recorded in \(recordingPath)") }

        let writer = try RecordingWriter(path: recordingPath)
        let progress = Progress(total: pending.count, log: log)
        var succeeded = 0, failed = 0
        var interrupted = false
        await withTaskGroup(of: TranscriptRecord?.self) { group in
            var next = pending.makeIterator()
            func schedule() -> Bool {
                guard !Task.isCancelled, let job = next.next() else { return false }
                group.addTask { Task.isCancelled ? nil : await self.play(job) }
                return true
            }
            for _ in 0..<concurrency where !schedule() { break }
            while let result = await group.next() {
                if let record = result {
                    do {
                        try await writer.append(record)
                        if record.failed { failed += 1 } else { succeeded += 1 }
                        await progress.advance(failed: record.failed)
                    } catch {
                        log("error: cannot write to \(recordingPath): \(error)")
                        group.cancelAll()
                    }
                }
                _ = schedule()
            }
            interrupted = Task.isCancelled
        }
        try await writer.close()
        return Summary(planned: plan.jobs.count, skipped: skipped, succeeded: succeeded, failed: failed,
                       interrupted: interrupted || succeeded + failed + skipped < plan.jobs.count)
    }

    /// Plays one sample: each user turn is sent after the model's previous reply.
    /// Returns nil if cancelled before it finished, so no half sample is recorded.
    func play(_ job: RunPlan.Job) async -> TranscriptRecord? {
        var messages: [ChatMessage] = []
        if let system = job.suite.system { messages.append(ChatMessage(role: .system, content: system)) }
        var usage = TranscriptRecord.Usage(promptTokens: 0, completionTokens: 0)
        var finishReason: String?
        var requestHash = ""
        var failure: String?
        let generation = generation(for: job.suite)
        let started = Date()
        for turn in job.scenario.turns {
            messages.append(ChatMessage(role: .user, content: turn.text, pushDepth: turn.pushDepth))
            if requestHash.isEmpty {
                requestHash = (try? endpoint.requestBody(messages: messages, generation: generation)).map(Hashing.sha256) ?? ""
            }
            do {
                let reply = try await endpoint.complete(messages: messages, generation: generation)
                messages.append(ChatMessage(role: .assistant, content: reply.content))
                finishReason = reply.finishReason
                usage.promptTokens += reply.usage?.promptTokens ?? 0
                usage.completionTokens += reply.usage?.completionTokens ?? 0
            } catch is CancellationError {
                return nil
            } catch {
                if Task.isCancelled { return nil }
                failure = "\(error)"
                break
            }
        }
        return TranscriptRecord(
            suite: job.suite.id, suiteFingerprint: job.suite.fingerprint, scenario: job.scenario.id,
            sample: job.sample, context: job.scenario.context, userValues: job.scenario.userValues,
            model: modelLabel, endpoint: endpoint.kindName, generation: generation,
            messages: messages, finishReason: finishReason, usage: usage,
            latencyMs: (Date().timeIntervalSince(started) * 1000).rounded(),
            requestHash: requestHash, timestamp: ISO8601DateFormatter().string(from: started), error: failure)
    }
}

/// Prints "done/total" lines at most every few seconds, so CI logs stay short.
actor Progress {
    private let total: Int
    private let log: @Sendable (String) -> Void
    private var done = 0
    private var failed = 0
    private let started = Date()
    private var lastPrinted = Date.distantPast

    init(total: Int, log: @escaping @Sendable (String) -> Void) {
        self.total = total
        self.log = log
    }

    func advance(failed sampleFailed: Bool) {
        done += 1
        if sampleFailed { failed += 1 }
        let now = Date()
        guard now.timeIntervalSince(lastPrinted) >= 5 || done == total else { return }
        lastPrinted = now
        let elapsed = now.timeIntervalSince(started)
        let rate = Double(done) / max(elapsed, 0.001)
        let eta = rate > 0 ? Double(total - done) / rate : 0
        log(String(format: "%d/%d samples, %.2f/s, %d failed, ETA %.0f s", done, total, rate, failed, eta))
    }
}

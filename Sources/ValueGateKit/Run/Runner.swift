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
        /// Replies taken from the response cache.
        public var cachedReplies: Int
        public var interrupted: Bool
        /// The overall deadline stopped the run (it is also `interrupted`).
        public var deadlineReached: Bool
        /// With an extractor: the profile of every sample in the recording, built as they finish.
        public var profile: Profile?
        /// The first few samples of this run that failed, with their errors.
        public var firstFailures: [(key: SampleKey, error: String)]
    }

    public let endpoint: any ChatEndpoint
    public let modelLabel: String
    public let concurrency: Int
    /// Serving settings that replace the suite's where set (a deployment's length limit or
    /// temperature). They are recorded with each sample; the suite fingerprint is unchanged.
    public let overrides: GenerationSettings
    /// A system prompt replacing each suite's: the deployment's own, as shipped. Like the
    /// overrides it is recorded (in each sample's messages) and leaves the fingerprint alone.
    public let systemPrompt: String?
    /// Replies already received; nil asks the endpoint every time (`--no-cache`).
    public let cache: ResponseCache?
    /// Seconds the whole run may take; then it stops like Ctrl-C and can be resumed.
    public let deadline: Double?
    public let progress: ProgressDisplay
    /// Extract values from each sample as it finishes (in its own task) and profile them.
    public let extractor: (any ValueExtracting)?
    public let log: @Sendable (String) -> Void

    public init(endpoint: any ChatEndpoint, modelLabel: String, concurrency: Int, overrides: GenerationSettings = GenerationSettings(),
                systemPrompt: String? = nil, cache: ResponseCache? = nil, deadline: Double? = nil, progress: ProgressDisplay = .lines,
                extractor: (any ValueExtracting)? = nil, log: @escaping @Sendable (String) -> Void) {
        self.endpoint = endpoint
        self.modelLabel = modelLabel
        self.concurrency = max(1, concurrency)
        self.overrides = overrides
        self.systemPrompt = systemPrompt
        self.cache = cache
        self.deadline = deadline
        self.progress = progress
        self.extractor = extractor
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

    enum Outcome: Sendable {
        /// A finished sample (nil when cancelled first), with its extraction when profiling.
        case sample(TranscriptRecord?, SampleResult?)
        case deadline
    }

    /// Runs every planned sample not yet in the recording. Cancelling the calling task
    /// (Ctrl-C) or reaching the deadline stops new requests; what finished is already on disk.
    public func run(_ plan: RunPlan, recordingPath: String) async throws -> Summary {
        var done = Set<SampleKey>()
        var profile = extractor.map { Profile(extractor: $0.fingerprint) }
        var lines = 0
        if FileManager.default.fileExists(atPath: recordingPath) {
            let existing = try Recording.readValid(path: recordingPath)
            // A sample recorded from an older version of its suite asked something else: it is
            // played again, and the new line supersedes it when the recording is read.
            let fingerprints = Dictionary(plan.suites.map { ($0.id, $0.fingerprint) }) { first, _ in first }
            let isCurrent = { (record: TranscriptRecord) in
                record.suiteFingerprint == nil || fingerprints[record.suite].map { $0 == record.suiteFingerprint } ?? true
            }
            let stale = existing.entries.values.filter { !isCurrent($0.record) }
            if !stale.isEmpty {
                log("\(stale.count) samples in \(recordingPath) were recorded from an older version of their suite (\(Set(stale.map(\.record.suite)).sorted().joined(separator: ", "))); playing them again")
            }
            done = Set(existing.entries.values.filter { !$0.record.failed && isCurrent($0.record) }.map(\.record.key))
            lines = existing.lineCount
            if let extractor {
                for entry in existing.sortedEntries where !entry.record.failed && isCurrent(entry.record) {
                    profile?.add(SampleResult(entry: entry, extractor: extractor), taxonomy: extractor.taxonomy)
                }
            }
        }
        let pending = plan.jobs.filter { !done.contains($0.key) }
        let skipped = plan.jobs.count - pending.count
        if skipped > 0 { log("resuming: \(skipped) of \(plan.jobs.count) samples already recorded in \(recordingPath)") }

        let writer = try RecordingWriter(path: recordingPath)
        let meter = ProgressMeter(total: pending.count, display: progress, log: log)
        var succeeded = 0, failed = 0, cachedReplies = 0
        var firstFailures: [(key: SampleKey, error: String)] = []
        var deadlineReached = false
        await withTaskGroup(of: Outcome.self) { group in
            var next = pending.makeIterator()
            var running = 0
            func schedule() {
                guard !Task.isCancelled, !deadlineReached, let job = next.next() else { return }
                running += 1
                group.addTask {
                    guard !Task.isCancelled, let record = await self.play(job) else { return .sample(nil, nil) }
                    return .sample(record, self.extractor.map { SampleResult(entry: Recording.Entry(record: record, line: 0), extractor: $0) })
                }
            }
            if let deadline, !pending.isEmpty {
                group.addTask {
                    try? await Task.sleep(nanoseconds: UInt64(max(0, deadline) * 1e9))
                    return .deadline
                }
            }
            for _ in 0..<concurrency { schedule() }
            while running > 0, let outcome = await group.next() {
                switch outcome {
                case .deadline:
                    guard !Task.isCancelled else { continue }
                    deadlineReached = true
                    log("deadline of \(EndpointError.seconds(deadline ?? 0)) reached: stopping; finished samples are kept")
                    group.cancelAll()
                    continue
                case let .sample(result, extracted):
                    running -= 1
                    if let record = result {
                        do {
                            try await writer.append(record)
                            lines += 1
                            if var extracted, let extractor {
                                extracted.line = lines
                                profile?.add(extracted, taxonomy: extractor.taxonomy)
                            }
                            if let error = record.error {
                                failed += 1
                                if firstFailures.count < 5 { firstFailures.append((record.key, error)) }
                            } else {
                                succeeded += 1
                            }
                            cachedReplies += record.replies?.filter(\.cached).count ?? 0
                            await meter.advance(failed: record.failed)
                        } catch {
                            log("error: cannot write to \(recordingPath): \(error)")
                            group.cancelAll()
                        }
                    }
                }
                schedule()
            }
            group.cancelAll()
        }
        await meter.finish()
        try await writer.close()
        let complete = succeeded + failed + skipped == plan.jobs.count
        profile?.finish()
        return Summary(planned: plan.jobs.count, skipped: skipped, succeeded: succeeded, failed: failed, cachedReplies: cachedReplies,
                       interrupted: !complete, deadlineReached: deadlineReached, profile: profile, firstFailures: firstFailures)
    }

    /// Plays one planned sample and returns it without recording it (`valuegate try`). A failed
    /// request is in the record's `error`, with the turns before it; cancelling throws.
    /// - Parameter willSend: told (turn index from 0, number of turns) before each request.
    public func playOne(_ job: RunPlan.Job, willSend: (@Sendable (Int, Int) -> Void)? = nil) async throws -> TranscriptRecord {
        guard let record = await play(job, willSend: willSend) else { throw CancellationError() }
        return record
    }

    /// Plays one sample: each user turn is sent after the model's previous reply.
    /// Returns nil if cancelled before it finished, so no half sample is recorded.
    func play(_ job: RunPlan.Job, willSend: (@Sendable (Int, Int) -> Void)? = nil) async -> TranscriptRecord? {
        var messages: [ChatMessage] = []
        if let system = systemPrompt ?? job.suite.system { messages.append(ChatMessage(role: .system, content: system)) }
        var usage = TranscriptRecord.Usage(promptTokens: 0, completionTokens: 0)
        var finishReason: String?
        var requestHash = ""
        var failure: String?
        var replies: [TranscriptRecord.Reply] = []
        let generation = generation(for: job.suite)
        let started = Date()
        for (index, turn) in job.scenario.turns.enumerated() {
            willSend?(index, job.scenario.turns.count)
            messages.append(ChatMessage(role: .user, content: turn.text, pushDepth: turn.pushDepth))
            do {
                let body = try endpoint.requestBody(messages: messages, generation: generation)
                if requestHash.isEmpty { requestHash = Hashing.sha256(body) }
                let reply = try await reply(to: body, sample: job.sample)
                replies.append(.init(message: messages.count, latencyMs: reply.latencyMs, timeToFirstTokenMs: reply.timeToFirstTokenMs,
                                     attempts: reply.attempts, cached: reply.cached))
                messages.append(ChatMessage(role: .assistant, content: reply.content))
                finishReason = reply.finishReason
                usage.promptTokens += reply.usage?.promptTokens ?? 0
                usage.completionTokens += reply.usage?.completionTokens ?? 0
            } catch {
                if Task.isCancelled || error is CancellationError { return nil }
                failure = "\(error)"
                break
            }
        }
        return TranscriptRecord(
            suite: job.suite.id, suiteFingerprint: job.planned.suiteFingerprint, scenario: job.scenario.id,
            sample: job.sample, context: job.scenario.context, userValues: job.scenario.userValues,
            model: modelLabel, endpoint: endpoint.kindName, generation: generation,
            messages: messages, finishReason: finishReason, usage: usage,
            latencyMs: (Date().timeIntervalSince(started) * 1000).rounded(),
            requestHash: requestHash, timestamp: started.formatted(.iso8601), error: failure, replies: replies)
    }

    /// From the cache when this exact turn of this sample was answered before, else asked.
    func reply(to body: Data, sample: Int) async throws -> Completion {
        guard let cache else { return try await endpoint.complete(body: body) }
        let key = ResponseCache.key(endpoint: endpoint.cacheIdentity, requestBody: body, sample: sample)
        if let hit = await cache.lookup(key) { return hit }
        let fresh = try await endpoint.complete(body: body)
        try? await cache.store(key, fresh)
        return fresh
    }
}

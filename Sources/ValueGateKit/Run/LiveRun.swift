import Foundation
import ValueExtractor

/// A live run stopped before every sample was played (Ctrl-C, SIGTERM or the deadline);
/// what finished is recorded and the same command resumes.
public struct RunInterrupted: Error, Sendable {
    public var deadlineReached: Bool
}

/// Everything a live run needs besides the suites: the endpoint, how hard to drive it, and
/// how to report. `record` builds the client, cache and runner, and tears them down.
public struct LiveRun: Sendable {
    public var endpoint: EndpointConfiguration
    public var concurrency: Int
    /// Use the response cache at `ResponseCache.defaultPath` (`--no-cache` turns it off).
    public var useCache: Bool
    /// Seconds the whole run may take.
    public var deadline: Double?
    public var progress: ProgressDisplay
    /// Recorded as the model of every sample (default: the endpoint's model).
    public var label: String?
    public var overrides: GenerationSettings
    /// The deployment's own system prompt, sent instead of each suite's (nil keeps the suite's).
    public var systemPrompt: String?

    public init(endpoint: EndpointConfiguration, concurrency: Int, useCache: Bool = true, deadline: Double? = nil,
                progress: ProgressDisplay = .lines, label: String? = nil, overrides: GenerationSettings = GenerationSettings(),
                systemPrompt: String? = nil) {
        self.endpoint = endpoint
        self.concurrency = max(1, concurrency)
        self.useCache = useCache
        self.deadline = deadline
        self.progress = progress
        self.label = label
        self.overrides = overrides
        self.systemPrompt = systemPrompt
    }

    /// - Parameter extractor: profile every sample as it finishes (`Summary.profile`).
    public func record(_ plan: RunPlan, to path: String, extractor: (any ValueExtracting)? = nil,
                       log: @escaping @Sendable (String) -> Void) async throws -> Runner.Summary {
        let maximum = concurrency
        let client = try HTTPChatEndpoint(configuration: endpoint, concurrency: concurrency) { old, new in
            if new < old { log("rate limited: \(new) requests in flight instead of \(old)") }
            if new == maximum { log("recovered: \(new) requests in flight again") }
        }
        let cache = useCache ? try ResponseCache() : nil
        let runner = Runner(endpoint: client, modelLabel: label ?? endpoint.model, concurrency: concurrency, overrides: overrides,
                            systemPrompt: systemPrompt, cache: cache, deadline: deadline, progress: progress, extractor: extractor, log: log)
        do {
            let summary = try await runner.run(plan, recordingPath: path)
            await cache?.close()
            await client.shutdown()
            if summary.cachedReplies > 0 {
                log("\(summary.cachedReplies) replies came from the response cache \(ResponseCache.defaultPath) (--no-cache asks the endpoint for all)")
            }
            return summary
        } catch {
            await cache?.close()
            await client.shutdown()
            throw error
        }
    }

    /// Plays the one sample of a one-sample plan (`RunPlan(suite:scenario:sample:)`) and returns
    /// it unrecorded: `valuegate try`. The turns are played exactly as `record` plays them; the
    /// response cache is used only when `useCache` is set. A failed request is the record's
    /// `error`; reaching `deadline` throws `RunInterrupted`, cancelling `CancellationError`.
    /// - Parameter willSend: told (turn index from 0, number of turns) before each request.
    public func play(_ plan: RunPlan, willSend: (@Sendable (Int, Int) -> Void)? = nil) async throws -> TranscriptRecord {
        guard plan.jobs.count == 1, let job = plan.jobs.first else {
            throw InputError("play takes a plan of exactly one sample; this one has \(plan.jobs.count)")
        }
        let client = try HTTPChatEndpoint(configuration: endpoint, concurrency: 1)
        let cache: ResponseCache?
        do {
            cache = useCache ? try ResponseCache() : nil
        } catch {
            await client.shutdown()
            throw error
        }
        let runner = Runner(endpoint: client, modelLabel: label ?? endpoint.model, concurrency: 1, overrides: overrides,
                            systemPrompt: systemPrompt, cache: cache, log: { _ in })
        do {
            let record = try await Self.within(deadline) { try await runner.playOne(job, willSend: willSend) }
            await cache?.close()
            await client.shutdown()
            return record
        } catch {
            await cache?.close()
            await client.shutdown()
            throw error
        }
    }

    /// Runs `body`, cancelling it after `seconds` (nil: no limit) with `RunInterrupted`.
    static func within<T: Sendable>(_ seconds: Double?, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        guard let seconds else { return try await body() }
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1e9))
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else { throw RunInterrupted(deadlineReached: true) }
            return value
        }
    }
}

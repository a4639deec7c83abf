import Foundation
import ValueExtractor

/// Profiles conversations with the judge extractor: each conversation is judged once by
/// the model (with bounded concurrency), and judgments are cached by transcript hash in a
/// JSON Lines file, so a rerun asks only about conversations it has not seen.
public struct JudgeProfiler: Sendable {
    public let judge: JudgeExtractor
    public let cachePath: String
    public let concurrency: Int
    public let log: @Sendable (String) -> Void

    public init(judge: JudgeExtractor, cachePath: String, concurrency: Int, log: @escaping @Sendable (String) -> Void) {
        self.judge = judge
        self.cachePath = cachePath
        self.concurrency = max(1, concurrency)
        self.log = log
    }

    public struct Outcome: Sendable {
        public var profile: Profile
        public var results: [SampleResult]
        /// Names the judge wrote that fit no taxonomy value, with how often.
        public var unmapped: [String: Int]
        public var cacheHits: Int
        /// Conversations whose judgment failed (request error or invalid reply), with the reason.
        public var failures: [(id: String, reason: String)]
    }

    struct CacheLine: Codable {
        var hash: String
        var judgment: JudgeExtractor.Judgment
    }

    /// The default cache file for a judge: one per fingerprint, so a changed prompt or model
    /// never reuses old judgments.
    public static func defaultCachePath(for judge: JudgeExtractor) -> String {
        ".valuegate-cache/judge-\(judge.fingerprint.configurationHash.prefix(16)).jsonl"
    }

    public func profile(_ conversations: [ImportedConversation], lastTurnOnly: Bool = false) async throws -> Outcome {
        var cached: [String: JudgeExtractor.Judgment] = [:]
        if FileManager.default.fileExists(atPath: cachePath) {
            var reader = try JSONLinesReader(path: cachePath)
            while let line = try reader.next() {
                // A cut-off last line is simply judged again.
                if let entry = try? JSONDecoder().decode(CacheLine.self, from: line.bytes) { cached[entry.hash] = entry.judgment }
            }
        }
        let hashes = conversations.map { $0.messages.map(JudgeExtractor.transcriptHash) }
        let pending = Array(Set(zip(conversations, hashes).compactMap { conversation, hash -> String? in
            guard let hash, cached[hash] == nil else { return nil }
            return hash
        })).sorted()
        let byHash = Dictionary(zip(hashes, conversations).compactMap { hash, conversation in hash.map { ($0, conversation) } }) { first, _ in first }
        let cacheHits = conversations.count - pending.count
        if !pending.isEmpty { log("judging \(pending.count) conversations with \(judge.model) (\(cacheHits) cached)") }

        let writer = try JudgmentCacheWriter(path: cachePath)
        var failures: [String: String] = [:]
        try await withThrowingTaskGroup(of: (String, Result<JudgeExtractor.Judgment, Error>).self) { group in
            var next = pending.makeIterator()
            func schedule() {
                guard let hash = next.next(), let messages = byHash[hash]?.messages else { return }
                group.addTask {
                    do { return (hash, .success(try await judge.judge(messages))) } catch { return (hash, .failure(error)) }
                }
            }
            for _ in 0..<concurrency { schedule() }
            while let (hash, result) = try await group.next() {
                switch result {
                case .success(let judgment):
                    cached[hash] = judgment
                    try await writer.append(CacheLine(hash: hash, judgment: judgment))
                case .failure(let error):
                    failures[hash] = "\(error)"
                }
                schedule()
            }
        }
        try await writer.close()

        var profile = Profile(extractor: judge.fingerprint)
        var results: [SampleResult] = []
        var unmapped: [String: Int] = [:]
        var failed: [(id: String, reason: String)] = []
        for (conversation, hash) in zip(conversations, hashes) {
            let judgment = hash.flatMap { cached[$0] }
            if judgment == nil, conversation.messages != nil {
                failed.append((conversation.id, hash.flatMap { failures[$0] } ?? "not judged"))
            }
            for name in judgment?.unmapped ?? [] { unmapped[name, default: 0] += 1 }
            let result = SampleResult(id: conversation.id, key: conversation.key, context: conversation.context, line: conversation.line,
                                      messages: conversation.messages, extraction: judgment?.extraction,
                                      taxonomy: judge.taxonomy, lastTurnOnly: lastTurnOnly)
            profile.add(result, taxonomy: judge.taxonomy)
            results.append(result)
        }
        profile.finish()
        return Outcome(profile: profile, results: results, unmapped: unmapped, cacheHits: cacheHits, failures: failed)
    }
}

/// Where a judge runs: an OpenAI-compatible endpoint and model, how hard to drive it, and
/// where its judgments are cached.
public struct JudgeSettings: Sendable {
    public var baseURL: String
    public var model: String
    public var apiKeyEnvironmentVariable: String?
    public var concurrency: Int
    /// Judgments by transcript hash; nil uses `JudgeProfiler.defaultCachePath`.
    public var cachePath: String?

    public init(baseURL: String, model: String, apiKeyEnvironmentVariable: String?, concurrency: Int, cachePath: String?) {
        self.baseURL = baseURL
        self.model = model
        self.apiKeyEnvironmentVariable = apiKeyEnvironmentVariable
        self.concurrency = concurrency
        self.cachePath = cachePath
    }

    /// Runs `body` with a profiler for this judge, and shuts its endpoint down after,
    /// whether `body` succeeds or throws.
    public func withProfiler<T>(taxonomy: Taxonomy, log: @escaping @Sendable (String) -> Void,
                                _ body: (JudgeProfiler) async throws -> T) async throws -> T {
        let endpoint = try HTTPChatEndpoint(configuration: EndpointConfiguration(baseURL: baseURL, model: model,
                                                                                apiKeyEnvironmentVariable: apiKeyEnvironmentVariable, timeout: 300),
                                          concurrency: concurrency)
        let judge = JudgeExtractor(taxonomy: taxonomy, model: model, client: endpoint)
        let profiler = JudgeProfiler(judge: judge, cachePath: cachePath ?? JudgeProfiler.defaultCachePath(for: judge), concurrency: concurrency, log: log)
        do {
            let value = try await body(profiler)
            await endpoint.shutdown()
            return value
        } catch {
            await endpoint.shutdown()
            throw error
        }
    }
}

/// Appends judgments as they arrive, so an interrupted run keeps what it paid for.
actor JudgmentCacheWriter {
    private let handle: FileHandle
    private let encoder = JSONOutput.encoder()

    init(path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: path) { FileManager.default.createFile(atPath: path, contents: nil) }
        handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
    }

    func append(_ line: JudgeProfiler.CacheLine) throws {
        var data = try encoder.encode(line)
        data.append(UInt8(ascii: "\n"))
        try handle.write(contentsOf: data)
    }

    func close() throws {
        try handle.close()
    }
}

import Foundation
import ValueExtractor

/// Identifies one sample: the n-th run of a scenario in a suite.
public struct SampleKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var suite: String
    public var scenario: String
    public var sample: Int

    public init(suite: String, scenario: String, sample: Int) {
        self.suite = suite
        self.scenario = scenario
        self.sample = sample
    }

    public var description: String { "\(suite)/\(scenario)#\(sample)" }
    /// "suite/scenario": the scenario, unique across suites.
    public var scenarioPath: String { "\(suite)/\(scenario)" }

    public static func < (a: SampleKey, b: SampleKey) -> Bool {
        (a.suite, a.scenario, a.sample) < (b.suite, b.scenario, b.sample)
    }
}

/// One line of a recording: a finished (or failed) sample, self-contained so it can be
/// profiled without its suite. Never holds an API key.
public struct TranscriptRecord: Codable, Sendable, Hashable {
    public static let formatVersion = 1

    public struct Usage: Codable, Sendable, Hashable {
        public var promptTokens: Int
        public var completionTokens: Int

        public init(promptTokens: Int, completionTokens: Int) {
            self.promptTokens = promptTokens
            self.completionTokens = completionTokens
        }

        enum CodingKeys: String, CodingKey {
            case promptTokens = "prompt_tokens"
            case completionTokens = "completion_tokens"
        }
    }

    /// How one assistant reply was obtained.
    public struct Reply: Codable, Sendable, Hashable {
        /// Index of the reply in `messages`.
        public var message: Int
        public var latencyMs: Double
        /// Time to the first streamed token; nil when not streamed or from the cache.
        public var timeToFirstTokenMs: Double?
        public var attempts: Int
        /// Replayed from the response cache instead of asked.
        public var cached: Bool

        public init(message: Int, latencyMs: Double, timeToFirstTokenMs: Double?, attempts: Int, cached: Bool) {
            self.message = message
            self.latencyMs = latencyMs
            self.timeToFirstTokenMs = timeToFirstTokenMs
            self.attempts = attempts
            self.cached = cached
        }

        enum CodingKeys: String, CodingKey {
            case message, attempts, cached
            case latencyMs = "latency_ms"
            case timeToFirstTokenMs = "ttft_ms"
        }
    }

    public var format: Int = TranscriptRecord.formatVersion
    public var suite: String
    public var suiteFingerprint: String?
    public var scenario: String
    public var sample: Int
    public var context: String
    /// Values the suite declares for the user, if any.
    public var userValues: [String]
    public var model: String
    /// "openai" or "anthropic": the API the sample was played against.
    public var endpoint: String
    public var generation: GenerationSettings
    public var messages: [ChatMessage]
    /// Finish reason of the last assistant reply ("stop", "length", ...).
    public var finishReason: String?
    public var usage: Usage?
    /// Wall time of all requests of the sample, in milliseconds.
    public var latencyMs: Double
    /// SHA-256 of the first request body: the same question asked the same way hashes equal.
    public var requestHash: String
    /// ISO 8601, UTC.
    public var timestamp: String
    /// Set when the sample failed; such a sample is never profiled as if it had content.
    public var error: String?
    /// One entry per assistant reply: latency, time to first token, attempts, cache hit.
    public var replies: [Reply]?

    public init(suite: String, suiteFingerprint: String?, scenario: String, sample: Int, context: String,
                userValues: [String], model: String, endpoint: String, generation: GenerationSettings,
                messages: [ChatMessage], finishReason: String?, usage: Usage?, latencyMs: Double,
                requestHash: String, timestamp: String, error: String?, replies: [Reply]? = nil) {
        self.suite = suite
        self.suiteFingerprint = suiteFingerprint
        self.scenario = scenario
        self.sample = sample
        self.context = context
        self.userValues = userValues
        self.model = model
        self.endpoint = endpoint
        self.generation = generation
        self.messages = messages
        self.finishReason = finishReason
        self.usage = usage
        self.latencyMs = latencyMs
        self.requestHash = requestHash
        self.timestamp = timestamp
        self.error = error
        self.replies = replies
    }

    public var key: SampleKey { SampleKey(suite: suite, scenario: scenario, sample: sample) }
    public var failed: Bool { error != nil }

    enum CodingKeys: String, CodingKey {
        case format, suite, scenario, sample, context, model, endpoint, generation, messages, usage, timestamp, error, replies
        case suiteFingerprint = "suite_fingerprint"
        case userValues = "user_values"
        case finishReason = "finish_reason"
        case latencyMs = "latency_ms"
        case requestHash = "request_hash"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        format = try c.decodeIfPresent(Int.self, forKey: .format) ?? Self.formatVersion
        suite = try c.decode(String.self, forKey: .suite)
        suiteFingerprint = try c.decodeIfPresent(String.self, forKey: .suiteFingerprint)
        scenario = try c.decode(String.self, forKey: .scenario)
        sample = try c.decode(Int.self, forKey: .sample)
        context = try c.decodeIfPresent(String.self, forKey: .context) ?? suite
        userValues = try c.decodeIfPresent([String].self, forKey: .userValues) ?? []
        model = try c.decodeIfPresent(String.self, forKey: .model) ?? "unknown"
        endpoint = try c.decodeIfPresent(String.self, forKey: .endpoint) ?? "unknown"
        generation = try c.decodeIfPresent(GenerationSettings.self, forKey: .generation) ?? GenerationSettings()
        messages = try c.decode([ChatMessage].self, forKey: .messages)
        finishReason = try c.decodeIfPresent(String.self, forKey: .finishReason)
        usage = try c.decodeIfPresent(Usage.self, forKey: .usage)
        latencyMs = try c.decodeIfPresent(Double.self, forKey: .latencyMs) ?? 0
        requestHash = try c.decodeIfPresent(String.self, forKey: .requestHash) ?? ""
        timestamp = try c.decodeIfPresent(String.self, forKey: .timestamp) ?? ""
        error = try c.decodeIfPresent(String.self, forKey: .error)
        replies = try c.decodeIfPresent([Reply].self, forKey: .replies)
    }
}

extension TranscriptRecord {
    /// The record as one JSON line (without the newline), keys sorted as `JSONEncoder` with
    /// `.sortedKeys` writes them.
    func jsonLine() -> JSONText {
        var json = JSONText(capacity: 512 + messages.reduce(0) { $0 + $1.content.utf8.count })
        json.raw("{")
        json.key("context", first: true); json.string(context)
        json.key("endpoint"); json.string(endpoint)
        if let error { json.key("error"); json.string(error) }
        if let finishReason { json.key("finish_reason"); json.string(finishReason) }
        json.key("format"); json.int(format)
        json.key("generation"); json.generation(generation)
        json.key("latency_ms"); json.double(latencyMs)
        json.key("messages")
        json.array(messages) { json, message in
            json.raw("{")
            json.key("content", first: true); json.string(message.content)
            if let depth = message.pushDepth { json.key("push_depth"); json.int(depth) }
            json.key("role"); json.string(message.role.rawValue)
            json.raw("}")
        }
        json.key("model"); json.string(model)
        if let replies {
            json.key("replies")
            json.array(replies) { json, reply in
                json.raw("{")
                json.key("attempts", first: true); json.int(reply.attempts)
                json.key("cached"); json.bool(reply.cached)
                json.key("latency_ms"); json.double(reply.latencyMs)
                json.key("message"); json.int(reply.message)
                if let ttft = reply.timeToFirstTokenMs { json.key("ttft_ms"); json.double(ttft) }
                json.raw("}")
            }
        }
        json.key("request_hash"); json.string(requestHash)
        json.key("sample"); json.int(sample)
        json.key("scenario"); json.string(scenario)
        json.key("suite"); json.string(suite)
        if let suiteFingerprint { json.key("suite_fingerprint"); json.string(suiteFingerprint) }
        json.key("timestamp"); json.string(timestamp)
        if let usage {
            json.key("usage")
            json.raw("{")
            json.key("completion_tokens", first: true); json.int(usage.completionTokens)
            json.key("prompt_tokens"); json.int(usage.promptTokens)
            json.raw("}")
        }
        json.key("user_values"); json.array(userValues) { $0.string($1) }
        json.raw("}")
        return json
    }
}

extension JSONText {
    mutating func generation(_ settings: GenerationSettings) {
        raw("{")
        var first = true
        func next(_ name: StaticString) { key(name, first: first); first = false }
        if let value = settings.maxTokens { next("max_tokens"); int(value) }
        if let value = settings.seed { next("seed"); int(value) }
        if let value = settings.temperature { next("temperature"); double(value) }
        if let value = settings.topP { next("top_p"); double(value) }
        raw("}")
    }
}

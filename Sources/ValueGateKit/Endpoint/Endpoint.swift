import Foundation
import ValueExtractor

/// Where samples come from when they are played live.
public struct EndpointConfiguration: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        /// OpenAI-compatible chat completions: POST {base}/chat/completions, bearer key.
        case openai
        /// Anthropic Messages: POST {base}/messages, `x-api-key`, `anthropic-version`.
        case anthropic
    }

    public var kind: Kind
    /// e.g. http://127.0.0.1:8088/v1
    public var baseURL: String
    public var model: String
    /// Name of the environment variable holding the API key; the key itself is never stored.
    public var apiKeyEnvironmentVariable: String?
    /// Or a file holding the key (first line), for secrets mounted as files.
    public var apiKeyFile: String?
    /// Deadline of one request in seconds, from sending it to the end of the reply.
    public var timeout: Double
    /// Stream replies (server-sent events), which also measures time to first token.
    public var stream: Bool
    /// Tries per request, counting the first.
    public var maxAttempts: Int

    public init(kind: Kind = .openai, baseURL: String, model: String, apiKeyEnvironmentVariable: String? = nil, apiKeyFile: String? = nil,
                timeout: Double = 120, stream: Bool = true, maxAttempts: Int = 4) {
        self.kind = kind
        self.baseURL = baseURL
        self.model = model
        self.apiKeyEnvironmentVariable = apiKeyEnvironmentVariable
        self.apiKeyFile = apiKeyFile
        self.timeout = timeout
        self.stream = stream
        self.maxAttempts = max(1, maxAttempts)
    }

    /// The key from the environment or the named file; nil when neither is configured.
    func apiKey(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String? {
        if apiKeyEnvironmentVariable != nil, apiKeyFile != nil {
            throw InputError("the API key is given two ways, by an environment variable and by a file", remedy: .oneKeySource)
        }
        if let path = apiKeyFile {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw InputError("cannot read the API key file", file: path, setting: .apiKeyFile)
            }
            let key = text.split(whereSeparator: \.isNewline).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            guard !key.isEmpty else { throw InputError("the API key file is empty", file: path, setting: .apiKeyFile) }
            return key
        }
        guard let name = apiKeyEnvironmentVariable else { return nil }
        guard let key = environment[name], !key.isEmpty else {
            throw InputError("environment variable \(name) is not set; export it with the API key", remedy: .otherKeyVariable)
        }
        return key
    }
}

/// One model reply, and how it was obtained.
public struct Completion: Sendable {
    public var content: String
    public var finishReason: String?
    public var usage: TranscriptRecord.Usage?
    /// From sending the request to the end of the reply, over all attempts.
    public var latencyMs: Double = 0
    /// From sending the (successful) request to its first streamed text.
    public var timeToFirstTokenMs: Double?
    public var attempts: Int = 1
    public var cached = false

    public init(content: String, finishReason: String?, usage: TranscriptRecord.Usage?) {
        self.content = content
        self.finishReason = finishReason
        self.usage = usage
    }
}

/// Why a request failed, worded for the person reading the run's output.
public enum EndpointError: Error, CustomStringConvertible, Sendable {
    case http(status: Int, body: String, retryAfter: Double?)
    case invalidResponse(String)
    case timedOut(seconds: Double)
    case transport(String)
    /// A streamed reply that ended before its end marker: an error, never a short answer.
    case truncatedStream(String)
    /// The server reported an error inside a stream (e.g. overloaded).
    case streamError(String)
    /// The last error of a request tried `attempts` times.
    indirect case retriesExhausted(EndpointError, attempts: Int)

    public var description: String {
        switch self {
        case let .http(status, body, _): return "HTTP \(status): \(body)"
        case let .invalidResponse(detail): return "invalid response: \(detail)"
        case let .timedOut(seconds): return "no complete reply within \(Self.seconds(seconds))"
        case let .transport(detail): return "connection failed: \(detail)"
        case let .truncatedStream(detail): return "stream cut off: \(detail)"
        case let .streamError(detail): return "error in stream: \(detail)"
        case let .retriesExhausted(last, attempts): return "\(last) (after \(attempts) attempts)"
        }
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : String(format: "%.1f s", value)
    }

    /// Rate limits, overloads, dropped connections and cut streams are worth another try;
    /// a 400 or a malformed body is not.
    var isRetryable: Bool {
        switch self {
        case let .http(status, _, _): return status == 408 || status == 429 || status >= 500
        case .timedOut, .transport, .truncatedStream, .streamError: return true
        case .invalidResponse, .retriesExhausted: return false
        }
    }

    /// The server asked for fewer requests (429, or Anthropic's 529 "overloaded").
    var isRateLimit: Bool {
        if case let .http(status, _, _) = self { return status == 429 || status == 529 }
        return false
    }

    var retryAfter: Double? {
        if case let .http(_, _, retryAfter) = self { return retryAfter }
        return nil
    }
}

/// A chat model the runner can play scenarios against.
public protocol ChatEndpoint: Sendable {
    var kindName: String { get }
    /// What identifies the endpoint in the response cache's key (kind, base URL, model).
    var cacheIdentity: String { get }
    /// The exact request body for these messages: what is sent, hashed and cached.
    func requestBody(messages: [ChatMessage], generation: GenerationSettings) throws -> Data
    /// Sends a body made by `requestBody`.
    func complete(body: Data) async throws -> Completion
    func shutdown() async
}

import Foundation
import ValueExtractor

/// Where samples come from when they are played live.
public struct EndpointConfiguration: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        /// OpenAI-compatible chat completions: POST {base}/chat/completions.
        case openai
    }

    public var kind: Kind
    /// e.g. http://127.0.0.1:8088/v1
    public var baseURL: String
    public var model: String
    /// Name of the environment variable holding the API key; the key itself is never stored.
    public var apiKeyEnvironmentVariable: String?
    /// Per-request timeout in seconds.
    public var timeout: Double

    public init(kind: Kind = .openai, baseURL: String, model: String, apiKeyEnvironmentVariable: String? = nil, timeout: Double = 120) {
        self.kind = kind
        self.baseURL = baseURL
        self.model = model
        self.apiKeyEnvironmentVariable = apiKeyEnvironmentVariable
        self.timeout = timeout
    }

    /// The key from the environment, or nil when no variable is named or it is empty.
    func apiKey(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String? {
        guard let name = apiKeyEnvironmentVariable else { return nil }
        guard let key = environment[name], !key.isEmpty else {
            throw UsageError("environment variable \(name) is not set; export it with the API key, or pass --api-key-env with another variable name")
        }
        return key
    }
}

/// One model reply.
public struct Completion: Sendable {
    public var content: String
    public var finishReason: String?
    public var usage: TranscriptRecord.Usage?
}

/// Why a request failed, worded for the person reading the run's output.
public enum EndpointError: Error, CustomStringConvertible, Sendable {
    case http(status: Int, body: String)
    case invalidResponse(String)
    case timedOut(seconds: Double)
    case transport(String)

    public var description: String {
        switch self {
        case let .http(status, body): return "HTTP \(status): \(body)"
        case let .invalidResponse(detail): return "invalid response: \(detail)"
        case let .timedOut(seconds): return "no reply within \(Int(seconds)) s"
        case let .transport(detail): return "connection failed: \(detail)"
        }
    }

    /// Rate limits, overloads and dropped connections are worth another try; a 400 is not.
    var isRetryable: Bool {
        switch self {
        case let .http(status, _): return status == 429 || status >= 500
        case .timedOut, .transport: return true
        case .invalidResponse: return false
        }
    }
}

/// A chat model the runner can play scenarios against.
public protocol ChatEndpoint: Sendable {
    var kindName: String { get }
    /// The exact request body for these messages, used for the request hash.
    func requestBody(messages: [ChatMessage], generation: GenerationSettings) throws -> Data
    func complete(messages: [ChatMessage], generation: GenerationSettings) async throws -> Completion
    func shutdown() async
}

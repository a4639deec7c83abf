import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import ValueExtractor

/// OpenAI-compatible chat completions over HTTP (OpenAI, vLLM, llama.cpp's server, ...).
public final class OpenAIEndpoint: ChatEndpoint, ChatCompleting {
    public let configuration: EndpointConfiguration
    public var kindName: String { "openai" }
    private let client: HTTPClient
    private let url: String
    private let apiKey: String?
    private let maxAttempts: Int

    public init(configuration: EndpointConfiguration, concurrency: Int, maxAttempts: Int = 3) throws {
        self.configuration = configuration
        self.apiKey = try configuration.apiKey()
        self.maxAttempts = maxAttempts
        var base = configuration.baseURL
        while base.hasSuffix("/") { base.removeLast() }
        guard let parsed = URL(string: base), parsed.scheme == "http" || parsed.scheme == "https", parsed.host != nil else {
            throw UsageError("invalid base URL '\(configuration.baseURL)'; expected e.g. http://127.0.0.1:8088/v1")
        }
        url = base + "/chat/completions"
        var httpConfiguration = HTTPClient.Configuration()
        // The default pool allows 8 connections per host, which would silently cap concurrency.
        httpConfiguration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = max(8, concurrency)
        httpConfiguration.timeout.connect = .seconds(10)
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: httpConfiguration)
    }

    struct RequestBody: Encodable {
        struct Message: Encodable { let role: String; let content: String }
        let model: String
        let messages: [Message]
        let temperature: Double?
        let max_tokens: Int?
        let top_p: Double?
        let seed: Int?
        let stream = false
    }

    struct ResponseBody: Decodable {
        struct Choice: Decodable {
            struct Message: Decodable { let content: String? }
            let message: Message
            let finish_reason: String?
        }
        struct Usage: Decodable { let prompt_tokens: Int?; let completion_tokens: Int? }
        let choices: [Choice]
        let usage: Usage?
    }

    public func requestBody(messages: [ChatMessage], generation: GenerationSettings) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(RequestBody(
            model: configuration.model,
            messages: messages.map { .init(role: $0.role.rawValue, content: $0.content) },
            temperature: generation.temperature, max_tokens: generation.maxTokens,
            top_p: generation.topP, seed: generation.seed))
    }

    public func complete(messages: [ChatMessage], generation: GenerationSettings) async throws -> Completion {
        try await send(withRetries: try requestBody(messages: messages, generation: generation))
    }

    private func send(withRetries body: Data) async throws -> Completion {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await send(body)
            } catch let error as EndpointError where error.isRetryable && attempt < maxAttempts {
                // Exponential backoff with full jitter keeps many workers from retrying in step.
                let delay = Double.random(in: 0...(0.5 * pow(2, Double(attempt - 1))))
                try await Task.sleep(nanoseconds: UInt64(delay * 1e9))
            }
        }
    }

    private func send(_ body: Data) async throws -> Completion {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        if let apiKey { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        request.body = .bytes(ByteBuffer(data: body))
        let response: HTTPClientResponse
        let buffer: ByteBuffer
        do {
            response = try await client.execute(request, timeout: .milliseconds(Int64(configuration.timeout * 1000)))
            buffer = try await response.body.collect(upTo: 16 << 20)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            throw EndpointError.timedOut(seconds: configuration.timeout)
        } catch let error as EndpointError {
            throw error
        } catch {
            throw EndpointError.transport(Self.redact(String(describing: error), key: apiKey))
        }
        let data = Data(buffer: buffer)
        guard (200..<300).contains(Int(response.status.code)) else {
            let text = String(decoding: data.prefix(300), as: UTF8.self)
            throw EndpointError.http(status: Int(response.status.code), body: Self.redact(text, key: apiKey))
        }
        let decoded: ResponseBody
        do {
            decoded = try JSONDecoder().decode(ResponseBody.self, from: data)
        } catch {
            throw EndpointError.invalidResponse("not a chat completion: \(String(decoding: data.prefix(200), as: UTF8.self))")
        }
        guard let choice = decoded.choices.first else { throw EndpointError.invalidResponse("no choices in the reply") }
        return Completion(
            content: choice.message.content ?? "",
            finishReason: choice.finish_reason,
            usage: decoded.usage.map { .init(promptTokens: $0.prompt_tokens ?? 0, completionTokens: $0.completion_tokens ?? 0) })
    }

    /// As a judge: deterministic, and asking for JSON that matches `jsonSchema` through
    /// `response_format` (OpenAI structured outputs; llama.cpp's server honours it too).
    public func completeJSON(_ messages: [ChatMessage], jsonSchema: String) async throws -> String {
        let base = try requestBody(messages: messages, generation: GenerationSettings(temperature: 0, maxTokens: 600))
        guard var body = try JSONSerialization.jsonObject(with: base) as? [String: Any],
              let schema = try JSONSerialization.jsonObject(with: Data(jsonSchema.utf8)) as? [String: Any] else {
            throw EndpointError.invalidResponse("cannot build the judge request")
        }
        body["response_format"] = ["type": "json_schema", "json_schema": ["name": "values", "strict": true, "schema": schema]]
        let reply = try await send(withRetries: JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]))
        if reply.finishReason == "length" {
            throw EndpointError.invalidResponse("the judge's reply was cut off at the 600-token limit")
        }
        return reply.content
    }

    /// Servers sometimes echo headers in errors; the key must never reach a transcript or log.
    static func redact(_ text: String, key: String?) -> String {
        guard let key, !key.isEmpty else { return text }
        return text.replacingOccurrences(of: key, with: "[redacted]")
    }

    public func shutdown() async {
        try? await client.shutdown()
    }
}

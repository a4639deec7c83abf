import Foundation
import ValueExtractor

/// The wire format of one chat API: where requests go, their headers and body, and how a
/// reply (whole or streamed) is read back.
protocol ChatAPI: Sendable {
    /// Appended to the base URL.
    var path: String { get }
    func headers(apiKey: String?) -> [(String, String)]
    func body(model: String, messages: [ChatMessage], generation: GenerationSettings, stream: Bool) throws -> Data
    /// Reads a whole (not streamed) reply.
    func decode(_ data: Data) throws -> Completion
    func makeStreamReader() -> any ChatStreamReader
}

/// Turns the server-sent events of one streamed reply into a completion.
protocol ChatStreamReader {
    /// The text this event adds, if any; throws for an error event.
    mutating func read(_ event: ServerSentEvent) throws -> String?
    /// The stream's end marker arrived: nothing more will come, stop reading.
    var isFinished: Bool { get }
    /// The reply is whole if the stream ends here (an end marker or a finish reason arrived).
    var isComplete: Bool { get }
    var finishReason: String? { get }
    var usage: TranscriptRecord.Usage? { get }
}

extension ChatAPI {
    static func encode(_ value: some Encodable) throws -> Data {
        try JSONOutput.encode(value, pretty: false)
    }

    static func describe(_ data: Data) -> String {
        String(decoding: data.prefix(200), as: UTF8.self)
    }
}

// MARK: - OpenAI chat completions

struct OpenAIChatAPI: ChatAPI {
    var path: String { "/chat/completions" }

    func headers(apiKey: String?) -> [(String, String)] {
        apiKey.map { [("Authorization", "Bearer \($0)")] } ?? []
    }

    /// Written directly (keys sorted): encoding a body per turn with JSONEncoder was a
    /// measurable share of a fast run's CPU.
    func body(model: String, messages: [ChatMessage], generation: GenerationSettings, stream: Bool) throws -> Data {
        var json = JSONText(capacity: 256 + messages.reduce(0) { $0 + $1.content.utf8.count })
        json.raw("{")
        var first = true
        if let value = generation.maxTokens { json.key("max_tokens", first: first); json.int(value); first = false }
        json.key("messages", first: first)
        json.array(messages) { json, message in
            json.raw("{")
            json.key("content", first: true); json.string(message.content)
            json.key("role"); json.string(message.role.rawValue)
            json.raw("}")
        }
        json.key("model"); json.string(model)
        if let value = generation.seed { json.key("seed"); json.int(value) }
        json.key("stream"); json.bool(stream)
        if stream { json.key("stream_options"); json.raw(#"{"include_usage":true}"#) }
        if let value = generation.temperature { json.key("temperature"); json.double(value) }
        if let value = generation.topP { json.key("top_p"); json.double(value) }
        json.raw("}")
        return json.data
    }

    struct Usage: Decodable {
        let prompt_tokens: Int?
        let completion_tokens: Int?
        var record: TranscriptRecord.Usage { .init(promptTokens: prompt_tokens ?? 0, completionTokens: completion_tokens ?? 0) }
    }

    struct ResponseBody: Decodable {
        struct Choice: Decodable {
            struct Message: Decodable { let content: String? }
            let message: Message
            let finish_reason: String?
        }
        let choices: [Choice]
        let usage: Usage?
    }

    func decode(_ data: Data) throws -> Completion {
        guard let decoded = try? JSONDecoder().decode(ResponseBody.self, from: data) else {
            throw EndpointError.invalidResponse("not a chat completion: \(Self.describe(data))")
        }
        guard let choice = decoded.choices.first else { throw EndpointError.invalidResponse("no choices in the reply") }
        return Completion(content: choice.message.content ?? "", finishReason: choice.finish_reason, usage: decoded.usage?.record)
    }

    func makeStreamReader() -> any ChatStreamReader { StreamReader() }

    struct StreamReader: ChatStreamReader {
        struct Chunk: Decodable {
            struct Choice: Decodable {
                struct Delta: Decodable { let content: String? }
                let delta: Delta?
                let finish_reason: String?
            }
            struct Failure: Decodable { let message: String? }
            let choices: [Choice]?
            let usage: Usage?
            let error: Failure?
        }

        var sawDone = false
        var finishReason: String?
        var usage: TranscriptRecord.Usage?
        /// `[DONE]` ends the stream; the usage chunk comes after the finish reason, so reading
        /// goes on until then.
        var isFinished: Bool { sawDone }
        /// A finish reason already says the text is whole.
        var isComplete: Bool { sawDone || finishReason != nil }

        mutating func read(_ event: ServerSentEvent) throws -> String? {
            if event.data == "[DONE]" {
                sawDone = true
                return nil
            }
            guard let chunk = try? JSONDecoder().decode(Chunk.self, from: Data(event.data.utf8)) else {
                throw EndpointError.invalidResponse("malformed stream chunk: \(event.data.prefix(200))")
            }
            if let failure = chunk.error { throw EndpointError.streamError(failure.message ?? event.data) }
            if let usage = chunk.usage { self.usage = usage.record }
            guard let choice = chunk.choices?.first else { return nil }
            if let reason = choice.finish_reason { finishReason = reason }
            return choice.delta?.content
        }
    }
}

// MARK: - Anthropic Messages

struct AnthropicMessagesAPI: ChatAPI {
    static let version = "2023-06-01"
    /// Messages requires a length limit; used when the suite sets none.
    static let defaultMaxTokens = 1024

    var path: String { "/messages" }

    func headers(apiKey: String?) -> [(String, String)] {
        [("anthropic-version", Self.version)] + (apiKey.map { [("x-api-key", $0)] } ?? [])
    }

    struct RequestBody: Encodable {
        struct Block: Encodable { let type = "text"; let text: String }
        struct Message: Encodable { let role: String; let content: [Block] }
        let model: String
        let system: String?
        let messages: [Message]
        let max_tokens: Int
        let temperature: Double?
        let top_p: Double?
        let stream: Bool
    }

    /// System messages move to the top-level `system`; Messages has no seed.
    func body(model: String, messages: [ChatMessage], generation: GenerationSettings, stream: Bool) throws -> Data {
        let system = messages.filter { $0.role == .system }.map(\.content)
        return try Self.encode(RequestBody(
            model: model, system: system.isEmpty ? nil : system.joined(separator: "\n\n"),
            messages: messages.filter { $0.role != .system }.map { .init(role: $0.role.rawValue, content: [.init(text: $0.content)]) },
            max_tokens: generation.maxTokens ?? Self.defaultMaxTokens, temperature: generation.temperature, top_p: generation.topP,
            stream: stream))
    }

    struct Usage: Decodable {
        let input_tokens: Int?
        let output_tokens: Int?
    }

    struct ResponseBody: Decodable {
        struct Block: Decodable { let type: String; let text: String? }
        let content: [Block]
        let stop_reason: String?
        let usage: Usage?
    }

    /// Stop reasons in the OpenAI words the rest of ValueGate uses ("length" for a cut reply).
    static func finishReason(_ stopReason: String?) -> String? {
        switch stopReason {
        case "end_turn", "stop_sequence": return "stop"
        case "max_tokens": return "length"
        default: return stopReason
        }
    }

    func decode(_ data: Data) throws -> Completion {
        guard let decoded = try? JSONDecoder().decode(ResponseBody.self, from: data) else {
            throw EndpointError.invalidResponse("not a Messages reply: \(Self.describe(data))")
        }
        let text = decoded.content.filter { $0.type == "text" }.compactMap(\.text).joined()
        return Completion(content: text, finishReason: Self.finishReason(decoded.stop_reason),
                          usage: decoded.usage.map { .init(promptTokens: $0.input_tokens ?? 0, completionTokens: $0.output_tokens ?? 0) })
    }

    func makeStreamReader() -> any ChatStreamReader { StreamReader() }

    struct StreamReader: ChatStreamReader {
        struct Event: Decodable {
            struct Delta: Decodable { let type: String?; let text: String?; let stop_reason: String? }
            struct Message: Decodable { let usage: Usage? }
            struct Failure: Decodable { let type: String?; let message: String? }
            let type: String
            let delta: Delta?
            let message: Message?
            let usage: Usage?
            let error: Failure?
        }

        var isComplete = false
        var isFinished: Bool { isComplete }
        var finishReason: String?
        var promptTokens = 0, completionTokens = 0
        var usage: TranscriptRecord.Usage? { .init(promptTokens: promptTokens, completionTokens: completionTokens) }

        mutating func read(_ event: ServerSentEvent) throws -> String? {
            guard let decoded = try? JSONDecoder().decode(Event.self, from: Data(event.data.utf8)) else {
                throw EndpointError.invalidResponse("malformed stream event: \(event.data.prefix(200))")
            }
            switch decoded.type {
            case "message_start":
                promptTokens = decoded.message?.usage?.input_tokens ?? 0
            case "content_block_delta":
                if decoded.delta?.type == "text_delta" { return decoded.delta?.text }
            case "message_delta":
                if let reason = decoded.delta?.stop_reason { finishReason = AnthropicMessagesAPI.finishReason(reason) }
                if let output = decoded.usage?.output_tokens { completionTokens = output }
            case "message_stop":
                isComplete = true
            case "error":
                throw EndpointError.streamError([decoded.error?.type, decoded.error?.message].compactMap { $0 }.joined(separator: ": "))
            default:
                break   // ping, content_block_start/stop
            }
            return nil
        }
    }
}

import Foundation
import NIOHTTP1
import Testing
import ValueExtractor
@testable import ValueGateKit

struct ServerSentEventTests {
    @Test func eventsSplitAcrossChunksAndLineEndingsComeOutWhole() throws {
        var parser = ServerSentEventParser()
        var events: [ServerSentEvent] = []
        let stream = ": keep-alive\r\nevent: message_start\r\ndata: {\"a\":\r\ndata: 1}\r\n\r\ndata: [DONE]\n\n"
        // Byte by byte: no chunk boundary may change the result.
        for byte in Array(stream.utf8) { events += try parser.feed([byte]) }
        #expect(events == [ServerSentEvent(event: "message_start", data: "{\"a\":\n1}"), ServerSentEvent(event: nil, data: "[DONE]")])
        #expect(!parser.hasPartialEvent)
    }

    @Test func aStreamCutMidEventIsSeen() throws {
        var parser = ServerSentEventParser()
        #expect(try parser.feed(Array("data: {\"choices\":".utf8)).isEmpty)
        #expect(parser.hasPartialEvent)
    }

    @Test func anEndlessLineIsRefused() throws {
        var parser = ServerSentEventParser()
        let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
        #expect(throws: ServerSentEventParser.LineTooLong.self) {
            for _ in 0...(ServerSentEventParser.maximumLineLength >> 20) { _ = try parser.feed(chunk) }
        }
    }
}

struct ChatAPITests {
    let messages = [ChatMessage(role: .system, content: "Be kind."), ChatMessage(role: .user, content: "hi", pushDepth: 0)]

    @Test func anthropicMovesTheSystemPromptToTheTopAndSendsContentBlocks() throws {
        let api = AnthropicMessagesAPI()
        let body = try JSONSerialization.jsonObject(with: api.body(model: "claude", messages: messages, generation: GenerationSettings(temperature: 0.5, seed: 3), stream: true)) as! [String: Any]
        #expect(body["system"] as? String == "Be kind.")
        let sent = body["messages"] as! [[String: Any]]
        #expect(sent.count == 1 && sent[0]["role"] as? String == "user")
        #expect((sent[0]["content"] as! [[String: Any]])[0]["text"] as? String == "hi")
        #expect(body["max_tokens"] as? Int == AnthropicMessagesAPI.defaultMaxTokens)
        #expect(body["seed"] == nil && body["stream"] as? Bool == true)
        #expect(api.headers(apiKey: "k").contains { $0 == ("x-api-key", "k") })
        #expect(api.headers(apiKey: nil).contains { $0 == ("anthropic-version", AnthropicMessagesAPI.version) })
    }

    @Test func anthropicRepliesAndStreamsReadBack() throws {
        let whole = try AnthropicMessagesAPI().decode(Data(#"{"content":[{"type":"text","text":"Hi"},{"type":"text","text":" there"}],"stop_reason":"max_tokens","usage":{"input_tokens":4,"output_tokens":2}}"#.utf8))
        #expect(whole.content == "Hi there" && whole.finishReason == "length" && whole.usage?.completionTokens == 2)
        var reader = AnthropicMessagesAPI().makeStreamReader()
        var text = ""
        for data in [#"{"type":"message_start","message":{"usage":{"input_tokens":7}}}"#,
                     #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hey"}}"#,
                     #"{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":1}}"#] {
            text += try reader.read(ServerSentEvent(event: nil, data: data)) ?? ""
        }
        #expect(text == "Hey" && !reader.isComplete)
        _ = try reader.read(ServerSentEvent(event: "message_stop", data: #"{"type":"message_stop"}"#))
        #expect(reader.isComplete && reader.finishReason == "stop" && reader.usage?.promptTokens == 7)
        #expect(throws: EndpointError.self) { try reader.read(ServerSentEvent(event: "error", data: #"{"type":"error","error":{"type":"overloaded_error","message":"busy"}}"#)) }
    }

    @Test func openAIBodiesCarryEverySettingAndAnyText() throws {
        let tricky = [ChatMessage(role: .system, content: "Be \"kind\".\n\tNow."), ChatMessage(role: .user, content: "\u{01}é\\/🙂", pushDepth: 0)]
        let data = try OpenAIChatAPI().body(model: "m", messages: tricky, generation: GenerationSettings(temperature: 0.7, maxTokens: 64, topP: 0.9, seed: 7), stream: false)
        let body = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        #expect(body["model"] as? String == "m" && body["max_tokens"] as? Int == 64 && body["seed"] as? Int == 7)
        #expect(body["temperature"] as? Double == 0.7 && body["top_p"] as? Double == 0.9 && body["stream"] as? Bool == false)
        #expect(body["stream_options"] == nil)
        let sent = body["messages"] as! [[String: Any]]
        #expect(sent.map { $0["content"] as? String } == tricky.map(\.content))
        #expect(sent.map { $0["role"] as? String } == ["system", "user"])
        // Unset settings are left out, not sent as null.
        let bare = try JSONSerialization.jsonObject(with: OpenAIChatAPI().body(model: "m", messages: tricky, generation: GenerationSettings(), stream: false)) as! [String: Any]
        #expect(Set(bare.keys) == ["messages", "model", "stream"])
    }

    @Test func openAIStreamsAskForUsageAndEndOnDone() throws {
        let body = try JSONSerialization.jsonObject(with: OpenAIChatAPI().body(model: "m", messages: messages, generation: GenerationSettings(), stream: true)) as! [String: Any]
        #expect((body["stream_options"] as? [String: Any])?["include_usage"] as? Bool == true)
        var reader = OpenAIChatAPI().makeStreamReader()
        #expect(try reader.read(ServerSentEvent(event: nil, data: #"{"choices":[{"delta":{"content":"a"},"finish_reason":null}]}"#)) == "a")
        #expect(!reader.isComplete)
        // The finish reason makes the text whole, but usage is still to come: keep reading.
        _ = try reader.read(ServerSentEvent(event: nil, data: #"{"choices":[{"delta":{},"finish_reason":"stop"}]}"#))
        #expect(reader.isComplete && !reader.isFinished)
        _ = try reader.read(ServerSentEvent(event: nil, data: #"{"choices":[],"usage":{"prompt_tokens":9,"completion_tokens":4}}"#))
        #expect(reader.usage?.completionTokens == 4)
        _ = try reader.read(ServerSentEvent(event: nil, data: "[DONE]"))
        #expect(reader.isFinished)
    }

    @Test func retryAfterReadsSecondsAndDates() {
        #expect(HTTPChatEndpoint.retryAfter(HTTPHeaders([("Retry-After", "7")])) == 7)
        let later = Date().addingTimeInterval(30)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let seconds = HTTPChatEndpoint.retryAfter(HTTPHeaders([("Retry-After", formatter.string(from: later))])) ?? -1
        #expect(seconds > 25 && seconds <= 30)
        #expect(HTTPChatEndpoint.retryAfter(HTTPHeaders()) == nil)
        // A server asking for an hour is capped.
        #expect(HTTPChatEndpoint.delay(before: 2, after: .http(status: 429, body: "", retryAfter: 3600)) == HTTPChatEndpoint.maximumRetryAfter)
        #expect(HTTPChatEndpoint.delay(before: 2, after: .http(status: 503, body: "", retryAfter: nil)) <= 0.5)
    }
}

struct ConcurrencyLimiterTests {
    @Test func rateLimitsHalveTheLimitAndSuccessesWinItBack() async {
        let limiter = ConcurrencyLimiter(maximum: 8)
        for _ in 0..<8 { await limiter.acquire() }
        await limiter.release(.rateLimited)
        #expect(await limiter.limit == 4)
        // Further 429s within the same second come from requests already in flight.
        await limiter.release(.rateLimited)
        #expect(await limiter.limit == 4)
        for _ in 0..<6 { await limiter.release(.success) }
        var limit = await limiter.limit
        #expect(limit == 5)
        for _ in 0..<40 {
            await limiter.acquire()
            await limiter.release(.success)
        }
        limit = await limiter.limit
        #expect(limit == 8)
    }

    @Test func waitersGetPermitsAsRequestsFinish() async {
        let limiter = ConcurrencyLimiter(maximum: 1)
        await limiter.acquire()
        let waiter = Task { await limiter.acquire(); return true }
        try? await Task.sleep(nanoseconds: 50_000_000)
        await limiter.release(.success)
        #expect(await waiter.value)
    }
}

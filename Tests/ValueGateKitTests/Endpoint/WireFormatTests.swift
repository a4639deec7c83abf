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

    @Test func theLimitCapsRequestsInFlightAndTheRestWaitForARelease() async {
        let limiter = ConcurrencyLimiter(maximum: 2)
        let holds = await Self.contend(callers: 6, limit: 2, acquire: { await limiter.acquire() }, release: { await limiter.release(.success) })
        #expect(holds.peak == 2, "at most the limit, and the limit reached")
        // No permit was given back before every caller had asked for one, so the four beyond
        // the limit could only get theirs after a release: they waited.
        #expect(holds.gotAfterARelease >= 4)
        #expect(holds.finished == 6)
    }

    /// What `contend` saw of the permits.
    struct Holds: Sendable {
        var peak: Int
        var gotAfterARelease: Int
        var finished: Int
    }

    /// Order of events among callers, kept by an actor so it is the order they happened in.
    actor Log {
        let callers: Int
        private(set) var asked = 0
        private(set) var holding = 0
        private(set) var peak = 0
        private(set) var released = 0
        private(set) var gotAfterARelease = 0
        private(set) var finished = 0
        private var ready: [CheckedContinuation<Void, Never>] = []

        init(callers: Int) { self.callers = callers }

        func ask() { asked += 1 }

        func got(limit: Int) {
            holding += 1
            peak = max(peak, holding)
            if released > 0 { gotAfterARelease += 1 }
            wake(limit: limit)
        }

        /// Returns once every caller has asked and the limit has been reached: until then
        /// nobody lets go, so whoever asks beyond the limit must wait in `acquire`.
        func holdUntilContended(limit: Int) async {
            if asked == callers && peak >= limit { return }
            await withCheckedContinuation { ready.append($0) }
        }

        func askedAll(limit: Int) { wake(limit: limit) }

        private func wake(limit: Int) {
            guard asked == callers && peak >= limit else { return }
            for waiter in ready { waiter.resume() }
            ready.removeAll()
        }

        func letGo() {
            holding -= 1
            released += 1
        }

        func finish() { finished += 1 }
    }

    /// Runs `callers` tasks that each acquire, hold until contended, then release, with no
    /// sleeps: the outcome follows from the order of events alone, so it cannot be flaky.
    static func contend(callers: Int, limit: Int, acquire: @escaping @Sendable () async -> Void,
                        release: @escaping @Sendable () async -> Void) async -> Holds {
        let log = Log(callers: callers)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0 ..< callers {
                group.addTask {
                    await log.ask()
                    await log.askedAll(limit: limit)
                    await acquire()
                    await log.got(limit: limit)
                    await log.holdUntilContended(limit: limit)
                    await log.letGo()
                    await release()
                    await log.finish()
                }
            }
        }
        return Holds(peak: await log.peak, gotAfterARelease: await log.gotAfterARelease, finished: await log.finished)
    }
}

import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import ValueExtractor

/// A chat endpoint over HTTP, OpenAI-compatible or Anthropic Messages: retries with
/// exponential backoff and jitter, `Retry-After` honoured, adaptive concurrency, a deadline
/// per request that covers the whole streamed reply, and the API key kept out of every
/// message.
public final class HTTPChatEndpoint: ChatEndpoint, ChatCompleting {
    public let configuration: EndpointConfiguration
    public var kindName: String { configuration.kind.rawValue }
    public var cacheIdentity: String { "\(configuration.kind.rawValue) \(baseURL) \(configuration.model)" }
    let api: any ChatAPI
    let limiter: ConcurrencyLimiter
    let client: HTTPClient
    private let baseURL: String
    private let url: String
    private let apiKey: String?
    /// Longest wait a server's Retry-After may impose before a retry.
    static let maximumRetryAfter = 120.0
    /// Largest reply body read, streamed or not.
    static let maximumBodyBytes = 16 << 20

    /// - Parameters:
    ///   - environment: where the API key variable is looked up (default: the process's).
    ///   - onConcurrencyChange: told (old, new) when rate limits move the number of requests
    ///     in flight.
    public init(configuration: EndpointConfiguration, concurrency: Int, environment: [String: String]? = nil,
                onConcurrencyChange: @escaping @Sendable (Int, Int) -> Void = { _, _ in }) throws {
        self.configuration = configuration
        self.apiKey = try configuration.apiKey(environment: environment ?? ProcessInfo.processInfo.environment)
        var base = configuration.baseURL
        while base.hasSuffix("/") { base.removeLast() }
        guard let parsed = URL(string: base), parsed.scheme == "http" || parsed.scheme == "https", parsed.host != nil else {
            throw InputError("invalid base URL '\(configuration.baseURL)'; expected e.g. http://127.0.0.1:8088/v1", setting: .baseURL)
        }
        api = switch configuration.kind {
        case .openai: OpenAIChatAPI()
        case .anthropic: AnthropicMessagesAPI()
        }
        baseURL = base
        url = base + api.path
        limiter = ConcurrencyLimiter(maximum: concurrency, onChange: onConcurrencyChange)
        var httpConfiguration = HTTPClient.Configuration()
        // The default pool allows 8 connections per host, which would silently cap concurrency.
        httpConfiguration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = max(8, concurrency)
        httpConfiguration.timeout.connect = .seconds(10)
        // A refused connection fails the attempt at once and our own retries (with backoff)
        // take over; the pool's own retrying would wait out the connect timeout on every
        // attempt, so an endpoint that is down took hours to report over a whole suite.
        httpConfiguration.connectionPool.retryConnectionEstablishment = false
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: httpConfiguration)
    }

    public func requestBody(messages: [ChatMessage], generation: GenerationSettings) throws -> Data {
        try api.body(model: configuration.model, messages: messages, generation: generation, stream: configuration.stream)
    }

    public func complete(messages: [ChatMessage], generation: GenerationSettings) async throws -> Completion {
        try await complete(body: requestBody(messages: messages, generation: generation))
    }

    /// Sends with retries. Each attempt holds one of the limiter's permits.
    public func complete(body: Data) async throws -> Completion {
        let started = ContinuousClock.now
        var attempt = 0
        while true {
            attempt += 1
            await limiter.acquire()
            do {
                try Task.checkCancellation()
                var completion = try await withDeadline { try await self.attempt(body) }
                await limiter.release(.success)
                completion.attempts = attempt
                completion.latencyMs = Self.milliseconds(since: started)
                return completion
            } catch let error as EndpointError {
                await limiter.release(error.isRateLimit ? .rateLimited : .otherFailure)
                guard error.isRetryable, attempt < configuration.maxAttempts else {
                    throw attempt > 1 ? EndpointError.retriesExhausted(error, attempts: attempt) : error
                }
                try await Task.sleep(nanoseconds: UInt64(Self.delay(before: attempt + 1, after: error) * 1e9))
            } catch {
                await limiter.release(.otherFailure)
                throw error
            }
        }
    }

    /// The server's Retry-After when it sent one (capped), else exponential backoff with full
    /// jitter, so many workers do not retry in step.
    static func delay(before attempt: Int, after error: EndpointError) -> Double {
        if let retryAfter = error.retryAfter { return min(max(0, retryAfter), maximumRetryAfter) }
        return Double.random(in: 0...min(30, 0.5 * pow(2, Double(attempt - 2))))
    }

    /// One request; the caller's deadline cancels it, wherever it is.
    private func attempt(_ body: Data) async throws -> Completion {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        for (name, value) in api.headers(apiKey: apiKey) { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(data: body))
        let started = ContinuousClock.now
        do {
            // The deadline here only backs up `withDeadline`, which also covers the body.
            let response = try await client.execute(request, timeout: .seconds(Int64(configuration.timeout) + 30))
            guard (200..<300).contains(Int(response.status.code)) else {
                let data = try await Data(buffer: response.body.collect(upTo: 1 << 20))
                let text = String(decoding: data.prefix(300), as: UTF8.self)
                throw EndpointError.http(status: Int(response.status.code), body: redact(text),
                                         retryAfter: Self.retryAfter(response.headers))
            }
            let isEventStream = response.headers.first(name: "content-type")?.lowercased().contains("text/event-stream") ?? false
            guard configuration.stream, isEventStream else {
                // Not streamed (or the server ignored `stream`): one JSON body.
                return try await api.decode(Data(buffer: response.body.collect(upTo: Self.maximumBodyBytes)))
            }
            return try await readStream(response.body, started: started)
        } catch let error as EndpointError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw EndpointError.timedOut(seconds: configuration.timeout)
        } catch {
            throw EndpointError.transport(redact(String(describing: error)))
        }
    }

    private func readStream(_ body: HTTPClientResponse.Body, started: ContinuousClock.Instant) async throws -> Completion {
        var parser = ServerSentEventParser()
        var reader = api.makeStreamReader()
        var content = ""
        var firstToken: Double?
        var received = 0
        do {
            for try await buffer in body {
                received += buffer.readableBytes
                guard received <= Self.maximumBodyBytes else {
                    throw EndpointError.invalidResponse("streamed reply larger than \(Self.maximumBodyBytes >> 20) MB")
                }
                for event in try parser.feed(buffer.readableBytesView) {
                    guard let text = try reader.read(event), !text.isEmpty else { continue }
                    if firstToken == nil { firstToken = Self.milliseconds(since: started) }
                    content += text
                }
                if reader.isFinished { break }
            }
        } catch is ServerSentEventParser.LineTooLong {
            throw EndpointError.invalidResponse("a stream line longer than \(ServerSentEventParser.maximumLineLength >> 20) MB")
        } catch let error as EndpointError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw EndpointError.truncatedStream("after \(content.count) characters: \(redact(String(describing: error)))")
        }
        guard reader.isComplete else {
            throw EndpointError.truncatedStream("the connection closed after \(content.count) characters, before the end of the reply")
        }
        var completion = Completion(content: content, finishReason: reader.finishReason, usage: reader.usage)
        completion.timeToFirstTokenMs = firstToken
        return completion
    }

    /// Seconds from a Retry-After header: a number of seconds, or an HTTP date.
    static func retryAfter(_ headers: HTTPHeaders) -> Double? {
        guard let value = headers.first(name: "retry-after")?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let seconds = Double(value) { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: value).map { max(0, $0.timeIntervalSinceNow) }
    }

    /// As a judge: deterministic, not streamed, and asking for JSON that matches
    /// `jsonSchema` through `response_format` (OpenAI structured outputs; llama.cpp's server
    /// honours it too).
    public func completeJSON(_ messages: [ChatMessage], jsonSchema: String) async throws -> String {
        guard configuration.kind == .openai else {
            throw InputError("the judge needs an OpenAI-compatible endpoint (structured output through response_format)", setting: .endpointKind)
        }
        let base = try api.body(model: configuration.model, messages: messages, generation: GenerationSettings(temperature: 0, maxTokens: 600), stream: false)
        guard var body = try JSONSerialization.jsonObject(with: base) as? [String: Any],
              let schema = try JSONSerialization.jsonObject(with: Data(jsonSchema.utf8)) as? [String: Any] else {
            throw EndpointError.invalidResponse("cannot build the judge request")
        }
        body["response_format"] = ["type": "json_schema", "json_schema": ["name": "values", "strict": true, "schema": schema]]
        let reply = try await complete(body: JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]))
        if reply.finishReason == "length" {
            throw EndpointError.invalidResponse("the judge's reply was cut off at the 600-token limit")
        }
        return reply.content
    }

    /// Servers sometimes echo headers in errors; the key must never reach a transcript or log.
    func redact(_ text: String) -> String { Self.redact(text, key: apiKey) }

    static func redact(_ text: String, key: String?) -> String {
        guard let key, !key.isEmpty else { return text }
        return text.replacingOccurrences(of: key, with: "[redacted]")
    }

    static func milliseconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return (Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15).rounded()
    }

    public func shutdown() async {
        try? await client.shutdown()
    }
}

/// Set once by the deadline timer, read by the request it cancelled.
private final class Expired: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}

extension HTTPChatEndpoint {
    /// Runs one request under the per-request deadline. The timer is a task scheduled on the
    /// client's event loop and cancelled when the request ends: a sleeping task per request
    /// would outlive it (its timer stays queued until it fires), and at thousands of
    /// requests a second those pile up.
    func withDeadline<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        let expired = Expired()
        let request = Task { try await operation() }
        let timer = client.eventLoopGroup.any().scheduleTask(in: .nanoseconds(Int64(configuration.timeout * 1e9))) {
            expired.set()
            request.cancel()
        }
        defer { timer.cancel() }
        do {
            return try await withTaskCancellationHandler { try await request.value } onCancel: { request.cancel() }
        } catch {
            if expired.isSet, !Task.isCancelled { throw EndpointError.timedOut(seconds: configuration.timeout) }
            throw error
        }
    }
}

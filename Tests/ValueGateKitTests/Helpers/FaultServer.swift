import Foundation
import NIOCore
import NIOPosix

/// A local HTTP server on 127.0.0.1 for the faults a real model server cannot be made to
/// produce: each request gets the next scripted reply (then `fallback`). Every response
/// closes its connection, so the client's handling of each fault is seen in isolation.
final class FaultServer: @unchecked Sendable {
    enum Reply: Sendable {
        /// Any status with a body and extra headers.
        case status(Int, body: String, headers: [(String, String)] = [])
        /// A whole OpenAI chat completion with this content.
        case chat(String)
        /// An OpenAI stream of these text pieces; `complete: false` stops before the end marker.
        case stream([String], complete: Bool)
        /// Read the request, then say nothing until the server shuts down.
        case stall
        /// 200 with a body that is not JSON.
        case malformed
        /// Close the connection with a TCP reset instead of answering.
        case reset
        /// 401 whose body echoes the request's headers, as careless servers do.
        case echoHeaders
    }

    struct Request: Sendable {
        var head: String
        var body: String
    }

    private let lock = NSLock()
    private var script: [Reply]
    private let fallback: Reply
    private var seen: [Request] = []
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private var channel: Channel!

    init(_ script: [Reply], fallback: Reply = .chat("fine")) throws {
        self.script = script
        self.fallback = fallback
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { [unowned self] channel in
                channel.pipeline.addHandler(Connection(server: self))
            }
        channel = try bootstrap.bind(host: "127.0.0.1", port: 0).wait()
    }

    var baseURL: String { "http://127.0.0.1:\(channel.localAddress!.port!)/v1" }

    var requests: [Request] { lock.withLock { seen } }

    func shutdown() {
        try? channel.close().wait()
        try? group.syncShutdownGracefully()
    }

    fileprivate func next(for request: Request) -> Reply {
        lock.withLock {
            seen.append(request)
            return script.isEmpty ? fallback : script.removeFirst()
        }
    }

    static func response(status: Int, contentType: String, body: String, headers: [(String, String)] = [], length: Bool = true) -> String {
        var head = "HTTP/1.1 \(status) \(status == 200 ? "OK" : "Error")\r\nContent-Type: \(contentType)\r\nConnection: close\r\n"
        if length { head += "Content-Length: \(body.utf8.count)\r\n" }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        return head + "\r\n" + body
    }

    static func chatBody(_ content: String) -> String {
        let escaped = String(data: try! JSONEncoder().encode(content), encoding: .utf8)!
        return #"{"choices":[{"message":{"role":"assistant","content":\#(escaped)},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":3}}"#
    }

    static func streamBody(_ pieces: [String], complete: Bool) -> String {
        var body = ""
        for piece in pieces {
            let escaped = String(data: try! JSONEncoder().encode(piece), encoding: .utf8)!
            body += "data: {\"choices\":[{\"delta\":{\"content\":\(escaped)},\"finish_reason\":null}]}\n\n"
        }
        if complete {
            body += "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n"
        }
        return body
    }

    /// Reads one request (head and Content-Length body), then plays the scripted reply.
    private final class Connection: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        let server: FaultServer
        var received = ""
        var answered = false

        init(server: FaultServer) { self.server = server }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            received += buffer.readString(length: buffer.readableBytes) ?? ""
            guard !answered, let split = received.range(of: "\r\n\r\n") else { return }
            let head = String(received[..<split.lowerBound])
            let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
            let body = String(received[split.upperBound...])
            guard body.utf8.count >= length else { return }
            answered = true
            let reply = server.next(for: Request(head: head, body: body))
            switch reply {
            case .stall:
                return
            case .reset:
                // Linger 0: closing sends a reset instead of a clean end of stream.
                let socket = context.channel as! SocketOptionProvider
                socket.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in context.close(promise: nil) }
                return
            default:
                let text = Self.render(reply, head: head)
                var out = context.channel.allocator.buffer(capacity: text.utf8.count)
                out.writeString(text)
                context.writeAndFlush(NIOAny(out)).whenComplete { _ in context.close(promise: nil) }
            }
        }

        static func render(_ reply: Reply, head: String) -> String {
            switch reply {
            case let .status(status, body, headers):
                return FaultServer.response(status: status, contentType: "application/json", body: body, headers: headers)
            case let .chat(content):
                return FaultServer.response(status: 200, contentType: "application/json", body: FaultServer.chatBody(content))
            case let .stream(pieces, complete):
                // No length: the body ends when the connection closes, as a cut stream does.
                return FaultServer.response(status: 200, contentType: "text/event-stream", body: FaultServer.streamBody(pieces, complete: complete), length: false)
            case .malformed:
                return FaultServer.response(status: 200, contentType: "application/json", body: "{\"choices\": [ {\"message\": ")
            case .echoHeaders:
                return FaultServer.response(status: 401, contentType: "application/json", body: "{\"error\":\"unauthorized request: \(head.replacingOccurrences(of: "\r\n", with: " | "))\"}")
            case .stall, .reset:
                return ""
            }
        }
    }
}

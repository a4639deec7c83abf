/// One server-sent event: the `event:` name, if any, and its `data:` lines joined by "\n".
struct ServerSentEvent: Sendable, Equatable {
    var event: String?
    var data: String
}

/// Parses a `text/event-stream` body incrementally: feed bytes as they arrive, take the
/// events completed so far. A line longer than `maximumLineLength` is an error rather than
/// unbounded memory.
struct ServerSentEventParser {
    static let maximumLineLength = 4 << 20

    private var line: [UInt8] = []
    private var eventName: String?
    private var dataLines: [String] = []
    private var previousWasCarriageReturn = false

    struct LineTooLong: Error {}

    /// True when bytes or fields are waiting for the blank line that ends their event: a
    /// stream that stops here was cut mid-event.
    var hasPartialEvent: Bool { !line.isEmpty || !dataLines.isEmpty || eventName != nil }

    mutating func feed<Bytes: Sequence>(_ bytes: Bytes) throws -> [ServerSentEvent] where Bytes.Element == UInt8 {
        var events: [ServerSentEvent] = []
        for byte in bytes {
            // Lines end in \n, \r or \r\n.
            if byte == UInt8(ascii: "\n"), previousWasCarriageReturn {
                previousWasCarriageReturn = false
                continue
            }
            previousWasCarriageReturn = byte == UInt8(ascii: "\r")
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                if let event = endLine() { events.append(event) }
            } else {
                guard line.count < Self.maximumLineLength else { throw LineTooLong() }
                line.append(byte)
            }
        }
        return events
    }

    private mutating func endLine() -> ServerSentEvent? {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty {
            // A blank line dispatches the event gathered so far.
            defer { eventName = nil; dataLines = [] }
            guard !dataLines.isEmpty else { return nil }
            return ServerSentEvent(event: eventName, data: dataLines.joined(separator: "\n"))
        }
        let text = String(decoding: line, as: UTF8.self)
        if text.hasPrefix(":") { return nil }   // a comment, e.g. a keep-alive
        let field: Substring, value: Substring
        if let colon = text.firstIndex(of: ":") {
            field = text[..<colon]
            let rest = text[text.index(after: colon)...]
            value = rest.hasPrefix(" ") ? rest.dropFirst() : rest
        } else {
            field = Substring(text)
            value = ""
        }
        switch field {
        case "data": dataLines.append(String(value))
        case "event": eventName = String(value)
        default: break   // id, retry: not needed for one reply
        }
        return nil
    }
}

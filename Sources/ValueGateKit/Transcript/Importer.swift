import Foundation
import ValueExtractor

/// Conversation formats `valuegate profile` reads.
public enum TranscriptFormat: String, CaseIterable, Sendable {
    /// Decide from the first non-empty line.
    case auto
    /// ValueGate recordings.
    case valuegate
    /// OpenAI chat JSON Lines: `{"messages": [{"role": ..., "content": ...}]}`.
    case openai
    /// Anthropic HH: a text field holding "\n\nHuman: ... \n\nAssistant: ...".
    case anthropicHH = "anthropic-hh"
    /// ShareGPT: `{"conversations": [{"from": "human", "value": ...}]}`.
    case sharegpt
}

/// One conversation read from a file, whatever its format.
public struct ImportedConversation: Sendable {
    /// The record's `id` when it has one, else its line number.
    public var id: String
    public var line: Int
    public var key: SampleKey
    public var context: String
    /// Nil for a ValueGate sample that failed: counted, never profiled as content.
    public var messages: [ChatMessage]?
    public var userValues: [String]

    /// A ValueGate recording's sample as a conversation.
    public init(entry: Recording.Entry) {
        let record = entry.record
        self.init(id: record.key.description, line: entry.line, key: record.key, context: record.context,
                  messages: record.failed ? nil : record.messages, userValues: record.userValues)
    }

    init(id: String, line: Int, key: SampleKey, context: String, messages: [ChatMessage]?, userValues: [String]) {
        self.id = id
        self.line = line
        self.key = key
        self.context = context
        self.messages = messages
        self.userValues = userValues
    }
}

/// Reads conversations one line at a time, in bounded memory, in any supported format.
///
/// A malformed line is reported with its line number. Without `skipInvalid` reading stops
/// at the end of the file with every problem listed (at most `maximumReported`); with it,
/// bad lines are counted and skipped. Nothing is dropped silently.
public struct TranscriptImporter: Sendable {
    public var format: TranscriptFormat
    /// The field holding the transcript for `anthropic-hh` (default: `chosen`, then `text`).
    public var field: String?
    public var skipInvalid: Bool
    /// Context label for formats that carry none.
    public var context: String
    public static let maximumReported = 20

    public init(format: TranscriptFormat = .auto, field: String? = nil, skipInvalid: Bool = false, context: String = "imported") {
        self.format = format
        self.field = field
        self.skipInvalid = skipInvalid
        self.context = context
    }

    public struct Summary: Sendable {
        public var format: TranscriptFormat
        public var conversations = 0
        public var invalid = 0
        /// The first `maximumReported` problems, in file order.
        public var diagnostics: [Diagnostic] = []

        mutating func record(_ diagnostic: Diagnostic) {
            invalid += 1
            if diagnostics.count < TranscriptImporter.maximumReported { diagnostics.append(diagnostic) }
        }
    }

    /// Calls `body` for each conversation in file order. Throws `DiagnosticsError` for
    /// malformed lines unless `skipInvalid`.
    public func read(path: String, _ body: (ImportedConversation) throws -> Void) throws -> Summary {
        let format = try detectFormat(path: path)
        var summary = Summary(format: format)
        let decoder = JSONDecoder()
        var reader = try JSONLinesReader(path: path)
        while let line = try reader.next() {
            guard let outcome = convert(line, format: format, path: path, decoder: decoder) else { continue }
            switch outcome {
            case .success(let conversation):
                summary.conversations += 1
                try body(conversation)
            case .failure(let diagnostic):
                summary.record(diagnostic)
            }
        }
        try finish(summary, path: path)
        return summary
    }

    /// Converts one line; nil for a blank line. Safe to call from several threads.
    public func convert(_ line: JSONLinesReader.Line, format: TranscriptFormat, path: String, decoder: JSONDecoder) -> Result<ImportedConversation, Diagnostic>? {
        if line.isBlank { return nil }
        let severity: Diagnostic.Severity = skipInvalid ? .warning : .error
        do {
            guard let object = try JSONSerialization.jsonObject(with: line.bytes) as? [String: Any] else {
                throw ImportError("each line must be a JSON object")
            }
            return .success(try convert(object, bytes: line.bytes, format: format, line: line.number, decoder: decoder))
        } catch let error as ImportError {
            return .failure(Diagnostic(severity, file: path, line: line.number, column: 1, error.message, remedy: error.remedy))
        } catch {
            let message = line.terminated ? "not valid JSON" : "not valid JSON (the last line is cut off)"
            return .failure(Diagnostic(severity, file: path, line: line.number, column: 1, message))
        }
    }

    /// Throws every malformed line at once unless `skipInvalid`.
    public func finish(_ summary: Summary, path: String) throws {
        guard summary.invalid > 0 && !skipInvalid else { return }
        var diagnostics = summary.diagnostics
        if summary.invalid > diagnostics.count {
            diagnostics.append(Diagnostic(file: path, "\(summary.invalid - diagnostics.count) more malformed lines not shown"))
        }
        diagnostics.append(Diagnostic(file: path, "\(summary.invalid) malformed line\(summary.invalid == 1 ? "" : "s"); fix them", remedy: .skipInvalidLines))
        throw DiagnosticsError(diagnostics)
    }

    /// The format of the file's first non-empty line (the configured one unless `auto`).
    public func detectFormat(path: String) throws -> TranscriptFormat {
        guard format == .auto else { return format }
        var reader = try JSONLinesReader(path: path)
        while let line = try reader.next() {
            if line.isBlank { continue }
            guard let object = (try? JSONSerialization.jsonObject(with: line.bytes)) as? [String: Any] else {
                throw DiagnosticsError([Diagnostic(file: path, line: line.number, column: 1, "not a JSON object; cannot tell the file's format", remedy: .chooseFormat)])
            }
            do { return try detect(object) } catch let error as ImportError {
                throw DiagnosticsError([Diagnostic(file: path, line: line.number, column: 1, error.message, remedy: error.remedy)])
            }
        }
        throw InputError("has no conversations", file: path)
    }

    struct ImportError: Error {
        var message: String
        var remedy: InputError.Remedy?
        init(_ message: String, remedy: InputError.Remedy? = nil) {
            self.message = message
            self.remedy = remedy
        }
    }

    func detect(_ object: [String: Any]) throws -> TranscriptFormat {
        if object["suite"] != nil, object["scenario"] != nil, object["messages"] != nil { return .valuegate }
        if object["messages"] != nil { return .openai }
        if object["conversations"] != nil { return .sharegpt }
        if hhField(in: object) != nil { return .anthropicHH }
        throw ImportError("cannot tell the format: expected 'messages' (openai), 'conversations' (sharegpt), a ValueGate record, or a text field with \"Human:\" and \"Assistant:\" turns (anthropic-hh)", remedy: .chooseFormat)
    }

    func convert(_ object: [String: Any], bytes: Data, format: TranscriptFormat, line: Int, decoder: JSONDecoder) throws -> ImportedConversation {
        let id = Self.identifier(object["id"]) ?? String(line)
        func imported(_ messages: [ChatMessage]) throws -> ImportedConversation {
            guard messages.contains(where: { $0.role == .assistant }) else { throw ImportError("the conversation has no assistant turn") }
            return ImportedConversation(id: id, line: line, key: SampleKey(suite: format.rawValue, scenario: "", sample: line),
                                        context: context, messages: messages, userValues: [])
        }
        switch format {
        case .auto:
            preconditionFailure("format is detected before conversion")
        case .valuegate:
            let record: TranscriptRecord
            do { record = try decoder.decode(TranscriptRecord.self, from: bytes) } catch { throw ImportError("malformed ValueGate record: \(Recording.describe(error))") }
            return ImportedConversation(id: record.key.description, line: line, key: record.key, context: record.context,
                                        messages: record.failed ? nil : record.messages, userValues: record.userValues)
        case .openai:
            guard let list = object["messages"] as? [[String: Any]] else { throw ImportError("'messages' must be a list of {role, content} objects") }
            var messages: [ChatMessage] = []
            for (index, item) in list.enumerated() {
                guard let role = item["role"] as? String else { throw ImportError("message \(index + 1) has no 'role'") }
                let text = try Self.text(of: item["content"], index: index)
                switch role {
                case "system", "developer": messages.append(ChatMessage(role: .system, content: text))
                case "user": messages.append(ChatMessage(role: .user, content: text, pushDepth: 0))
                case "assistant": messages.append(ChatMessage(role: .assistant, content: text))
                case "tool", "function": continue
                default: throw ImportError("message \(index + 1) has unknown role '\(role)'")
                }
            }
            return try imported(messages)
        case .sharegpt:
            guard let list = object["conversations"] as? [[String: Any]] else { throw ImportError("'conversations' must be a list of {from, value} objects") }
            let messages = try list.enumerated().compactMap { index, item -> ChatMessage? in
                guard let from = item["from"] as? String, let value = item["value"] as? String else {
                    throw ImportError("turn \(index + 1) needs string 'from' and 'value'")
                }
                switch from.lowercased() {
                case "human", "user": return ChatMessage(role: .user, content: value, pushDepth: 0)
                case "gpt", "assistant", "chatgpt", "bard", "bing", "model": return ChatMessage(role: .assistant, content: value)
                case "system": return ChatMessage(role: .system, content: value)
                case "tool", "function", "observation": return nil
                default: throw ImportError("turn \(index + 1) has unknown speaker '\(from)'")
                }
            }
            return try imported(messages)
        case .anthropicHH:
            guard let text = hhField(in: object) else {
                throw ImportError(field.map { "field '\($0)' is missing or not text" } ?? "no 'chosen' or 'text' field", remedy: .chooseField)
            }
            return try imported(try Self.parseHH(text))
        }
    }

    func hhField(in object: [String: Any]) -> String? {
        let names = field.map { [$0] } ?? ["chosen", "text", "transcript"]
        for name in names {
            if let text = object[name] as? String, text.contains("Human:"), text.contains("Assistant:") { return text }
        }
        return nil
    }

    /// Splits "\n\nHuman: ... \n\nAssistant: ..." into turns.
    static func parseHH(_ text: String) throws -> [ChatMessage] {
        var messages: [ChatMessage] = []
        var rest = Substring(text)
        let markers: [(String, ChatMessage.Role)] = [("\n\nHuman:", .user), ("\n\nAssistant:", .assistant)]
        // Transcripts start with a marker, sometimes without the leading blank line.
        if rest.hasPrefix("Human:") || rest.hasPrefix("Assistant:") { rest = "\n\n" + rest }
        while !rest.isEmpty {
            guard let (marker, role) = markers.first(where: { rest.hasPrefix($0.0) }) else {
                if messages.isEmpty { throw ImportError("the transcript must start with \"Human:\"") }
                break
            }
            rest = rest.dropFirst(marker.count)
            let next = markers.compactMap { rest.range(of: $0.0)?.lowerBound }.min() ?? rest.endIndex
            let content = rest[..<next].trimmingCharacters(in: .whitespacesAndNewlines)
            messages.append(ChatMessage(role: role, content: content, pushDepth: role == .user ? 0 : nil))
            rest = rest[next...]
        }
        return messages
    }

    static func text(of content: Any?, index: Int) throws -> String {
        if let text = content as? String { return text }
        if content == nil || content is NSNull { return "" }
        if let parts = content as? [[String: Any]] {
            return parts.compactMap { $0["text"] as? String }.joined(separator: "\n")
        }
        throw ImportError("message \(index + 1): 'content' must be text or a list of text parts")
    }

    static func identifier(_ value: Any?) -> String? {
        switch value {
        case let text as String: return text
        case let number as NSNumber: return number.stringValue
        default: return nil
        }
    }
}

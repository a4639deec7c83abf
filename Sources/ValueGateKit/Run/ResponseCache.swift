import Foundation
import ValueExtractor

/// Replies already received, so a rerun (a deleted recording, another output file, the same
/// prompts in another suite) does not ask the endpoint again.
///
/// The key is the SHA-256 of the endpoint (API kind, base URL, model), the sample index and
/// the exact request body (model, conversation so far, generation settings): the same
/// question asked the same way, for the same sample, gets the same reply. The file is JSON Lines,
/// appended as replies arrive; only an index of keys to file offsets is kept in memory.
public actor ResponseCache {
    public static let defaultPath = ".valuegate-cache/responses.jsonl"

    struct Line: Codable {
        struct Reply: Codable {
            var content: String
            var finishReason: String?
            var usage: TranscriptRecord.Usage?

            enum CodingKeys: String, CodingKey {
                case content, usage
                case finishReason = "finish_reason"
            }
        }
        var key: String
        var reply: Reply
    }

    public let path: String
    private let handle: FileHandle
    private var offsets: [String: UInt64] = [:]
    /// File offset after the last stored line, and after the last line on disk.
    private var end: UInt64
    private var written: UInt64
    private var pending: [UInt8] = []

    public init(path: String = ResponseCache.defaultPath) throws {
        self.path = path
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: path), !FileManager.default.createFile(atPath: path, contents: nil) {
            throw InputError("cannot create the response cache", file: path, remedy: .runWithoutCache)
        }
        var offset: UInt64 = 0   // where the next line starts
        var index: [String: UInt64] = [:]
        // Lines are written as {"key":"<64 hex digits>","reply":...}: the key is read
        // without decoding the reply.
        let prefix = Array(#"{"key":""#.utf8)
        var reader = try JSONLinesReader(path: path)
        while let line = try reader.next() {
            if line.terminated, line.bytes.count > prefix.count + 64, line.bytes.starts(with: prefix) {
                let key = String(decoding: line.bytes.dropFirst(prefix.count).prefix(64), as: UTF8.self)
                index[key] = offset
            }
            offset += UInt64(line.bytes.count) + (line.terminated ? 1 : 0)
        }
        offsets = index
        handle = try FileHandle(forUpdating: url)
        end = try handle.seekToEnd()
        // A run cut off mid-line left no newline: start ours on a fresh line.
        if end > 0, !Self.endsWithNewline(handle, end) {
            try handle.write(contentsOf: Data("\n".utf8))
            end += 1
        }
        written = end
    }

    private static func endsWithNewline(_ handle: FileHandle, _ end: UInt64) -> Bool {
        guard (try? handle.seek(toOffset: end - 1)) != nil, let last = try? handle.read(upToCount: 1) else { return true }
        _ = try? handle.seekToEnd()
        return last == Data("\n".utf8)
    }

    /// The exact request body holds the model, the conversation so far and the generation
    /// settings; with the endpoint (API kind, base URL, model) and the sample index it makes
    /// the key.
    public static func key(endpoint: String, requestBody: Data, sample: Int) -> String {
        var material = Data("\(endpoint)\n\(sample)\n".utf8)
        material.append(requestBody)
        return Hashing.sha256(material)
    }

    public var count: Int { offsets.count }

    public func lookup(_ key: String) -> Completion? {
        guard let offset = offsets[key] else { return nil }
        // Not on disk yet: read it from the buffer.
        if offset >= written {
            let start = Int(offset - written)
            let line = pending[start...].prefix { $0 != UInt8(ascii: "\n") }
            return decode(Data(line), key: key)
        }
        do {
            try handle.seek(toOffset: offset)
            var data = Data()
            while let chunk = try handle.read(upToCount: 64 << 10), !chunk.isEmpty {
                if let newline = chunk.firstIndex(of: UInt8(ascii: "\n")) {
                    data.append(chunk[chunk.startIndex..<newline])
                    break
                }
                data.append(chunk)
            }
            try handle.seek(toOffset: written)
            return decode(data, key: key)
        } catch {
            offsets[key] = nil
            _ = try? handle.seek(toOffset: written)
            return nil
        }
    }

    private func decode(_ data: Data, key: String) -> Completion? {
        guard let line = try? JSONDecoder().decode(Line.self, from: data) else {
            // A damaged entry is a miss: the endpoint is asked again.
            offsets[key] = nil
            return nil
        }
        var completion = Completion(content: line.reply.content, finishReason: line.reply.finishReason, usage: line.reply.usage)
        completion.cached = true
        return completion
    }

    public func store(_ key: String, _ completion: Completion) throws {
        // Written directly, keys sorted ("key" first, as the index reads it back).
        var json = JSONText(capacity: 160 + completion.content.utf8.count)
        json.raw("{")
        json.key("key", first: true); json.string(key)
        json.key("reply"); json.raw("{")
        json.key("content", first: true); json.string(completion.content)
        if let reason = completion.finishReason { json.key("finish_reason"); json.string(reason) }
        if let usage = completion.usage {
            json.key("usage"); json.raw("{")
            json.key("completion_tokens", first: true); json.int(usage.completionTokens)
            json.key("prompt_tokens"); json.int(usage.promptTokens)
            json.raw("}")
        }
        json.raw("}}\n")
        offsets[key] = end
        end += UInt64(json.bytes.count)
        pending += json.bytes
        if pending.count >= Self.bufferSize { try flush() }
    }

    /// Cache lines are written in batches: a crash loses at most the last batch, which
    /// only means asking again (the recording itself is written sample by sample).
    static let bufferSize = 64 << 10

    func flush() throws {
        guard !pending.isEmpty else { return }
        try handle.write(contentsOf: pending)
        written += UInt64(pending.count)
        pending.removeAll(keepingCapacity: true)
    }

    public func close() {
        try? flush()
        try? handle.synchronize()
        try? handle.close()
    }
}

import Foundation

/// A recording file: transcript records as JSON Lines, appended as samples finish.
public enum Recording {
    /// A record and the line it was read from, so reports can point back to it.
    public struct Entry: Sendable {
        public var record: TranscriptRecord
        public var line: Int
    }

    /// What was read from a recording: the latest record of each sample, and problems.
    public struct Contents: Sendable {
        public var path: String
        /// One entry per sample: a successful record wins over a failed one, the later over the earlier.
        public var entries: [SampleKey: Entry]
        public var diagnostics: [Diagnostic]
        /// Lines in the file, superseded and blank ones included: the next line appended is one more.
        public var lineCount = 0

        public var sortedEntries: [Entry] { entries.values.sorted { $0.record.key < $1.record.key } }
    }

    /// Reads a recording. Malformed lines are errors naming the line; a cut-off last line
    /// (a crash mid-write) is only a warning, since resuming replays that sample.
    public static func read(path: String) throws -> Contents {
        let decoder = JSONDecoder()
        var entries: [SampleKey: Entry] = [:]
        var diagnostics: [Diagnostic] = []
        var reader = try JSONLinesReader(path: path)
        var lineCount = 0
        // A line the reader cannot deliver (overlong, or a failed read) ends the reading; the
        // samples before it are kept and the problem is reported with the rest.
        do {
            while let line = try reader.next() {
                lineCount = line.number
                if line.isBlank { continue }
                do {
                    let record = try decoder.decode(TranscriptRecord.self, from: line.bytes)
                    let entry = Entry(record: record, line: line.number)
                    if let existing = entries[record.key], !existing.record.failed, record.failed { continue }
                    entries[record.key] = entry
                } catch {
                    let severity: Diagnostic.Severity = line.terminated ? .error : .warning
                    let what = line.terminated ? "malformed transcript record" : "incomplete last line (the run was cut off while writing); it is ignored"
                    let reason = String(validating: line.bytes, as: UTF8.self) == nil ? "not valid UTF-8 text" : Self.describe(error)
                    diagnostics.append(Diagnostic(severity, file: path, line: line.number, column: 1, "\(what): \(reason)"))
                }
            }
        } catch let tooLong as Diagnostic {
            diagnostics.append(tooLong)
        }
        return Contents(path: path, entries: entries, diagnostics: diagnostics, lineCount: lineCount)
    }

    /// Reads a recording and throws every error in it at once; warnings (a cut-off last
    /// line) stay in `diagnostics` for the caller to show.
    public static func readValid(path: String) throws -> Contents {
        let contents = try read(path: path)
        let errors = contents.diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty else { throw DiagnosticsError(errors) }
        return contents
    }

    /// Writes `records` as a whole new recording (replacing any file at `path`).
    public static func write(_ records: [TranscriptRecord], to path: String) throws {
        var bytes: [UInt8] = []
        for record in records {
            var line = record.jsonLine()
            line.raw("\n")
            bytes += line.bytes
        }
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url, options: .atomic)
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "missing field '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "wrong type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        case DecodingError.dataCorrupted(let context):
            // The underlying error says why, e.g. nesting too deep.
            let detail = context.underlyingError.map { "\($0)" } ?? context.debugDescription
            return "not valid JSON (\(detail.prefix(160)))"
        default: return "\(error)"
        }
    }
}

/// Appends records to a recording, one complete line per write, so a crash or Ctrl-C
/// keeps every sample that finished.
public actor RecordingWriter {
    private let handle: FileHandle
    public let path: String

    public init(path: String) throws {
        self.path = path
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw InputError("cannot create the recording", file: path)
            }
        }
        handle = try FileHandle(forUpdating: url)
        let end = try handle.seekToEnd()
        // A run cut off mid-line left no newline: start ours on a fresh line.
        if end > 0 {
            try handle.seek(toOffset: end - 1)
            let last = try handle.read(upToCount: 1)
            try handle.seekToEnd()
            if last != Data("\n".utf8) { try handle.write(contentsOf: Data("\n".utf8)) }
        }
    }

    public func append(_ record: TranscriptRecord) throws {
        var line = record.jsonLine()
        line.raw("\n")
        try handle.write(contentsOf: line.bytes)
    }

    /// Flushes to disk; call before exiting.
    public func close() throws {
        try handle.synchronize()
        try handle.close()
    }
}

import Foundation

/// Reads a JSON Lines file one line at a time, in bounded memory, with line numbers.
/// `next()` throws a `Diagnostic` naming the line for a line over `maximumLineLength`, and the
/// file for a read that fails, so no caller can mistake either for the end of the file.
public struct JSONLinesReader {
    /// Lines longer than this are reported as errors rather than buffered without end.
    public static let maximumLineLength = 64 << 20

    public struct Line: Sendable {
        public var number: Int
        public var bytes: Data
        /// False for a last line cut off without its newline (a crash mid-write).
        public var terminated: Bool

        public init(number: Int, bytes: Data, terminated: Bool) {
            self.number = number
            self.bytes = bytes
            self.terminated = terminated
        }

        /// Only spaces, tabs or a carriage return: skipped by every reader.
        public var isBlank: Bool { bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D } }
    }

    let handle: FileHandle
    let path: String
    var buffer = Data()
    var start = 0
    var lineNumber = 0
    var exhausted = false

    public init(path: String) throws {
        if let problem = FileAccess.problem(readingFile: path) { throw Diagnostic(file: path, problem) }
        do { handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path)) } catch {
            throw Diagnostic(file: path, "cannot open the file for reading")
        }
        self.path = path
    }

    /// memchr over the unread bytes: scanning a Data slice element by element dominated
    /// profiling time on large corpora.
    private func newlineIndex() -> Int? {
        buffer.withUnsafeBytes { raw -> Int? in
            guard start < raw.count, let base = raw.baseAddress else { return nil }
            guard let found = memchr(base + start, 0x0A, raw.count - start) else { return nil }
            return base.distance(to: UnsafeRawPointer(found))
        }
    }

    public mutating func next() throws -> Line? {
        while true {
            if let newline = newlineIndex() {
                // A read can bring in the end of an overlong line: the limit holds exactly.
                guard newline - start <= JSONLinesReader.maximumLineLength else { throw tooLong() }
                lineNumber += 1
                var end = newline
                if end > start, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = Line(number: lineNumber, bytes: buffer.subdata(in: start..<end), terminated: true)
                start = newline + 1
                return line
            }
            if exhausted {
                guard start < buffer.count else { return nil }
                lineNumber += 1
                let line = Line(number: lineNumber, bytes: buffer.subdata(in: start..<buffer.count), terminated: false)
                start = buffer.count
                return line
            }
            if buffer.count - start > JSONLinesReader.maximumLineLength { throw tooLong() }
            // Drop consumed bytes before reading more so the buffer stays small.
            if start > 0 {
                buffer.removeSubrange(0..<start)
                start = 0
            }
            let chunk: Data?
            do { chunk = try handle.read(upToCount: 1 << 20) } catch _ {
                throw Diagnostic(file: path, line: lineNumber + 1, "cannot read the file past this line (an I/O error)")
            }
            if let chunk, !chunk.isEmpty { buffer.append(chunk) } else { exhausted = true }
        }
    }

    private func tooLong() -> Diagnostic {
        Diagnostic(file: path, line: lineNumber + 1, column: 1, "line is longer than \(JSONLinesReader.maximumLineLength >> 20) MB; one line holds one record")
    }
}

extension JSONLinesReader {
    /// Every non-blank line decoded as `T`, with `problems` naming what is wrong in a record
    /// that decoded. All malformed lines and problems are thrown at once, each at its line;
    /// a file with no record is an error too. `what` names a record in messages ("gold record").
    public static func decodeAll<T: Decodable>(_ type: T.Type, path: String, what: String,
                                               problems: (T) -> [String] = { _ in [] }) throws -> [T] {
        var items: [T] = []
        var diagnostics: [Diagnostic] = []
        let decoder = JSONDecoder()
        var reader = try JSONLinesReader(path: path)
        while let line = try reader.next() {
            if line.isBlank { continue }
            do {
                let item = try decoder.decode(T.self, from: line.bytes)
                diagnostics += problems(item).map { Diagnostic(file: path, line: line.number, column: 1, $0) }
                items.append(item)
            } catch {
                diagnostics.append(Diagnostic(file: path, line: line.number, column: 1, "malformed \(what): \(Recording.describe(error))"))
            }
        }
        guard diagnostics.isEmpty else { throw DiagnosticsError(diagnostics) }
        guard !items.isEmpty else { throw InputError("has no \(what)s", file: path) }
        return items
    }
}


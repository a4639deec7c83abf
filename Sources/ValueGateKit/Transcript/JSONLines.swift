import Foundation

/// Reads a JSON Lines file one line at a time, in bounded memory, with line numbers.
public struct JSONLinesReader: Sequence {
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
    }

    public enum ReadError: Error, CustomStringConvertible {
        case lineTooLong(file: String, line: Int)
        public var description: String {
            switch self {
            case let .lineTooLong(file, line):
                return "\(file):\(line): error: line is longer than \(JSONLinesReader.maximumLineLength >> 20) MB"
            }
        }
    }

    let handle: FileHandle
    let path: String

    public init(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw UsageError("\(path): no such file")
        }
        handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        self.path = path
    }

    public func makeIterator() -> Iterator { Iterator(handle: handle, path: path) }

    public struct Iterator: IteratorProtocol {
        let handle: FileHandle
        let path: String
        var buffer = Data()
        var start = 0
        var lineNumber = 0
        var exhausted = false
        /// Set when a line exceeded the limit; iteration stops and the caller checks it.
        public private(set) var failure: ReadError?

        init(handle: FileHandle, path: String) {
            self.handle = handle
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

        public mutating func next() -> Line? {
            while true {
                if let newline = newlineIndex() {
                    // A read can bring in the end of an overlong line: the limit holds exactly.
                    guard newline - start <= JSONLinesReader.maximumLineLength else {
                        failure = .lineTooLong(file: path, line: lineNumber + 1)
                        return nil
                    }
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
                if buffer.count - start > JSONLinesReader.maximumLineLength {
                    failure = .lineTooLong(file: path, line: lineNumber + 1)
                    return nil
                }
                // Drop consumed bytes before reading more so the buffer stays small.
                if start > 0 {
                    buffer.removeSubrange(0..<start)
                    start = 0
                }
                let chunk = (try? handle.read(upToCount: 1 << 20)) ?? nil
                if let chunk, !chunk.isEmpty { buffer.append(chunk) } else { exhausted = true }
            }
        }
    }
}

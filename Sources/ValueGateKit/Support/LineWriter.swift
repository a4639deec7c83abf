import Foundation

/// Writes JSON Lines through a buffer, so per-sample output costs no syscall per sample.
public final class LineWriter {
    private let handle: FileHandle
    private var buffer = Data()

    public init(path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: path, contents: nil) else { throw Diagnostic(file: path, "cannot create the file") }
        handle = try FileHandle(forWritingTo: url)
    }

    /// Appends one line; `line` holds no newline.
    public func write(_ line: Data) throws {
        buffer.append(line)
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count > 1 << 20 { try flush() }
    }

    /// Appends bytes that are already whole JSON lines.
    public func writeLines(_ lines: Data) throws {
        buffer.append(lines)
        if buffer.count > 1 << 20 { try flush() }
    }

    public func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    public func close() throws {
        try flush()
        try handle.close()
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a path cannot be read, in words: Foundation's own errors read "NSCocoaErrorDomain
/// error 256" on Linux, which tells a user nothing.
public enum FileAccess {
    /// Nil when `path` is a readable file; otherwise what is wrong with it.
    public static func problem(readingFile path: String) -> String? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return "no such file" }
        if isFolder.boolValue { return "is a folder, not a file" }
        if !FileManager.default.isReadableFile(atPath: path) { return "permission denied: this user cannot read it" }
        return nil
    }

    /// The files `argument` names: itself when it is a file (readable or not, so the reader
    /// reports it), the files directly in it ending in one of `extensions` when it is a folder,
    /// the matches when it is a glob pattern. Sorted; empty with a reason when nothing matches.
    public static func files(_ argument: String, extensions: [String]) -> (files: [String], problem: String?) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: argument, isDirectory: &isFolder) {
            guard isFolder.boolValue else { return ([argument], nil) }
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: argument) else {
                return ([], "permission denied: this user cannot list the folder")
            }
            let matching = names.filter { name in extensions.contains { name.hasSuffix("." + $0) } && !name.hasPrefix(".") }.sorted()
            let folder = argument.hasSuffix("/") ? String(argument.dropLast()) : argument
            return matching.isEmpty ? ([], "no \(extensions.map { "." + $0 }.joined(separator: " or ")) files in this folder")
                : (matching.map { folder + "/" + $0 }, nil)
        }
        guard argument.contains(where: { "*?[".contains($0) }) else { return ([argument], nil) }
        let matches = matching(argument)
        return matches.isEmpty ? ([], "no file matches this pattern") : (matches, nil)
    }

    /// `path` inside `directory`, or `path` itself for the current folder.
    public static func join(_ directory: String, _ path: String) -> String {
        directory == "." || directory.isEmpty ? path : (directory as NSString).appendingPathComponent(path)
    }

    /// Writes `text` to `path` at once (no half-written file), creating its folder.
    public static func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url, options: .atomic)
    }

    /// Shell-style pattern matching for patterns a shell did not expand (quoted in CI files).
    static func matching(_ pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        guard glob(pattern, 0, nil, &result) == 0 else { return [] }
        return (0..<Int(result.gl_pathc)).compactMap { result.gl_pathv[$0].map { String(cString: $0) } }.sorted()
    }
}
